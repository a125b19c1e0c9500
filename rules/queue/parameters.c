/*
 * Functions of the file given queues: their parameters become channels,
 * and the arguments of each call of them are followed too.
 */
#include "build.h"
#include "imports.h"

#include <string.h>

#define MAX_PARAMETERS 64

typedef struct parameter_slot {
	TSNode node;    /* as it stands in the parameter list */
	TSNode name;    /* its identifier, or null */
	int position;   /* among the positional parameters, or -1 */
	int by_keyword; /* may be passed by keyword */
	int variadic;   /* *args, **kwargs */
	int has_default;
} parameter_slot;

static void slot_name(const am_context *ctx, parameter_slot *slot)
{
	const am_syntax *sx = ctx->syntax;
	TSNode n = slot->node;
	if (am_node_is(n, sx->identifier)) {
		slot->name = n;
	} else if (am_node_is(n, sx->typed_parameter)) {
		slot->name = ts_node_named_child(n, 0);
		slot->variadic = !am_node_is(slot->name, sx->identifier);
	} else if (am_node_is(n, sx->default_parameter) ||
	           am_node_is(n, sx->typed_default_parameter)) {
		slot->name = am_node_field(n, sx->field.name);
		slot->has_default = 1;
	} else {
		slot->variadic = 1;
	}
	if (!am_node_is(slot->name, sx->identifier))
		slot->name = am_null_node();
}

/* Reads a function's parameters; returns how many (0 past the limit). */
static size_t read_parameters(const am_context *ctx, TSNode function,
                              parameter_slot *slots)
{
	TSNode params = am_node_field(function, ctx->syntax->field.parameters);
	uint32_t count = ts_node_named_child_count(params);
	size_t n = 0;
	int position = 0, positional = 1;
	for (uint32_t i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(params, i);
		if (am_node_is(p, ctx->syntax->comment))
			continue;
		if (queue_type_is(p, "positional_separator")) {
			for (size_t k = 0; k < n; k++)
				slots[k].by_keyword = 0;
			continue;
		}
		if (queue_type_is(p, "keyword_separator")) {
			positional = 0;
			continue;
		}
		if (n == MAX_PARAMETERS)
			return 0;
		parameter_slot *slot = &slots[n++];
		memset(slot, 0, sizeof(*slot));
		slot->node = p;
		slot_name(ctx, slot);
		if (slot->variadic)
			positional = 0;
		slot->position =
		        positional && !slot->variadic ? position++ : -1;
		slot->by_keyword = !slot->variadic;
	}
	return n;
}

/* The module's helpers that call a function with the arguments after it
 * (imports.h), and where that function stands among their arguments. */
static const struct {
	const char *name;
	int function;
} forwarding_helpers[] = {
        {AM_HELPER_START_WITH_RESULT, 1}, /* (tg, f, *args) */
        {AM_HELPER_SEND_RESULT, 1},       /* (send, f, *args) */
        {AM_HELPER_STORE_RESULT, 2},      /* (results, i, f, *args) */
        {AM_HELPER_STORE_OUTCOME, 2},     /* (results, i, f, *args) */
};

/* Where the function stands among the arguments of a helper of the
 * module that `fn` names; -1 when it names none. */
static int helper_forwards(const am_context *ctx, TSNode fn)
{
	if (!am_node_is(fn, ctx->syntax->identifier) ||
	    am_bind_resolve(ctx->binder, fn))
		return -1;
	for (size_t i = 0;
	     i < sizeof(forwarding_helpers) / sizeof(forwarding_helpers[0]);
	     i++) {
		const char *name = forwarding_helpers[i].name;
		if (am_node_text_eq(ctx->text, fn, name) &&
		    am_bind_lookup(ctx->binder, 0, name, strlen(name)) >= 0 &&
		    am_imports_helper_available(ctx, name))
			return forwarding_helpers[i].function;
	}
	return -1;
}

/* Where the function stands among a call's arguments when the call hands
 * it the arguments after it: `X.start_soon(f, ...)`, `X.start(f, ...)`,
 * `functools.partial(f, ...)`, a helper of the module; -1 for another
 * call. */
