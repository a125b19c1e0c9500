#include "cleanup.h"

#include <string.h>

static int starts_with_async(TSNode statement)
{
	TSNode first = ts_node_child(statement, 0);
	return !ts_node_is_null(first) && !ts_node_is_named(first) &&
	       strcmp(ts_node_type(first), "async") == 0;
}

/* Whether a `with` statement's items shield its body:
 * `with anyio.CancelScope(shield=True):`. */
static int shields(const am_context *ctx, TSNode with)
{
	const am_syntax *sx = ctx->syntax;
	TSNode clause = ts_node_named_child(with, 0);
	if (starts_with_async(with) || !am_node_is(clause, sx->with_clause))
		return 0;
	uint32_t count = ts_node_named_child_count(clause);
	for (uint32_t i = 0; i < count; i++) {
		TSNode call = am_node_field(ts_node_named_child(clause, i),
		                            sx->field.value);
		if (!am_node_is(call, sx->call))
			continue;
		const char *callee = am_bind_resolve(
		        ctx->binder, am_node_field(call, sx->field.function));
		am_call_args args;
		am_call_args_read(ctx, call, &args);
		TSNode shield = am_call_keyword(ctx, &args, "shield");
		if (callee && strcmp(callee, "anyio.CancelScope") == 0 &&
		    !ts_node_is_null(shield) &&
		    am_node_text_eq(ctx->text, shield, "True"))
			return 1;
	}
	return 0;
}

/* What in the body would behave differently once the deadline passes:
 * asyncio cancels the task once, anyio's scope cancels every await in it
 * until it is left. Cleanup that awaits (in except/finally, or, unless
 * `handlers_only`, in the exit of an `async with` or an `async for`'s
 * generator) is then cut short, unless a shielded scope protects it. */
static const char *scan(const am_context *ctx, TSNode body, int handlers_only)
{
	const am_syntax *sx = ctx->syntax;
	am_walk walk;
	am_walk_init(&walk, body);
	const char *found = NULL;
	uint32_t handler_end = 0; /* inside an except/finally until this byte */
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		TSSymbol s = ts_node_symbol(n);
		if (s == sx->function_definition || s == sx->class_definition ||
		    s == sx->lambda ||
		    (s == sx->with_statement && shields(ctx, n))) {
			am_walk_skip_children(&walk);
			continue;
		}
		if (ts_node_start_byte(n) >= handler_end)
			handler_end = 0;
		if (s == sx->except_clause || s == sx->except_group_clause ||
		    strcmp(ts_node_type(n), "finally_clause") == 0) {
			if (!handler_end)
				handler_end = ts_node_end_byte(n);
		} else if ((s == sx->with_statement ||
		            s == sx->for_statement) &&
		           starts_with_async(n) && !handlers_only) {
			found = s == sx->with_statement
			                ? "an `async with` inside (its exit "
			                  "may await)"
			                : "an `async for` inside (its iterator "
			                  "may "
			                  "await when closed)";
		} else if (s == sx->await && handler_end) {
			found = "an `await` in an `except`/`finally` clause "
			        "inside";
		}
	}
	am_walk_release(&walk);
	return found;
}

const char *am_cleanup_that_awaits(const am_context *ctx, TSNode body)
{
	return scan(ctx, body, 0);
}

/* The def a call calls: a function of the module (or of the enclosing
 * scopes) by its name, or a method of the class through `self`. */
static TSNode callee_definition(const am_context *ctx, TSNode fn)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	TSNode null = {{0}, NULL, NULL};
	if (am_node_is(fn, sx->identifier)) {
		const am_name_use *use = am_bind_find_load(b, fn);
		if (!use || use->binding < 0)
			return null;
		return b->bindings.items[use->binding].definition;
	}
	TSNode object = am_node_field(fn, sx->field.object);
	if (!am_node_is(fn, sx->attribute) ||
	    !am_node_is(object, sx->identifier) ||
	    !am_node_text_eq(ctx->text, object, "self"))
		return null;
	int scope = am_bind_scope_at(b, ts_node_start_byte(fn));
	while (scope > 0 && b->scopes.items[scope].kind != AM_SCOPE_FUNCTION)
		scope = b->scopes.items[scope].parent;
	int cls = scope > 0 ? b->scopes.items[scope].parent : -1;
	if (cls <= 0 || b->scopes.items[cls].kind != AM_SCOPE_CLASS)
		return null;
	uint32_t len;
	const char *name = am_node_text(
	        ctx->text, am_node_field(fn, sx->field.attribute), &len);
	return am_bind_definition(b, cls, name, len, 1);
}

const char *am_cleanup_in_callee(const am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode def = callee_definition(ctx, am_node_field(call, sx->field.function));
	if (ts_node_is_null(def))
		return NULL;
	/* Only what is cleanup for sure: an `async with` of the function
	 * may be a lock's, whose exit does not await. */
	const char *found = scan(ctx, am_node_field(def, sx->field.body), 1);
	if (!found)
		return NULL;
	return am_arena_printf(ctx->arena, "`%s()` (line %u), which has %s",
	                       am_text(ctx, am_node_field(def, sx->field.name)),
	                       am_input_line(ctx, ts_node_start_byte(def)),
	                       found);
}

const char *am_cleanup_in_callees(const am_context *ctx, TSNode body)
{
	const am_syntax *sx = ctx->syntax;
	am_walk walk;
	am_walk_init(&walk, body);
	const char *found = NULL;
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		TSSymbol s = ts_node_symbol(n);
		if (s == sx->function_definition || s == sx->class_definition ||
		    s == sx->lambda) {
			am_walk_skip_children(&walk);
			continue;
		}
		if (s == sx->await &&
		    am_node_is(ts_node_named_child(n, 0), sx->call))
			found = am_cleanup_in_callee(ctx, ts_node_named_child(n, 0));
	}
	am_walk_release(&walk);
	return found;
}
