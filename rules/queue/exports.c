/*
 * What other modules may see of the file (`__all__`, a program run at
 * top level): a queue they may reach is not rewritten.
 */
#include "build.h"
#include "program.h"

#include <string.h>

static void read_all(flow_build *fb, exports *ex)
{
	const am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	int binding = am_bind_lookup(ctx->binder, 0, "__all__", 7);
	if (binding < 0 || ctx->binder->bindings.items[binding].scope != 0)
		return;
	ex->has_all = 1;
	TSNode other;
	if (queue_binding_stores(fb, binding, am_null_node(), &other) != 1 ||
	    ctx->binder->bindings.items[binding].uses)
		return;
	TSNode assignment = am_parent(ctx, other);
	if (!am_node_is(assignment, sx->assignment) ||
	    !am_node_is_field(assignment, sx->field.left, other))
		return;
	TSNode value = am_node_field(assignment, sx->field.right);
	if (!queue_type_is(value, "list") && !am_node_is(value, sx->tuple))
		return;
	uint32_t count = ts_node_named_child_count(value);
	for (uint32_t i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(value, i);
		uint32_t len;
		if (!am_node_is(item, sx->comment) &&
		    !queue_string_value(ctx, item, &len))
			return;
	}
	ex->all_known = 1;
	ex->all_value = value;
}

void queue_read_exports(flow_build *fb, exports *ex)
{
	const am_context *ctx = fb->ctx;
	memset(ex, 0, sizeof(*ex));
	ex->all_value = am_null_node();
	read_all(fb, ex);
	ex->program = am_module_runs_itself(ctx);
}

static int listed_in_all(const am_context *ctx, const exports *ex,
                         const char *name)
{
	uint32_t count = ts_node_named_child_count(ex->all_value);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t len;
		const char *s = queue_string_value(
		        ctx, ts_node_named_child(ex->all_value, i), &len);
		if (s && len == strlen(name) && memcmp(s, name, len) == 0)
			return 1;
	}
	return 0;
}

/* Whether other modules may import a module-level name. The functions of
 * a program (a module that runs itself) are taken to be its own. */
int queue_exported(const am_context *ctx, const exports *ex, const char *name,
                   int is_function)
{
	if (name[0] == '_')
		return 0;
	if (ex->has_all)
		return !ex->all_known || listed_in_all(ctx, ex, name);
	return !(is_function && ex->program);
}
