/*
 * The stores of a name: which identifiers bind it, so that a name holding
 * one queue is told from one that is rebound.
 */
#include "build.h"

/* Whether an identifier that is not a load may bind its name. */
static int may_store(const am_context *ctx, TSNode id)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, id);
	if (am_is_member_name(ctx, id))
		return 0;
	return !am_node_is(parent, sx->global_statement) &&
	       !am_node_is(parent, sx->nonlocal_statement);
}

typedef struct store_scan {
	const am_context *ctx;
	store_info *stores;
	int scope;
} store_scan;

static void visit_store(TSNode node, void *data)
{
	store_scan *scan = data;
	const am_context *ctx = scan->ctx;
	const am_binder *b = ctx->binder;
	if (!am_node_is(node, ctx->syntax->identifier) ||
	    am_bind_find_load(b, node))
		return;
	uint32_t len;
	const char *name = am_node_text(ctx->text, node, &len);
	int binding = am_bind_lookup(
	        b, am_bind_scope_at(b, ts_node_start_byte(node)), name, len);
	/* may_store() last: it looks for the parent from the root. */
	if (binding < 0 || b->bindings.items[binding].scope != scan->scope ||
	    !may_store(ctx, node))
		return;
	store_info *info = &scan->stores[binding];
	if (info->count == 0)
		info->first = node;
	else if (info->count == 1)
		info->second = node;
	info->count++;
}

/* One walk of a scope's code for the stores of all its bindings: the whole
 * module; a function's parameters and body; the body of the others. */
static void index_stores(flow_build *fb, int scope)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_syntax *sx = ctx->syntax;
	if (fb->indexed[scope])
		return;
	fb->indexed[scope] = 1;
	const am_scope *sc = &b->scopes.items[scope];
	store_scan scan = {ctx, fb->stores, scope};
	if (sc->kind == AM_SCOPE_MODULE) {
		am_bind_each_named(b, sc->node, visit_store, &scan);
	} else {
		if (sc->kind == AM_SCOPE_FUNCTION)
			am_bind_each_named(
			        b,
			        am_node_field(sc->node, sx->field.parameters),
			        visit_store, &scan);
		am_bind_each_named(b, am_node_field(sc->node, sx->field.body),
		                   visit_store, &scan);
	}
}

/* Counts the identifiers that bind `binding`; *other is the first that is
 * not `expected` (or null). */
size_t queue_binding_stores(flow_build *fb, int binding, TSNode expected,
                            TSNode *other)
{
	*other = am_null_node();
	index_stores(fb, fb->ctx->binder->bindings.items[binding].scope);
	const store_info *info = &fb->stores[binding];
	if (info->count >= 1 && !ts_node_eq(info->first, expected))
		*other = info->first;
	else if (info->count >= 2)
		*other = info->second;
	return info->count;
}
