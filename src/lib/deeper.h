/*
 * Moving statements one level deeper, into a block that a rewrite opens
 * above them (`async with anyio.create_task_group() as tg:`), by inserting
 * one indent unit on each of their lines: their bytes, comments included,
 * are otherwise kept, and other rules may still rewrite inside them.
 */
#ifndef AM_DEEPER_H
#define AM_DEEPER_H

#include "rule.h"

/* Why the statements from `first` to `last` (siblings of one block) cannot
 * run inside a new block as they did outside it, or NULL; the reason is
 * what one of them does ("returns"): a `return`,
 * `break` or `continue` that would leave the block, a `raise` of their own,
 * a `yield` (the block would stay open while the generator is suspended),
 * or a string spanning lines (indenting its lines would change its
 * value). Nested functions and classes are not looked into. */
const char *am_deeper_problem(const am_context *ctx, TSNode first, TSNode last);

/* Adds to `fix` `levels` indent units after `indent` on every line that
 * starts in (from, to] and begins with `indent` followed by more than
 * blanks. */
void am_deeper_apply(const am_context *ctx, am_fix *fix, uint32_t from,
                     uint32_t to, const char *indent, int levels);

#endif
