/*
 * The worker pool of asyncio's documentation (flow.h, am_queue_pool): the
 * one shape in which a queue's task_done() and join() have a counterpart.
 * Closing the send stream where join() was lets each worker's `async for`
 * end once the items are received, and the task group's end waits for the
 * last item to be done, as join() did; the workers' cancel then has nothing
 * left to stop. That holds only while nothing else can tell the two apart,
 * so every part of the shape is checked: every put before join(), in the
 * function that makes the queue; the workers doing nothing but their loop;
 * the tasks used for nothing but their cancel.
 */
#include "build.h"
#include "deeper.h"
#include "statement.h"

#include <string.h>

/* The statement a call is made of: `await q.join()`, `x = f()`, `f()`. */
static TSNode call_statement(const am_context *ctx, TSNode call)
{
	if (ts_node_is_null(call))
		return call;
	TSNode up = am_parent(ctx, call);
	if (am_node_is(up, ctx->syntax->await))
		up = am_parent(ctx, up);
	if (am_node_is(up, ctx->syntax->assignment))
		up = am_parent(ctx, up);
	return am_node_is(up, ctx->syntax->expression_statement)
	               ? up
	               : am_null_node();
}

static TSNode first_statement(const am_context *ctx, TSNode block)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(block); i++) {
		TSNode s = ts_node_named_child(block, i);
		if (!am_node_is(s, ctx->syntax->comment))
			return s;
	}
	return am_null_node();
}

/* Whether a statement has its lines to itself, with no comment in or
 * after it: removing its lines loses nothing. */
static int removable(const am_context *ctx, TSNode statement)
{
	uint32_t at = ts_node_end_byte(statement);
	while (at < ctx->len && (ctx->text[at] == ' ' || ctx->text[at] == '\t'))
		at++;
	return am_statement_stands_alone(ctx, statement) &&
	       !am_has_comment(ctx, statement) &&
	       (at == ctx->len || ctx->text[at] == '\n' ||
	        ctx->text[at] == '\r');
}

typedef struct jump_scan {
	const am_context *ctx;
	int loops; /* loops entered inside the body */
	int found;
} jump_scan;

/* A `return` or `break` anywhere, a `continue` of the loop itself. */
static void scan_jumps(jump_scan *scan, TSNode node)
{
	const am_syntax *sx = scan->ctx->syntax;
	if (scan->found || queue_defines_scope(scan->ctx, node))
		return;
	if (am_node_is(node, sx->return_statement) ||
	    am_node_is(node, sx->break_statement) ||
	    am_node_is(node, sx->yield) ||
	    (am_node_is(node, sx->continue_statement) && !scan->loops)) {
		scan->found = 1;
		return;
	}
	int loop = am_node_is(node, sx->for_statement) ||
	           am_node_is(node, sx->while_statement);
	scan->loops += loop;
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
		scan_jumps(scan, ts_node_named_child(node, i));
	scan->loops -= loop;
}

/* Whether a string under node spans lines: moving its lines to another
 * indentation would change its value. */
static int spans_lines(const am_context *ctx, TSNode node)
{
	if (am_node_is(node, ctx->syntax->string))
		return ts_node_start_point(node).row !=
		       ts_node_end_point(node).row;
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
		if (spans_lines(ctx, ts_node_named_child(node, i)))
			return 1;
	return 0;
}

/* A `try` without handlers whose body can take its place: `try:` alone on
 * its line, its body on the lines below. */
static int unwrappable(const am_context *ctx, TSNode statement)
{
	uint32_t at = ts_node_start_byte(statement) + 4; /* `try:` */
	while (at < ctx->len && (ctx->text[at] == ' ' || ctx->text[at] == '\t'))
		at++;
	TSNode body = am_node_field(statement, ctx->syntax->field.body);
	return at < ctx->len &&
	       (ctx->text[at] == '\n' || ctx->text[at] == '\r') &&
	       am_statement_stands_alone(ctx, statement) &&
	       !ts_node_is_null(body) && !spans_lines(ctx, body);
}

