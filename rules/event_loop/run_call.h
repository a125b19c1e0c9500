/*
 * The call that runs a program's main function on an asyncio loop
 * (`loop.run_until_complete(main(a))`, `runner.run(main(a))`) and its
 * conversion to `anyio.run(main, a)`, as ANY101 converts `asyncio.run`:
 * keyword arguments go through `functools.partial`.
 */
#ifndef AM_EVENT_LOOP_RUN_CALL_H
#define AM_EVENT_LOOP_RUN_CALL_H

#include "rule.h"

/* The call a statement is made of: `call`, `target = call` or (when
 * allow_return) `return call`; else a null node. */
TSNode am_run_statement_call(const am_context *ctx, TSNode statement,
                             int allow_return);

/* Whether node is evaluated in an `async def`, where a loop already runs. */
int am_in_async_function(const am_context *ctx, TSNode node);

/* Why `X.method(main(a))` cannot become `anyio.run(main, a)`, or NULL. */
const char *am_run_call_doubt(am_context *ctx, TSNode run_call);

/* The edits of `X.method(main(a))` -> `anyio.run(main, a)`; `extra`, when
 * not NULL, is one more argument of `anyio.run` (`backend_options=...`). */
void am_fix_run_call(am_context *ctx, am_fix *fix, TSNode run_call,
                     const char *extra);

#endif
