/*
 * Whether a module is a program: it runs itself at top level, so that its
 * functions are its own rather than an interface other modules import.
 */
#ifndef AM_PROGRAM_H
#define AM_PROGRAM_H

#include "rule.h"

/* Whether a module-level statement, or one under `if __name__ ==
 * "__main__":`, is asyncio.run(...) or anyio.run(...). */
int am_module_runs_itself(const am_context *ctx);

#endif
