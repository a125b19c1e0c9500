/*
 * A comprehension of calls, `[f(x) for x in xs if c]` (or a generator),
 * written out as the loops and conditions it describes, for the rules that
 * start one task per call in a task group (the gather, as_completed).
 */
#ifndef AM_GATHER_COMPREHENSION_H
#define AM_GATHER_COMPREHENSION_H

#include "task_block.h"

/* A list comprehension or a generator expression. */
int am_comprehension_is(const am_context *ctx, TSNode node);
/* Why the comprehension cannot become a loop, or NULL. */
const char *am_comprehension_problem(const am_context *ctx, TSNode comp);
/* Whether a comprehension's loop names are free to become the function's
 * variables: nothing else in the function binds or reads them. */
int am_comprehension_names_free(const am_context *ctx, TSNode comp,
                                TSNode function);
/* Writes its `for`/`if` lines into w from one level deeper than the block
 * on; returns the depth of the loop's body. */
int am_comprehension_write_clauses(am_context *ctx, am_task_block *w,
                                   TSNode comp);

#endif
