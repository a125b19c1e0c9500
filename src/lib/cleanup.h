/*
 * Cleanup that awaits: where anyio's cancellation differs from asyncio's.
 * asyncio cancels a task once, at the await it is waiting in; a cancelled
 * anyio scope cancels every await inside it until it is left. Code that
 * awaits in `except`/`finally`, or an `async with` (whose exit may await)
 * or an `async for` (whose generator may await when closed), has its
 * cleanup cut short under anyio where asyncio let it finish.
 */
#ifndef AM_CLEANUP_H
#define AM_CLEANUP_H

#include "rule.h"

/* Such cleanup in `body` (not in functions defined there, nor under
 * `with anyio.CancelScope(shield=True):`): a description, or NULL when
 * there is none. */
const char *am_cleanup_that_awaits(const am_context *ctx, TSNode body);

/* The same, for an `await` in `except`/`finally` alone, in the function
 * of this file a call calls (by its name, or a method through `self`):
 * "`name()` (line N), which has ...", or NULL (none, or not a function of
 * the file). */
const char *am_cleanup_in_callee(const am_context *ctx, TSNode call);

/* The same for every awaited call in `body` (one level deep). */
const char *am_cleanup_in_callees(const am_context *ctx, TSNode body);

#endif
