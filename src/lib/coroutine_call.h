/*
 * Coroutine calls: `f(a)` handed to a task group's `start_soon(f, a)` must
 * make a coroutine when called. Functions defined in the same file can be
 * checked; imported ones cannot and are taken on trust (anyio raises a
 * TypeError at once when one is not async).
 */
#ifndef AM_COROUTINE_CALL_H
#define AM_COROUTINE_CALL_H

#include "rule.h"

/* Whether calling `callee` may make a coroutine: false for functions of
 * this file defined without `async`, and for the loop's and asyncio's
 * future makers (`run_in_executor`, `create_task`, ...). */
int am_coroutine_callee_may_be_async(const am_context *ctx, TSNode callee);

/* The function definition a callee (a name, or `self.name` inside a class)
 * refers to in this file: the first `def` of that name in the module's or
 * the class's body; a null node when there is none, or it is imported. */
TSNode am_callee_definition(const am_context *ctx, TSNode callee);

#endif
