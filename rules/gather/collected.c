/* Awaitables collected in a list, then `await asyncio.gather(*name)` */
#include "collected.h"

#include "coroutine_call.h"
#include "list_memo.h"
#include "loop_var.h"
#include "statement.h"

#include <string.h>

static int is_task_maker(const am_context *ctx, TSNode fn)
{
	return am_bind_is_asyncio(ctx->binder, fn, "create_task") ||
	       am_bind_is_asyncio(ctx->binder, fn, "ensure_future");
}

/* `name = [...]` (a list or a list comprehension, no annotation): its
 * value, or a null node. */
static TSNode list_made(const am_context *ctx, TSNode statement, TSNode name)
{
	const am_syntax *sx = ctx->syntax;
	TSNode null = am_null_node();
	if (!am_node_is(statement, sx->expression_statement))
		return null;
	TSNode a = ts_node_named_child(statement, 0);
	if (!am_node_is(a, sx->assignment) ||
	    !ts_node_is_null(am_node_field(a, sx->field.type)) ||
	    !am_same_name(ctx, am_node_field(a, sx->field.left), name))
		return null;
	TSNode value = am_node_field(a, sx->field.right);
	if (am_node_is(value, sx->list) ||
	    am_node_is(value, sx->list_comprehension))
		return value;
	return null;
}

static int is_loop(TSNode node)
{
	const char *type = ts_node_type(node);
	return strcmp(type, "for_statement") == 0 ||
	       strcmp(type, "while_statement") == 0;
}

/* The last `name = [...]` of the block before its statement `n`, or a null
 * node. Read forwards with a cursor: ts_node_prev_named_sibling walks the
 * block from its start at each step, quadratic in a block of many
 * statements. */
static TSNode made_before(const am_context *ctx, TSNode block, TSNode n,
                          TSNode name)
{
	TSNode found = am_null_node();
	am_children c;
	am_children_init(&c, block);
	for (TSNode s; am_children_next(&c, &s) && !ts_node_eq(s, n);)
		if (!ts_node_is_null(list_made(ctx, s, name)))
			found = s;
	am_children_release(&c);
	return found;
}

/* The statement that makes the list: the nearest `name = [...]` before the
 * gather's statement, or before a statement holding it, with no loop, and
 * no other function, between. */
static TSNode find_maker(const am_context *ctx, TSNode call, TSNode name)
{
	const am_syntax *sx = ctx->syntax;
	TSNode null = am_null_node();
	for (TSNode n = call; !ts_node_is_null(n); n = am_parent(ctx, n)) {
		TSNode parent = am_parent(ctx, n);
		if (am_node_is(n, sx->function_definition) ||
		    am_node_is(n, sx->lambda) ||
		    am_node_is(n, sx->class_definition))
			return null;
		if (!am_node_is(parent, sx->block))
			continue;
		TSNode maker = made_before(ctx, parent, n, name);
		if (!ts_node_is_null(maker))
			return maker;
		if (is_loop(am_parent(ctx, parent)))
			return null;
	}
	return null;
}

/* How many places in `function` bind the name (loads and attribute or
 * keyword names left out). */
static int binding_sites(const am_context *ctx, TSNode function, TSNode name)
{
	int count = 0;
	am_walk w;
	am_walk_init(&w, function);
	for (TSNode n; am_walk_next(&w, &n);) {
		if (!am_same_name(ctx, n, name) ||
		    am_bind_find_load(ctx->binder, n))
			continue;
		count += !am_is_member_name(ctx, n);
	}
	am_walk_release(&w);
	return count;
}

/* `name.append(x)` as a statement of its own: x, or a null node. */
static TSNode appended(const am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode null = am_null_node();
	TSNode attribute = am_parent(ctx, use);
	if (!am_node_is(attribute, sx->attribute) ||
	    !ts_node_eq(am_node_field(attribute, sx->field.object), use) ||
	    !am_node_text_eq(ctx->text,
	                     am_node_field(attribute, sx->field.attribute),
	                     "append"))
		return null;
	TSNode call = am_parent(ctx, attribute);
	if (!am_node_is(call, sx->call) ||
	    !am_node_is(am_parent(ctx, call), sx->expression_statement))
		return null;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.positional_count != 1 || args.keyword_count || args.has_star)
		return null;
	return args.positional[0];
}

