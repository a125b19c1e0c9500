#include "loop_var.h"

#include <string.h>

static const struct {
	const char *name;
	am_loop_source source;
} loop_functions[] = {
        {"get_event_loop", AM_LOOP_GET_EVENT_LOOP},
        {"get_running_loop", AM_LOOP_GET_RUNNING_LOOP},
        {"new_event_loop", AM_LOOP_NEW_EVENT_LOOP},
};

am_loop_source am_loop_call_source(const am_context *ctx, TSNode call)
{
	if (!am_node_is(call, ctx->syntax->call))
		return AM_LOOP_NONE;
	TSNode list = am_node_field(call, ctx->syntax->field.arguments);
	if (!am_node_is(list, ctx->syntax->argument_list))
		return AM_LOOP_NONE;
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++)
		if (!am_node_is(ts_node_named_child(list, i),
		                ctx->syntax->comment))
			return AM_LOOP_NONE;
	TSNode fn = am_node_field(call, ctx->syntax->field.function);
	for (size_t i = 0;
	     i < sizeof(loop_functions) / sizeof(loop_functions[0]); i++)
		if (am_bind_is_asyncio(ctx->binder, fn, loop_functions[i].name))
			return loop_functions[i].source;
	return AM_LOOP_NONE;
}

const char *am_loop_source_name(am_loop_source source)
{
	for (size_t i = 0;
	     i < sizeof(loop_functions) / sizeof(loop_functions[0]); i++)
		if (loop_functions[i].source == source)
			return loop_functions[i].name;
	return "";
}

const char *am_loop_describe_binding(const am_context *ctx, TSNode other)
{
	const am_syntax *sx = ctx->syntax;
	if (ts_node_is_null(other))
		return "another binding";
	TSNode parent = am_parent(ctx, other);
	while (am_node_is(parent, sx->pattern_list) ||
	       am_node_is(parent, sx->tuple_pattern) ||
	       am_node_is(parent, sx->list_pattern) ||
	       am_node_is(parent, sx->parenthesized_expression))
		parent = am_parent(ctx, parent);
	TSSymbol s = ts_node_symbol(parent);
	if (s == sx->parameters || s == sx->lambda_parameters ||
	    s == sx->typed_parameter || s == sx->default_parameter ||
	    s == sx->typed_default_parameter || s == sx->list_splat_pattern ||
	    s == sx->dictionary_splat_pattern)
		return "a parameter";
	if (s == sx->assignment || s == sx->augmented_assignment ||
	    s == sx->named_expression)
		return "an assignment from something else";
	if (s == sx->for_statement || s == sx->for_in_clause)
		return "a `for` target";
	if (s == sx->as_pattern_target || s == sx->except_clause)
		return "an `as` target";
	if (s == sx->global_statement || s == sx->nonlocal_statement)
		return "a `global`/`nonlocal` declaration";
	if (s == sx->function_definition || s == sx->class_definition)
		return "a `def`/`class` name";
	if (s == sx->delete_statement)
		return "a `del`";
	if (s == sx->aliased_import || s == sx->dotted_name)
		return "an import";
	return "another binding";
}

/* Counts an identifier that binds the name in its scope: an assignment
 * from a loop call, or some other binding. */
static void note_binding(const am_context *ctx, TSNode id, void *data)
{
	const am_syntax *sx = ctx->syntax;
	am_loop_var *var = data;
	TSNode parent = am_parent(ctx, id);
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(id));
	am_loop_source source = AM_LOOP_NONE;
	if (scope == var->scope && am_node_is(parent, sx->assignment) &&
	    am_node_is_field(parent, sx->field.left, id))
		source = am_loop_call_source(
		        ctx, am_node_field(parent, sx->field.right));
	if (source == AM_LOOP_NONE) {
		if (ts_node_is_null(var->other))
			var->other = id;
		return;
	}
	var->sources |= source;
	if (var->assignments++ == 0)
		var->first = id;
}

/* Visits every identifier that binds the name under node. */
static void scan(const am_context *ctx, TSNode node, am_loop_var *var)
{
	am_each_store(ctx, var->binding, node, note_binding, var);
}

/* What am_loop_var_read found for a binding, kept for the pass. */
struct am_loop_var_memo {
	am_loop_var var;
	int is_loop;
};

static int read_anew(const am_context *ctx, int binding, am_loop_var *var);

