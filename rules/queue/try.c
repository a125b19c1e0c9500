/*
 * `try` statements whose handlers catch `asyncio.QueueEmpty/QueueFull`:
 * which uses they cover, and whether the rewrite keeps what they catch.
 */
#include "build.h"

#include <string.h>

static unsigned exception_kind(const am_reference *ref)
{
	if (ref->ambiguous)
		return 0;
	if (strcmp(ref->qualname, "asyncio.QueueEmpty") == 0)
		return AM_QUEUE_EMPTY;
	return strcmp(ref->qualname, "asyncio.QueueFull") == 0 ? AM_QUEUE_FULL
	                                                       : 0;
}

/* The except clause whose type holds a reference, or null; *top is the
 * type expression (a tuple of exceptions, or the reference itself). */
static TSNode handler_clause(const am_context *ctx, TSNode ref, TSNode *top)
{
	const am_syntax *sx = ctx->syntax;
	TSNode node = ref, parent = am_parent(ctx, ref);
	while (am_node_is(parent, sx->tuple) ||
	       am_node_is(parent, sx->parenthesized_expression)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	*top = node;
	if (am_node_is(parent, sx->as_pattern) &&
	    ts_node_eq(ts_node_named_child(parent, 0), node)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	if (am_node_is(parent, sx->except_clause) &&
	    am_node_is_field(parent, ctx->syntax->field.value, node))
		return parent;
	return am_null_node();
}

static int try_index(flow_build *fb, TSNode statement)
{
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->tries.count; i++)
		if (ts_node_eq(flow->tries.items[i].statement, statement))
			return (int)i;
	am_queue_try t;
	memset(&t, 0, sizeof(t));
	t.statement = statement;
	t.body = am_node_field(statement, fb->ctx->syntax->field.body);
	if (!AM_ARRAY_PUSH(&flow->tries, t)) {
		flow->failed = 1;
		return -1;
	}
	return (int)flow->tries.count - 1;
}

/* Whether every element of an exception tuple is QueueEmpty/QueueFull. */
static int only_queue_exceptions(const am_context *ctx, TSNode top)
{
	uint32_t count = ts_node_named_child_count(top);
	for (uint32_t i = 0; i < count; i++) {
		TSNode e = ts_node_named_child(top, i);
		if (am_node_is(e, ctx->syntax->comment))
			return 0;
		if (!am_bind_is_asyncio(ctx->binder, e, "QueueEmpty") &&
		    !am_bind_is_asyncio(ctx->binder, e, "QueueFull"))
			return 0;
	}
	return 1;
}

static void push_handler_type(flow_build *fb, int try_at, TSNode node)
{
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->handler_types.count; i++)
		if (ts_node_eq(flow->handler_types.items[i].node, node))
			return;
	am_queue_handler_type h = {try_at, node};
	if (!AM_ARRAY_PUSH(&flow->handler_types, h))
		flow->failed = 1;
}

/* The `with contextlib.suppress(...)` whose only item's arguments hold
 * a reference, or null. */
static TSNode suppressing_with(const am_context *ctx, TSNode ref)
{
	const am_syntax *sx = ctx->syntax;
	TSNode list = am_parent(ctx, ref);
	if (!am_node_is(list, sx->argument_list))
		return am_null_node();
	TSNode call = am_parent(ctx, list);
	TSNode item = am_parent(ctx, call);
	if (!am_node_is(item, sx->with_item))
		return am_null_node();
	TSNode clause = am_parent(ctx, item);
	const char *q = am_bind_resolve(
	        ctx->binder, am_node_field(call, sx->field.function));
	if (!am_node_is(clause, sx->with_clause) ||
	    ts_node_named_child_count(clause) != 1 || !q ||
	    strcmp(q, "contextlib.suppress") != 0)
		return am_null_node();
	return am_parent(ctx, clause);
}

/* The try (or suppress) statement that names a reference in what it
 * catches, or null; *top is the node to rewrite. */
static TSNode catching_statement(const am_context *ctx, TSNode ref, TSNode *top)
{
	TSNode clause = handler_clause(ctx, ref, top);
	TSNode statement =
	        ts_node_is_null(clause) ? clause : am_parent(ctx, clause);
	if (queue_type_is(statement, "try_statement"))
		return statement;
	*top = ref;
	return suppressing_with(ctx, ref);
}