/* `len(name)`, `if name:` and `if not name:` read only the list's length,
 * which the rewrite keeps. */
static int reads_length(const am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, use);
	if (strcmp(ts_node_type(parent), "not_operator") == 0) {
		use = parent;
		parent = am_parent(ctx, parent);
	}
	if (strcmp(ts_node_type(parent), "if_statement") == 0 ||
	    strcmp(ts_node_type(parent), "elif_clause") == 0)
		return ts_node_eq(ts_node_named_child(parent, 0), use);
	if (!am_node_is(parent, sx->argument_list) ||
	    ts_node_named_child_count(parent) != 1)
		return 0;
	TSNode fn = am_node_field(am_parent(ctx, parent), sx->field.function);
	const am_name_use *load = am_bind_find_load(ctx->binder, fn);
	return am_node_text_eq(ctx->text, fn, "len") && load &&
	       load->binding < 0;
}

static const char *add_element(am_collected *out, TSNode element)
{
	if (out->count == AM_COLLECTED_MAX)
		return "the list is built in too many places";
	out->elements[out->count++] = element;
	return NULL;
}

/* Every load of the list: appends between its making and the gather, the
 * gather, and reads of its length. */
static const char *read_uses(am_context *ctx, int binding, TSNode maker,
                             TSNode call, am_collected *out)
{
	const am_binder *b = ctx->binder;
	int gathered = 0;
	size_t count;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; i < count; i++) {
		const am_name_use *use = &b->uses.items[loads[i]];
		if (ts_node_eq(use->node, out->list)) {
			gathered++;
			continue;
		}
		if (use->scope != b->bindings.items[binding].scope)
			return "the list is used in a nested function";
		TSNode element = appended(ctx, use->node);
		if (!ts_node_is_null(element)) {
			if (use->start < ts_node_end_byte(maker) ||
			    use->start > ts_node_start_byte(call))
				return "the list is added to after it is "
				       "gathered";
			const char *why = add_element(out, element);
			if (why)
				return why;
			continue;
		}
		if (!reads_length(ctx, use->node))
			return "the list is used other than by `append`, "
			       "`len` and the gather";
	}
	return gathered == 1 ? NULL : "the list is gathered more than once";
}

/* The elements the making statement writes: a list's items or a list
 * comprehension's body. */
static const char *read_made(const am_context *ctx, TSNode value,
                             am_collected *out)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(value, sx->list_comprehension)) {
		uint32_t count = ts_node_named_child_count(value);
		for (uint32_t i = 0; i < count; i++) {
			TSNode clause = ts_node_named_child(value, i);
			if (am_node_is(clause, sx->for_in_clause) &&
			    strcmp(ts_node_type(ts_node_child(clause, 0)),
			           "async") == 0)
				return "the list's comprehension uses `async "
				       "for`";
		}
		return add_element(out, am_node_field(value, sx->field.body));
	}
	uint32_t count = ts_node_named_child_count(value);
	for (uint32_t i = 0; i < count; i++) {
		const char *why =
		        add_element(out, ts_node_named_child(value, i));
		if (why)
			return why;
	}
	return NULL;
}

/* `create_task(...)`, `loop.ensure_future(...)` and the like of another
 * module than asyncio: such a function starts a task and returns it (a
 * future), where start_soon needs a function that makes a coroutine. */
static int names_future_maker(const am_context *ctx, TSNode function)
{
	static const char *const makers[] = {
	        "create_task",     "ensure_future",
	        "run_in_executor", "create_future",
	        "wrap_future",     "run_coroutine_threadsafe",
	        "gather",          "shield",
	        "wait_for",        NULL};
	TSNode name = function;
	if (am_node_is(function, ctx->syntax->attribute))
		name = am_node_field(function, ctx->syntax->field.attribute);
	for (const char *const *m = makers; *m; m++)
		if (am_node_text_eq(ctx->text, name, *m))
			return 1;
	return 0;
}

