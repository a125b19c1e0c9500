#include "coroutine_call.h"

#include <string.h>

TSNode am_callee_definition(const am_context *ctx, TSNode callee)
{
	const am_syntax *sx = ctx->syntax;
	TSNode name = callee;
	int scope = 0; /* the module's or the class's, whose body holds it */
	if (am_node_is(callee, sx->attribute)) {
		TSNode object = am_node_field(callee, sx->field.object);
		if (!am_node_text_eq(ctx->text, object, "self"))
			return am_null_node();
		name = am_node_field(callee, sx->field.attribute);
		TSNode n = callee;
		while (!ts_node_is_null(n) &&
		       !am_node_is(n, sx->class_definition))
			n = am_parent(ctx, n);
		if (ts_node_is_null(n))
			return am_null_node();
		scope = am_bind_scope_of(ctx->binder, n);
		if (scope < 0)
			return am_null_node();
	} else if (!am_node_is(callee, sx->identifier) ||
	           am_bind_resolve(ctx->binder, callee)) {
		return am_null_node(); /* imported: cannot be seen */
	}
	/* The binder noted the first `def` of each name in the body. */
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	return am_bind_definition(ctx->binder, scope, text, len, 1);
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
	TSNode def = am_callee_definition(ctx, callee);
	if (ts_node_is_null(def))
		return 1;
	return strcmp(ts_node_type(ts_node_child(def, 0)), "async") == 0;
}
