/*
 * The text of a worker pool's rewrite (flow.h, am_queue_pool): the part of
 * the queue rule's fix that starts the workers in a task group and ends
 * their loops with the send stream.
 */
#include "flow.h"
#include "task_block.h"

#include <string.h>

typedef struct pool_writer {
	am_context *ctx;
	void (*add)(void *data, uint32_t start, uint32_t end, const char *text);
	void *data;
	const char *indent; /* of the function's body */
	const char *unit;
} pool_writer;

/* Where the line holding `at` starts. */
static uint32_t line_start(const am_context *ctx, uint32_t at)
{
	while (at > 0 && ctx->text[at - 1] != '\n')
		at--;
	return at;
}

/* Where the line after the one holding `at` starts. */
static uint32_t next_line(const am_context *ctx, uint32_t at)
{
	while (at < ctx->len && ctx->text[at] != '\n')
		at++;
	return at < ctx->len ? at + 1 : at;
}

/* Removes a statement's lines (the analysis checked they hold nothing
 * else). */
static void remove_lines(pool_writer *w, TSNode node)
{
	if (ts_node_is_null(node))
		return;
	w->add(w->data, line_start(w->ctx, ts_node_start_byte(node)),
	       next_line(w->ctx, ts_node_end_byte(node)), "");
}

/* One indent unit more on each line that starts in (from, to], but on
 * those of `skip` (removed). */
static void deeper(pool_writer *w, uint32_t from, uint32_t to, TSNode skip)
{
	const am_context *ctx = w->ctx;
	size_t n = strlen(w->indent);
	for (uint32_t i = from; i < to; i++) {
		uint32_t line = i + 1;
		if (ctx->text[i] != '\n' || line > to ||
		    (!ts_node_is_null(skip) &&
		     line >= line_start(ctx, ts_node_start_byte(skip)) &&
		     line <= ts_node_end_byte(skip)))
			continue;
		uint32_t k = line + (uint32_t)n;
		while (k < ctx->len &&
		       (ctx->text[k] == ' ' || ctx->text[k] == '\t'))
			k++;
		if (k < ctx->len && ctx->text[k] != '\n' &&
		    ctx->text[k] != '\r')
			w->add(w->data, line + (uint32_t)n, line + (uint32_t)n,
			       w->unit);
	}
}

/* `tg.start_soon(worker, ` ... `)` around the worker's arguments, in place
 * of the statement (or from `from`, after the text `head`). */
static void start_soon(pool_writer *w, const am_queue_pool *pool,
                       TSNode statement, const char *head, const char *tg)
{
	am_context *ctx = w->ctx;
	TSNode arguments =
	        am_node_field(pool->coroutine, ctx->syntax->field.arguments);
	uint32_t count = ts_node_named_child_count(arguments);
	TSNode first = ts_node_named_child(arguments, 0);
	TSNode last = ts_node_named_child(arguments, count - 1);
	w->add(w->data, ts_node_start_byte(statement),
	       ts_node_start_byte(first),
	       am_arena_printf(
	               ctx->arena, "%s%s.start_soon(%s, ", head, tg,
	               am_text(ctx,
	                       am_node_field(pool->coroutine,
	                                     ctx->syntax->field.function))));
	w->add(w->data, ts_node_end_byte(last), ts_node_end_byte(statement),
	       ")");
}

/* The function's side: the task group from the workers' start to join(),
 * which closes the send stream; the tasks and their cancel go. */
static void write_main(pool_writer *w, const am_queue_pool *pool,
                       const char *send)
{
	am_context *ctx = w->ctx;
	const am_syntax *sx = ctx->syntax;
	const char *tg = am_task_fresh_name(ctx, "tg");
	const char *nl = ctx->newline;
	uint32_t start = ts_node_start_byte(pool->creation);
	if (!tg) {
		w->add(w->data, start, start, NULL); /* no name: no rewrite */
		return;
	}
	remove_lines(w, pool->list);
	w->add(w->data, start, start,
	       am_arena_printf(ctx->arena,
	                       "async with anyio.create_task_group() as "
	                       "%s:%s%s%s",
	                       tg, nl, w->indent, w->unit));
	if (ts_node_is_null(pool->comprehension)) {
		start_soon(w, pool, pool->make, "", tg);
	} else {
		TSNode clause = ts_node_named_child(pool->comprehension, 1);
		start_soon(w, pool, pool->make,
		           am_arena_printf(
		                   ctx->arena, "for %s in %s:%s%s%s%s",
		                   am_text(ctx, am_node_field(clause,
		                                              sx->field.left)),
		                   am_text(ctx, am_node_field(clause,
		                                              sx->field.right)),
		                   nl, w->indent, w->unit, w->unit),
		           tg);
	}
	remove_lines(w, pool->append);
	deeper(w, start, ts_node_start_byte(pool->join_statement),
	       pool->append);
	w->add(w->data, ts_node_start_byte(pool->join_statement),
	       ts_node_end_byte(pool->join_statement),
	       am_arena_printf(ctx->arena, "%s.close()", send));
	remove_lines(w, pool->cancels);
	remove_lines(w, pool->gather);
}

/* A `try` without handlers: its `try:` line goes and its body moves one
 * level up, by the indentation it has more than the `try`. */
static void unwrap(pool_writer *w, TSNode statement)
{
	const am_context *ctx = w->ctx;
	TSNode body = am_node_field(statement, ctx->syntax->field.body);
	uint32_t from = next_line(ctx, ts_node_start_byte(statement));
	size_t n = strlen(am_line_indent(ctx, ts_node_start_byte(statement)));
	uint32_t first = ts_node_start_byte(body);
	uint32_t deeper_by = first - line_start(ctx, first) - (uint32_t)n;
	const char *extra = ctx->text + line_start(ctx, first) + n;
	w->add(w->data, line_start(ctx, ts_node_start_byte(statement)), from,
	       "");
	for (uint32_t line = from; line < ts_node_end_byte(body);
	     line = next_line(ctx, line)) {
		uint32_t at = line + (uint32_t)n;
		if (at + deeper_by <= ctx->len &&
		    memcmp(ctx->text + at, extra, deeper_by) == 0)
			w->add(w->data, at, at + deeper_by, "");
	}
}

/* The worker's side: `async for item in receive:`, task_done() gone. */
static void write_worker(pool_writer *w, const am_queue_worker *worker,
                         const char *receive)
{
	am_context *ctx = w->ctx;
	w->add(w->data, ts_node_start_byte(worker->loop),
	       ts_node_end_byte(worker->first),
	       am_arena_printf(ctx->arena, "async for %s in %s:",
	                       am_text(ctx, worker->item), receive));
	remove_lines(w, worker->done);
	remove_lines(w, worker->finale);
	if (!ts_node_is_null(worker->unwrap))
		unwrap(w, worker->unwrap);
}

void am_queue_pool_edits(am_context *ctx, const am_queue_pool *pool,
                         const char *send, const char *receive,
                         void (*add)(void *data, uint32_t start, uint32_t end,
                                     const char *text),
                         void *data)
{
	pool_writer w = {
	        ctx, add, data,
	        am_line_indent(ctx, ts_node_start_byte(pool->creation)),
	        am_indent_unit(ctx)};
	write_main(&w, pool, send);
	write_worker(&w, &pool->worker, receive);
}