static int forwarded_from(const am_context *ctx, TSNode fn)
{
	const am_syntax *sx = ctx->syntax;
	const char *q = am_bind_resolve(ctx->binder, fn);
	if (q && strcmp(q, "functools.partial") == 0)
		return 0;
	TSNode method = am_node_field(fn, sx->field.attribute);
	if (am_node_is(fn, sx->attribute) && !q &&
	    (queue_text_eq(ctx, method, "start_soon", 10) ||
	     queue_text_eq(ctx, method, "start", 5)))
		return 0;
	return helper_forwards(ctx, fn);
}

/* The function a call hands an argument to: `f(...)`, or the `f` that
 * forwarded_from() finds, through helpers given in turn
 * (`tg.start_soon(_store_result, r, 0, f, q)`), which gets the arguments
 * after it (*offset is then where they start). Null when it is neither. */
static TSNode called_name(const am_context *ctx, TSNode call, int *offset)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = am_node_field(call, sx->field.function);
	int at = forwarded_from(ctx, fn);
	*offset = 0;
	if (at < 0)
		return am_node_is(fn, sx->identifier) ? fn : am_null_node();
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	for (;;) {
		size_t index = (size_t)(*offset + at);
		if (args.positional_count <= index ||
		    !am_node_is(args.positional[index], sx->identifier))
			return am_null_node();
		*offset += at + 1;
		at = helper_forwards(ctx, args.positional[index]);
		if (at < 0)
			return args.positional[index];
	}
}

/* The call a load of a function's name makes, or null. */
static TSNode call_of_load(const am_context *ctx, TSNode load, int *offset)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, load);
	if (am_node_is(parent, sx->argument_list))
		parent = am_parent(ctx, parent);
	if (!am_node_is(parent, sx->call))
		return am_null_node();
	TSNode name = called_name(ctx, parent, offset);
	return ts_node_eq(name, load) ? parent : am_null_node();
}

/* Whether a slot takes an argument (at `position` among the positional
 * ones, -1 for a keyword argument). */
static int slot_takes(const am_context *ctx, const parameter_slot *slot,
                      TSNode argument, int position)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(argument, sx->keyword_argument))
		return slot->by_keyword && !ts_node_is_null(slot->name) &&
		       am_node_same_text(
		               ctx->text, slot->name,
		               am_node_field(argument, sx->field.name));
	return position >= 0 && slot->position == position;
}

/* The slot an argument of a call goes to; returns why it is not one this
 * rule can follow, or NULL. */
static const char *slot_of_argument(const am_context *ctx, TSNode call,
                                    TSNode argument, int offset,
                                    const parameter_slot *slots, size_t count,
                                    size_t *slot)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	int position = -1;
	for (size_t i = 0; i < args.positional_count && position < 0; i++) {
		if (ts_node_eq(args.positional[i], argument))
			position = (int)i - offset;
		else if (am_node_is(args.positional[i],
		                    ctx->syntax->list_splat))
			return "where `*args` come before it";
	}
	for (size_t i = 0; i < count; i++) {
		if (!slot_takes(ctx, &slots[i], argument, position))
			continue;
		if (slots[i].has_default)
			return "whose parameter there has a default value";
		*slot = i;
		return NULL;
	}
	return "where it goes to `*args` or `**kwargs`";
}

/* The argument a call gives a slot; returns why there is none this rule
 * can see, or NULL. */
static const char *argument_for_slot(const am_context *ctx, TSNode call,
                                     int offset, const parameter_slot *slot,
                                     TSNode *argument)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (slot->position >= 0 && !args.generator) {
		size_t at = (size_t)(slot->position + offset);
		size_t i = 0;
		while (i < args.positional_count && i <= at &&
		       !am_node_is(args.positional[i], ctx->syntax->list_splat))
			i++;
		if (i > at) {
			*argument = args.positional[at];
			return NULL;
		}
	}
	for (size_t i = 0; i < args.keyword_count; i++) {
		if (slot_takes(ctx, slot, args.keywords[i], -1)) {
			*argument = args.keywords[i];
			return NULL;
		}
	}
	return am_arena_printf(
	        ctx->arena,
	        "`%s()` is called without a value for `%s` this rule can see "
	        "(line %u)",
	        am_text(ctx, am_node_field(call, ctx->syntax->field.function)),
	        am_text(ctx, slot->name), am_node_line(ctx, call));
}

