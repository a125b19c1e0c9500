/* Comprehensions of calls that become the loops of a task group */
#include "comprehension.h"

#include <string.h>

int am_comprehension_is(const am_context *ctx, TSNode node)
{
	return am_node_is(node, ctx->syntax->list_comprehension) ||
	       am_node_is(node, ctx->syntax->generator_expression);
}

/* Why the comprehension cannot become a loop, or NULL. */
const char *am_comprehension_problem(const am_context *ctx, TSNode comp)
{
	const am_syntax *sx = ctx->syntax;
	TSNode body = am_node_field(comp, sx->field.body);
	if (!am_node_is(body, sx->call))
		return "its comprehension does not produce a visible call";
	uint32_t count = ts_node_named_child_count(comp);
	for (uint32_t i = 0; i < count; i++) {
		TSNode clause = ts_node_named_child(comp, i);
		if (ts_node_eq(clause, body) || am_node_is(clause, sx->comment))
			continue;
		if (am_node_is(clause, sx->for_in_clause)) {
			TSNode first = ts_node_child(clause, 0);
			if (strcmp(ts_node_type(first), "async") == 0)
				return "its comprehension uses `async for`";
		} else if (strcmp(ts_node_type(clause), "if_clause") != 0) {
			return "its comprehension has a clause this rule "
			       "cannot "
			       "turn into a loop";
		}
	}
	return NULL;
}

/* Whether a comprehension's loop names are free to become the function's
 * variables: nothing else in the function binds or reads them. */
int am_comprehension_names_free(const am_context *ctx, TSNode comp,
                                TSNode function)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	uint32_t comp_start = ts_node_start_byte(comp);
	uint32_t comp_end = ts_node_end_byte(comp);
	uint32_t fn_start = ts_node_start_byte(function);
	uint32_t fn_end = ts_node_end_byte(function);
	uint32_t count = ts_node_named_child_count(comp);
	for (uint32_t i = 0; i < count; i++) {
		TSNode clause = ts_node_named_child(comp, i);
		if (!am_node_is(clause, sx->for_in_clause))
			continue;
		TSNode left = am_node_field(clause, sx->field.left);
		if (!am_node_is(left, sx->identifier))
			return 0; /* tuple targets: keep it simple */
		uint32_t len;
		const char *name = am_node_text(ctx->text, left, &len);
		for (size_t u = 0; u < b->uses.count; u++) {
			const am_name_use *use = &b->uses.items[u];
			if (use->start < fn_start || use->end > fn_end ||
			    (use->start >= comp_start &&
			     use->start < comp_end) ||
			    use->end - use->start != len ||
			    memcmp(ctx->text + use->start, name, len) != 0)
				continue;
			/* a use bound by another comprehension's own loop is
			 * not affected */
			if (use->binding >= 0 &&
			    b->scopes.items[b->bindings.items[use->binding]
			                            .scope]
			                    .kind == AM_SCOPE_COMPREHENSION)
				continue;
			return 0;
		}
		int scope = am_bind_scope_at(b, fn_start + 1);
		for (size_t k = 0; k < b->bindings.count; k++) {
			const am_binding *bd = &b->bindings.items[k];
			if (bd->scope == scope && bd->name_len == len &&
			    memcmp(bd->name, name, len) == 0)
				return 0;
		}
	}
	return 1;
}

int am_comprehension_write_clauses(am_context *ctx, am_task_block *w,
                                   TSNode comp)
{
	const am_syntax *sx = ctx->syntax;
	TSNode body = am_node_field(comp, sx->field.body);
	int depth = 1;
	uint32_t count = ts_node_named_child_count(comp);
	for (uint32_t i = 0; i < count; i++) {
		TSNode clause = ts_node_named_child(comp, i);
		if (ts_node_eq(clause, body) || am_node_is(clause, sx->comment))
			continue;
		am_strbuf head;
		am_strbuf_init(&head, ctx->arena);
		if (am_node_is(clause, sx->for_in_clause)) {
			am_strbuf_puts(&head, "for ");
			am_strbuf_node(&head, ctx,
			               am_node_field(clause, sx->field.left));
			am_strbuf_puts(&head, " in ");
			am_strbuf_node(&head, ctx,
			               am_node_field(clause, sx->field.right));
			am_strbuf_puts(&head, ":");
		} else {
			am_strbuf_puts(&head, "if ");
			am_strbuf_node(&head, ctx,
			               ts_node_named_child(clause, 0));
			am_strbuf_puts(&head, ":");
		}
		am_task_block_line(w, depth++, am_strbuf_cstr(&head));
	}
	return depth;
}
