/*
 * The analysis' entry points: groups of channels, parameters and `try`
 * statements rewritten together (or not at all), and am_queue_flow_build.
 */
#include "build.h"

#include <string.h>

void queue_set_group_why(am_queue_flow *flow, int member, const char *why)
{
	int root = queue_find_root(flow->parent, member);
	if (!flow->group_why[root]) {
		flow->group_why[root] = why;
		flow->group_culprit[root] = member;
	}
}

/* Where else what an uncovered call raises may be caught: a try outside
 * its group that catches it around calls this rule cannot follow, or the
 * exception named outside any handler (`isinstance`, `except*`...). */
static const char *elsewhere(flow_build *fb, int group, unsigned kind)
{
	am_queue_flow *flow = fb->flow;
	for (size_t t = 0; t < flow->tries.count; t++) {
		const am_queue_try *other = &flow->tries.items[t];
		int member = (int)(flow->channels.count + t);
		if (!other->closed && (other->caught & kind) &&
		    queue_find_root(flow->parent, member) != group)
			return am_arena_printf(
			        fb->ctx->arena,
			        "%s may catch it via calls not followed",
			        am_queue_try_describe(fb->ctx, other));
	}
	for (size_t i = 0; i < fb->loose.count; i++)
		if (fb->loose.items[i].kind & kind)
			return am_arena_printf(
			        fb->ctx->arena, "line %u names `%s`",
			        am_node_line(fb->ctx, fb->loose.items[i].node),
			        am_text(fb->ctx, fb->loose.items[i].node));
	return NULL;
}

/* A `*_nowait` call in no try of its function that catches what it
 * raises: nothing else in the file may be meant to catch it. */
static void explain_uncovered(flow_build *fb, const uncovered_call *c)
{
	am_queue_flow *flow = fb->flow;
	const am_queue_use *u = &flow->uses.items[c->use];
	int group = queue_find_root(flow->parent, u->channel);
	const char *where = elsewhere(fb, group, c->kind);
	if (!where)
		return;
	queue_set_group_why(
	        flow, u->channel,
	        am_arena_printf(fb->ctx->arena,
	                        "`%s` (line %u) raises %s uncaught, and %s",
	                        am_text(fb->ctx, ts_node_is_null(u->call)
	                                                 ? u->method
	                                                 : u->call),
	                        am_node_line(fb->ctx, u->method),
	                        queue_kind_name(c->kind), where));
}

static void explain_groups(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	size_t channels = flow->channels.count;
	for (size_t i = 0; i < flow->uses.count; i++)
		if (flow->uses.items[i].kind == AM_QUEUE_USE_PASS)
			queue_join(flow, flow->uses.items[i].channel,
			           flow->uses.items[i].target);
	for (size_t t = 0; t < flow->tries.count; t++)
		queue_read_try_body(fb, t);
	for (size_t i = 0; i < channels; i++)
		if (flow->channels.items[i].why)
			queue_set_group_why(flow, (int)i,
			                    flow->channels.items[i].why);
	for (size_t t = 0; t < flow->tries.count; t++)
		if (flow->tries.items[t].involved && flow->tries.items[t].why)
			queue_set_group_why(flow, (int)(channels + t),
			                    flow->tries.items[t].why);
	queue_find_uncovered(fb);
	for (size_t i = 0; i < fb->uncovered.count; i++)
		explain_uncovered(fb, &fb->uncovered.items[i]);
	queue_find_pools(fb);
}

static int make_groups(am_queue_flow *flow)
{
	size_t n = flow->channels.count + flow->tries.count;
	flow->parent = malloc((n ? n : 1) * sizeof(int));
	flow->group_culprit = malloc((n ? n : 1) * sizeof(int));
	flow->group_why = calloc(n ? n : 1, sizeof(const char *));
	if (!flow->parent || !flow->group_culprit || !flow->group_why)
		return 0;
	for (size_t i = 0; i < n; i++)
		flow->parent[i] = flow->group_culprit[i] = (int)i;
	return 1;
}

int am_queue_flow_group(const am_queue_flow *flow, int member)
{
	while (flow->parent[member] != member)
		member = flow->parent[member];
	return member;
}

const am_queue_pool *am_queue_flow_pool(const am_queue_flow *flow, int group)
{
	for (size_t i = 0; i < flow->pools.count; i++)
		if (am_queue_flow_group(flow, flow->pools.items[i].channel) ==
		    group)
			return &flow->pools.items[i];
	return NULL;
}

static void free_tables(flow_build *fb)
{
	free(fb->stores);
	free(fb->indexed);
	free(fb->method_classes);
	free(fb->method_class_known);
}

/* Whether the module names one of asyncio's queues or their exceptions
 * (in code or in a string annotation): without, there is nothing to
 * follow, and most modules are spared the tables below. */
static int names_a_queue(const am_binder *b)
{
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		if (strstr(b->asyncio_refs.items[i].qualname, "Queue") ||
		    strstr(b->asyncio_refs.items[i].qualname, "queues"))
			return 1;
	for (size_t i = 0; i < b->string_refs.count; i++)
		if (b->string_refs.items[i].qualname &&
		    (strstr(b->string_refs.items[i].qualname, "Queue") ||
		     strstr(b->string_refs.items[i].qualname, "queues")))
			return 1;
	return 0;
}

int am_queue_flow_build(am_context *ctx, am_queue_flow *flow)
{
	memset(flow, 0, sizeof(*flow));
	if (!names_a_queue(ctx->binder))
		return !ctx->arena->failed;
	flow_build fb;
	memset(&fb, 0, sizeof(fb));
	fb.ctx = ctx;
	fb.flow = flow;
	size_t bindings = ctx->binder->bindings.count + 1;
	fb.stores = calloc(bindings, sizeof(*fb.stores));
	fb.indexed = calloc(ctx->binder->scopes.count + 1, 1);
	fb.method_classes = calloc(bindings, sizeof(*fb.method_classes));
	fb.method_class_known = calloc(bindings, 1);
	if (!fb.stores || !fb.indexed || !fb.method_classes ||
	    !fb.method_class_known) {
		free_tables(&fb);
		flow->failed = 1;
		return 0;
	}
	queue_read_exports(&fb, &fb.exports);
	queue_find_creations(&fb);
	queue_follow_all(&fb);
	queue_check_wanted(&fb);
	queue_spread_roles(flow);
	queue_find_handlers(&fb);
	for (size_t t = 0; t < flow->tries.count; t++)
		queue_read_clauses(&fb, &flow->tries.items[t]);
	if (!flow->failed && make_groups(flow))
		explain_groups(&fb);
	else
		flow->failed = 1;
	free_tables(&fb);
	AM_ARRAY_FREE(&fb.named);
	AM_ARRAY_FREE(&fb.wanted);
	AM_ARRAY_FREE(&fb.loose);
	AM_ARRAY_FREE(&fb.uncovered);
	return !flow->failed && !ctx->arena->failed;
}

void am_queue_flow_release(am_queue_flow *flow)
{
	AM_ARRAY_FREE(&flow->channels);
	AM_ARRAY_FREE(&flow->uses);
	AM_ARRAY_FREE(&flow->tries);
	AM_ARRAY_FREE(&flow->handler_types);
	AM_ARRAY_FREE(&flow->flags);
	AM_ARRAY_FREE(&flow->pools);
	free(flow->parent);
	free(flow->group_why);
	free(flow->group_culprit);
	flow->parent = flow->group_culprit = NULL;
	flow->group_why = NULL;
}
