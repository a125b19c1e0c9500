/*
 * Classes of the file given queues: `Cls(q)` hands the queue to a
 * parameter of `Cls.__init__`, which only stores it on `self`. The
 * attribute it is stored in is then a channel followed through the class's
 * methods as a queue made there would be, and the store hands it the
 * streams the parameter becomes.
 */
#include "build.h"

#include <string.h>

/* Names by which other code may reach an attribute without naming it, or
 * make an instance without running `__init__`. */
static const char *const magic_names[] = {
        "__slots__",   "__getattr__", "__getattribute__",
        "__setattr__", "__delattr__", "__new__",
};

int queue_callee_class(flow_build *fb, TSNode name, TSNode *cls, int *binding)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_name_use *use = am_bind_find_load(b, name);
	TSNode def, parent;
	*binding = use ? use->binding : -1;
	if (*binding < 0 ||
	    b->bindings.items[*binding].kind != AM_BINDING_OTHER ||
	    queue_binding_stores(fb, *binding, am_null_node(), &def) != 1)
		return 0;
	parent = am_parent(ctx, def);
	if (!am_node_is(parent, ctx->syntax->class_definition) ||
	    !am_node_is_field(parent, ctx->syntax->field.name, def))
		return 0;
	*cls = parent;
	return 1;
}

/* The binding of `name` in the class's own scope, or -1. */
static int class_member(const am_context *ctx, TSNode cls, const char *name)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_of(b, cls);
	int binding =
	        scope < 0 ? -1 : am_bind_lookup(b, scope, name, strlen(name));
	return binding >= 0 && b->bindings.items[binding].scope == scope
	               ? binding
	               : -1;
}

/* Whether the class names no base but `object`, and no metaclass. */
static int plain_bases(const am_context *ctx, TSNode cls)
{
	TSNode bases = am_node_field(cls, ctx->syntax->field.superclasses);
	if (ts_node_is_null(bases))
		return 1;
	uint32_t count = ts_node_named_child_count(bases), seen = 0;
	for (uint32_t i = 0; i < count; i++) {
		TSNode base = ts_node_named_child(bases, i);
		if (am_node_is(base, ctx->syntax->comment))
			continue;
		const am_name_use *use = am_bind_find_load(ctx->binder, base);
		if (seen++ || !am_node_is(base, ctx->syntax->identifier) ||
		    !queue_text_eq(ctx, base, "object", 6) ||
		    (use && use->binding >= 0))
			return 0;
	}
	return 1;
}

/* Whether a `def` stands in the class's body, decorated or not. */
static int defined_in(const am_context *ctx, TSNode def, TSNode cls)
{
	TSNode block = am_parent(ctx, def);
	if (am_node_is(block, ctx->syntax->decorated_definition))
		block = am_parent(ctx, block);
	return am_node_is(block, ctx->syntax->block) &&
	       ts_node_eq(am_parent(ctx, block), cls);
}

typedef struct init_scan {
	const am_context *ctx;
	TSNode cls;
	int scope;
	unsigned stores; /* of `__init__` in the class's scope */
} init_scan;

/* The binder scopes a `def`'s name with its body: the class's own
 * `def __init__` is told by where it stands. */
static void visit_init(TSNode node, void *data)
{
	init_scan *scan = data;
	const am_context *ctx = scan->ctx;
	if (!am_node_is(node, ctx->syntax->identifier) ||
	    !queue_text_eq(ctx, node, "__init__", 8) ||
	    am_bind_find_load(ctx->binder, node) ||
	    am_is_member_name(ctx, node))
		return;
	TSNode parent = am_parent(ctx, node);
	if (am_node_is(parent, ctx->syntax->function_definition) &&
	    am_node_is_field(parent, ctx->syntax->field.name, node))
		scan->stores += defined_in(ctx, parent, scan->cls);
	else
		scan->stores += am_bind_scope_at(ctx->binder,
		                                 ts_node_start_byte(node)) ==
		                scan->scope;
}

/* The class's own `__init__`, a plain `def` bound once in its body; returns
 * why there is none to follow a queue into, or NULL. */
static const char *class_init(flow_build *fb, TSNode cls, TSNode *init)
{
	am_context *ctx = fb->ctx;
	int binding = class_member(ctx, cls, "__init__");
	if (binding < 0)
		return "which has no `__init__` of its own";
	const am_binding *bd = &ctx->binder->bindings.items[binding];
	init_scan scan = {ctx, cls, bd->scope, 0};
	am_bind_each_named(ctx->binder,
	                   am_node_field(cls, ctx->syntax->field.body),
	                   visit_init, &scan);
	if (scan.stores != 1 || ts_node_is_null(bd->definition) ||
	    !ts_node_eq(bd->definition, bd->undecorated_definition))
		return "whose `__init__` is not bound once, by a plain `def`";
	*init = bd->definition;
	return NULL;
}

/* Why a class may make or reach its instances in ways this rule cannot
 * see, or NULL. */
