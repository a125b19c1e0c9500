/*
 * Following each channel through the file: its holders (names, `self`
 * attributes, class declarations), and the roles of its uses (sends,
 * receives).
 */
#include "build.h"

#include <string.h>

static void classify(flow_build *fb, int channel, TSNode holder)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, holder);
	if (queue_in_lambda(ctx, holder))
		queue_set_why(
		        fb, channel,
		        am_arena_printf(ctx->arena,
		                        "`%s` is used in a lambda (line %u)",
		                        am_text(ctx, holder),
		                        am_node_line(ctx, holder)));
	else if (queue_in_self_documenting_field(ctx, holder))
		queue_set_why(
		        fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is in an f-string field that prints its "
		                "own text (`{...=}`, line %u)",
		                am_text(ctx, holder),
		                am_node_line(ctx, holder)));
	else if (!ts_node_is_null(queue_channel_at(fb, channel)->owner))
		queue_store_use(fb, channel, holder);
	else if (am_node_is(parent, sx->attribute) &&
	         am_node_is_field(parent, sx->field.object, holder))
		queue_method_use(fb, channel, holder, parent);
	else if (am_node_is(parent, sx->argument_list) ||
	         (am_node_is(parent, sx->keyword_argument) &&
	          am_node_is_field(parent, sx->field.value, holder)))
		queue_pass_use(fb, channel, holder);
	else
		queue_set_why(fb, channel, queue_describe_escape(ctx, holder));
}

static void follow_name(flow_build *fb, int channel)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_queue_channel *ch = queue_channel_at(fb, channel);
	int binding = ch->binding;
	if (binding < 0) {
		queue_set_why(fb, channel, "its name cannot be followed");
		return;
	}
	TSNode other;
	queue_binding_stores(fb, binding, ch->defined, &other);
	if (!ts_node_is_null(other))
		queue_set_why(fb, channel,
		              am_arena_printf(ctx->arena,
		                              "`%s` is bound again (line %u)",
		                              ch->name,
		                              am_node_line(ctx, other)));
	if (ch->holder == AM_QUEUE_MODULE &&
	    queue_exported(ctx, &fb->exports, ch->name, 0))
		queue_set_why(
		        fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is a public module-level name: other "
		                "modules may import it and use it as an "
		                "asyncio queue",
		                ch->name));
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding == binding)
			classify(fb, channel, b->uses.items[i].node);
}

/* Whether an attribute is assigned or deleted rather than read. */
static int is_store_target(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, node);
	while (am_node_is(parent, sx->pattern_list) ||
	       am_node_is(parent, sx->tuple_pattern) ||
	       am_node_is(parent, sx->list_pattern) ||
	       am_node_is(parent, sx->list_splat_pattern)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	if (am_node_is(parent, sx->assignment) ||
	    am_node_is(parent, sx->augmented_assignment) ||
	    am_node_is(parent, sx->for_statement))
		return am_node_is_field(parent, sx->field.left, node);
	return am_node_is(parent, sx->delete_statement) ||
	       am_node_is(parent, sx->as_pattern_target);
}

static void attribute_use(flow_build *fb, int channel, TSNode attribute)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	const am_queue_channel *ch = queue_channel_at(fb, channel);
	TSNode cls = queue_method_class(
	        fb, am_node_field(attribute, sx->field.object));
	const char *held = am_text(ctx, attribute);
	if (ts_node_is_null(cls) || !ts_node_eq(cls, ch->function))
		queue_set_why(
		        fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is used outside the methods of `%s` "
		                "(line %u), where this rule cannot tell which "
		                "object it is",
		                held,
		                am_text(ctx, am_node_field(ch->function,
		                                           sx->field.name)),
		                am_node_line(ctx, attribute)));
	else if (is_store_target(ctx, attribute))
		queue_set_why(
		        fb, channel,
		        am_arena_printf(ctx->arena,
		                        "`%s` is assigned again (line %u)",
		                        held, am_node_line(ctx, attribute)));
	else
		classify(fb, channel, attribute);
}

typedef struct name_scan {
	flow_build *fb;
	uint32_t order;
} name_scan;