void queue_find_handlers(flow_build *fb)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (!exception_kind(ref))
			continue;
		TSNode top;
		TSNode statement = catching_statement(ctx, ref->node, &top);
		TSNode clause = am_parent(ctx, top);
		if (ts_node_is_null(statement)) {
			loose_reference loose = {ref->node,
			                         exception_kind(ref)};
			if (!AM_ARRAY_PUSH(&fb->loose, loose))
				fb->flow->failed = 1;
			continue;
		}
		if (am_node_is(clause, ctx->syntax->as_pattern))
			clause = am_parent(ctx, clause);
		int t = try_index(fb, statement);
		if (t < 0)
			return;
		if (am_except_is_star(ctx->syntax, clause))
			fb->flow->tries.items[t].why =
			        "it catches the queue's exceptions with "
			        "`except*`";
		int whole = !ts_node_eq(top, ref->node) &&
		            only_queue_exceptions(ctx, top);
		push_handler_type(fb, t, whole ? top : ref->node);
	}
}

static unsigned kinds_within(const am_binder *b, TSNode node)
{
	unsigned kinds = 0;
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		if (am_node_within(b->asyncio_refs.items[i].node, node))
			kinds |= exception_kind(&b->asyncio_refs.items[i]);
	return kinds;
}

/* The kinds each clause of a try names: caught and first. */
void queue_read_clauses(flow_build *fb, am_queue_try *t)
{
	const am_binder *b = fb->ctx->binder;
	if (!queue_type_is(t->statement, "try_statement")) {
		t->caught = t->first =
		        kinds_within(b, ts_node_named_child(t->statement, 0));
		return;
	}
	uint32_t count = ts_node_named_child_count(t->statement);
	for (uint32_t c = 0; c < count; c++) {
		TSNode clause = ts_node_named_child(t->statement, c);
		if (!am_node_is(clause, fb->ctx->syntax->except_clause))
			continue;
		TSNode type =
		        am_node_field(clause, fb->ctx->syntax->field.value);
		if (ts_node_is_null(type) ||
		    am_node_is(type, fb->ctx->syntax->block))
			continue;
		unsigned kinds = kinds_within(b, type);
		if (kinds && !t->caught)
			t->first = kinds;
		t->caught |= kinds;
	}
}

/* Whether a node is evaluated in `body` itself, not in a function or
 * class defined there. */
static int in_frame(const am_context *ctx, TSNode node, TSNode body)
{
	if (!am_node_within(node, body))
		return 0;
	for (TSNode n = am_parent(ctx, node);
	     !ts_node_is_null(n) && !ts_node_eq(n, body); n = am_parent(ctx, n))
		if (queue_defines_scope(ctx, n))
			return 0;
	return 1;
}

/* What a use raises where it stands: a `*_nowait` call, or a call that
 * hands the queue to a function that makes one. */
static unsigned raised_by(const am_queue_flow *flow, const am_queue_use *u)
{
	if (u->kind == AM_QUEUE_USE_PASS)
		return flow->channels.items[u->target].nowait;
	return ts_node_is_null(u->call) ? 0 : queue_use_nowait(u->kind);
}

static int use_of_call(const am_queue_flow *flow, TSNode call)
{
	for (size_t i = 0; i < flow->uses.count; i++)
		if (ts_node_eq(flow->uses.items[i].call, call))
			return (int)i;
	return -1;
}

int queue_find_root(int *parent, int member)
{
	while (parent[member] != member) {
		parent[member] = parent[parent[member]];
		member = parent[member];
	}
	return member;
}

void queue_join(am_queue_flow *flow, int a, int b)
{
	a = queue_find_root(flow->parent, a);
	b = queue_find_root(flow->parent, b);
	if (a != b)
		flow->parent[a > b ? a : b] = a < b ? a : b;
}

typedef struct body_scan {
	flow_build *fb;
	TSNode unknown; /* a `*_nowait` call on something else */
	int closed;
	AM_ARRAY(TSNode) callees; /* functions of the file it calls */
} body_scan;

static int covered(flow_build *fb, const am_queue_use *u, unsigned kind);

/* What the queue calls of a function raise out of it (those in no `try`
 * of its own that catches them); joins their channels to `member` when it
 * is not -1. */
