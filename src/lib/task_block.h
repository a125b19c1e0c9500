/*
 * Writing task groups: the lines of `async with anyio.create_task_group()
 * as tg:` blocks and their `tg.start_soon(...)` calls, in the file's
 * indentation and newline, for the rules that turn asyncio's concurrency
 * into task groups.
 */
#ifndef AM_TASK_BLOCK_H
#define AM_TASK_BLOCK_H

#include "rule.h"

typedef struct am_task_block {
	am_strbuf sb;
	const char *indent; /* of the statement the block replaces */
	const char *unit;
	const char *newline;
	const char *tg;      /* the task group's name */
	const char *results; /* the results list's name */
	const char *helper;  /* what stores a result: AM_HELPER_STORE_RESULT
	                      * unless set after init */
} am_task_block;

/* `at` is the start of the statement the block replaces. */
void am_task_block_init(am_task_block *w, am_context *ctx, uint32_t at,
                        const char *tg, const char *results);
/* Appends a line, `depth` levels deeper than the statement. */
void am_task_block_line(am_task_block *w, int depth, const char *text);
/* `tg.start_soon(f, a)` for the coroutine call `f(a)`, or, keeping its
 * result at `results[index]`, `tg.start_soon(_store_result, results,
 * index, f, a)` (w->helper in place of _store_result). */
const char *am_task_start_soon(am_context *ctx, am_task_block *w, TSNode call,
                               const char *index);
/* `tg.start_soon(PREFIX, f, a)` for the coroutine call `f(a)`: the task
 * runs `PREFIX(..., f, a)` (PREFIX "_send_result, send.clone()"). */
const char *am_task_start_soon_through(am_context *ctx, am_task_block *w,
                                       TSNode call, const char *prefix);
/* The block's text for an edit of the statements it replaces: without a
 * last newline and, with `from_line_start` (the edit starts where the
 * first statement does), without the first line's indentation: those are
 * the statements' own. */
const char *am_task_block_text(am_task_block *w, int from_line_start);
/* A name for generated code that nothing in the file uses yet. */
const char *am_task_fresh_name(am_context *ctx, const char *base);

#endif
