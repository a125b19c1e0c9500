/* ANY212 from-thread: a worker thread's way back to the loop ->
 * anyio.from_thread.run / run_sync */
#include "imports.h"
#include "loop_var.h"
#include "rule.h"
#include "split_call.h"

#include <string.h>

/* The plain `def` whose own scope `node` runs in, or a null node. */
static TSNode plain_function_of(const am_context *ctx, TSNode node)
{
	TSNode def = am_own_def(ctx, node);
	return am_node_is_async(def) ? am_null_node() : def; /* or null */
}

/* Why a call outside any plain function is not rewritten. */
static const char *outside_thread(const am_context *ctx, TSNode call)
{
	if (am_node_is_async(am_own_def(ctx, call)))
		return "it is called from async code, in the loop's own "
		       "thread: call the function there, or start it in a "
		       "task group";
	return "it is not in a plain `def` run in a worker thread";
}

/* Whether a load is the function given to `anyio.to_thread.run_sync(f,
 * ...)`: anyio's worker threads are the ones from_thread can reach the
 * loop from. */
static int run_in_anyio_thread(const am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode list = am_parent(ctx, use);
	if (!am_node_is(list, sx->argument_list) ||
	    !ts_node_eq(ts_node_named_child(list, 0), use))
		return 0;
	TSNode call = am_parent(ctx, list);
	const char *q = am_bind_resolve(
	        ctx->binder, am_node_field(call, sx->field.function));
	return q && strcmp(q, "anyio.to_thread.run_sync") == 0;
}

/* Why the function `def` is not provably run only in anyio's worker
 * threads, or NULL: every use of its name is what
 * `anyio.to_thread.run_sync()` runs. */
static const char *thread_doubt(am_context *ctx, TSNode def)
{
	const am_binder *b = ctx->binder;
	TSNode name = am_node_field(def, ctx->syntax->field.name);
	const char *text = am_text(ctx, name);
	const char *why = am_arena_printf(
	        ctx->arena,
	        "`%s` is not run by `anyio.to_thread.run_sync()` alone, "
	        "the threads `anyio.from_thread` can reach the loop from",
	        text);
	if (am_node_is(am_parent(ctx, def), ctx->syntax->decorated_definition))
		return why;
	int scope = am_bind_scope_at(b, ts_node_start_byte(def));
	int binding = am_bind_lookup(b, scope, text, strlen(text));
	size_t count = 0;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; i < count; i++)
		if (!run_in_anyio_thread(ctx, b->uses.items[loads[i]].node))
			return why;
	return count ? NULL : why;
}

/* Why `loop` is not provably the loop of the program, or NULL: a name
 * assigned from `asyncio.get_running_loop()` (or `get_event_loop()`) in an
 * `async def`, where it is the running loop. */
static const char *loop_doubt(am_context *ctx, TSNode loop)
{
	am_loop_var var;
	if (!am_node_is(loop, ctx->syntax->identifier) ||
	    !am_loop_var_of_load(ctx, loop, &var) ||
	    !ts_node_is_null(var.other) ||
	    (var.sources & AM_LOOP_NEW_EVENT_LOOP))
		return am_arena_printf(ctx->arena,
		                       "`%s` is not a loop this rule follows",
		                       am_text(ctx, loop));
	const am_scope *s = &ctx->binder->scopes.items[var.scope];
	if (s->kind != AM_SCOPE_FUNCTION ||
	    !am_node_is(s->node, ctx->syntax->function_definition) ||
	    !am_node_is_async(s->node))
		return am_arena_printf(ctx->arena,
		                       "`%s` is not assigned in an `async def`",
		                       am_text(ctx, loop));
	return NULL;
}