static const char *class_shape(flow_build *fb, TSNode cls)
{
	am_context *ctx = fb->ctx;
	if (queue_is_decorated(ctx, cls))
		return "which is decorated: its decorator may change how it "
		       "is made";
	if (!plain_bases(ctx, cls))
		return "which has a base class other than `object`, or a "
		       "metaclass";
	for (size_t i = 0; i < sizeof(magic_names) / sizeof(magic_names[0]);
	     i++)
		if (class_member(ctx, cls, magic_names[i]) >= 0)
			return am_arena_printf(
			        ctx->arena,
			        "which defines `%s`: its instances may be "
			        "made or reached other than this rule sees",
			        magic_names[i]);
	return NULL;
}

const char *queue_class_doubt(flow_build *fb, TSNode cls, int binding,
                              TSNode *init)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const char *c =
	        am_text(ctx, am_node_field(cls, ctx->syntax->field.name));
	const char *why = class_init(fb, cls, init);
	if (!why)
		why = class_shape(fb, cls);
	if (why)
		return why;
	if (b->bindings.items[binding].scope == 0 &&
	    queue_exported(ctx, &fb->exports, c, 1))
		return "which is public in a module that is not a program: "
		       "other modules may make it with asyncio queues";
	/* Subclasses, isinstance(), `Cls.__init__`: any load but a call. */
	for (size_t i = 0; i < b->uses.count; i++) {
		TSNode load = b->uses.items[i].node, call;
		if (b->uses.items[i].binding == binding &&
		    (!am_node_is(call = am_parent(ctx, load),
		                 ctx->syntax->call) ||
		     !am_node_is_field(call, ctx->syntax->field.function,
		                       load)))
			return am_arena_printf(ctx->arena,
			                       "which is used other than by "
			                       "calling it (line %u)",
			                       am_node_line(ctx, load));
	}
	return NULL;
}

/* Whether `self.name = param` stands alone as a statement of the body of
 * `__init__`, storing on its `self`. */
static int is_store(flow_build *fb, const am_queue_channel *ch, TSNode holder)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	TSNode assignment = am_parent(ctx, holder);
	TSNode statement = am_parent(ctx, assignment);
	TSNode left = am_node_field(assignment, sx->field.left);
	return am_node_is(assignment, sx->assignment) &&
	       am_node_is_field(assignment, sx->field.right, holder) &&
	       ts_node_is_null(am_node_field(assignment, sx->field.type)) &&
	       am_node_is(left, sx->attribute) &&
	       am_node_is(statement, sx->expression_statement) &&
	       ts_node_named_child_count(statement) == 1 &&
	       ts_node_eq(am_parent(ctx, statement),
	                  am_node_field(ch->function, sx->field.body)) &&
	       ts_node_eq(queue_method_class(
	                          fb, am_node_field(left, sx->field.object)),
	                  ch->owner);
}

/* The attribute channel a store makes. */
static int field_channel(flow_build *fb, int parameter, TSNode assignment)
{
	am_context *ctx = fb->ctx;
	const am_queue_channel *p = queue_channel_at(fb, parameter);
	TSNode left = am_node_field(assignment, ctx->syntax->field.left);
	am_queue_channel ch;
	memset(&ch, 0, sizeof(ch));
	ch.call = ch.reference = ch.size = ch.class_annotation = am_null_node();
	ch.parameter = ch.annotation = ch.defined = ch.owner = am_null_node();
	ch.holder = AM_QUEUE_FIELD;
	ch.assignment = assignment;
	ch.function = p->owner;
	ch.name =
	        am_text(ctx, am_node_field(left, ctx->syntax->field.attribute));
	ch.binding = -1;
	if (!AM_ARRAY_PUSH(&fb->flow->channels, ch)) {
		fb->flow->failed = 1;
		return -1;
	}
	return (int)fb->flow->channels.count - 1;
}

/* The attribute channel a parameter is already stored in, or -1. */
static int stored_in(flow_build *fb, int parameter)
{
	const am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->uses.count; i++)
		if (flow->uses.items[i].channel == parameter &&
		    flow->uses.items[i].kind == AM_QUEUE_USE_PASS)
			return flow->uses.items[i].target;
	return -1;
}

/* A use of a parameter of `__init__` given queues: its one use stores it
 * on `self`, which the store hands on as `f(q)` hands on a queue. */
void queue_store_use(flow_build *fb, int channel, TSNode holder)
{
	am_context *ctx = fb->ctx;
	const am_queue_channel *ch = queue_channel_at(fb, channel);
	if (!is_store(fb, ch, holder) || stored_in(fb, channel) >= 0) {
		queue_set_why(
		        fb, channel,
		        am_arena_printf(ctx->arena,
		                        "`%s` is used in `__init__` other "
		                        "than stored alone on `self` once "
		                        "(line %u)",
		                        ch->name, am_node_line(ctx, holder)));
		return;
	}
	TSNode assignment = am_parent(ctx, holder);
	int target = field_channel(fb, channel, assignment);
	if (target < 0)
		return;
	am_queue_use use = {AM_QUEUE_USE_PASS, channel, holder, am_null_node(),
	                    am_null_node(),    holder,  target, 0};
	queue_push_use(fb, use);
}

const char *am_queue_callee_name(const am_context *ctx,
                                 const am_queue_channel *ch)
{
	TSNode callee = ts_node_is_null(ch->owner) ? ch->function : ch->owner;
	return am_text(ctx, am_node_field(callee, ctx->syntax->field.name));
}
