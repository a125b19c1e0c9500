#include "lift.h"

#include <string.h>

int am_lift_find(const am_context *ctx, TSNode call, am_lift *lift)
{
	const am_syntax *sx = ctx->syntax;
	TSNode await = am_parent(ctx, call);
	if (!am_node_is(await, sx->await))
		return 0;
	TSNode parent = am_parent(ctx, await);
	TSNode statement = parent;
	if (am_node_is(parent, sx->assignment) ||
	    am_node_is(parent, sx->augmented_assignment)) {
		TSNode right = am_node_field(parent, sx->field.right);
		if (ts_node_is_null(right) || !ts_node_eq(right, await))
			return 0;
		statement = am_parent(ctx, parent);
	}
	if (am_node_is(statement, sx->return_statement)) {
		if (ts_node_named_child_count(statement) != 1 ||
		    !ts_node_eq(ts_node_named_child(statement, 0), await))
			return 0;
	} else if (am_node_is(statement, sx->expression_statement)) {
		if (ts_node_named_child_count(statement) != 1)
			return 0;
	} else {
		return 0;
	}
	lift->statement = statement;
	lift->await = await;
	return 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The indentation of the line holding `at` (the whitespace at its start). */
static const char *indent_of_line(am_context *ctx, uint32_t at)
{
	return am_line_indent(ctx, at);
}

int am_lift_plan_wrap(am_context *ctx, const am_lift *lift, const char *header,
                      am_lift_plan *plan)
{
	const char *t = ctx->text;
	const char *nl = ctx->newline;
	const char *unit = am_indent_unit(ctx);
	uint32_t start = ts_node_start_byte(lift->statement);
	uint32_t end = ts_node_end_byte(lift->statement);
	uint32_t before = start;
	while (before > 0 && is_blank(t[before - 1]))
		before--;
	const char *base;
	am_strbuf head;
	am_strbuf_init(&head, ctx->arena);
	uint32_t replace_from = start;
	if (before == 0 || t[before - 1] == '\n') {
		/* the statement starts its line */
		base = indent_of_line(ctx, start);
	} else if (t[before - 1] == ';') {
		/* `a = 1; await ...`: a line of its own, at the line's indent
		 */
		base = indent_of_line(ctx, start);
		replace_from = before - 1;
		am_strbuf_puts(&head, nl);
		am_strbuf_puts(&head, base);
	} else if (t[before - 1] == ':') {
		/* `if x: await ...`: the block moves to lines of its own */
		TSNode block = am_parent(ctx, lift->statement);
		if (!am_node_is(block, ctx->syntax->block))
			return 0;
		am_strbuf indent;
		am_strbuf_init(&indent, ctx->arena);
		am_strbuf_puts(&indent, indent_of_line(ctx, start));
		am_strbuf_puts(&indent, unit);
		base = am_strbuf_cstr(&indent);
		replace_from = before;
		am_strbuf_puts(&head, nl);
		am_strbuf_puts(&head, base);
	} else {
		return 0;
	}
	am_strbuf_puts(&head, header);
	am_strbuf_puts(&head, nl);
	am_strbuf_puts(&head, base);
	am_strbuf_puts(&head, unit);
	memset(plan, 0, sizeof(*plan));
	plan->head_from = replace_from;
	plan->head_to = start;
	plan->head = am_strbuf_cstr(&head);
	/* `await ...; b = 2`: what follows leaves the with block. */
	uint32_t after = end;
	while (after < ctx->len && is_blank(t[after]))
		after++;
	if (after < ctx->len && t[after] == ';') {
		uint32_t next = after + 1;
		while (next < ctx->len && is_blank(t[next]))
			next++;
		if (next < ctx->len && t[next] != '\n' && t[next] != '\r' &&
		    t[next] != '#') {
			am_strbuf tail;
			am_strbuf_init(&tail, ctx->arena);
			am_strbuf_puts(&tail, nl);
			am_strbuf_puts(&tail, base);
			plan->tail_from = end;
			plan->tail_to = next;
			plan->tail = am_strbuf_cstr(&tail);
		}
	}
	return 1;
}

void am_lift_apply(am_fix *fix, const am_lift_plan *plan)
{
	am_fix_replace(fix, plan->head_from, plan->head_to, plan->head);
	if (plan->tail_to)
		am_fix_replace(fix, plan->tail_from, plan->tail_to, plan->tail);
}