/* The `finally:` clause of the `try` that ends a worker's loop, holding
 * only `done`; for a `try` without handlers, the `try` to unwrap too. */
static TSNode finally_holding(const am_context *ctx, TSNode statement,
                              TSNode done, TSNode *unwrap)
{
	*unwrap = am_null_node();
	if (!am_node_is(statement, ctx->syntax->try_statement) ||
	    ts_node_is_null(done))
		return am_null_node();
	TSNode finale = am_null_node();
	int handlers = 0;
	for (uint32_t i = 0; i < ts_node_named_child_count(statement); i++) {
		TSNode c = ts_node_named_child(statement, i);
		handlers += am_node_is(c, ctx->syntax->except_clause) ||
		            queue_type_is(c, "else_clause");
		if (queue_type_is(c, "finally_clause"))
			finale = c;
	}
	TSNode block = ts_node_is_null(finale) ? finale
	                                       : ts_node_named_child(finale, 0);
	if (!am_node_is(block, ctx->syntax->block) ||
	    !ts_node_eq(am_block_only_statement(ctx, block), done) ||
	    am_has_comment(ctx, finale) || !removable(ctx, done) ||
	    !am_statement_stands_alone(ctx, finale) ||
	    (!handlers && !unwrappable(ctx, statement)))
		return am_null_node();
	if (!handlers)
		*unwrap = statement;
	return finale;
}

/* Reads the worker's loop; returns why it is not a pool's worker. */
static const char *read_worker(flow_build *fb, const am_queue_use *get,
                               const am_queue_use *done, am_queue_worker *w)
{
	const am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	const char *shape = "a worker's loop is not get() ... task_done()";
	TSNode function = queue_channel_at(fb, get->channel)->function;
	TSNode body = am_node_field(function, sx->field.body);
	w->channel = get->channel;
	w->loop = am_block_only_statement(ctx, body);
	w->first = call_statement(ctx, get->call);
	w->done = call_statement(ctx, done->call);
	/* `item = await q.get()` and `q.task_done()` alone, nothing else */
	if (ts_node_is_null(w->done) ||
	    !ts_node_eq(am_parent(ctx, done->call), w->done) ||
	    !am_node_is(am_parent(ctx, get->call), sx->await))
		return "a worker's loop is not get() ... task_done()";
	if (!am_node_is(w->loop, sx->while_statement) ||
	    !queue_type_is(am_node_field(w->loop, sx->field.condition),
	                   "true") ||
	    ts_node_named_child_count(w->loop) != 2 ||
	    ts_node_is_null(w->first))
		return "a worker is not one `while True:` loop";
	TSNode block = am_node_field(w->loop, sx->field.body);
	TSNode assignment = ts_node_named_child(w->first, 0);
	w->item = am_node_field(assignment, sx->field.left);
	TSNode last = am_block_last_statement(ctx, block);
	w->finale = finally_holding(ctx, last, w->done, &w->unwrap);
	if (!ts_node_eq(first_statement(ctx, block), w->first) ||
	    !am_node_is(assignment, sx->assignment) ||
	    !ts_node_eq(am_node_field(assignment, sx->field.right),
	                am_parent(ctx, get->call)) ||
	    !am_node_is(w->item, sx->identifier) ||
	    !ts_node_is_null(am_node_field(assignment, sx->field.type)) ||
	    (!ts_node_eq(last, w->done) && ts_node_is_null(w->finale)) ||
	    am_block_statement_count(ctx, block) < 2 ||
	    (ts_node_is_null(w->finale) &&
	     (am_block_statement_count(ctx, block) < 3 ||
	      !removable(ctx, w->done))))
		return shape;
	if (!ts_node_is_null(w->finale))
		w->done = am_null_node();
	if (am_comment_between(ctx, w->loop, ts_node_start_byte(w->loop),
	                       ts_node_end_byte(w->first)))
		return "a comment sits in a worker's loop header";
	jump_scan scan = {ctx, 0, 0};
	scan_jumps(&scan, block);
	if (scan.found)
		return "a worker's loop may skip task_done()";
	return NULL;
}

