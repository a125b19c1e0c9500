/* An await inside a larger expression, lifted into a statement of its own */
#include "await_lift.h"

#include <string.h>

static int is_type(TSNode node, const char *type)
{
	return strcmp(ts_node_type(node), type) == 0;
}

/* A name whose value cannot change while the statement waits: a builtin,
 * an import, or a variable of this function that no inner function
 * rebinds (`nonlocal`). */
static int stable_name(const am_context *ctx, TSNode id, int scope)
{
	const am_binder *b = ctx->binder;
	const am_name_use *load = am_bind_find_load(b, id);
	if (!load)
		return 0;
	if (load->binding < 0)
		return 1;
	const am_binding *bd = &b->bindings.items[load->binding];
	if (bd->kind == AM_BINDING_IMPORT)
		return 1;
	if (bd->kind != AM_BINDING_OTHER || bd->scope != scope ||
	    b->scopes.items[scope].kind != AM_SCOPE_FUNCTION)
		return 0;
	for (size_t i = 0; i < b->bindings.count; i++) {
		const am_binding *other = &b->bindings.items[i];
		if (other->kind != AM_BINDING_NONLOCAL ||
		    other->name_len != bd->name_len ||
		    memcmp(other->name, bd->name, bd->name_len) != 0)
			continue;
		for (int s = other->scope; s >= 0;
		     s = b->scopes.items[s].parent)
			if (s == scope)
				return 0; /* an inner function rebinds it */
	}
	return 1;
}

/* Whether evaluating `node` before or after the await gives the same value
 * and runs no code: names (see stable_name), members of imported modules,
 * literals, and lists or tuples of them. */
static int stable(const am_context *ctx, TSNode node, int scope)
{
	const am_syntax *sx = ctx->syntax;
	int ok = 1;
	am_walk w;
	am_walk_init(&w, node);
	for (TSNode n; ok && am_walk_next(&w, &n);) {
		if (!ts_node_is_named(n) || am_node_is(n, sx->comment))
			continue;
		if (am_node_is(n, sx->identifier)) {
			ok = stable_name(ctx, n, scope);
		} else if (am_node_is(n, sx->attribute)) {
			ok = am_bind_resolve(ctx->binder, n) != NULL;
			am_walk_skip_children(&w);
		} else if (am_node_is(n, sx->string)) {
			for (uint32_t i = 0;
			     ok && i < ts_node_named_child_count(n); i++)
				ok = !am_node_is(ts_node_named_child(n, i),
				                 sx->interpolation);
			am_walk_skip_children(&w);
		} else if (am_node_is(n, sx->keyword_argument)) {
			ok = stable(ctx, am_node_field(n, sx->field.value),
			            scope);
			am_walk_skip_children(&w);
		} else {
			ok = am_node_is(n, sx->integer) ||
			     is_type(n, "float") || is_type(n, "true") ||
			     is_type(n, "false") || is_type(n, "none") ||
			     am_node_is(n, sx->list) ||
			     am_node_is(n, sx->tuple) ||
			     am_node_is(n, sx->parenthesized_expression) ||
			     is_type(n, "concatenated_string");
		}
	}
	am_walk_release(&w);
	return ok;
}

/* The named children of `parent` before `child` are stable. */
static int before_stable(const am_context *ctx, TSNode parent, TSNode child,
                         int scope)
{
	uint32_t count = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(parent, i);
		if (ts_node_eq(c, child))
			return 1;
		if (!stable(ctx, c, scope))
			return 0;
	}
	return 1;
}

/* Whether `node` may evaluate its parts without the await in them. */
static int may_skip(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	return is_type(node, "boolean_operator") ||
	       is_type(node, "conditional_expression") ||
	       am_node_is(node, sx->list_comprehension) ||
	       am_node_is(node, sx->set_comprehension) ||
	       am_node_is(node, sx->dictionary_comprehension) ||
	       am_node_is(node, sx->generator_expression);
}

/* One step up from `child` to `parent`: 1 when the await still runs after
 * what `parent` evaluates before `child`, which is stable; 0 otherwise. */
static int step_ok(const am_context *ctx, TSNode parent, TSNode child,
                   int scope)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(parent, sx->parenthesized_expression) ||
	    am_node_is(parent, sx->keyword_argument) ||
	    am_node_is(parent, sx->list_splat) ||
	    am_node_is(parent, sx->attribute))
		return 1;
	if (am_node_is(parent, sx->argument_list))
		return before_stable(ctx, parent, child, scope) &&
		       stable(ctx,
		              am_node_field(am_parent(ctx, parent),
		                            sx->field.function),
		              scope);
	if (am_node_is(parent, sx->call))
		return 1; /* from its argument_list, checked above */
	if (am_node_is(parent, sx->list) || am_node_is(parent, sx->tuple) ||
	    am_node_is(parent, sx->expression_list) ||
	    am_node_is(parent, sx->subscript) ||
	    is_type(parent, "binary_operator"))
		return before_stable(ctx, parent, child, scope);
	if (is_type(parent, "unary_operator") ||
	    is_type(parent, "not_operator"))
		return 1;
	/* `a < await t`; a chain `a < b < await t` may stop before it */
	if (is_type(parent, "comparison_operator") &&
	    ts_node_named_child_count(parent) == 2)
		return before_stable(ctx, parent, child, scope);
	return 0;
}

const char *am_await_lift_find(const am_context *ctx, TSNode call,
                               am_lift *lift)
{
	const am_syntax *sx = ctx->syntax;
	TSNode await = am_parent(ctx, call);
	if (!am_node_is(await, sx->await))
		return "the gather is not awaited where it is called";
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(await));
	TSNode child = await;
	for (TSNode p = am_parent(ctx, await); !ts_node_is_null(p);
	     child = p, p = am_parent(ctx, p)) {
		if (am_node_is(p, sx->return_statement) ||
		    am_node_is(p, sx->expression_statement)) {
			lift->statement = p;
			lift->await = await;
			return NULL;
		}
		if (am_node_is(p, sx->assignment) &&
		    ts_node_is_null(am_node_field(p, sx->field.type)) &&
		    ts_node_eq(am_node_field(p, sx->field.right), child) &&
		    am_node_is(am_parent(ctx, p), sx->expression_statement))
			continue;
		if (may_skip(ctx, p))
			return "the await may not run (in `and`, `or`, "
			       "`if`-`else` or a comprehension)";
		if (!step_ok(ctx, p, child, scope))
			return "its expression reads, before the await, what "
			       "may change while it waits";
	}
	return "the await is not in a statement";
}
