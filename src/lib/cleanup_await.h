/*
 * Cleanup that awaits, under a deadline. Past asyncio's deadline the task
 * is cancelled once and its cleanup may await; past anyio's (a cancel
 * scope) every await inside the scope is cancelled again until the scope
 * is left, so such cleanup is cut short. The rules that turn an asyncio
 * deadline into `anyio.fail_after()` ask here whether the code under it
 * holds such cleanup: in its own text, or in the cancellation handlers
 * and finally clauses of the async functions of this file it calls,
 * followed call by call.
 */
#ifndef AM_CLEANUP_AWAIT_H
#define AM_CLEANUP_AWAIT_H

#include "rule.h"

/* What under `node` would be cut short: "an `await` in an
 * `except`/`finally` clause inside", an `async with` or an `async for`; or,
 * inside an async function of this file that it calls (followed call by
 * call), an await in a `finally` clause or in an except clause that may
 * catch cancellation ("... inside `close()`, which it calls"). NULL when
 * there is none; then *unseen (when not NULL) tells whether something
 * awaited there is neither a call of an async function of this file nor
 * asyncio's or anyio's own, so that its cleanup could not be looked at. */
const char *am_cleanup_that_awaits(const am_context *ctx, TSNode node,
                                   int *unseen);

#endif
