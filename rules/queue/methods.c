/*
 * Methods: the class whose `self` an attribute's object is, and
 * decorated definitions.
 */
#include "build.h"

#include <string.h>

static int decorated_with(const am_context *ctx, TSNode definition,
                          const char *name)
{
	TSNode parent = am_parent(ctx, definition);
	if (!am_node_is(parent, ctx->syntax->decorated_definition))
		return 0;
	uint32_t count = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(parent, i);
		if (am_node_is(d, ctx->syntax->decorator) &&
		    queue_text_eq(ctx, ts_node_named_child(d, 0), name,
		                  strlen(name)))
			return 1;
	}
	return 0;
}

int queue_is_decorated(const am_context *ctx, TSNode definition)
{
	return am_node_is(am_parent(ctx, definition),
	                  ctx->syntax->decorated_definition);
}

/* The identifier of the first parameter of a function, or null. */
static TSNode first_parameter(const am_context *ctx, TSNode function)
{
	TSNode params = am_node_field(function, ctx->syntax->field.parameters);
	uint32_t count = ts_node_named_child_count(params);
	for (uint32_t i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(params, i);
		if (am_node_is(p, ctx->syntax->comment))
			continue;
		if (am_node_is(p, ctx->syntax->typed_parameter))
			p = ts_node_named_child(p, 0);
		return am_node_is(p, ctx->syntax->identifier) ? p
		                                              : am_null_node();
	}
	return am_null_node();
}

/* The class whose method's `self` a binding is (the first parameter of a
 * function defined in the class body, bound nowhere else, not a static or
 * class method); null otherwise. */
static TSNode binding_method_class(flow_build *fb, int binding)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_binding *bd = &b->bindings.items[binding];
	TSNode function = b->scopes.items[bd->scope].node;
	if (!am_node_is(function, ctx->syntax->function_definition))
		return am_null_node();
	TSNode self = first_parameter(ctx, function);
	if (ts_node_is_null(self) ||
	    !queue_text_eq(ctx, self, bd->name, bd->name_len) ||
	    decorated_with(ctx, function, "staticmethod") ||
	    decorated_with(ctx, function, "classmethod"))
		return am_null_node();
	TSNode block = am_parent(ctx, function);
	if (queue_is_decorated(ctx, function))
		block = am_parent(ctx, block);
	TSNode cls = am_parent(ctx, block);
	TSNode other;
	if (!am_node_is(block, ctx->syntax->block) ||
	    !am_node_is(cls, ctx->syntax->class_definition) ||
	    queue_binding_stores(fb, binding, self, &other) != 1)
		return am_null_node();
	return cls;
}

/* The class whose method's `self` an identifier loads, or null. */
TSNode queue_method_class(flow_build *fb, TSNode object)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_name_use *use = am_node_is(object, ctx->syntax->identifier)
	                                 ? am_bind_find_load(b, object)
	                                 : NULL;
	if (!use || use->binding < 0)
		return am_null_node();
	/* Once per binding: the parents it needs are searched from the
	 * root. */
	if (!fb->method_class_known[use->binding]) {
		fb->method_classes[use->binding] =
		        binding_method_class(fb, use->binding);
		fb->method_class_known[use->binding] = 1;
	}
	return fb->method_classes[use->binding];
}
