/* What the gather rule found about each list of tasks, kept for the pass */
#include "list_memo.h"

#include "array.h"
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

void am_list_loads(const am_context *ctx, int binding, size_t *first,
                   size_t *end)
{
	const am_binder *b = ctx->binder;
	const am_scope *scope =
	        &b->scopes.items[b->bindings.items[binding].scope];
	AM_LOWER_BOUND(*first, b->uses.count,
	               b->uses.items[mid].start < scope->start);
	AM_LOWER_BOUND(*end, b->uses.count,
	               b->uses.items[mid].start < scope->end);
}

am_list_memo *am_list_memo_of(am_context *ctx, TSNode maker_call)
{
	int binding = am_list_binding(ctx, maker_call);
	if (binding < 0)
		return NULL;
	if (!ctx->lists) {
		size_t count = ctx->binder->bindings.count;
		ctx->lists = am_arena_zalloc(
		        ctx->arena,
		        sizeof(*ctx->lists) +
		                count * sizeof(ctx->lists->items[0]));
		if (!ctx->lists)
			return NULL;
		ctx->lists->count = count;
	}
	return (size_t)binding < ctx->lists->count ? &ctx->lists->items[binding]
	                                           : NULL;
}
