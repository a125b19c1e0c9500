/*
 * A channel's uses: the queue methods called on it, and the ways it
 * escapes (passed on, stored elsewhere, read in a lambda).
 */
#include "build.h"

#include <string.h>

typedef struct method_map {
	const char *name;
	am_queue_use_kind kind;
	int arguments; /* the item, or none */
} method_map;

static const method_map methods[] = {
        {"put", AM_QUEUE_USE_PUT, 1},
        {"get", AM_QUEUE_USE_GET, 0},
        {"put_nowait", AM_QUEUE_USE_PUT_NOWAIT, 1},
        {"get_nowait", AM_QUEUE_USE_GET_NOWAIT, 0},
        {"qsize", AM_QUEUE_USE_QSIZE, 0},
        {"empty", AM_QUEUE_USE_EMPTY, 0},
        {"full", AM_QUEUE_USE_FULL, 0},
};

static const method_map *method_of(const char *name, uint32_t len)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strlen(methods[i].name) == len &&
		    memcmp(methods[i].name, name, len) == 0)
			return &methods[i];
	return NULL;
}

/* Whether a call passes exactly the arguments asyncio's method takes. */
static int arguments_fit(const am_context *ctx, TSNode call, int item)
{
	am_call_args a;
	am_call_args_read(ctx, call, &a);
	if (a.generator || a.too_many || a.has_star || a.has_kwsplat)
		return 0;
	if (!item)
		return a.positional_count == 0 && a.keyword_count == 0;
	if (a.positional_count == 1 && a.keyword_count == 0)
		return 1;
	return a.positional_count == 0 && a.keyword_count == 1 &&
	       !ts_node_is_null(am_call_keyword(ctx, &a, "item"));
}

/* TASK_DONE or JOIN for their names; 0 (PUT) for others. */
static am_queue_use_kind pool_method(const char *name, uint32_t len)
{
	if (len == 9 && memcmp(name, "task_done", 9) == 0)
		return AM_QUEUE_USE_TASK_DONE;
	if (len == 4 && memcmp(name, "join", 4) == 0)
		return AM_QUEUE_USE_JOIN;
	return AM_QUEUE_USE_PUT;
}

/* Why a method or attribute that is not mapped stays, or NULL. */
static const char *unmapped_doubt(flow_build *fb, int channel, TSNode holder,
                                  const char *name, uint32_t len)
{
	am_context *ctx = fb->ctx;
	const char *h = am_text(ctx, holder);
	unsigned line = am_node_line(ctx, holder);
	if ((len == 9 && memcmp(name, "task_done", 9) == 0) ||
	    (len == 4 && memcmp(name, "join", 4) == 0))
		return am_arena_printf(
		        ctx->arena,
		        "`%s.%.*s()` is called (line %u), and memory object "
		        "streams have no task_done()/join()",
		        h, (int)len, name, line);
	if (len == 7 && memcmp(name, "maxsize", 7) == 0) {
		if (queue_channel_at(fb, channel)->size_kind ==
		            AM_QUEUE_LITERAL &&
		    am_queue_created(queue_channel_at(fb, channel)))
			return NULL;
		return am_arena_printf(
		        ctx->arena,
		        "`%s.maxsize` is read (line %u): asyncio gives the "
		        "maxsize passed (0 when unbounded), anyio's "
		        "max_buffer_size is math.inf then",
		        h, line);
	}
	if (name[0] == '_')
		return am_arena_printf(
		        ctx->arena,
		        "`%s.%.*s` is private asyncio state (line %u)", h,
		        (int)len, name, line);
	return am_arena_printf(
	        ctx->arena,
	        "`%s.%.*s` (line %u) has no memory object stream counterpart "
	        "this rule knows",
	        h, (int)len, name, line);
}