int am_loop_var_read(const am_context *ctx, int binding, am_loop_var *var)
{
	struct am_loop_var_memo **memo = binding >= 0 && ctx->loop_vars
	                                         ? &ctx->loop_vars[binding]
	                                         : NULL;
	if (memo && *memo) {
		*var = (*memo)->var;
		return (*memo)->is_loop;
	}
	int is_loop = read_anew(ctx, binding, var);
	if (memo && (*memo = am_arena_alloc(ctx->arena, sizeof(**memo)))) {
		(*memo)->var = *var;
		(*memo)->is_loop = is_loop;
	}
	return is_loop;
}

/* Reads the bindings of the name: a scan of its scope. */
static int read_anew(const am_context *ctx, int binding, am_loop_var *var)
{
	const am_binder *b = ctx->binder;
	memset(var, 0, sizeof(*var));
	var->binding = binding;
	var->first = var->other = am_null_node();
	if (binding < 0)
		return 0;
	const am_binding *bd = &b->bindings.items[binding];
	var->scope = bd->scope;
	const am_scope *scope = &b->scopes.items[bd->scope];
	if (scope->kind == AM_SCOPE_MODULE) {
		scan(ctx, scope->node, var);
	} else if (scope->kind == AM_SCOPE_FUNCTION) {
		scan(ctx,
		     am_node_field(scope->node, ctx->syntax->field.parameters),
		     var);
		scan(ctx, am_node_field(scope->node, ctx->syntax->field.body),
		     var);
	} else {
		return 0;
	}
	return bd->kind == AM_BINDING_OTHER && var->assignments > 0 &&
	       ts_node_is_null(var->other);
}

int am_loop_receiver_is_loop(const am_context *ctx, TSNode receiver)
{
	am_loop_var var;
	return am_loop_call_source(ctx, receiver) != AM_LOOP_NONE ||
	       (am_node_is(receiver, ctx->syntax->identifier) &&
	        am_loop_var_of_load(ctx, receiver, &var));
}

int am_loop_var_of_load(const am_context *ctx, TSNode identifier,
                        am_loop_var *var)
{
	const am_name_use *use = am_bind_find_load(ctx->binder, identifier);
	if (!use || use->binding < 0) {
		am_loop_var_read(ctx, -1, var);
		return 0;
	}
	return am_loop_var_read(ctx, use->binding, var);
}

/* ---- whether a receiver is the running loop ----------------------------- */

int am_loop_function_scope_at(const am_binder *b, uint32_t byte)
{
	int scope = am_bind_scope_at(b, byte);
	while (b->scopes.items[scope].kind == AM_SCOPE_COMPREHENSION)
		scope = b->scopes.items[scope].parent;
	return scope;
}

/* Why a name is not provably the running loop at `call`, or NULL. */
static const char *name_doubt(am_context *ctx, TSNode name, TSNode call)
{
	am_loop_var var;
	const char *text = am_text(ctx, name);
	if (!am_loop_var_of_load(ctx, name, &var)) {
		if (!ts_node_is_null(var.other))
			return am_arena_printf(
			        ctx->arena,
			        "`%s` is also bound by %s in its scope", text,
			        am_loop_describe_binding(ctx, var.other));
		if (var.binding < 0)
			return am_arena_printf(
			        ctx->arena,
			        "`%s` is a global or unbound name here", text);
		return am_arena_printf(
		        ctx->arena,
		        "`%s` is not assigned from "
		        "`asyncio.get_running_loop()` in its scope",
		        text);
	}
	if (var.sources & AM_LOOP_NEW_EVENT_LOOP)
		return am_arena_printf(
		        ctx->arena,
		        "`%s` holds a loop made by `asyncio.new_event_loop()`, "
		        "not the running one",
		        text);
	if (var.scope !=
	    am_loop_function_scope_at(ctx->binder, ts_node_start_byte(call)))
		return am_arena_printf(
		        ctx->arena,
		        "`%s` is assigned in an enclosing scope, not in the "
		        "function that awaits",
		        text);
	if (ts_node_start_byte(var.first) > ts_node_start_byte(call))
		return am_arena_printf(ctx->arena,
		                       "`%s` is assigned only after this call",
		                       text);
	return NULL;
}

const char *am_loop_running_doubt(am_context *ctx, TSNode receiver, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(receiver, sx->identifier))
		return name_doubt(ctx, receiver, call);
	switch (am_loop_call_source(ctx, receiver)) {
	case AM_LOOP_GET_EVENT_LOOP:
	case AM_LOOP_GET_RUNNING_LOOP:
		return NULL;
	case AM_LOOP_NEW_EVENT_LOOP:
		return "`asyncio.new_event_loop()` makes a loop that is not "
		       "the running one";
	default:
		return "its receiver is not known to be the running event "
		       "loop";
	}
}
