#include "coroutine_call.h"

#include <string.h>

/* The function definition a name or `self.name` refers to in this file,
 * or a null node. */
static TSNode definition_of(const am_context *ctx, TSNode callee)
{
	const am_syntax *sx = ctx->syntax;
	TSNode null = {{0}, NULL, NULL};
	TSNode name = callee;
	TSNode container = ctx->root;
	if (am_node_is(callee, sx->attribute)) {
		TSNode object = am_node_field(callee, sx->field.object);
		if (!am_node_text_eq(ctx->text, object, "self"))
			return null;
		name = am_node_field(callee, sx->field.attribute);
		TSNode n = callee;
		while (!ts_node_is_null(n) &&
		       !am_node_is(n, sx->class_definition))
			n = ts_node_parent(n);
		if (ts_node_is_null(n))
			return null;
		container = am_node_field(n, sx->field.body);
	} else if (!am_node_is(callee, sx->identifier) ||
	           am_bind_resolve(ctx->binder, callee)) {
		return null; /* imported: cannot be seen */
	}
	uint32_t count = ts_node_named_child_count(container);
	for (uint32_t i = 0; i < count; i++) {
		TSNode def = ts_node_named_child(container, i);
		if (am_node_is(def, sx->decorated_definition))
			def = am_node_field(def, sx->field.definition);
		if (am_node_is(def, sx->function_definition) &&
		    am_node_text_eq(ctx->text,
		                    am_node_field(def, sx->field.name),
		                    am_text(ctx, name)))
			return def;
	}
	return null;
}

int am_coroutine_callee_may_be_async(const am_context *ctx, TSNode callee)
{
	const am_syntax *sx = ctx->syntax;
	static const char *const future_makers[] = {"run_in_executor",
	                                            "create_future",
	                                            "create_task",
	                                            "ensure_future",
	                                            "wrap_future",
	                                            "run_coroutine_threadsafe",
	                                            NULL};
	if (am_node_is(callee, sx->attribute)) {
		TSNode attr = am_node_field(callee, sx->field.attribute);
		for (const char *const *m = future_makers; *m; m++)
			if (am_node_text_eq(ctx->text, attr, *m))
				return 0;
	}
	TSNode def = definition_of(ctx, callee);
	if (ts_node_is_null(def))
		return 1;
	return strcmp(ts_node_type(ts_node_child(def, 0)), "async") == 0;
}