/* The binding an identifier loads, or -1. */
static int loaded_binding(const am_context *ctx, TSNode identifier)
{
	const am_name_use *use =
	        am_node_is(identifier, ctx->syntax->identifier)
	                ? am_bind_find_load(ctx->binder, identifier)
	                : NULL;
	return use ? use->binding : -1;
}

typedef struct store_scan {
	TSNode within[4];
	int outside;
} store_scan;

static int inside_any(const TSNode *within, size_t count, TSNode node)
{
	for (size_t i = 0; i < count; i++)
		if (!ts_node_is_null(within[i]) &&
		    am_node_within(node, within[i]))
			return 1;
	return 0;
}

static void note_store(const am_context *ctx, TSNode identifier, void *data)
{
	(void)ctx;
	store_scan *scan = data;
	scan->outside |= !inside_any(scan->within, 4, identifier);
}

/* Whether every load and store of a binding is inside one of `within`. */
static int used_only_in(am_context *ctx, int binding, TSNode function,
                        const TSNode within[4])
{
	size_t count;
	if (binding < 0)
		return 0;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; loads && i < count; i++)
		if (!inside_any(within, 4,
		                ctx->binder->uses.items[loads[i]].node))
			return 0;
	store_scan scan = {{within[0], within[1], within[2], within[3]}, 0};
	am_each_store(ctx, binding, function, note_store, &scan);
	return loads && !scan.outside;
}

/* `asyncio.create_task(worker(...))` with the worker's call alone. */
static int is_create_task(const am_context *ctx, TSNode call, TSNode coroutine)
{
	am_call_args a;
	if (!am_node_is(call, ctx->syntax->call) ||
	    !am_bind_is_asyncio(
	            ctx->binder,
	            am_node_field(call, ctx->syntax->field.function),
	            "create_task"))
		return 0;
	am_call_args_read(ctx, call, &a);
	return a.positional_count == 1 && !a.keyword_count && !a.has_star &&
	       ts_node_eq(a.positional[0], coroutine);
}

/* `tasks.append(x)` as a statement: its argument x, or null. */
static TSNode appended(const am_context *ctx, TSNode statement, TSNode *list)
{
	TSNode call = am_statement_expression(ctx, statement);
	if (!am_node_is(call, ctx->syntax->call))
		return am_null_node();
	TSNode callee = am_node_field(call, ctx->syntax->field.function);
	am_call_args a;
	if (!am_node_is(callee, ctx->syntax->attribute) ||
	    !queue_text_eq(ctx,
	                   am_node_field(callee, ctx->syntax->field.attribute),
	                   "append", 6))
		return am_null_node();
	am_call_args_read(ctx, call, &a);
	*list = am_node_field(callee, ctx->syntax->field.object);
	if (a.positional_count != 1 || a.keyword_count || a.has_star ||
	    !am_node_is(*list, ctx->syntax->identifier))
		return am_null_node();
	return a.positional[0];
}

typedef struct first_store {
	TSNode node;
	int count;
} first_store;

static void count_store(const am_context *ctx, TSNode identifier, void *data)
{
	(void)ctx;
	first_store *s = data;
	if (!s->count++)
		s->node = identifier;
}

/* `tasks = []` in the function's body before the loop that fills it. */
static TSNode empty_list(am_context *ctx, int binding, TSNode function,
                         TSNode loop)
{
	first_store store = {am_null_node(), 0};
	am_each_store(ctx, binding, function, count_store, &store);
	if (store.count != 1)
		return am_null_node();
	TSNode assignment = am_parent(ctx, store.node);
	TSNode statement = am_parent(ctx, assignment);
	TSNode value = am_node_field(assignment, ctx->syntax->field.right);
	if (store.count != 1 ||
	    !am_node_is(assignment, ctx->syntax->assignment) ||
	    !queue_type_is(value, "list") || ts_node_named_child_count(value) ||
	    !ts_node_eq(am_parent(ctx, statement), am_parent(ctx, loop)) ||
	    ts_node_start_byte(statement) > ts_node_start_byte(loop) ||
	    !removable(ctx, statement))
		return am_null_node();
	return statement;
}

