/*
 * Statement lifting: wrap the statement holding an await in a `with` block,
 * for rules that turn an awaited wrapper call (`await asyncio.wait_for(aw,
 * t)`, `await asyncio.shield(aw)`) into a context manager around `await aw`.
 *
 * Only the first line of the statement moves: continuation lines sit inside
 * brackets (or after a backslash), where indentation does not count, and a
 * multi-line string must keep its bytes.
 */
#ifndef AM_LIFT_H
#define AM_LIFT_H

#include "rule.h"

typedef struct am_lift {
	TSNode statement; /* expression_statement or return_statement */
	TSNode await;     /* the await holding the wrapper call */
} am_lift;

/* Finds the statement when `call` is awaited as a whole statement:
 * `await c`, `x = await c` (also augmented, annotated, tuple targets) or
 * `return await c`. Returns 0 when the await sits in a larger expression. */
int am_lift_find(const am_context *ctx, TSNode call, am_lift *lift);

/* The edits that put `header` (e.g. "with anyio.fail_after(5):") on a line
 * of its own above the statement, the statement one indent level deeper,
 * and statements that shared its line after a `;` on lines of their own. */
typedef struct am_lift_plan {
	uint32_t head_from, head_to;
	const char *head;
	uint32_t tail_from, tail_to; /* tail_to == 0: no tail edit */
	const char *tail;
} am_lift_plan;

/* Returns 0 when the layout is one this cannot handle. */
int am_lift_plan_wrap(am_context *ctx, const am_lift *lift, const char *header,
                      am_lift_plan *plan);
void am_lift_apply(am_fix *fix, const am_lift_plan *plan);

#endif