/* The coroutine call an element makes, `f(x)` in `f(x)` or in
 * `asyncio.create_task(f(x))`; why not, or NULL. */
static const char *read_element(am_context *ctx, am_collected *out, size_t i)
{
	const am_syntax *sx = ctx->syntax;
	TSNode call = out->elements[i];
	if (!am_node_is(call, sx->call))
		return "an element of the list is not a call written there";
	if (am_has_comment(ctx, call))
		return "a comment inside an element would be lost";
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (is_task_maker(ctx, am_node_field(call, sx->field.function))) {
		if (args.positional_count != 1 || args.keyword_count ||
		    args.has_star || !am_node_is(args.positional[0], sx->call))
			return "a task of the list is not made from a call "
			       "written there";
		call = args.positional[0];
		out->tasks = 1;
		am_call_args_read(ctx, call, &args);
	}
	if (args.generator || args.too_many)
		return "a call's arguments cannot be split";
	TSNode function = am_node_field(call, sx->field.function);
	const char *callee = am_bind_resolve(ctx->binder, function);
	if (callee && strncmp(callee, "asyncio", 7) == 0)
		return "an element of the list is an asyncio call: migrate it "
		       "first";
	const am_name_use *load =
	        am_node_is(function, sx->identifier)
	                ? am_bind_find_load(ctx->binder, function)
	                : NULL;
	if (names_future_maker(ctx, function))
		return "an element of the list comes from a task or future "
		       "maker, not a coroutine function";
	if ((load && load->binding < 0) || /* a builtin */
	    !am_coroutine_callee_may_be_async(ctx, function))
		return "an element of the list is not made by an async "
		       "function";
	out->calls[i] = call;
	return NULL;
}

/* Whether code in [start, end) may let other tasks run: an await, an
 * `async for` or `async with`, a yield. */
static int may_switch(const am_context *ctx, TSNode function, uint32_t start,
                      uint32_t end)
{
	(void)ctx;
	int found = 0;
	am_walk w;
	am_walk_init(&w, function);
	for (TSNode n; !found && am_walk_next(&w, &n);) {
		if (ts_node_end_byte(n) <= start ||
		    ts_node_start_byte(n) >= end)
			continue;
		const char *type = ts_node_type(n);
		found = strcmp(type, "await") == 0 ||
		        strcmp(type, "async") == 0 ||
		        strcmp(type, "yield") == 0;
	}
	am_walk_release(&w);
	return found;
}

const char *am_collected_read(am_context *ctx, TSNode call, TSNode name,
                              am_collected *out)
{
	const am_binder *b = ctx->binder;
	memset(out, 0, sizeof(*out));
	out->list = name;
	TSNode function =
	        am_ancestor(ctx, call, ctx->syntax->function_definition);
	TSNode maker = find_maker(ctx, call, name);
	if (ts_node_is_null(function) || ts_node_is_null(maker))
		return "a `*` argument is neither a comprehension of calls nor "
		       "a list made before it in the block";
	/* the function's scope (a comprehension's iterable is read there) */
	int scope = am_loop_function_scope_at(b, ts_node_start_byte(name));
	const am_name_use *load = am_bind_find_load(b, name);
	int binding = load ? load->binding : -1;
	if (binding < 0 ||
	    b->bindings.items[binding].kind != AM_BINDING_OTHER ||
	    b->bindings.items[binding].scope != scope ||
	    b->scopes.items[scope].kind != AM_SCOPE_FUNCTION ||
	    binding_sites(ctx, function, name) != 1)
		return "the gathered list is bound more than once";
	const char *why = read_made(ctx,
	                            am_node_field(ts_node_named_child(maker, 0),
	                                          ctx->syntax->field.right),
	                            out);
	if (!why)
		why = read_uses(ctx, binding, maker, call, out);
	for (size_t i = 0; !why && i < out->count; i++)
		why = read_element(ctx, out, i);
	if (!why && out->count == 0)
		why = "nothing is added to the gathered list";
	/* Tasks would start running there; and a coroutine's function is
	 * taken on trust: one that is a plain function returning a
	 * coroutine runs its own code later now, which no other task can
	 * see when nothing waits in between. */
	/* a gather waits from its await on; a loop over the tasks from its
	 * own start */
	uint32_t until = am_node_is(call, ctx->syntax->call)
	                         ? ts_node_start_byte(am_parent(ctx, call))
	                         : ts_node_start_byte(call);
	if (!why && may_switch(ctx, function, ts_node_start_byte(maker), until))
		why = out->tasks ? "code waits between making the tasks and "
		                   "the gather (they would start before the "
		                   "group)"
		                 : "code between making the list and gathering "
		                   "it waits";
	return why;
}

