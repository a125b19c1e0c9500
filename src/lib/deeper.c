#include "deeper.h"

#include <string.h>

static int is_definition(const am_syntax *sx, TSNode node)
{
	return am_node_is(node, sx->function_definition) ||
	       am_node_is(node, sx->class_definition) ||
	       am_node_is(node, sx->lambda);
}

static int spans_lines(const am_context *ctx, TSNode node)
{
	uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
	return memchr(ctx->text + s, '\n', e - s) != NULL;
}

/* `loops`: how many loops inside the moved statements enclose node, so
 * that a `break` or `continue` stays inside them. */
static const char *node_problem(const am_context *ctx, TSNode node, int loops)
{
	const am_syntax *sx = ctx->syntax;
	if (is_definition(sx, node))
		return NULL;
	if (am_node_is(node, sx->return_statement))
		return "returns";
	if (!loops && (am_node_is(node, sx->break_statement) ||
	               am_node_is(node, sx->continue_statement)))
		return "leaves the loop around it";
	if (am_node_is(node, sx->raise_statement))
		return "raises";
	if (am_node_is(node, sx->yield))
		return "yields";
	if (am_node_is(node, sx->string) && spans_lines(ctx, node))
		return "holds a string that spans lines";
	int loop = am_node_is(node, sx->for_statement) ||
	           am_node_is(node, sx->while_statement);
	TSNode body =
	        loop ? am_node_field(node, sx->field.body) : am_null_node();
	uint32_t count = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(node, i);
		int inside = loop && ts_node_eq(child, body);
		const char *why = node_problem(ctx, child, loops + inside);
		if (why)
			return why;
	}
	return NULL;
}

const char *am_deeper_problem(const am_context *ctx, TSNode first, TSNode last)
{
	for (TSNode s = first; !ts_node_is_null(s);
	     s = ts_node_next_named_sibling(s)) {
		const char *why = node_problem(ctx, s, 0);
		if (why || ts_node_eq(s, last))
			return why;
	}
	return NULL;
}

void am_deeper_apply(const am_context *ctx, am_fix *fix, uint32_t from,
                     uint32_t to, const char *indent, int levels)
{
	const char *t = ctx->text;
	size_t n = strlen(indent);
	const char *one = am_indent_unit(ctx);
	const char *unit = one;
	for (int i = 1; i < levels; i++)
		unit = am_arena_printf(ctx->arena, "%s%s", unit, one);
	for (uint32_t i = from; i < to; i++) {
		if (t[i] != '\n')
			continue;
		uint32_t line = i + 1;
		if (line > to || line + n > ctx->len ||
		    memcmp(t + line, indent, n) != 0)
			continue;
		uint32_t k = line + n;
		while (k < ctx->len && (t[k] == ' ' || t[k] == '\t'))
			k++;
		if (k < ctx->len && t[k] != '\n' && t[k] != '\r')
			am_fix_insert(fix, line + n, unit);
	}
}