/* The binding a name has in the scope of the function it is in, or -1. */
static int bound_here(const am_context *ctx, TSNode identifier)
{
	if (!am_node_is(identifier, ctx->syntax->identifier))
		return -1;
	uint32_t len;
	const char *name = am_node_text(ctx->text, identifier, &len);
	int scope = am_bind_scope_of(ctx->binder, am_own_def(ctx, identifier));
	return scope < 0 ? -1 : am_bind_lookup(ctx->binder, scope, name, len);
}

/* A plain `for x in y:` of the function's body holding only `body`. */
static int plain_loop(const am_context *ctx, TSNode loop, TSNode block)
{
	uint32_t parts = 0; /* a comment above the body may be the loop's */
	for (uint32_t i = 0; i < ts_node_named_child_count(loop); i++)
		parts += !am_node_is(ts_node_named_child(loop, i),
		                     ctx->syntax->comment);
	return am_node_is(loop, ctx->syntax->for_statement) && parts == 3 &&
	       queue_text_eq(ctx, ts_node_child(loop, 0), "for", 3) &&
	       ts_node_eq(am_node_field(loop, ctx->syntax->field.body),
	                  block) &&
	       am_node_is(am_node_field(loop, ctx->syntax->field.left),
	                  ctx->syntax->identifier);
}

/* Whether the comprehension's variable, made a variable of the function
 * by the loop that replaces it, names something the function sees. */
static int free_name_taken(const am_context *ctx, TSNode variable,
                           TSNode statement)
{
	uint32_t len;
	const char *name = am_node_text(ctx->text, variable, &len);
	int scope = am_bind_scope_of(ctx->binder, am_own_def(ctx, statement));
	return scope < 0 || am_bind_lookup(ctx->binder, scope, name, len) >= 0;
}

/* The loop, or the comprehension, that starts the workers into a list;
 * returns the list's name, or null. */
static TSNode read_creation(am_context *ctx, TSNode make_call,
                            am_queue_pool *pool)
{
	const am_syntax *sx = ctx->syntax;
	TSNode up = am_parent(ctx, make_call), list = am_null_node();
	if (queue_type_is(up, "list_comprehension")) {
		TSNode clause = ts_node_named_child(up, 1);
		TSNode assignment = am_parent(ctx, up);
		pool->comprehension = up;
		pool->creation = pool->make = am_parent(ctx, assignment);
		if (ts_node_named_child_count(up) != 2 ||
		    !am_node_is(clause, sx->for_in_clause) ||
		    !queue_text_eq(ctx, ts_node_child(clause, 0), "for", 3) ||
		    !am_node_is(am_node_field(clause, sx->field.left),
		                sx->identifier) ||
		    !am_node_is(assignment, sx->assignment) ||
		    free_name_taken(ctx, am_node_field(clause, sx->field.left),
		                    assignment))
			return am_null_node();
		return am_node_field(assignment, sx->field.left);
	}
	if (am_node_is(up, sx->assignment)) {
		pool->make = am_parent(ctx, up);
		pool->append = am_statement_next(ctx, pool->make);
		if (!am_same_name(ctx, am_node_field(up, sx->field.left),
		                  appended(ctx, pool->append, &list)) ||
		    !removable(ctx, pool->append))
			return am_null_node();
	} else {
		pool->make = call_statement(ctx, am_parent(ctx, up));
		if (!ts_node_eq(appended(ctx, pool->make, &list), make_call))
			return am_null_node();
	}
	if (ts_node_is_null(pool->make))
		return am_null_node();
	TSNode block = am_parent(ctx, pool->make);
	pool->creation = am_parent(ctx, block);
	if (!ts_node_eq(first_statement(ctx, block), pool->make) ||
	    !plain_loop(ctx, pool->creation, block) ||
	    am_block_statement_count(ctx, block) !=
	            (ts_node_is_null(pool->append) ? 1u : 2u))
		return am_null_node();
	return list;
}