/* The function a name calls, when it is a function of this file bound
 * once by its `def`; returns why not, or NULL. */
const char *queue_callee_function(flow_build *fb, TSNode name, TSNode *function,
                                  int *binding)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_name_use *use = am_bind_find_load(b, name);
	*binding = use ? use->binding : -1;
	if (*binding < 0 ||
	    b->bindings.items[*binding].kind != AM_BINDING_OTHER)
		return "which is not a function of this file";
	TSNode def;
	TSNode parent;
	if (queue_binding_stores(fb, *binding, am_null_node(), &def) != 1 ||
	    !am_node_is(parent = am_parent(ctx, def),
	                ctx->syntax->function_definition) ||
	    !am_node_is_field(parent, ctx->syntax->field.name, def))
		return "whose name is not bound once, by a `def`";
	*function = parent;
	return NULL;
}

/* Why queues cannot be followed into a function, or NULL: all its calls
 * must be in sight. */
static const char *callee_doubt(flow_build *fb, TSNode function, int binding)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const char *f =
	        am_text(ctx, am_node_field(function, ctx->syntax->field.name));
	if (queue_is_decorated(ctx, function))
		return am_arena_printf(
		        ctx->arena,
		        "`%s()` is decorated, and its decorator may call it in "
		        "ways this rule cannot see",
		        f);
	if (b->bindings.items[binding].scope == 0 &&
	    queue_exported(ctx, &fb->exports, f, 1))
		return am_arena_printf(
		        ctx->arena,
		        "`%s()` is public in a module that is not a program: "
		        "other modules may pass it asyncio queues",
		        f);
	for (size_t i = 0; i < b->uses.count; i++) {
		int offset;
		TSNode load = b->uses.items[i].node;
		if (b->uses.items[i].binding == binding &&
		    ts_node_is_null(call_of_load(ctx, load, &offset)))
			return am_arena_printf(
			        ctx->arena,
			        "`%s` is used other than by calling it (line "
			        "%u)",
			        f, am_node_line(ctx, load));
	}
	return NULL;
}

static void want_argument(flow_build *fb, int channel, TSNode argument)
{
	wanted_argument w = {channel, argument};
	if (!AM_ARRAY_PUSH(&fb->wanted, w))
		fb->flow->failed = 1;
}

/* Records what every call of the function gives the parameter. */
static void want_arguments(flow_build *fb, int channel, int callee_binding,
                           const parameter_slot *slot)
{
	/* A class's calls give `__init__` its arguments after `self`. */
	int shift =
	        ts_node_is_null(queue_channel_at(fb, channel)->owner) ? 0 : -1;
	const am_binder *b = fb->ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		int offset;
		TSNode argument = am_null_node(), call;
		if (b->uses.items[i].binding != callee_binding)
			continue;
		call = call_of_load(fb->ctx, b->uses.items[i].node, &offset);
		if (ts_node_is_null(call))
			continue; /* callee_doubt says why */
		const char *why = argument_for_slot(
		        fb->ctx, call, offset + shift, slot, &argument);
		if (why)
			queue_set_why(fb, channel, why);
		else
			want_argument(fb, channel, argument);
	}
}