static unsigned escaping(flow_build *fb, TSNode function, int member)
{
	am_queue_flow *flow = fb->flow;
	TSNode body = am_node_field(function, fb->ctx->syntax->field.body);
	unsigned kinds = 0;
	for (size_t i = 0; i < flow->uses.count; i++) {
		const am_queue_use *u = &flow->uses.items[i];
		unsigned raised = raised_by(flow, u);
		if (!raised || !in_frame(fb->ctx, u->holder, body) ||
		    (u->kind != AM_QUEUE_USE_PASS && covered(fb, u, raised)))
			continue;
		kinds |= raised;
		if (member >= 0)
			queue_join(flow, member, u->channel);
	}
	return kinds;
}

/* Builtins that call nothing of the program's that could raise a queue's
 * exceptions. */
static const char *const quiet_builtins[] = {
        "print", "len",        "range", "str",  "repr",   "int",
        "float", "bool",       "list",  "dict", "set",    "tuple",
        "min",   "max",        "sum",   "abs",  "sorted", "enumerate",
        "zip",   "isinstance", "type",  NULL,
};

static int quiet_builtin(const am_context *ctx, TSNode fn)
{
	const am_name_use *use = am_node_is(fn, ctx->syntax->identifier)
	                                 ? am_bind_find_load(ctx->binder, fn)
	                                 : NULL;
	if (!use || use->binding >= 0)
		return 0;
	for (const char *const *b = quiet_builtins; *b; b++)
		if (queue_text_eq(ctx, fn, *b, strlen(*b)))
			return 1;
	return 0;
}

/* Looks at a call of a try's body: a queue call, a quiet builtin or a
 * function of the file (followed later) keep the body closed. */
static int visit_body_call(TSNode node, void *data)
{
	body_scan *scan = data;
	am_context *ctx = scan->fb->ctx;
	const am_syntax *sx = ctx->syntax;
	if (queue_defines_scope(ctx, node))
		return 0;
	if (!am_node_is(node, sx->call) ||
	    use_of_call(scan->fb->flow, node) >= 0)
		return 1;
	TSNode fn = am_node_field(node, sx->field.function);
	TSNode method = am_node_field(fn, sx->field.attribute);
	TSNode function;
	int binding;
	if (quiet_builtin(ctx, fn))
		return 1;
	if (am_node_is(fn, sx->identifier) &&
	    !queue_callee_function(scan->fb, fn, &function, &binding)) {
		if (!AM_ARRAY_PUSH(&scan->callees, function))
			scan->fb->flow->failed = 1;
		return 1;
	}
	scan->closed = 0;
	if (am_node_is(fn, sx->attribute) && ts_node_is_null(scan->unknown) &&
	    (queue_text_eq(ctx, method, "get_nowait", 10) ||
	     queue_text_eq(ctx, method, "put_nowait", 10)))
		scan->unknown = node;
	return 1;
}

const char *queue_kind_name(unsigned kinds)
{
	if (kinds == (AM_QUEUE_EMPTY | AM_QUEUE_FULL))
		return "QueueEmpty and QueueFull";
	return kinds == AM_QUEUE_EMPTY ? "QueueEmpty" : "QueueFull";
}

const char *am_queue_try_describe(const am_context *ctx, const am_queue_try *t)
{
	return am_arena_printf(ctx->arena, "the `%s` at line %u",
	                       queue_type_is(t->statement, "try_statement")
	                               ? "try"
	                               : "suppress()",
	                       am_node_line(ctx, t->statement));
}

/* Why an involved try cannot become `except anyio.WouldBlock`, or NULL. */
static const char *try_doubt(flow_build *fb, const am_queue_try *t,
                             const body_scan *scan, TSNode body)
{
	am_context *ctx = fb->ctx;
	const char *what = am_queue_try_describe(ctx, t);
	if (t->why)
		return t->why;
	if (!ts_node_is_null(scan->unknown))
		return am_arena_printf(ctx->arena,
		                       "%s also catches what `%s` (line %u) "
		                       "raises, which is not a queue this rule "
		                       "follows",
		                       what, am_text(ctx, scan->unknown),
		                       am_node_line(ctx, scan->unknown));
	for (size_t i = 0; i < fb->loose.count; i++) {
		TSNode loose = fb->loose.items[i].node;
		if (in_frame(ctx, loose, body))
			return am_arena_printf(ctx->arena,
			                       "%s names `%s` in its body too "
			                       "(line %u)",
			                       what, am_text(ctx, loose),
			                       am_node_line(ctx, loose));
	}
	if (t->arising & ~t->first)
		return am_arena_printf(
		        ctx->arena,
		        "%s catches %s first but its body also raises %s, and "
		        "both become anyio.WouldBlock",
		        what, queue_kind_name(t->first),
		        queue_kind_name(t->arising & ~t->first));
	return NULL;
}

