/* The edits of a process's arguments, and what its uses read. */
#include "spawn.h"

#include "statement.h"

#include <string.h>

int am_spawn_attribute_read(const am_context *ctx, TSNode attribute)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, attribute);
	if ((am_node_is(parent, sx->assignment) ||
	     am_node_is(parent, sx->augmented_assignment)) &&
	    am_node_is_field(parent, sx->field.left, attribute))
		return 0;
	return !am_node_is(parent, sx->delete_statement) &&
	       !am_node_is(parent, sx->pattern_list) &&
	       !am_node_is(parent, sx->tuple_pattern);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_dropped(const am_spawn *s, TSNode node)
{
	for (size_t i = 0; i < s->dropped_count; i++)
		if (ts_node_eq(s->dropped[i], node))
			return 1;
	return 0;
}

/* The new keywords go on lines of their own when the arguments end with a
 * comma and a newline. */
void am_spawn_fix_arguments(am_context *ctx, am_fix *fix, const am_spawn *s,
                            const char *const *keywords)
{
	const am_call_args *a = &s->args;
	TSNode first_positional = a->positional[0];
	TSNode last_positional = a->positional[a->positional_count - 1];
	TSNode anchor = last_positional;
	TSNode last = last_positional;
	for (size_t i = 0; i < a->keyword_count; i++) {
		TSNode kw = a->keywords[i];
		if (ts_node_end_byte(kw) > ts_node_end_byte(last))
			last = kw;
		if (!is_dropped(s, kw) &&
		    ts_node_end_byte(kw) > ts_node_end_byte(anchor))
			anchor = kw;
	}
	for (size_t i = 0; i < s->dropped_count; i++)
		if (ts_node_end_byte(s->dropped[i]) < ts_node_end_byte(anchor))
			am_drop_argument(ctx, fix, s->dropped[i]);
	const char *t = ctx->text;
	uint32_t after = ts_node_end_byte(last);
	while (after < ctx->len && is_blank(t[after]))
		after++;
	int lines = 0;
	if (after < ctx->len && t[after] == ',') {
		after++;
		while (after < ctx->len && is_blank(t[after]))
			after++;
		lines = after < ctx->len &&
		        (t[after] == '\n' || t[after] == '\r');
	}
	const char *sep =
	        lines ? am_arena_printf(
	                        ctx->arena, ",%s%s", ctx->newline,
	                        am_line_indent(ctx, ts_node_start_byte(anchor)))
	              : ", ";
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	if (!s->shell) {
		am_fix_insert(fix, ts_node_start_byte(first_positional), "[");
		if (ts_node_eq(anchor, last_positional))
			am_strbuf_puts(&sb, "]");
		else
			am_fix_insert(fix, ts_node_end_byte(last_positional),
			              "]");
	}
	for (; *keywords; keywords++)
		am_strbuf_printf(&sb, "%s%s", sep, *keywords);
	am_fix_replace(fix, ts_node_end_byte(anchor), ts_node_end_byte(last),
	               am_strbuf_cstr(&sb));
}
