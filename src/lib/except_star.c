#include "except_star.h"

#include <string.h>

static int is_scope_boundary(const am_syntax *sx, TSNode node)
{
	return am_node_is(node, sx->function_definition) ||
	       am_node_is(node, sx->class_definition) ||
	       am_node_is(node, sx->lambda);
}

static int is_loop(TSNode node)
{
	const char *type = ts_node_type(node);
	return strcmp(type, "for_statement") == 0 ||
	       strcmp(type, "while_statement") == 0;
}

/* A `return` anywhere in the handler, or a `break`/`continue` that would
 * leave it: except* forbids both. */
static const char *leaves_handler(const am_context *ctx, TSNode handler)
{
	const am_syntax *sx = ctx->syntax;
	am_walk walk;
	am_walk_init(&walk, handler);
	const char *found = NULL;
	uint32_t loop_end = 0; /* inside a loop of the handler until here */
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		if (is_scope_boundary(sx, n)) {
			am_walk_skip_children(&walk);
			continue;
		}
		if (ts_node_start_byte(n) >= loop_end)
			loop_end = 0;
		const char *type = ts_node_type(n);
		if (is_loop(n) && !loop_end)
			loop_end = ts_node_end_byte(n);
		if (strcmp(type, "return_statement") == 0)
			found = "a handler returns";
		else if (!loop_end && (strcmp(type, "break_statement") == 0 ||
		                       strcmp(type, "continue_statement") == 0))
			found = "a handler breaks or continues a loop";
	}
	am_walk_release(&walk);
	return found;
}

static const char *check_handler(am_context *ctx, TSNode clause)
{
	const am_syntax *sx = ctx->syntax;
	TSNode value = am_node_field(clause, sx->field.value);
	if (ts_node_is_null(value))
		return "an enclosing `try` has a bare `except:`, which has no "
		       "`except*` form";
	if (!ts_node_is_null(am_node_field(clause, sx->field.alias)) ||
	    am_node_is(value, sx->as_pattern))
		return "an enclosing handler uses the exception (`as e`): with "
		       "`except*` it would be an ExceptionGroup";
	uint32_t len;
	const char *text = am_node_text(ctx->text, value, &len);
	for (uint32_t i = 0; i + 9 <= len; i++)
		if (memcmp(text + i, "Cancelled", 9) == 0 ||
		    (i + 14 <= len &&
		     memcmp(text + i, "cancelled_exc_", 14) == 0))
			return "an enclosing handler catches cancellation";
	return leaves_handler(ctx, clause);
}

static const char *check_try(am_context *ctx, TSNode try_statement,
                             am_except_star_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t count = ts_node_named_child_count(try_statement);
	for (uint32_t i = 0; i < count; i++) {
		TSNode clause = ts_node_named_child(try_statement, i);
		if (!am_node_is(clause, sx->except_clause) ||
		    am_except_is_star(sx, clause))
			continue;
		const char *why = check_handler(ctx, clause);
		if (why)
			return why;
		if (plan->count == AM_EXCEPT_STAR_MAX)
			return "too many enclosing handlers";
		plan->keyword_start[plan->count++] =
		        ts_node_start_byte(ts_node_child(clause, 0));
	}
	return NULL;
}

const char *am_except_star_check(am_context *ctx, TSNode statement,
                                 am_except_star_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	plan->count = 0;
	TSNode child = statement;
	for (TSNode n = am_parent(ctx, statement); !ts_node_is_null(n);
	     child = n, n = am_parent(ctx, n)) {
		if (is_scope_boundary(sx, n))
			break;
		if (!am_node_is(n, sx->try_statement))
			continue;
		TSNode body = am_node_field(n, sx->field.body);
		if (ts_node_is_null(body) || !ts_node_eq(body, child))
			continue; /* in a handler, else or finally */
		const char *why = check_try(ctx, n, plan);
		if (why)
			return why;
	}
	return NULL;
}

void am_except_star_apply(am_fix *fix, const am_except_star_plan *plan)
{
	for (size_t i = 0; i < plan->count; i++)
		am_fix_replace(fix, plan->keyword_start[i],
		               plan->keyword_start[i] + 6, "except*");
}