static int visit_named(TSNode node, void *data)
{
	name_scan *scan = data;
	flow_build *fb = scan->fb;
	am_context *ctx = fb->ctx;
	named_node n = {NULL, 0, scan->order++, 0, node};
	n.name = queue_string_value(ctx, node, &n.len);
	if (n.name)
		n.is_string = 1;
	else if (am_node_is(node, ctx->syntax->attribute))
		n.name = am_node_text(
		        ctx->text,
		        am_node_field(node, ctx->syntax->field.attribute),
		        &n.len);
	if (n.name && !AM_ARRAY_PUSH(&fb->named, n))
		fb->flow->failed = 1;
	return !n.is_string;
}

static int name_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static int named_cmp(const void *pa, const void *pb)
{
	const named_node *a = pa, *b = pb;
	int c = name_cmp(a->name, a->len, b->name, b->len);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* The strings and attributes of the module with this value or name, in
 * the order of a walk; one walk of the module for all of them. */
const named_node *queue_named(flow_build *fb, const char *name, size_t *count)
{
	*count = 0;
	if (!fb->named_ready) {
		fb->named_ready = 1;
		name_scan scan = {fb, 0};
		queue_walk(fb->ctx->root, visit_named, &scan);
		if (fb->named.count)
			qsort(fb->named.items, fb->named.count,
			      sizeof(named_node), named_cmp);
	}
	uint32_t len = (uint32_t)strlen(name);
	size_t lo = 0, hi = fb->named.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const named_node *m = &fb->named.items[mid];
		if (name_cmp(m->name, m->len, name, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < fb->named.count &&
	       name_cmp(fb->named.items[end].name, fb->named.items[end].len,
	                name, len) == 0)
		end++;
	*count = end - lo;
	return fb->named.items + lo;
}

/* The strings that may name the attribute and the attributes of that
 * name, in source order. */
static void follow_attribute(flow_build *fb, int channel)
{
	am_context *ctx = fb->ctx;
	size_t count;
	const named_node *n =
	        queue_named(fb, queue_channel_at(fb, channel)->name, &count);
	for (size_t i = 0; i < count; i++) {
		const am_queue_channel *ch = queue_channel_at(fb, channel);
		if (n[i].is_string)
			queue_set_why(
			        fb, channel,
			        am_arena_printf(
			                ctx->arena,
			                "the string %s (line %u) may reach the "
			                "attribute by name (getattr, "
			                "__slots__)",
			                am_text(ctx, n[i].node),
			                am_node_line(ctx, n[i].node)));
		else if (!ts_node_eq(n[i].node,
		                     am_node_field(ch->assignment,
		                                   ctx->syntax->field.left)))
			attribute_use(fb, channel, n[i].node);
	}
}

/* Whether `store` is `name: T` alone on a line of the class body. */
static int is_class_declaration(const am_context *ctx, TSNode cls, TSNode store)
{
	const am_syntax *sx = ctx->syntax;
	TSNode assignment = am_parent(ctx, store);
	TSNode statement = am_parent(ctx, assignment);
	return am_node_is(assignment, sx->assignment) &&
	       am_node_is_field(assignment, sx->field.left, store) &&
	       ts_node_is_null(am_node_field(assignment, sx->field.right)) &&
	       !ts_node_is_null(am_node_field(assignment, sx->field.type)) &&
	       am_node_is(statement, sx->expression_statement) &&
	       ts_node_named_child_count(statement) == 1 &&
	       ts_node_eq(am_parent(ctx, statement),
	                  am_node_field(cls, sx->field.body));
}

/* The class body may declare the attribute: `jobs: asyncio.Queue[str]`. */
static void class_declaration(flow_build *fb, int channel)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	am_queue_channel *ch = queue_channel_at(fb, channel);
	TSNode cls = ch->function;
	int scope = am_bind_scope_of(b, cls);
	int binding = scope < 0 ? -1
	                        : am_bind_lookup(b, scope, ch->name,
	                                         strlen(ch->name));
	if (binding < 0 || b->bindings.items[binding].scope != scope)
		return;
	TSNode store;
	const char *why = NULL;
	const char *c =
	        am_text(ctx, am_node_field(cls, ctx->syntax->field.name));
	am_queue_annotation annotation;
	if (queue_binding_stores(fb, binding, am_null_node(), &store) != 1 ||
	    b->bindings.items[binding].uses ||
	    !is_class_declaration(ctx, cls, store))
		why = am_arena_printf(ctx->arena,
		                      "`%s` is also a class attribute of `%s`",
		                      ch->name, c);
	else if (queue_is_decorated(ctx, cls))
		why = am_arena_printf(
		        ctx->arena,
		        "`%s` is decorated and declares `%s` in its body (a "
		        "dataclass field, maybe)",
		        c, ch->name);
	else
		why = am_queue_annotation_read(
		        ctx,
		        queue_annotation_expression(
		                am_node_field(am_parent(ctx, store),
		                              ctx->syntax->field.type)),
		        &annotation);
	if (why)
		queue_set_why(fb, channel, why);
	else
		ch->class_annotation = am_parent(ctx, store);
}

void queue_follow_all(flow_build *fb)
{
	for (size_t i = 0; i < fb->flow->channels.count && !fb->flow->failed;
	     i++) {
		am_queue_holder holder = queue_channel_at(fb, (int)i)->holder;
		if (holder == AM_QUEUE_ATTRIBUTE || holder == AM_QUEUE_FIELD) {
			class_declaration(fb, (int)i);
			follow_attribute(fb, (int)i);
		} else {
			follow_name(fb, (int)i);
		}
	}
}

/* Every call of a function given queues must give it a followed one. */
void queue_check_wanted(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	for (size_t w = 0; w < fb->wanted.count; w++) {
		const wanted_argument *want = &fb->wanted.items[w];
		size_t u = 0;
		while (u < flow->uses.count &&
		       !(flow->uses.items[u].kind == AM_QUEUE_USE_PASS &&
		         flow->uses.items[u].target == want->channel &&
		         ts_node_eq(flow->uses.items[u].argument,
		                    want->argument)))
			u++;
		if (u < flow->uses.count)
			continue;
		const am_queue_channel *ch =
		        queue_channel_at(fb, want->channel);
		queue_set_why(
		        fb, want->channel,
		        am_arena_printf(
		                fb->ctx->arena,
		                "`%s()` is also given `%s` (line %u), which is "
		                "not a queue this rule follows",
		                am_queue_callee_name(fb->ctx, ch),
		                am_text(fb->ctx, want->argument),
		                am_node_line(fb->ctx, want->argument)));
	}
}

static unsigned use_roles(am_queue_use_kind kind)
{
	if (kind == AM_QUEUE_USE_PUT || kind == AM_QUEUE_USE_PUT_NOWAIT)
		return AM_QUEUE_SENDS;
	if (kind == AM_QUEUE_USE_GET || kind == AM_QUEUE_USE_GET_NOWAIT)
		return AM_QUEUE_RECEIVES;
	return 0;
}

unsigned queue_use_nowait(am_queue_use_kind kind)
{
	if (kind == AM_QUEUE_USE_GET_NOWAIT)
		return AM_QUEUE_EMPTY;
	return kind == AM_QUEUE_USE_PUT_NOWAIT ? AM_QUEUE_FULL : 0;
}

/* A channel needs what it does and what the parameters it is given to
 * do. */
void queue_spread_roles(am_queue_flow *flow)
{
	for (size_t i = 0; i < flow->uses.count; i++) {
		const am_queue_use *u = &flow->uses.items[i];
		flow->channels.items[u->channel].roles |= use_roles(u->kind);
		flow->channels.items[u->channel].nowait |=
		        queue_use_nowait(u->kind);
	}
	/* A parameter that neither sends nor receives gets the receive
	 * stream: either can tell its statistics. One of `__init__` takes
	 * what the attribute it is stored in needs. */
	for (size_t i = 0; i < flow->channels.count; i++) {
		const am_queue_channel *ch = &flow->channels.items[i];
		if (!am_queue_created(ch) && !ch->roles &&
		    ts_node_is_null(ch->owner))
			flow->channels.items[i].roles = AM_QUEUE_RECEIVES;
	}
	int changed = 1;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < flow->uses.count; i++) {
			const am_queue_use *u = &flow->uses.items[i];
			if (u->kind != AM_QUEUE_USE_PASS)
				continue;
			am_queue_channel *from =
			        &flow->channels.items[u->channel];
			const am_queue_channel *to =
			        &flow->channels.items[u->target];
			unsigned roles = from->roles | to->roles;
			unsigned nowait = from->nowait | to->nowait;
			changed |=
			        roles != from->roles || nowait != from->nowait;
			from->roles = roles;
			from->nowait = nowait;
		}
	}
}
