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

/* Whether `node` sits in the body of a loop that is inside `root`. */
static int in_inner_loop(const am_context *ctx, TSNode node, TSNode root)
{
	const am_syntax *sx = ctx->syntax;
	TSNode child = node;
	for (TSNode p = am_parent(ctx, node);
	     !ts_node_is_null(p) && !ts_node_eq(child, root);
	     child = p, p = am_parent(ctx, p))
		if ((am_node_is(p, sx->for_statement) ||
		     am_node_is(p, sx->while_statement)) &&
		    ts_node_eq(am_node_field(p, sx->field.body), child))
			return 1;
	return 0;
}

static const char *node_problem(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(node, sx->return_statement))
		return "returns";
	if (am_node_is(node, sx->raise_statement))
		return "raises";
	if (am_node_is(node, sx->yield))
		return "yields";
	if (am_node_is(node, sx->string) && spans_lines(ctx, node))
		return "holds a string that spans lines";
	return NULL;
}

/* Walked, not recursed: nesting may be deep. */
static const char *statement_problem(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	const char *why = NULL;
	am_walk w;
	am_walk_init(&w, statement);
	for (TSNode n; !why && am_walk_next(&w, &n);) {
		if (!ts_node_is_named(n))
			continue;
		if (is_definition(sx, n)) {
			am_walk_skip_children(&w);
			continue;
		}
		why = node_problem(ctx, n);
		if (!why &&
		    (am_node_is(n, sx->break_statement) ||
		     am_node_is(n, sx->continue_statement)) &&
		    !in_inner_loop(ctx, n, statement))
			why = "leaves the loop around it";
	}
	am_walk_release(&w);
	return why;
}

const char *am_deeper_problem(const am_context *ctx, TSNode first, TSNode last)
{
	for (TSNode s = first; !ts_node_is_null(s);
	     s = ts_node_next_named_sibling(s)) {
		const char *why = statement_problem(ctx, s);
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