/* `for t in tasks: t.cancel()` right after join(). */
static int is_cancel_loop(am_context *ctx, TSNode loop, int tasks)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(loop, sx->for_statement))
		return 0;
	TSNode block = am_node_field(loop, sx->field.body);
	TSNode call = am_statement_expression(
	        ctx, am_block_only_statement(ctx, block));
	if (!am_node_is(call, sx->call))
		return 0;
	TSNode callee = am_node_field(call, sx->field.function);
	am_call_args a;
	if (!plain_loop(ctx, loop, block) ||
	    loaded_binding(ctx, am_node_field(loop, sx->field.right)) !=
	            tasks ||
	    !am_node_is(callee, sx->attribute) ||
	    !am_same_name(ctx, am_node_field(callee, sx->field.object),
	                  am_node_field(loop, sx->field.left)) ||
	    !queue_text_eq(ctx, am_node_field(callee, sx->field.attribute),
	                   "cancel", 6) ||
	    !removable(ctx, loop))
		return 0;
	am_call_args_read(ctx, call, &a);
	return !a.positional_count && !a.keyword_count && !a.has_kwsplat;
}

/* `await asyncio.gather(*tasks, return_exceptions=True)` after the
 * cancels: 1; another gather of the tasks: -1 (without
 * return_exceptions=True it raises CancelledError); anything else: 0. */
static int read_gather(am_context *ctx, TSNode statement, int tasks)
{
	const am_syntax *sx = ctx->syntax;
	TSNode await = am_statement_expression(ctx, statement);
	if (!am_node_is(await, sx->await))
		return 0;
	TSNode call = ts_node_named_child(await, 0);
	if (!am_node_is(call, sx->call) ||
	    !am_bind_is_asyncio(ctx->binder,
	                        am_node_field(call, sx->field.function),
	                        "gather"))
		return 0;
	am_call_args a;
	am_call_args_read(ctx, call, &a);
	TSNode flag = am_call_keyword(ctx, &a, "return_exceptions");
	if (a.positional_count != 1 ||
	    !am_node_is(a.positional[0], sx->list_splat) ||
	    loaded_binding(ctx, ts_node_named_child(a.positional[0], 0)) !=
	            tasks)
		return 0;
	return a.keyword_count == 1 && !ts_node_is_null(flag) &&
	                       queue_text_eq(ctx, flag, "True", 4) &&
	                       removable(ctx, statement)
	               ? 1
	               : -1;
}

/* The cancel loop (and gather) after join(), and the names that go with the
 * tasks: used nowhere else. */
static const char *read_shutdown(am_context *ctx, am_queue_pool *pool,
                                 TSNode function, int tasks)
{
	const am_syntax *sx = ctx->syntax;
	pool->cancels = am_statement_next(ctx, pool->join_statement);
	if (ts_node_is_null(pool->cancels) ||
	    !is_cancel_loop(ctx, pool->cancels, tasks))
		return "the tasks are not cancelled after join()";
	TSNode next = am_statement_next(ctx, pool->cancels);
	int gather = ts_node_is_null(next) ? 0 : read_gather(ctx, next, tasks);
	if (gather < 0)
		return "the gather lacks return_exceptions=True";
	pool->gather = gather ? next : am_null_node();
	const TSNode where[4] = {pool->list, pool->creation, pool->cancels,
	                         pool->gather};
	const TSNode loops[4] = {pool->creation, pool->cancels, am_null_node(),
	                         am_null_node()};
	TSNode task = am_node_field(ts_node_named_child(pool->make, 0),
	                            sx->field.left);
	if (!used_only_in(ctx, tasks, function, where) ||
	    !used_only_in(ctx,
	                  bound_here(ctx, am_node_field(pool->cancels,
	                                                sx->field.left)),
	                  function, loops) ||
	    (!ts_node_is_null(pool->append) &&
	     !used_only_in(ctx, bound_here(ctx, task), function, loops)))
		return "the tasks have other uses";
	return NULL;
}

