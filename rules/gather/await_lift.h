/*
 * An await inside a larger expression, lifted into a statement of its own:
 *
 *     return dict(zip(keys, await asyncio.gather(*jobs)))
 *
 * becomes the code that computes the awaited value into a fresh name, then
 * `return dict(zip(keys, results))`. That is the same program only when
 * nothing the statement evaluates before the await can change while it
 * waits, and the await runs every time the statement does: the parts
 * evaluated before it must be literals, builtins, imported modules' members
 * and the function's own variables, and no `and`/`or`, conditional
 * expression, chained comparison or comprehension may hold the await.
 */
#ifndef AM_AWAIT_LIFT_H
#define AM_AWAIT_LIFT_H

#include "lift.h"

/* Finds the statement (an expression statement, a plain assignment or a
 * return) that holds the awaited `call` deeper in an expression; NULL when
 * it can be lifted, or why not. */
const char *am_await_lift_find(const am_context *ctx, TSNode call,
                               am_lift *lift);

#endif
