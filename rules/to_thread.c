/* ANY203 to-thread: run_in_executor(None, f, *a) and asyncio.to_thread(f, *a)
 * -> anyio.to_thread.run_sync(f, *a) */
#include "imports.h"
#include "loop_var.h"
#include "rule.h"
#include "split_call.h"
#include "statement.h"

#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether the call is awaited directly: `await c` or `await (c)`. */
static int awaited(const am_context *ctx, TSNode call)
{
	TSNode parent = am_parent(ctx, call);
	while (am_node_is(parent, ctx->syntax->parenthesized_expression))
		parent = am_parent(ctx, parent);
	return am_node_is(parent, ctx->syntax->await);
}

#define ABANDON "abandon_on_cancel=True"

/* `, abandon_on_cancel=True` after the last argument: a cancelled caller
 * then leaves at once while the thread runs on, as with asyncio (anyio's
 * default holds the caller until the thread ends). */
static void add_abandon(am_context *ctx, am_fix *fix, const am_call_args *args)
{
	TSNode last = args->positional[args->positional_count - 1];
	for (size_t i = 0; i < args->keyword_count; i++)
		if (ts_node_end_byte(args->keywords[i]) >
		    ts_node_end_byte(last))
			last = args->keywords[i];
	/* One argument a line, each ending with a comma: one line more. */
	const char *t = ctx->text;
	uint32_t at = ts_node_end_byte(last);
	while (at < ctx->len && is_space(t[at]))
		at++;
	if (at < ctx->len && t[at] == ',') {
		uint32_t eol = at + 1;
		while (eol < ctx->len && is_space(t[eol]))
			eol++;
		if (eol < ctx->len && t[eol] == '#')
			while (eol < ctx->len && t[eol] != '\n' &&
			       t[eol] != '\r')
				eol++;
		if (eol < ctx->len && (t[eol] == '\n' || t[eol] == '\r')) {
			am_fix_insert(
			        fix, eol,
			        am_arena_printf(
			                ctx->arena, "%s%s" ABANDON ",",
			                ctx->newline,
			                am_line_indent(ctx, ts_node_start_byte(
			                                            last))));
			return;
		}
	}
	am_fix_insert(fix, ts_node_end_byte(last), ", " ABANDON);
}

/* Why the arguments of run_in_executor cannot be mapped, or NULL. */
static const char *executor_arguments_doubt(am_context *ctx,
                                            const am_call_args *args)
{
	const am_syntax *sx = ctx->syntax;
	if (args->generator || args->too_many || args->keyword_count ||
	    args->positional_count < 2 ||
	    am_node_is(args->positional[0], sx->list_splat) ||
	    am_node_is(args->positional[1], sx->list_splat))
		return "it has arguments this rule cannot map (keywords, or "
		       "`*args` in place of the executor or the function)";
	if (!am_drop_argument(ctx, NULL, args->positional[0]))
		return "a comment sits between the executor and its comma";
	return NULL;
}

