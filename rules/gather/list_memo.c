/* What the gather rule found about each list of tasks, kept for the pass */
#include "list_memo.h"

#include "collected.h"

struct am_list_memos {
	size_t count; /* the binder's bindings */
	/* the loads of binding i, in text order: loads[first[i]] up to
	 * loads[first[i + 1]], indices into the binder's uses */
	uint32_t *first, *loads;
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

/* The binder's loads sorted by binding (a counting sort: text order is
 * kept within each), once for the pass. */
static int sort_loads(am_context *ctx, struct am_list_memos *m)
{
	const am_binder *b = ctx->binder;
	m->first =
	        am_arena_zalloc(ctx->arena, (m->count + 2) * sizeof(uint32_t));
	m->loads = am_arena_alloc(ctx->arena,
	                          (b->uses.count + 1) * sizeof(uint32_t));
	if (!m->first || !m->loads)
		return 0;
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding >= 0)
			m->first[b->uses.items[i].binding + 2]++;
	for (size_t i = 2; i < m->count + 2; i++)
		m->first[i] += m->first[i - 1];
	/* first[i + 1] is now where binding i's loads start: filling moves
	 * it to where they end, that is where binding i + 1's start */
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding >= 0)
			m->loads[m->first[b->uses.items[i].binding + 1]++] =
			        (uint32_t)i;
	return 1;
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
	if (!sort_loads(ctx, m))
		return NULL;
	return ctx->lists = m;
}

const uint32_t *am_list_loads(am_context *ctx, int binding, size_t *count)
{
	struct am_list_memos *m = memos(ctx);
	*count = 0;
	if (!m || binding < 0 || (size_t)binding >= m->count)
		return NULL;
	*count = m->first[binding + 1] - m->first[binding];
	return m->loads + m->first[binding];
}

am_list_memo *am_list_memo_of(am_context *ctx, TSNode maker_call)
{
	int binding = am_list_binding(ctx, maker_call);
	struct am_list_memos *m = binding < 0 ? NULL : memos(ctx);
	return m && (size_t)binding < m->count ? &m->items[binding] : NULL;
}
