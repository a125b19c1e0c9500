/* ANY211 future: a future one async function makes, sets and awaits ->
 * the module's `_Future` helper, on an anyio.Event */
#include "imports.h"
#include "loop_var.h"
#include "rule.h"

#include <string.h>

/* What the uses of the future's name come to. */
typedef struct future_uses {
	const char *refusal; /* why it cannot be rewritten, or NULL */
	const char *unsafe;  /* why the rewrite may differ, or NULL */
	size_t awaits;
} future_uses;

/* Whether an identifier is a load of `binding`. */
static int loads(const am_context *ctx, TSNode node, int binding)
{
	if (!am_node_is(node, ctx->syntax->identifier))
		return 0;
	const am_name_use *use = am_bind_find_load(ctx->binder, node);
	return use && use->binding == binding;
}

static void count_store(const am_context *ctx, TSNode identifier, void *data)
{
	(void)ctx;
	(void)identifier;
	++*(size_t *)data;
}

/* How many times the function binds the name (its own scope, or a nested
 * one through `nonlocal`). */
static size_t stores_of(const am_context *ctx, TSNode fn, int binding)
{
	size_t stores = 0;
	am_each_store(ctx, binding, fn, count_store, &stores);
	return stores;
}

/* Whether `statement` is the first of the block of an `if not
 * NAME.done():`, so that it runs only on a future not yet done. */
static int guarded(const am_context *ctx, TSNode statement, int binding)
{
	const am_syntax *sx = ctx->syntax;
	TSNode block = am_parent(ctx, statement);
	TSNode branch = am_parent(ctx, block);
	if (!am_node_is(block, sx->block) ||
	    !am_node_is(branch, sx->if_statement) ||
	    !am_node_is_field(branch, sx->field.consequence, block) ||
	    !ts_node_eq(ts_node_named_child(block, 0), statement))
		return 0;
	TSNode not_op = am_node_field(branch, sx->field.condition);
	if (!am_node_is(not_op, sx->not_operator))
		return 0;
	TSNode call = am_node_field(not_op, sx->field.argument);
	TSNode fn = am_node_field(call, sx->field.function);
	TSNode args = am_node_field(call, sx->field.arguments);
	return am_node_is(call, sx->call) && am_node_is(fn, sx->attribute) &&
	       loads(ctx, am_node_field(fn, sx->field.object), binding) &&
	       am_node_text_eq(ctx->text,
	                       am_node_field(fn, sx->field.attribute),
	                       "done") &&
	       am_node_is(args, sx->argument_list) &&
	       ts_node_named_child_count(args) == 0;
}

/* Whether node sits in the body of a loop inside `fn`. */
static int in_loop(const am_context *ctx, TSNode node, TSNode fn)
{
	const am_syntax *sx = ctx->syntax;
	for (TSNode up = am_parent(ctx, node);
	     !ts_node_is_null(up) && !ts_node_eq(up, fn);
	     up = am_parent(ctx, up))
		if (am_node_is(up, sx->for_statement) ||
		    am_node_is(up, sx->while_statement))
			return 1;
	return 0;
}

static int method_is(const am_context *ctx, TSNode attribute, const char *name)
{
	return am_node_text_eq(
	        ctx->text,
	        am_node_field(attribute, ctx->syntax->field.attribute), name);
}

/* `fut.set_result(v)` and the other methods `_Future` has. */
static void read_method_use(am_context *ctx, TSNode attribute, int binding,
                            future_uses *out)
{
	TSNode call = am_callee_call(ctx, attribute);
	int setter = method_is(ctx, attribute, "set_result") ||
	             method_is(ctx, attribute, "set_exception");
	if (setter && ts_node_is_null(call)) {
		out->unsafe = "a setter is passed on, unguarded by `done()`";
		return;
	}
	if (setter) {
		TSNode statement = am_parent(ctx, call);
		if (!am_node_is(statement, ctx->syntax->expression_statement) ||
		    !guarded(ctx, statement, binding))
			out->unsafe = "it is set where it may be done already";
		return;
	}
	if (!ts_node_is_null(call) && method_is(ctx, attribute, "done"))
		return;
	if (!ts_node_is_null(call) &&
	    (method_is(ctx, attribute, "result") ||
	     method_is(ctx, attribute, "exception"))) {
		out->unsafe = "its result is read with a method";
		return;
	}
	out->refusal = am_arena_printf(
	        ctx->arena, "`%s%s` is used, which `_Future` does not have",
	        am_text(ctx, attribute), ts_node_is_null(call) ? "" : "()");
}

