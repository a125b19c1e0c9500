/*
 * The program's start through `asyncio.Runner`: `with asyncio.Runner() as
 * runner: runner.run(main(a))` becomes `anyio.run(main, a)` (`debug=` as
 * `backend_options`), or is flagged with why.
 */
#ifndef AM_EVENT_LOOP_RUNNER_H
#define AM_EVENT_LOOP_RUNNER_H

#include "rule.h"

/* A call of `asyncio.Runner(...)`. */
void am_event_loop_on_runner(am_context *ctx, const am_call *runner);

#endif
