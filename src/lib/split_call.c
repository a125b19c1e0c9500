#include "split_call.h"

#include <string.h>

void am_split_call_in_place(am_context *ctx, am_fix *fix, TSNode call,
                            const am_call_args *args)
{
	const am_syntax *sx = ctx->syntax;
	TSNode callee = am_node_field(call, sx->field.function);
	TSNode list = am_node_field(call, sx->field.arguments);
	uint32_t open = ts_node_start_byte(list);
	uint32_t close = ts_node_end_byte(list);
	if (args->positional_count == 0) {
		am_fix_replace(fix, ts_node_end_byte(callee), close, "");
		return;
	}
	int newline_follows =
	        open + 1 < ctx->len &&
	        (ctx->text[open + 1] == '\n' || ctx->text[open + 1] == '\r');
	am_fix_replace(fix, open, open + 1, newline_follows ? "," : ", ");
	/* A `)` alone on its line goes with its line break and indentation. */
	uint32_t from = close - 1;
	while (from > 0 &&
	       (ctx->text[from - 1] == ' ' || ctx->text[from - 1] == '\t'))
		from--;
	if (from > 0 && ctx->text[from - 1] == '\n') {
		from--;
		if (from > 0 && ctx->text[from - 1] == '\r')
			from--;
	} else {
		from = close - 1;
	}
	am_fix_replace(fix, from, close, "");
}

void am_split_call_append(am_strbuf *sb, const am_context *ctx, TSNode function,
                          const TSNode *positional, size_t positional_count,
                          const TSNode *keywords, size_t keyword_count)
{
	if (keyword_count) {
		am_strbuf_puts(sb, "functools.partial(");
		am_strbuf_node(sb, ctx, function);
		for (size_t i = 0; i < keyword_count; i++) {
			am_strbuf_puts(sb, ", ");
			am_strbuf_node(sb, ctx, keywords[i]);
		}
		am_strbuf_puts(sb, ")");
	} else {
		am_strbuf_node(sb, ctx, function);
	}
	for (size_t i = 0; i < positional_count; i++) {
		am_strbuf_puts(sb, ", ");
		am_strbuf_node(sb, ctx, positional[i]);
	}
}

typedef enum argument_kind { LITERAL, NAME, OTHER } argument_kind;

static int is_plain_string(TSNode node)
{
	uint32_t count = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < count; i++)
		if (strcmp(ts_node_type(ts_node_named_child(node, i)),
		           "interpolation") == 0)
			return 0;
	return 1;
}

/* What evaluating an argument may do: nothing (a literal), read a name
 * (`x`, `*args`, `k=x`, `**kwargs`), or anything. */
static argument_kind kind_of(const am_context *ctx, TSNode arg)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(arg, sx->keyword_argument))
		arg = am_node_field(arg, sx->field.value);
	else if (am_node_is(arg, sx->list_splat) ||
	         am_node_is(arg, sx->dictionary_splat))
		return am_node_is(ts_node_named_child(arg, 0), sx->identifier)
		               ? NAME
		               : OTHER;
	if (am_node_is(arg, sx->identifier))
		return NAME;
	const char *type = ts_node_type(arg);
	if (strcmp(type, "integer") == 0 || strcmp(type, "float") == 0 ||
	    strcmp(type, "true") == 0 || strcmp(type, "false") == 0 ||
	    strcmp(type, "none") == 0)
		return LITERAL;
	if (am_node_is(arg, sx->string) && is_plain_string(arg))
		return LITERAL;
	return OTHER;
}

static argument_kind widest_kind(const am_context *ctx, const TSNode *nodes,
                                 size_t count)
{
	argument_kind widest = LITERAL;
	for (size_t i = 0; i < count; i++) {
		argument_kind k = kind_of(ctx, nodes[i]);
		if (k > widest)
			widest = k;
	}
	return widest;
}

int am_split_call_reorders(const am_context *ctx, const TSNode *positional,
                           size_t positional_count, const TSNode *keywords,
                           size_t keyword_count)
{
	argument_kind p = widest_kind(ctx, positional, positional_count);
	argument_kind k = widest_kind(ctx, keywords, keyword_count);
	return p != LITERAL && k != LITERAL && (p == OTHER || k == OTHER);
}

const char *am_split_call_wrapped(am_context *ctx, const char *runner,
                                  TSNode call, const am_call_args *args,
                                  const char *extra)
{
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_printf(&sb, "%s(", runner);
	am_split_call_append(&sb, ctx,
	                     am_node_field(call, ctx->syntax->field.function),
	                     args->positional, args->positional_count,
	                     args->keywords, args->keyword_count);
	if (extra)
		am_strbuf_printf(&sb, ", %s", extra);
	am_strbuf_puts(&sb, ")");
	return am_strbuf_cstr(&sb);
}
