/*
 * The loop a program picks before it starts, flagged with the anyio way:
 * `asyncio.set_event_loop_policy(...)` and `uvloop.install()`.
 */
#ifndef AM_EVENT_LOOP_POLICY_H
#define AM_EVENT_LOOP_POLICY_H

#include "rule.h"

/* A call of `asyncio.set_event_loop_policy(...)`. */
void am_event_loop_on_policy(am_context *ctx, const am_call *call);

/* A method call `X.install(...)`: flagged when X is uvloop. */
void am_event_loop_on_install(am_context *ctx, const am_call *call);

#endif