/* `q.method(...)`, `q.method` or `q.maxsize`. */
void queue_method_use(flow_build *fb, int channel, TSNode holder,
                      TSNode attribute)
{
	am_context *ctx = fb->ctx;
	uint32_t len;
	const char *name = am_node_text(
	        ctx->text,
	        am_node_field(attribute, ctx->syntax->field.attribute), &len);
	TSNode call = am_callee_call(ctx, attribute);
	const method_map *map = method_of(name, len);
	am_queue_use use = {
	        AM_QUEUE_USE_MAXSIZE, channel, holder, attribute, call,
	        am_null_node(),       -1,      0};
	const char *why = NULL;
	am_queue_use_kind pool_kind = pool_method(name, len);
	if (pool_kind && !ts_node_is_null(call) &&
	    arguments_fit(ctx, call, 0)) {
		/* kept for the worker pool (pool.c), or flagged there */
		use.kind = pool_kind;
		queue_push_use(fb, use);
		return;
	}
	if (!map) {
		why = unmapped_doubt(fb, channel, holder, name, len);
		if (!why && !ts_node_is_null(call))
			why = "`maxsize` is called";
	} else if (ts_node_is_null(call) && map->kind >= AM_QUEUE_USE_QSIZE) {
		why = am_arena_printf(
		        ctx->arena,
		        "`%s` is used without being called (line %u)",
		        am_text(ctx, attribute), am_node_line(ctx, attribute));
	} else if (!ts_node_is_null(call) &&
	           !arguments_fit(ctx, call, map->arguments)) {
		why = am_arena_printf(
		        ctx->arena,
		        "`%s()` is given arguments asyncio's queue does not "
		        "take (line %u)",
		        am_text(ctx, attribute), am_node_line(ctx, call));
	}
	if (map)
		use.kind = map->kind;
	if (why)
		queue_set_why(fb, channel, why);
	else
		queue_push_use(fb, use);
}

/* How a use hands the queue on, for messages. */
const char *queue_describe_escape(const am_context *ctx, TSNode holder)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, holder);
	const char *how = "used as a value";
	if (am_node_is(parent, sx->return_statement))
		how = "returned";
	else if (queue_type_is(parent, "yield"))
		how = "yielded";
	else if ((am_node_is(parent, sx->assignment) &&
	          am_node_is_field(parent, sx->field.right, holder)) ||
	         am_node_is(parent, sx->named_expression))
		how = "assigned to another name";
	else if (queue_type_is(parent, "list") ||
	         am_node_is(parent, sx->tuple) ||
	         queue_type_is(parent, "set") ||
	         queue_type_is(parent, "pair") ||
	         am_node_is(parent, sx->expression_list))
		how = "stored in a container";
	return am_arena_printf(ctx->arena,
	                       "`%s` is %s (line %u), and the streams that "
	                       "replace it cannot be followed from there",
	                       am_text(ctx, holder), how,
	                       am_node_line(ctx, holder));
}

/* Whether pred holds for an ancestor of node, read up the binder's list
 * of parents (no search from the root). */
static int any_ancestor(const am_context *ctx, TSNode node,
                        int (*pred)(const am_context *, TSNode))
{
	for (TSNode n = am_parent(ctx, node); !ts_node_is_null(n);
	     n = am_parent(ctx, n))
		if (pred(ctx, n))
			return 1;
	return 0;
}

/* An f-string field that prints its own source text: f"{q.qsize()=}". */
static int is_self_documenting_field(const am_context *ctx, TSNode n)
{
	(void)ctx;
	if (!queue_type_is(n, "interpolation"))
		return 0;
	uint32_t count = ts_node_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_child(n, i);
		if (!ts_node_is_named(child) && queue_type_is(child, "="))
			return 1;
	}
	return 0;
}

static int is_lambda(const am_context *ctx, TSNode n)
{
	return am_node_is(n, ctx->syntax->lambda);
}

int queue_in_self_documenting_field(const am_context *ctx, TSNode node)
{
	return any_ancestor(ctx, node, is_self_documenting_field);
}

int queue_in_lambda(const am_context *ctx, TSNode node)
{
	return any_ancestor(ctx, node, is_lambda);
}