/* Reads the main side of the pool, the queue's function, given its join()
 * and the worker's call; returns why it is not the pool's shape. */
static const char *read_main(am_context *ctx, am_queue_pool *pool,
                             const am_queue_use *join, TSNode coroutine)
{
	TSNode function = am_own_def(ctx, join->call);
	if (ts_node_is_null(function))
		return "join() is outside a function";
	TSNode body = am_node_field(function, ctx->syntax->field.body);
	TSNode make = am_parent(ctx, am_parent(ctx, coroutine));
	pool->join_statement = call_statement(ctx, join->call);
	if (!am_node_is(am_parent(ctx, join->call), ctx->syntax->await) ||
	    ts_node_is_null(pool->join_statement) ||
	    !ts_node_eq(am_parent(ctx, pool->join_statement), body))
		return "join() is not a statement of its function";
	if (!is_create_task(ctx, make, coroutine))
		return "the workers are not made by create_task()";
	TSNode list = read_creation(ctx, make, pool);
	int tasks = loaded_binding(ctx, list);
	if (!ts_node_is_null(pool->comprehension))
		tasks = bound_here(ctx, list);
	if (ts_node_is_null(list) || tasks < 0 ||
	    !ts_node_eq(am_parent(ctx, pool->creation), body) ||
	    am_has_comment(ctx, pool->make) ||
	    ts_node_start_byte(pool->creation) >
	            ts_node_start_byte(pool->join_statement))
		return "the tasks are not made by a loop into a list";
	if (ts_node_is_null(pool->comprehension)) {
		pool->list = empty_list(ctx, tasks, function, pool->creation);
		if (ts_node_is_null(pool->list))
			return "the tasks' list is not made empty first";
	}
	return read_shutdown(ctx, pool, function, tasks);
}

/* The uses of a group's channels by kind: the queue's, then the
 * worker's. */
typedef struct pool_uses {
	int queue, worker; /* channels */
	int join, get, done, pass, other;
} pool_uses;

static void count_use(flow_build *fb, pool_uses *u, int index)
{
	const am_queue_use *use = &fb->flow->uses.items[index];
	int own = use->channel == u->queue;
	if (own && use->kind == AM_QUEUE_USE_JOIN && u->join < 0)
		u->join = index;
	else if (own && use->kind == AM_QUEUE_USE_PASS && u->pass < 0 &&
	         use->target == u->worker)
		u->pass = index;
	else if (!own && use->kind == AM_QUEUE_USE_GET && u->get < 0)
		u->get = index;
	else if (!own && use->kind == AM_QUEUE_USE_TASK_DONE && u->done < 0)
		u->done = index;
	else if (!own || (use->kind != AM_QUEUE_USE_PUT &&
	                  use->kind != AM_QUEUE_USE_PUT_NOWAIT))
		u->other = 1; /* puts: see puts_first() */
}

/* The group's one queue and one worker parameter, and their uses. */
static const char *read_uses(flow_build *fb, int group, pool_uses *u)
{
	am_queue_flow *flow = fb->flow;
	*u = (pool_uses){-1, -1, -1, -1, -1, -1, 0};
	for (size_t i = 0; i < flow->channels.count; i++) {
		if (queue_find_root(flow->parent, (int)i) != group)
			continue;
		int *slot = flow->channels.items[i].holder == AM_QUEUE_PARAMETER
		                    ? &u->worker
		                    : &u->queue;
		if (*slot >= 0)
			return "its group holds other queues or functions";
		*slot = (int)i;
	}
	if (u->queue < 0 ||
	    flow->channels.items[u->queue].holder != AM_QUEUE_LOCAL)
		return "the queue is not a local name";
	if (u->worker < 0)
		return "no worker function is given the queue";
	for (size_t i = 0; i < flow->uses.count; i++)
		if (queue_find_root(flow->parent,
		                    flow->uses.items[i].channel) == group)
			count_use(fb, u, (int)i);
	if (u->other || u->join < 0 || u->get < 0 || u->done < 0 || u->pass < 0)
		return "the queue has other uses";
	return NULL;
}

