/* ANY209 loop-time: loop.time() -> anyio.current_time() */
#include "imports.h"
#include "loop_var.h"
#include "rule.h"

#include <string.h>

/* Why a name's assignment may not have run when `X.time()` does, or NULL:
 * only a statement of the function's own body surely has (in a branch, an
 * unbound `loop` raises where `anyio.current_time()` would not). */
static const char *assignment_doubt(am_context *ctx, TSNode receiver)
{
	const am_syntax *sx = ctx->syntax;
	am_loop_var var;
	if (!am_node_is(receiver, sx->identifier) ||
	    !am_loop_var_of_load(ctx, receiver, &var))
		return NULL;
	TSNode statement = am_parent(ctx, am_parent(ctx, var.first));
	TSNode body = ctx->binder->scopes.items[var.scope].node;
	if (am_node_is(body, sx->function_definition))
		body = am_node_field(body, sx->field.body);
	if (ts_node_eq(am_parent(ctx, statement), body))
		return NULL;
	return am_arena_printf(ctx->arena,
	                       "`%s` is assigned inside a block, which may "
	                       "not have run",
	                       am_text(ctx, receiver));
}

/* Whether the module reads `time.monotonic`, the clock of asyncio's loop:
 * values of both may be compared, and trio's clock is another one. */
static int reads_monotonic(const am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		/* only a chain headed by an import of time can resolve there:
		 * the others are passed over without resolving them */
		int binding = b->uses.items[i].binding;
		const am_binding *bd =
		        binding >= 0 ? &b->bindings.items[binding] : NULL;
		if (!bd || bd->kind != AM_BINDING_IMPORT || !bd->qualname ||
		    strncmp(bd->qualname, "time", 4) != 0)
			continue;
		const char *q = am_bind_resolve(b, b->uses.items[i].chain);
		if (q && strncmp(q, "time.monotonic", 14) == 0)
			return 1;
	}
	return 0;
}

/* Why the call is outside any function (a module or class body, run at
 * import time, where no loop is running and `anyio.current_time()` raises),
 * or NULL. */
static const char *import_time_doubt(const am_context *ctx, TSNode call)
{
	const am_binder *b = ctx->binder;
	int scope = am_loop_function_scope_at(b, ts_node_start_byte(call));
	if (b->scopes.items[scope].kind == AM_SCOPE_FUNCTION)
		return NULL;
	return "it runs when the module or class body does, where no loop "
	       "runs and `anyio.current_time()` raises";
}

/* Why the rewrite may change behaviour on some path, or NULL when it
 * cannot (see Fix safety). */
static const char *unsafe_reason(const am_context *ctx, TSNode call)
{
	const am_binder *b = ctx->binder;
	const am_scope *s = &b->scopes.items[am_loop_function_scope_at(
	        b, ts_node_start_byte(call))];
	if (s->kind != AM_SCOPE_FUNCTION ||
	    !am_node_is(s->node, ctx->syntax->function_definition) ||
	    !am_node_is_async(s->node))
		return "outside an `async def`";
	if (reads_monotonic(ctx))
		return "the module also reads `time.monotonic()`";
	return NULL;
}

static void on_call(am_context *ctx, const am_call *time_call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = time_call->callee;
	TSNode call = time_call->node;
	TSNode receiver = am_node_field(fn, sx->field.object);
	if (!am_loop_receiver_is_loop(ctx, receiver))
		return; /* `time.time()`, `self.loop.time()`: not this rule's */
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *why = NULL;
	if (args.positional_count || args.keyword_count || args.generator ||
	    args.has_star)
		why = "it is given arguments";
	if (!why)
		why = am_loop_running_doubt(ctx, receiver, call);
	if (!why)
		why = import_time_doubt(ctx, call);
	if (!why)
		why = assignment_doubt(ctx, receiver);
	if (!why && am_has_comment(ctx, call))
		why = "a comment inside the call would be lost";
	if (!why && !am_imports_name_available(ctx, call, "anyio"))
		why = "the name `anyio` is bound to something else here";
	const char *what =
	        am_arena_printf(ctx->arena, "`%s()`", am_text(ctx, fn));
	if (why) {
		am_flag(ctx, fn, "%s left as is: %s", what, why);
		return;
	}
	am_fix *fix =
	        am_fix_new(ctx, fn, "%s becomes `anyio.current_time()`", what);
	if (unsafe_reason(ctx, call))
		am_fix_unsafe(fix); /* see Fix safety */
	am_fix_replace_node(fix, call, "anyio.current_time()");
}