/* `asyncio.run_coroutine_threadsafe(f(a), loop).result()`. */
static void on_run_coroutine(am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args, inner_args;
	am_call_args_read(ctx, call, &args);
	TSNode attribute = am_parent(ctx, call);
	TSNode result = am_callee_call(ctx, attribute);
	const char *why = NULL;
	if (!am_node_is(attribute, sx->attribute) ||
	    !am_node_text_eq(ctx->text,
	                     am_node_field(attribute, sx->field.attribute),
	                     "result") ||
	    ts_node_is_null(result) ||
	    ts_node_named_child_count(
	            am_node_field(result, sx->field.arguments)) != 0)
		why = "its future is not read at once by `.result()`";
	if (!why && (args.positional_count != 2 || args.keyword_count ||
	             args.has_star || args.generator))
		why = "it is not given a coroutine and a loop";
	TSNode coro = why ? am_null_node() : args.positional[0];
	if (!why && !am_node_is(coro, sx->call))
		why = "the coroutine is not a call written there";
	if (!why) {
		am_call_args_read(ctx, coro, &inner_args);
		if (inner_args.has_star || inner_args.has_kwsplat ||
		    inner_args.generator || inner_args.too_many ||
		    am_split_call_reorders(ctx, inner_args.positional,
		                           inner_args.positional_count,
		                           inner_args.keywords,
		                           inner_args.keyword_count))
			why = "the coroutine's arguments cannot be passed on "
			      "as they are";
	}
	if (!why)
		why = loop_doubt(ctx, args.positional[1]);
	TSNode def = plain_function_of(ctx, call);
	if (!why && ts_node_is_null(def))
		why = outside_thread(ctx, call);
	if (!why)
		why = thread_doubt(ctx, def);
	if (!why && am_has_comment(ctx, result))
		why = "a comment inside the call would be lost";
	if (!why && !am_imports_name_available(ctx, call, "anyio"))
		why = "the name `anyio` is bound to something else here";
	const char *what = "`asyncio.run_coroutine_threadsafe(...).result()`";
	if (why) {
		am_flag(ctx, call, "%s left as is: %s", what, why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, call,
	                         "%s becomes `anyio.from_thread.run()`", what);
	am_fix_replace_node(fix, result,
	                    am_split_call_wrapped(ctx, "anyio.from_thread.run",
	                                          coro, &inner_args, NULL));
}

/* `loop.call_soon_threadsafe(f, *a)` as a statement of its own. */
static void on_call_soon(am_context *ctx, TSNode call, TSNode callee)
{
	const am_syntax *sx = ctx->syntax;
	TSNode loop = am_node_field(callee, sx->field.object);
	am_loop_var var;
	if (!am_node_is(loop, sx->identifier) ||
	    !am_loop_var_of_load(ctx, loop, &var))
		return; /* not a loop: none of this rule's business */
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *why = NULL;
	if (!am_node_is(am_parent(ctx, call), sx->expression_statement))
		why = "its handle is used";
	if (!why && (args.positional_count == 0 || args.keyword_count ||
	             args.has_star || args.generator))
		why = "it is not given a function and its arguments alone";
	if (!why)
		why = loop_doubt(ctx, loop);
	TSNode def = plain_function_of(ctx, call);
	if (!why && ts_node_is_null(def))
		why = outside_thread(ctx, call);
	if (!why)
		why = thread_doubt(ctx, def);
	if (!why && am_has_comment(ctx, callee))
		why = "a comment inside the call would be lost";
	if (!why && !am_imports_name_available(ctx, call, "anyio"))
		why = "the name `anyio` is bound to something else here";
	const char *what =
	        am_arena_printf(ctx->arena, "`%s()`", am_text(ctx, callee));
	if (why) {
		am_flag(ctx, callee, "%s left as is: %s", what, why);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, callee, "%s becomes `anyio.from_thread.run_sync()`", what);
	am_fix_replace_node(fix, callee, "anyio.from_thread.run_sync");
}

static void on_call(am_context *ctx, const am_call *call)
{
	if (call->method)
		on_call_soon(ctx, call->node, call->callee);
	else
		on_run_coroutine(ctx, call->node);
}

const am_rule am_rule_from_thread = {
        .code = "ANY212",
        .name = "from-thread",
        .summary = "In a worker thread, "
                   "`asyncio.run_coroutine_threadsafe(f(a), loop).result()` → "
                   "`anyio.from_thread.run(f, a)`, "
                   "`loop.call_soon_threadsafe(f, a)` → "
                   "`anyio.from_thread.run_sync(f, a)`",
        .doc = "## What it does\n"
               "In a plain function that only `anyio.to_thread.run_sync()` "
               "runs (every use of its name is the function that call is "
               "given), rewrites the calls that reach the event loop from "
               "the thread:\n"
               "- `asyncio.run_coroutine_threadsafe(f(a), loop).result()` → "
               "`anyio.from_thread.run(f, a)` (keyword arguments through "
               "`functools.partial`);\n"
               "- `loop.call_soon_threadsafe(f, a)`, a statement of its own, "
               "→ `anyio.from_thread.run_sync(f, a)`;\n"
               "where `loop` is a name assigned from "
               "`asyncio.get_running_loop()` (or `get_event_loop()`) in an "
               "`async def`: the running loop, the one anyio's thread "
               "reaches. The thread must already be started by anyio: ANY203 "
               "rewrites `asyncio.to_thread(worker)` and "
               "`loop.run_in_executor(None, worker)` first, and this rule "
               "follows in the next pass. Once nothing else uses `loop`, "
               "ANY204 removes its assignment.\n"
               "\n"
               "## Why\n"
               "anyio's worker threads know their event loop: "
               "`anyio.from_thread.run()` and `run_sync()` need no loop "
               "object and work on every backend, where "
               "`run_coroutine_threadsafe` and `call_soon_threadsafe` need "
               "asyncio's loop.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "async def main():\n"
               "    loop = asyncio.get_running_loop()\n"
               "\n"
               "    def worker(path):\n"
               "        for line in open(path):\n"
               "            asyncio.run_coroutine_threadsafe(store(line), "
               "loop).result()\n"
               "        loop.call_soon_threadsafe(print, \"done\")\n"
               "\n"
               "    await asyncio.to_thread(worker, \"data.txt\")\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "async def main():\n"
               "    def worker(path):\n"
               "        for line in open(path):\n"
               "            anyio.from_thread.run(store, line)\n"
               "        anyio.from_thread.run_sync(print, \"done\")\n"
               "\n"
               "    await anyio.to_thread.run_sync(worker, \"data.txt\")\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- the function is run some other way too (called directly, "
               "given to `threading.Thread`, an executor, a decorator), or "
               "its thread is not started by `anyio.to_thread.run_sync()` "
               "yet (a `run_in_executor()` with an executor, or left for "
               "`--unsafe-fixes`);\n"
               "- the loop is a parameter (`def worker(loop)`), an attribute, "
               "or from `asyncio.new_event_loop()`: pass nothing and let "
               "`anyio.from_thread` find the loop;\n"
               "- the future of `run_coroutine_threadsafe()` is kept, given a "
               "timeout (`.result(5)`), or not read; the handle of "
               "`call_soon_threadsafe()` is used, or it is given "
               "`context=`;\n"
               "- the coroutine is not a call written there, or its "
               "arguments are `*args`/`**kwargs`.\n"
               "\n"
               "## Fix safety\n"
               "Unsafe: both differ on some path.\n"
               "- `anyio.from_thread.run()` runs the coroutine in the cancel "
               "scope of the task that started the thread: when that task is "
               "cancelled (a deadline, a failing sibling), the coroutine is "
               "cancelled and `run()` raises "
               "`concurrent.futures.CancelledError` in the thread, where "
               "asyncio's coroutine was a task of its own and ran on.\n"
               "- `anyio.from_thread.run_sync()` waits for the function to "
               "run and raises what it raises in the thread; "
               "`call_soon_threadsafe()` returned at once and the loop logged "
               "an exception. The thread is held until the loop has run the "
               "function.\n"
               "\n"
               "## Migrating by hand\n"
               "Start the thread with `anyio.to_thread.run_sync(worker, "
               "...)`, then call back with `anyio.from_thread.run(f, *args)` "
               "for a coroutine function and `anyio.from_thread.run_sync(f, "
               "*args)` for a plain one; drop the loop parameter. A thread "
               "that anyio does not start (`threading.Thread`, a foreign "
               "library's callback thread) gets a `BlockingPortal`: create it "
               "in async code (`async with "
               "anyio.from_thread.BlockingPortal() as portal:`) and hand it to "
               "the thread in place of the loop; the thread calls "
               "`portal.call(f, *args)`. A fire-and-forget callback that must "
               "not hold the thread: `portal.start_task_soon(f, *args)`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("run_coroutine_threadsafe",
                          "tasks.run_coroutine_threadsafe"),
        .methods = AM_NAMES("call_soon_threadsafe"),
        .on_call = on_call,
};