/* Every put before join(), in the function that joins. */
static int puts_first(flow_build *fb, const pool_uses *u, TSNode join)
{
	const am_queue_flow *flow = fb->flow;
	TSNode function = am_own_def(fb->ctx, join);
	for (size_t i = 0; i < flow->uses.count; i++) {
		const am_queue_use *use = &flow->uses.items[i];
		if (use->channel == u->queue &&
		    (use->kind == AM_QUEUE_USE_PUT ||
		     use->kind == AM_QUEUE_USE_PUT_NOWAIT) &&
		    (ts_node_end_byte(use->holder) > ts_node_start_byte(join) ||
		     !ts_node_eq(am_own_def(fb->ctx, use->holder), function)))
			return 0;
	}
	return 1;
}

/* Reads the pool of a group; returns why it is not one. */
static const char *read_pool(flow_build *fb, int group, am_queue_pool *pool)
{
	am_context *ctx = fb->ctx;
	const am_queue_flow *flow = fb->flow;
	pool_uses u;
	const char *why = read_uses(fb, group, &u);
	if (why)
		return why;
	const am_queue_use *join = &flow->uses.items[u.join];
	pool->channel = u.queue;
	pool->join = u.join;
	pool->coroutine = am_parent(
	        ctx, am_parent(ctx, flow->uses.items[u.pass].argument));
	if (!am_node_is(pool->coroutine, ctx->syntax->call) ||
	    !am_node_is(
	            am_node_field(pool->coroutine, ctx->syntax->field.function),
	            ctx->syntax->identifier) ||
	    !ts_node_eq(flow->uses.items[u.pass].argument,
	                flow->uses.items[u.pass].holder))
		return "the workers are not made by create_task()";
	am_call_args a;
	am_call_args_read(ctx, pool->coroutine, &a);
	if (a.keyword_count || a.has_star || a.too_many || a.generator)
		return "the worker gets keyword or * arguments";
	why = read_main(ctx, pool, join, pool->coroutine);
	if (!why && !puts_first(fb, &u, join->call))
		why = "an item is put after join()";
	if (!why && (why = am_deeper_problem(ctx, pool->creation,
	                                     pool->join_statement)))
		why = am_arena_printf(ctx->arena, "code before join() %s", why);
	if (!why)
		why = read_worker(fb, &flow->uses.items[u.get],
		                  &flow->uses.items[u.done], &pool->worker);
	if (!why)
		fb->flow->uses.items[u.get].pooled = 1;
	return why;
}

/* `q.join()` is called (line 12), and ...: for a group that uses them and
 * is not a pool. */
static const char *not_a_pool(flow_build *fb, const am_queue_use *use,
                              const char *why)
{
	am_context *ctx = fb->ctx;
	return am_arena_printf(
	        ctx->arena, "`%s()` (line %u) is not in a worker pool: %s",
	        am_text(ctx, use->method), am_node_line(ctx, use->method), why);
}

/* Each group that calls join() or task_done() is a pool or stays, named
 * by its join() when it has one. */
void queue_find_pools(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	size_t count = flow->uses.count;
	for (size_t k = 0; k < 2 * count && !flow->failed; k++) {
		const am_queue_use *use = &flow->uses.items[k % count];
		int group = queue_find_root(flow->parent, use->channel);
		if (use->kind != (k < count ? AM_QUEUE_USE_JOIN
		                            : AM_QUEUE_USE_TASK_DONE) ||
		    flow->group_why[group] || am_queue_flow_pool(flow, group))
			continue;
		am_queue_pool pool;
		memset(&pool, 0, sizeof(pool));
		const char *why = read_pool(fb, group, &pool);
		if (why)
			queue_set_group_why(flow, use->channel,
			                    not_a_pool(fb, use, why));
		else if (!AM_ARRAY_PUSH(&flow->pools, pool))
			flow->failed = 1;
	}
}