/* Reads one load of the future's name. */
static void read_use(am_context *ctx, const am_name_use *use, TSNode fn,
                     int scope, future_uses *out)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, use->node);
	if (use->annotation) {
		out->refusal = "it is named in an annotation";
	} else if (am_node_is(parent, sx->await)) {
		if (++out->awaits > 1)
			out->unsafe = "it is awaited in more than one place";
		else if (use->scope != scope || in_loop(ctx, parent, fn))
			out->unsafe = "it may be awaited more than once";
	} else if (am_node_is(parent, sx->attribute) &&
	           am_node_is_field(parent, sx->field.object, use->node)) {
		read_method_use(ctx, parent, use->binding, out);
	} else {
		out->refusal =
		        am_arena_printf(ctx->arena, "`%s` is passed on or kept",
		                        am_text(ctx, use->node));
	}
}

/* Reads every load of the future's name (all of them are in `fn`). */
static void read_uses(am_context *ctx, TSNode fn, int scope, int binding,
                      future_uses *out)
{
	const am_binder *b = ctx->binder;
	size_t count = 0;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; i < count && !out->refusal; i++)
		read_use(ctx, &b->uses.items[loads[i]], fn, scope, out);
	if (!out->refusal && b->bindings.items[binding].string_uses)
		out->refusal = "it is named in a string annotation";
}

/* Why the future made by `call` cannot become a `_Future`, or NULL; sets
 * *unsafe when the rewrite may change what the code does. */
static const char *doubt(am_context *ctx, TSNode call, const char **unsafe)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.positional_count || args.keyword_count || args.generator)
		return "it is given arguments";
	TSNode assignment = am_parent(ctx, call);
	TSNode name = am_node_field(assignment, sx->field.left);
	if (!am_node_is(assignment, sx->assignment) ||
	    !am_node_is_field(assignment, sx->field.right, call) ||
	    !am_node_is(name, sx->identifier) ||
	    !ts_node_is_null(am_node_field(assignment, sx->field.type)) ||
	    !am_node_is(am_parent(ctx, assignment), sx->expression_statement))
		return "it is not assigned to a name by a statement of its own";
	TSNode fn = am_own_def(ctx, call);
	if (!am_node_is_async(fn))
		return "it is not made in an `async def`";
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(call));
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	int binding = am_bind_lookup(ctx->binder, scope, text, len);
	if (binding < 0 || stores_of(ctx, fn, binding) != 1)
		return am_arena_printf(ctx->arena,
		                       "`%s` is also bound another way here",
		                       am_text(ctx, name));
	future_uses uses = {NULL, NULL, 0};
	read_uses(ctx, fn, scope, binding, &uses);
	if (uses.refusal)
		return uses.refusal;
	if (!am_imports_helper_available(ctx, AM_HELPER_FUTURE))
		return "the name `_Future` is bound to something else";
	if (!am_imports_name_available(ctx, ctx->root, "anyio"))
		return "the name `anyio` is bound to something else";
	*unsafe = uses.unsafe;
	return NULL;
}

