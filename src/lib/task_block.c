#include "task_block.h"

#include "imports.h"
#include "split_call.h"

#include <string.h>

void am_task_block_init(am_task_block *w, am_context *ctx, uint32_t at,
                        const char *tg, const char *results)
{
	am_strbuf_init(&w->sb, ctx->arena);
	w->indent = am_line_indent(ctx, at);
	w->unit = am_indent_unit(ctx);
	w->newline = ctx->newline;
	w->tg = tg;
	w->results = results;
	w->helper = AM_HELPER_STORE_RESULT;
}

void am_task_block_line(am_task_block *w, int depth, const char *text)
{
	am_strbuf_puts(&w->sb, w->indent);
	for (int i = 0; i < depth; i++)
		am_strbuf_puts(&w->sb, w->unit);
	am_strbuf_puts(&w->sb, text);
	am_strbuf_puts(&w->sb, w->newline);
}

/* `tg.start_soon(f, a)` or, keeping the result, `tg.start_soon(
 * _store_result, results, i, f, a)`. */
const char *am_task_start_soon(am_context *ctx, am_task_block *w, TSNode call,
                               const char *index)
{
	return am_task_start_soon_through(
	        ctx, w, call,
	        index ? am_arena_printf(ctx->arena, "%s, %s, %s", w->helper,
	                                w->results, index)
	              : NULL);
}

const char *am_task_start_soon_through(am_context *ctx, am_task_block *w,
                                       TSNode call, const char *prefix)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_printf(&sb, "%s.start_soon(", w->tg);
	if (prefix)
		am_strbuf_printf(&sb, "%s, ", prefix);
	TSNode function = am_node_field(call, sx->field.function);
	if (am_bind_is_asyncio(ctx->binder, function, "sleep")) {
		/* `asyncio.sleep(d)` as an awaitable: its anyio twin */
		size_t mark = sb.len;
		am_split_call_append(&sb, ctx, function, args.positional,
		                     args.positional_count, args.keywords,
		                     args.keyword_count);
		uint32_t len;
		am_node_text(ctx->text, function, &len);
		am_strbuf rest;
		am_strbuf_init(&rest, ctx->arena);
		am_strbuf_puts(&rest, "anyio.sleep");
		am_strbuf_puts(&rest, sb.data + mark + len);
		sb.len = mark;
		sb.data[mark] = '\0';
		am_strbuf_puts(&sb, am_strbuf_cstr(&rest));
	} else {
		am_split_call_append(&sb, ctx, function, args.positional,
		                     args.positional_count, args.keywords,
		                     args.keyword_count);
	}
	am_strbuf_puts(&sb, ")");
	return am_strbuf_cstr(&sb);
}

const char *am_task_block_text(am_task_block *w, int from_line_start)
{
	size_t n = strlen(w->newline);
	if (w->sb.len >= n &&
	    memcmp(w->sb.data + w->sb.len - n, w->newline, n) == 0) {
		w->sb.len -= n;
		w->sb.data[w->sb.len] = '\0';
	}
	const char *text = am_strbuf_cstr(&w->sb);
	return from_line_start ? text + strlen(w->indent) : text;
}

/* A name for generated code that nothing in the file uses yet. */
const char *am_task_fresh_name(am_context *ctx, const char *base)
{
	if (!am_bind_name_used(ctx->binder, base))
		return base;
	for (int i = 2; i < 100; i++) {
		const char *name = am_arena_printf(ctx->arena, "%s%d", base, i);
		if (name && !am_bind_name_used(ctx->binder, name))
			return name;
	}
	return NULL;
}