/* The channel of a parameter given queues, made on first sight. */
static int parameter_channel(flow_build *fb, TSNode function, TSNode cls,
                             int callee_binding, const parameter_slot *slot)
{
	am_context *ctx = fb->ctx;
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->channels.count; i++)
		if (flow->channels.items[i].holder == AM_QUEUE_PARAMETER &&
		    ts_node_eq(flow->channels.items[i].parameter, slot->node))
			return (int)i;
	am_queue_channel ch;
	memset(&ch, 0, sizeof(ch));
	ch.call = ch.reference = ch.assignment = ch.size = am_null_node();
	ch.class_annotation = ch.annotation = am_null_node();
	ch.owner = cls;
	ch.holder = AM_QUEUE_PARAMETER;
	ch.parameter = slot->node;
	ch.function = function;
	ch.defined = slot->name;
	ch.name = am_text(ctx, slot->name);
	int scope = am_bind_scope_of(ctx->binder, function);
	ch.binding = scope < 0 ? -1
	                       : am_bind_lookup(ctx->binder, scope, ch.name,
	                                        strlen(ch.name));
	if (am_node_is(slot->node, ctx->syntax->typed_parameter))
		ch.annotation = queue_annotation_expression(
		        am_node_field(slot->node, ctx->syntax->field.type));
	if (!AM_ARRAY_PUSH(&flow->channels, ch)) {
		flow->failed = 1;
		return -1;
	}
	int index = (int)flow->channels.count - 1;
	/* a class's doubts are its calls' (pass_target) */
	const char *why = ts_node_is_null(cls)
	                          ? callee_doubt(fb, function, callee_binding)
	                          : NULL;
	am_queue_annotation annotation;
	if (!why && !ts_node_is_null(ch.annotation))
		why = am_queue_annotation_read(ctx, ch.annotation, &annotation);
	if (why)
		queue_set_why(fb, index, why);
	want_arguments(fb, index, callee_binding, slot);
	return index;
}

/* Where an argument goes; returns why it cannot be followed there, or
 * NULL with the parameter channel in *target. */
static const char *pass_target(flow_build *fb, TSNode call, TSNode argument,
                               int *target)
{
	am_context *ctx = fb->ctx;
	int offset, binding;
	TSNode function;
	TSNode name = called_name(ctx, call, &offset);
	if (ts_node_is_null(name))
		return "which is not a function of this file called by name";
	TSNode cls = am_null_node();
	const char *why = queue_callee_function(fb, name, &function, &binding);
	if (why && queue_callee_class(fb, name, &cls, &binding)) {
		if (offset)
			return am_arena_printf(
			        ctx->arena,
			        "which hands it on to the class "
			        "`%s`, called other than directly",
			        am_text(ctx, name));
		why = queue_class_doubt(fb, cls, binding, &function);
		offset = -1; /* `self` is given no argument of the call */
	}
	if (why)
		return why;
	parameter_slot slots[MAX_PARAMETERS];
	size_t count = read_parameters(ctx, function, slots), slot = 0;
	why = count ? slot_of_argument(ctx, call, argument, offset, slots,
	                               count, &slot)
	            : "which has too many parameters";
	if (why)
		return why;
	*target = parameter_channel(fb, function, cls, binding, &slots[slot]);
	return NULL;
}

/* `f(q)`, `f(name=q)`, `tg.start_soon(f, q)`. */
void queue_pass_use(flow_build *fb, int channel, TSNode holder)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	TSNode argument = holder, list = am_parent(ctx, holder);
	if (am_node_is(list, sx->keyword_argument)) {
		argument = list;
		list = am_parent(ctx, list);
	}
	TSNode call = am_parent(ctx, list);
	if (!am_node_is(list, sx->argument_list) ||
	    !am_node_is(call, sx->call)) {
		queue_set_why(fb, channel, queue_describe_escape(ctx, holder));
		return;
	}
	int target = -1;
	const char *why = pass_target(fb, call, argument, &target);
	if (why) {
		queue_set_why(
		        fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is passed to `%s()` (line %u), %s",
		                am_text(ctx, holder),
		                am_text(ctx, am_node_field(call,
		                                           sx->field.function)),
		                am_node_line(ctx, holder), why));
		return;
	}
	if (target < 0)
		return;
	am_queue_use use = {AM_QUEUE_USE_PASS, channel,  holder, am_null_node(),
	                    am_null_node(),    argument, target, 0};
	queue_push_use(fb, use);
}