static void on_run_in_executor(am_context *ctx, TSNode fn, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *why = executor_arguments_doubt(ctx, &args);
	if (!why && strcmp(ts_node_type(args.positional[0]), "none") != 0) {
		am_flag(ctx, fn,
		        "`run_in_executor()` left as is: it is given an "
		        "executor, and anyio runs functions in its own worker "
		        "threads");
		return;
	}
	if (!why)
		why = am_loop_running_doubt(
		        ctx, am_node_field(fn, sx->field.object), call);
	if (!why && !awaited(ctx, call))
		why = "it is not awaited where it is called, and it starts the "
		      "thread at once where `anyio.to_thread.run_sync()` "
		      "starts it only when awaited";
	if (!why && !am_imports_name_available(ctx, call, "anyio"))
		why = "the name `anyio` is bound to something else here";
	if (why) {
		am_flag(ctx, fn, "`run_in_executor()` left as is: %s", why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, fn,
	                         "`run_in_executor(None, func, ...)` becomes "
	                         "`anyio.to_thread.run_sync(func, ..., " ABANDON
	                         ")`");
	am_fix_unsafe(fix); /* context variables: see Fix safety */
	am_fix_replace_node(fix, fn, "anyio.to_thread.run_sync");
	am_drop_argument(ctx, fix, args.positional[0]);
	add_abandon(ctx, fix, &args);
}

/* anyio.to_thread.run_sync(functools.partial(f, k=v), a): rebuilt. */
static void fix_to_thread_split(am_context *ctx, am_fix *fix,
                                const am_call_args *args, TSNode list)
{
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_puts(&sb, "(");
	am_split_call_append(&sb, ctx, args->positional[0],
	                     args->positional + 1, args->positional_count - 1,
	                     args->keywords, args->keyword_count);
	am_strbuf_puts(&sb, ", " ABANDON ")");
	am_fix_replace_node(fix, list, am_strbuf_cstr(&sb));
}

/* anyio.to_thread.run_sync(functools.partial(f, a, k=v)): every argument
 * stays where it is, so their order and any comment among them stay. */
static void fix_to_thread_whole(am_fix *fix, TSNode list)
{
	am_fix_insert(fix, ts_node_start_byte(list) + 1, "functools.partial(");
	am_fix_insert(fix, ts_node_end_byte(list) - 1, "), " ABANDON);
}

/* "anyio" or "functools" when the rewrite would need that name and it is
 * bound to something else at call; NULL when both are free. */
static const char *unavailable_module(const am_context *ctx, TSNode call,
                                      int needs_functools)
{
	if (!am_imports_name_available(ctx, call, "anyio"))
		return "anyio";
	if (needs_functools &&
	    !am_imports_name_available(ctx, call, "functools"))
		return "functools";
	return NULL;
}

static void on_to_thread(am_context *ctx, TSNode fn, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.generator || args.too_many || args.positional_count == 0 ||
	    am_node_is(args.positional[0], sx->list_splat)) {
		am_flag(ctx, fn,
		        "`asyncio.to_thread()` left as is: no function "
		        "argument "
		        "this rule can see");
		return;
	}
	const char *taken =
	        unavailable_module(ctx, call, args.keyword_count > 0);
	if (taken) {
		am_flag(ctx, fn,
		        "`asyncio.to_thread()` left as is: the name `%s` is "
		        "bound to something else here",
		        taken);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, fn,
	        "`asyncio.to_thread(func, ...)` becomes "
	        "`anyio.to_thread.run_sync(func, ..., " ABANDON ")`%s",
	        args.keyword_count ? "; keyword arguments go through "
	                             "`functools.partial`"
	                           : "");
	am_fix_replace_node(fix, fn, "anyio.to_thread.run_sync");
	if (!args.keyword_count) {
		add_abandon(ctx, fix, &args);
		return;
	}
	TSNode list = am_node_field(call, sx->field.arguments);
	if (am_has_comment(ctx, list) ||
	    am_split_call_reorders(ctx, args.positional + 1,
	                           args.positional_count - 1, args.keywords,
	                           args.keyword_count))
		fix_to_thread_whole(fix, list);
	else
		fix_to_thread_split(ctx, fix, &args, list);
}

static void on_call(am_context *ctx, const am_call *call)
{
	if (call->method)
		on_run_in_executor(ctx, call->callee, call->node);
	else
		on_to_thread(ctx, call->callee, call->node);
}