void am_collected_apply(am_context *ctx, am_fix *fix, const am_collected *c)
{
	const am_syntax *sx = ctx->syntax;
	for (size_t i = 0; i < c->count; i++) {
		TSNode call = c->calls[i];
		TSNode function = am_node_field(call, sx->field.function);
		TSNode arguments = am_node_field(call, sx->field.arguments);
		uint32_t count = ts_node_named_child_count(arguments);
		am_strbuf sb;
		am_strbuf_init(&sb, ctx->arena);
		if (count == 0) {
			am_strbuf_node(&sb, ctx, function);
		} else {
			uint32_t from = ts_node_start_byte(
			        ts_node_named_child(arguments, 0));
			uint32_t to = ts_node_end_byte(
			        ts_node_named_child(arguments, count - 1));
			am_strbuf_puts(&sb, "functools.partial(");
			am_strbuf_node(&sb, ctx, function);
			am_strbuf_puts(&sb, ", ");
			am_strbuf_append(&sb, ctx->text + from, to - from);
			am_strbuf_puts(&sb, ")");
		}
		am_fix_replace_node(fix, c->elements[i], am_strbuf_cstr(&sb));
	}
}

/* The list a task maker's call is put in: `name.append(<call>)`, `name =
 * [<call> for ...]` or `name = [<call>, ...]`; a null node otherwise. */
TSNode am_collected_list_of(const am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode null = am_null_node();
	TSNode parent = am_parent(ctx, call);
	if (am_node_is(parent, sx->argument_list)) {
		TSNode attribute = am_node_field(am_parent(ctx, parent),
		                                 sx->field.function);
		if (!am_node_is(attribute, sx->attribute))
			return null;
		TSNode object = am_node_field(attribute, sx->field.object);
		return am_node_is(object, sx->identifier) ? object : null;
	}
	if (!am_node_is(parent, sx->list) &&
	    !am_node_is(parent, sx->list_comprehension))
		return null;
	TSNode assignment = am_parent(ctx, parent);
	if (!am_node_is(assignment, sx->assignment))
		return null;
	TSNode left = am_node_field(assignment, sx->field.left);
	return am_node_is(left, sx->identifier) ? left : null;
}

/* The answer of am_collected_taken, found anew. */
static int taken(am_context *ctx, TSNode maker_call)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	int binding = am_list_binding(ctx, maker_call);
	if (binding < 0)
		return 0;
	size_t count;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; i < count; i++) {
		const am_name_use *use = &b->uses.items[loads[i]];
		TSNode splat = am_parent(ctx, use->node);
		TSNode gather = am_parent(ctx, am_parent(ctx, splat));
		if (am_node_is(splat, sx->list_splat) &&
		    am_node_is(gather, sx->call) &&
		    am_bind_is_asyncio(
		            b, am_node_field(gather, sx->field.function),
		            "gather"))
			return am_gather_problem(ctx, gather) == NULL;
		int found;
		if (!ts_node_is_null(am_gather_consumer_of(ctx, use->node)))
			return am_gather_consumer_problem(ctx, maker_call,
			                                  &found) == NULL;
	}
	return 0;
}

int am_collected_taken(am_context *ctx, TSNode maker_call)
{
	am_list_memo *memo = am_list_memo_of(ctx, maker_call);
	if (!memo)
		return taken(ctx, maker_call);
	if (!memo->taken_known) {
		memo->taken = (unsigned char)taken(ctx, maker_call);
		memo->taken_known = 1;
	}
	return memo->taken;
}
