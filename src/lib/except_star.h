/*
 * except*: anyio 4 task groups raise an ExceptionGroup, so the handlers of
 * a `try` around code rewritten into a task group must become `except*`
 * handlers to keep catching what the tasks raise. This checks that every
 * handler between a statement and its function can make that change
 * without changing what it does, and makes it.
 */
#ifndef AM_EXCEPT_STAR_H
#define AM_EXCEPT_STAR_H

#include "rule.h"

#define AM_EXCEPT_STAR_MAX 32

typedef struct am_except_star_plan {
	uint32_t keyword_start[AM_EXCEPT_STAR_MAX]; /* each `except` keyword */
	size_t count;
} am_except_star_plan;

/* Fills plan with the handlers to turn into `except*`; returns a reason
 * they cannot all be turned, or NULL. */
const char *am_except_star_check(am_context *ctx, TSNode statement,
                                 am_except_star_plan *plan);
void am_except_star_apply(am_fix *fix, const am_except_star_plan *plan);

#endif