const am_rule am_rule_to_thread = {
        .code = "ANY203",
        .name = "to-thread",
        .summary = "`await loop.run_in_executor(None, f, *a)`, "
                   "`asyncio.to_thread(f, *a)` → `anyio.to_thread.run_sync(f, "
                   "*a)`",
        .doc = "## What it does\n"
               "Rewrites `await loop.run_in_executor(None, func, *args)` and "
               "`asyncio.to_thread(func, *args)` to "
               "`anyio.to_thread.run_sync(func, *args)`. Keyword arguments of "
               "`asyncio.to_thread` go through `functools.partial` "
               "(`run_sync` passes only positional arguments on): "
               "`functools.partial(func, k=v), *args`, or "
               "`functools.partial(func, *args, k=v)` when moving the "
               "keywords ahead could change what the arguments evaluate to "
               "(Python evaluates positional arguments first) or a comment "
               "sits among them.\n"
               "\n"
               "`run_in_executor` is rewritten only when `loop` is provably "
               "the running event loop: a name assigned in the same function "
               "from `asyncio.get_running_loop()` or "
               "`asyncio.get_event_loop()` (and bound in no other way there), "
               "or such a call itself "
               "(`asyncio.get_running_loop().run_in_executor(None, f)`). Once "
               "nothing else uses `loop`, ANY204 removes its assignment.\n"
               "\n"
               "## Why\n"
               "`anyio.to_thread.run_sync()` runs a blocking function in a "
               "worker thread on every backend; asyncio's loop methods and "
               "`asyncio.to_thread` exist only on asyncio's.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "loop = asyncio.get_running_loop()\n"
               "data = await loop.run_in_executor(None, read, path)\n"
               "text = await asyncio.to_thread(decode, data, "
               "errors=\"strict\")\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "data = await anyio.to_thread.run_sync(read, path)\n"
               "text = await anyio.to_thread.run_sync(\n"
               "    functools.partial(decode, errors=\"strict\"), data\n"
               ")\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- an executor other than `None` is passed: anyio has no "
               "executors; a bounded pool is `anyio.to_thread.run_sync(func, "
               "limiter=anyio.CapacityLimiter(n))`, a process pool "
               "`anyio.to_process.run_sync`;\n"
               "- `run_in_executor()` is not awaited where it is called "
               "(passed to `gather`, stored as a future): it starts the "
               "thread at once, while `run_sync()` starts it only when "
               "awaited;\n"
               "- the receiver is not provably the running loop: a parameter, "
               "an attribute (`self.loop`), a name bound in another way or in "
               "an enclosing function, a loop from "
               "`asyncio.new_event_loop()`;\n"
               "- keywords or `*args` in place of the executor or the "
               "function.\n"
               "\n"
               "## Fix safety\n"
               "Safe for `asyncio.to_thread()`; unsafe for "
               "`run_in_executor()`, whose function sees other context "
               "variables afterwards (below).\n"
               "- Cancellation: asyncio cancels the awaiting future at once "
               "while the thread runs on in the background; anyio's default "
               "would hold the cancelled caller until the thread ends, so the "
               "rewrite passes `abandon_on_cancel=True`, which does what "
               "asyncio does (needs anyio 4.1 or later). Drop it where "
               "waiting for the thread is what the code wants.\n"
               "- Thread limit: anyio runs at most 40 threads at a time by "
               "default (`anyio.to_thread.current_default_thread_limiter()`); "
               "asyncio's default executor has `min(32, os.cpu_count() + 4)` "
               "workers.\n"
               "- Context variables: `asyncio.to_thread` and anyio both run "
               "the function in a copy of the caller's context; "
               "`run_in_executor` does not, so after the rewrite the function "
               "sees the caller's context variables where it used to see the "
               "worker thread's own.\n"
               "\n"
               "## Migrating by hand\n"
               "Write `await anyio.to_thread.run_sync(func, *args)` where "
               "the function is run (keywords through `functools.partial`). "
               "A call not awaited where it is made: await it there, or "
               "start it in a task group, since anyio starts the thread "
               "only when awaited. In place of an executor, for a bounded "
               "pool pass "
               "`limiter=anyio.CapacityLimiter(n)`, and for a process pool "
               "use `anyio.to_process.run_sync`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .calls = AM_NAMES("to_thread"),
        .methods = AM_NAMES("run_in_executor"),
        .on_call = on_call,
};
