/* What the gather rule found about each list of tasks, kept for the pass */
#include "list_memo.h"

#include "collected.h"

struct am_list_memos {
	size_t count; /* the binder's bindings */
	am_list_memo items[];
};

int am_list_binding(const am_context *ctx, TSNode maker_call)
{
	const am_binder *b = ctx->binder;
	TSNode list = am_collected_list_of(ctx, maker_call);
	if (ts_node_is_null(list))
		return -1;
	uint32_t len;
	const char *text = am_node_text(ctx->text, list, &len);
	return am_bind_lookup(b, am_bind_scope_at(b, ts_node_start_byte(list)),
	                      text, len);
}

/* The memos of this pass, made on first use; NULL when out of memory. */
static struct am_list_memos *memos(am_context *ctx)
{
	if (ctx->lists)
		return ctx->lists;
	size_t count = ctx->binder->bindings.count;
	struct am_list_memos *m = am_arena_zalloc(
	        ctx->arena, sizeof(*m) + count * sizeof(m->items[0]));
	if (!m)
		return NULL;
	m->count = count;
	return ctx->lists = m;
}

am_list_memo *am_list_memo_of(am_context *ctx, TSNode maker_call)
{
	int binding = am_list_binding(ctx, maker_call);
	struct am_list_memos *m = binding < 0 ? NULL : memos(ctx);
	return m && (size_t)binding < m->count ? &m->items[binding] : NULL;
}