static void on_call(am_context *ctx, const am_call *future_call)
{
	TSNode fn = future_call->callee;
	TSNode call = future_call->node;
	if (future_call->method &&
	    !am_loop_receiver_is_loop(
	            ctx, am_node_field(fn, ctx->syntax->field.object)))
		return;
	const char *unsafe = NULL;
	const char *why = NULL;
	if (future_call->method)
		why = am_loop_running_doubt(
		        ctx, am_node_field(fn, ctx->syntax->field.object),
		        call);
	if (!why)
		why = doubt(ctx, call, &unsafe);
	if (!why && am_has_comment(ctx, call))
		why = "a comment inside the call would be lost";
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *what = am_arena_printf(
	        ctx->arena, "%s(%s)", am_text(ctx, fn),
	        args.positional_count || args.keyword_count ? "..." : "");
	if (why) {
		am_flag(ctx, call, "`%s` left as is: %s", what, why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, call,
	                         "`%s` becomes `_Future()`, a result set once "
	                         "on an `anyio.Event`",
	                         what);
	if (unsafe)
		am_fix_unsafe(fix); /* see Fix safety */
	am_fix_replace_node(fix, call, "_Future()");
}

const am_rule am_rule_future = {
        .code = "ANY211",
        .name = "future",
        .summary = "A future an `async def` makes, sets and awaits → "
                   "`_Future()`, a result on an `anyio.Event`",
        .doc = "## What it does\n"
               "Rewrites `fut = asyncio.Future()` or `fut = "
               "loop.create_future()` (on the running loop) to `fut = "
               "_Future()` when it is a statement of an `async def` and "
               "every use of `fut` there, nested functions included, is one "
               "`_Future` has: `await fut`, `fut.set_result(v)`, "
               "`fut.set_exception(e)` (called, or passed as a callback), "
               "`fut.done()`, `fut.result()`, `fut.exception()`. `_Future` is "
               "a small class written once after the module's imports: a "
               "value or an exception, and an `anyio.Event` set when either "
               "is. Once nothing else uses `loop`, ANY204 removes its "
               "assignment.\n"
               "\n"
               "## Why\n"
               "An asyncio future belongs to asyncio's loop: awaiting it on "
               "trio fails. A result handed from one task or callback to "
               "another is an event plus a value in anyio.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "async def first_reply(client):\n"
               "    reply = asyncio.get_running_loop().create_future()\n"
               "\n"
               "    def on_message(message):\n"
               "        if not reply.done():\n"
               "            reply.set_result(message)\n"
               "\n"
               "    client.subscribe(on_message)\n"
               "    return await reply\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "async def first_reply(client):\n"
               "    reply = _Future()\n"
               "\n"
               "    def on_message(message):\n"
               "        if not reply.done():\n"
               "            reply.set_result(message)\n"
               "\n"
               "    client.subscribe(on_message)\n"
               "    return await reply\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- the future is passed on, returned, stored (`self._waiter = "
               "fut`, a list), put in an annotation, or given to "
               "`asyncio.wait_for()`, `shield()` or `gather()`;\n"
               "- a method `_Future` lacks is used: `cancel()`, "
               "`cancelled()`, `add_done_callback()`, `get_loop()`;\n"
               "- it is made outside an `async def`, kept in an attribute, "
               "given arguments (`loop=`), or the name is bound another way "
               "in the function;\n"
               "- the loop of `create_future()` is not provably the running "
               "one (a parameter, `self.loop`).\n"
               "A future that leaves its function is the loop family's "
               "hardest case: see Migrating by hand.\n"
               "\n"
               "## Fix safety\n"
               "Safe when the future is awaited in one place, once (not in a "
               "loop, not in a nested function), is set only by calls that "
               "are the first statement of an `if not fut.done():` block, "
               "and its result is read only by the await; unsafe otherwise.\n"
               "`_Future` does what the asyncio future did in those uses: "
               "`await` returns the value or raises the exception (at once "
               "when it is set already, without yielding to other tasks); "
               "`done()` is true once it is set; and a task that is "
               "cancelled while awaiting it cancels it, as asyncio does, so "
               "`done()` is true afterwards and a guarded setter does "
               "nothing. The unsafe cases differ on error paths only: a "
               "setter on a future already done raises `RuntimeError` where "
               "asyncio raised `asyncio.InvalidStateError`; `result()` and "
               "`exception()` raise `RuntimeError` on a future not done or "
               "cancelled (asyncio: `InvalidStateError`, `CancelledError`); "
               "a second task awaiting a future that a cancelled task "
               "cancelled gets `RuntimeError` where asyncio raised "
               "`CancelledError`. A future whose exception nobody retrieves "
               "is not logged at garbage collection as asyncio does.\n"
               "\n"
               "## Migrating by hand\n"
               "For a one-shot result, use an `anyio.Event` and a value (or "
               "`_Future` as written by this rule). A future that another "
               "object sets (a protocol, a callback registry) becomes an "
               "event the object owns; a future used to wait for one of "
               "several outcomes becomes a task group cancelled by the first "
               "to end; `fut.cancel()` meant to wake a waiter becomes "
               "cancelling the waiter's cancel scope. A future that crosses "
               "threads (`loop.call_soon_threadsafe(fut.set_result, v)`) "
               "becomes `anyio.from_thread.run_sync(event.set)` with the "
               "value stored first.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .calls = AM_NAMES("Future", "futures.Future"),
        .methods = AM_NAMES("create_future"),
        .on_call = on_call,
};