static void scan_body(flow_build *fb, TSNode body, body_scan *scan)
{
	memset(scan, 0, sizeof(*scan));
	scan->fb = fb;
	scan->unknown = am_null_node();
	scan->closed = 1;
	queue_walk(body, visit_body_call, scan);
}

typedef AM_ARRAY(TSNode) node_list;

static int listed(const node_list *list, TSNode node)
{
	for (size_t i = 0; i < list->count; i++)
		if (ts_node_eq(list->items[i], node))
			return 1;
	return 0;
}

/* Whether a body calls nothing but queue methods, quiet builtins and
 * functions of the file that do the same; `seen` holds the functions
 * already looked at (or being looked at). */
static int body_closed(flow_build *fb, TSNode body, node_list *seen)
{
	body_scan scan;
	scan_body(fb, body, &scan);
	int closed = scan.closed;
	for (size_t i = 0; closed && i < scan.callees.count; i++) {
		TSNode function = scan.callees.items[i];
		if (listed(seen, function))
			continue;
		if (!AM_ARRAY_PUSH(seen, function)) {
			fb->flow->failed = 1;
			closed = 0;
			break;
		}
		closed = body_closed(
		        fb,
		        am_node_field(function, fb->ctx->syntax->field.body),
		        seen);
	}
	AM_ARRAY_FREE(&scan.callees);
	return closed;
}

/* Which channels a try's body raises through, and whether it can go. */
void queue_read_try_body(flow_build *fb, size_t index)
{
	am_queue_flow *flow = fb->flow;
	am_queue_try *t = &flow->tries.items[index];
	TSNode body = am_node_field(t->statement, fb->ctx->syntax->field.body);
	for (size_t i = 0; i < flow->uses.count; i++)
		if (in_frame(fb->ctx, flow->uses.items[i].holder, body))
			t->arising |= raised_by(flow, &flow->uses.items[i]);
	body_scan scan;
	scan_body(fb, body, &scan);
	for (size_t i = 0; i < scan.callees.count; i++)
		t->arising |= escaping(fb, scan.callees.items[i], -1);
	node_list seen = {0};
	t->closed = body_closed(fb, body, &seen);
	AM_ARRAY_FREE(&seen);
	t->involved = (t->arising & t->caught) != 0;
	if (t->involved) {
		int member = (int)(flow->channels.count + index);
		t->why = try_doubt(fb, t, &scan, body);
		for (size_t i = 0; i < flow->uses.count; i++)
			if (in_frame(fb->ctx, flow->uses.items[i].holder,
			             body) &&
			    raised_by(flow, &flow->uses.items[i]))
				queue_join(flow, member,
				           flow->uses.items[i].channel);
		for (size_t i = 0; i < scan.callees.count; i++)
			escaping(fb, scan.callees.items[i], member);
	}
	AM_ARRAY_FREE(&scan.callees);
}

/* Whether a `*_nowait` call sits in a try of its function that catches
 * what it raises (and is rewritten with it). */
static int covered(flow_build *fb, const am_queue_use *u, unsigned kind)
{
	const am_context *ctx = fb->ctx;
	TSNode node = u->call;
	if (ts_node_is_null(node))
		return 0; /* a bound method: it raises where it is called */
	for (TSNode p = am_parent(ctx, node); !ts_node_is_null(p);
	     node = p, p = am_parent(ctx, p)) {
		if (queue_defines_scope(ctx, p))
			return 0;
		if (!queue_type_is(p, "try_statement") ||
		    !am_node_is_field(p, ctx->syntax->field.body, node))
			continue;
		for (size_t t = 0; t < fb->flow->tries.count; t++)
			if (ts_node_eq(fb->flow->tries.items[t].statement, p) &&
			    (fb->flow->tries.items[t].caught & kind))
				return 1;
	}
	return 0;
}

void queue_find_uncovered(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->uses.count; i++) {
		unsigned kind = queue_use_nowait(flow->uses.items[i].kind);
		if (!kind || covered(fb, &flow->uses.items[i], kind))
			continue;
		uncovered_call c = {(int)i, kind};
		if (!AM_ARRAY_PUSH(&fb->uncovered, c))
			flow->failed = 1;
	}
}