const am_rule am_rule_loop_time = {
        .code = "ANY209",
        .name = "loop-time",
        .summary = "`loop.time()` of the running loop → "
                   "`anyio.current_time()`",
        .doc = "## What it does\n"
               "Rewrites `loop.time()` to `anyio.current_time()` when `loop` "
               "is provably the running event loop: a call of "
               "`asyncio.get_running_loop()` or `asyncio.get_event_loop()` "
               "itself (`asyncio.get_running_loop().time()`), or a name "
               "assigned from one by a statement of the function's own body, "
               "before the call, and bound in no other way there. Once "
               "nothing else uses `loop`, ANY204 removes its assignment.\n"
               "\n"
               "## Why\n"
               "anyio has no event loop object; `anyio.current_time()` reads "
               "the clock of the backend's loop, the clock its deadlines "
               "(`anyio.sleep_until()`, `anyio.fail_after()`, "
               "`CancelScope.deadline`) are measured on.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "async def wait_until_due(due):\n"
               "    loop = asyncio.get_running_loop()\n"
               "    while loop.time() < due:\n"
               "        await asyncio.sleep(0.1)\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "async def wait_until_due(due):\n"
               "    while anyio.current_time() < due:\n"
               "        await anyio.sleep(0.1)\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- the loop comes from `asyncio.new_event_loop()`, is assigned "
               "in an enclosing function, only after the call, or inside a "
               "block (`if`, `try`, a loop) that may not have run;\n"
               "- the call is in a module or class body, run at import "
               "time, where no loop runs;\n"
               "- the name is also bound another way in its scope (a "
               "parameter, another assignment);\n"
               "- `time()` is given arguments, or a comment inside the call "
               "would be lost.\n"
               "A loop kept elsewhere (`self.loop.time()`, a parameter) is not "
               "followed; `loop.time` not called is reported by ANY204.\n"
               "\n"
               "## Fix safety\n"
               "Safe in an `async def` of a module that does not read "
               "`time.monotonic()`; unsafe otherwise.\n"
               "On asyncio's backend `anyio.current_time()` is the running "
               "loop's `time()`. It finds the backend through the current "
               "task, though: a plain function called from a callback of the "
               "loop (`call_soon`, a protocol's `data_received`) has none, "
               "and there it raises `sniffio.AsyncLibraryNotFoundError` (a "
               "RuntimeError) where `loop.time()` returned the time; and "
               "`asyncio.get_event_loop().time()` with no loop running "
               "returned a time where it raises too. An `async def` always "
               "runs in a task. trio's clock is not `time.monotonic()`: a "
               "module that compares loop times with `time.monotonic()` "
               "would compare two clocks on trio.\n"
               "\n"
               "## Migrating by hand\n"
               "Read the time with `anyio.current_time()` from async code; "
               "a plain function called from a loop callback should become "
               "async (or be given the time by its caller). Keep the times "
               "you compare on one clock: `anyio.current_time()` everywhere, "
               "or `time.monotonic()` everywhere when the times only measure "
               "durations and never feed a deadline. For `self.loop.time()`, "
               "once `self.loop` is the running loop, write "
               "`anyio.current_time()`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .methods = AM_NAMES("time"),
        .on_call = on_call,
};
