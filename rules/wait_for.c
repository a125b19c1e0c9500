/* ANY201 wait-for: `await asyncio.wait_for(aw, t)` -> `with
 * anyio.fail_after(t): await aw` */
#include "cleanup_await.h"
#include "lift.h"
#include "rule.h"

static int contains_call(const am_context *ctx, TSNode node)
{
	am_walk walk;
	am_walk_init(&walk, node);
	int found = 0;
	for (TSNode n; !found && am_walk_next(&walk, &n);)
		found = am_node_is(n, ctx->syntax->call);
	am_walk_release(&walk);
	return found;
}

/* The awaitable and the timeout of a wait_for call, or 0 to flag. */
static int split_arguments(const am_context *ctx, TSNode call, TSNode *aw,
                           TSNode *timeout)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode fut = am_call_keyword(ctx, &args, "fut");
	TSNode t = am_call_keyword(ctx, &args, "timeout");
	size_t named = !ts_node_is_null(fut) + !ts_node_is_null(t);
	if (args.has_star || args.has_kwsplat || args.generator ||
	    args.keyword_count != named || args.positional_count + named != 2)
		return 0;
	size_t next = 0;
	*aw = ts_node_is_null(fut) ? args.positional[next++] : fut;
	*timeout = ts_node_is_null(t) ? args.positional[next++] : t;
	return 1;
}

static void on_call(am_context *ctx, const am_call *wait_for)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = wait_for->callee;
	TSNode call = wait_for->node;
	TSNode aw, timeout;
	am_lift lift;
	am_lift_plan plan;
	if (!split_arguments(ctx, call, &aw, &timeout)) {
		am_flag(ctx, fn,
		        "`asyncio.wait_for()` left as is: its arguments cannot "
		        "be mapped");
		return;
	}
	if (!am_node_is(aw, sx->call)) {
		am_flag(ctx, fn,
		        "`asyncio.wait_for()` of `%s` left as is: not a "
		        "visible call (a task or a stored coroutine)",
		        am_text(ctx, aw));
		return;
	}
	if (!am_lift_find(ctx, call, &lift)) {
		am_flag(ctx, fn,
		        "`await asyncio.wait_for()` left as is: inside a "
		        "larger expression");
		return;
	}
	if (contains_call(ctx, timeout) &&
	    contains_call(ctx, am_node_field(aw, sx->field.arguments))) {
		am_flag(ctx, fn,
		        "`asyncio.wait_for()` left as is: its timeout and "
		        "awaitable both call functions, and `with "
		        "anyio.fail_after(t):` would evaluate the timeout "
		        "first");
		return;
	}
	if (am_has_comment(ctx, call) && !am_has_comment(ctx, aw)) {
		am_flag(ctx, fn,
		        "`asyncio.wait_for()` left as is: rewriting would drop "
		        "the comment among its arguments");
		return;
	}
	const char *cleanup = am_cleanup_that_awaits(ctx, aw, NULL);
	if (cleanup) {
		am_flag(ctx, fn,
		        "`await asyncio.wait_for()` left as is: the awaitable "
		        "has %s (anyio would cancel it too)",
		        cleanup);
		return;
	}
	const char *header = am_arena_printf(
	        ctx->arena,
	        "with anyio.fail_after(%s):", am_text(ctx, timeout));
	if (!header || !am_lift_plan_wrap(ctx, &lift, header, &plan)) {
		am_flag(ctx, fn,
		        "`await asyncio.wait_for()` left as is: a layout this "
		        "rule cannot rewrite");
		return;
	}
	am_fix *fix =
	        am_fix_new(ctx, fn,
	                   "`await asyncio.wait_for(aw, t)` becomes `with "
	                   "anyio.fail_after(t):` around `await aw`");
	am_lift_apply(fix, &plan);
	am_fix_replace_node(fix, call, am_text(ctx, aw));
}

const am_rule am_rule_wait_for = {
        .code = "ANY201",
        .name = "wait-for",
        .summary =
                "`await asyncio.wait_for(aw, t)` → `with anyio.fail_after(t): "
                "await aw`",
        .doc = "## What it does\n"
               "Lifts an awaited `asyncio.wait_for(aw, timeout)` that forms a "
               "statement of its own — `await ...`, `x = await ...` (also "
               "augmented, annotated and tuple targets) or `return await "
               "...` — into a `with anyio.fail_after(timeout):` block around "
               "that statement, with `await aw` left in place. A one-line "
               "`if x: await ...` and statements sharing a line through `;` "
               "get lines of their own; the file's own indentation and line "
               "endings are used, and a trailing comment stays on its line.\n\n"
               "## Why\n"
               "`anyio.fail_after()` is anyio's timeout: a cancel scope that "
               "raises the builtin `TimeoutError` (which is "
               "`asyncio.TimeoutError` since Python 3.11), so existing "
               "handlers keep working. `timeout=None` means no deadline in "
               "both.\n\n"
               "## Example\n"
               "```python\nreply = await asyncio.wait_for(fetch(url), "
               "5)\n```\n\n"
               "## Use instead\n"
               "```python\nwith anyio.fail_after(5):\n"
               "    reply = await fetch(url)\n```\n\n"
               "## When it flags instead\n"
               "- the await is part of a larger expression (an argument, a "
               "condition, a comprehension);\n"
               "- the awaitable is not a call written there (a task or a "
               "coroutine stored in a variable);\n"
               "- both the timeout and the awaitable's arguments call "
               "functions (the order of those calls would change);\n"
               "- a comment sits among the arguments outside the awaitable;\n"
               "- the awaited function, or an async function of this file it "
               "calls (followed call by call, also through "
               "`self.method()`), holds an `await` in a `finally` clause or "
               "in a handler that may catch cancellation (bare, "
               "`BaseException`, `CancelledError`, or classes it cannot "
               "name): past the deadline anyio "
               "cancels every await in the scope, asyncio only the one "
               "pending, so such cleanup would be cut short.\n\n"
               "## Fix safety\n"
               "Unsafe, on the two paths below.\n"
               "On Python 3.11 `wait_for` runs the awaitable in a task of its "
               "own; `fail_after` runs it in the current task, so context "
               "variables it sets stay set afterwards (as on Python 3.12+). "
               "Past the deadline anyio cancels every await inside the scope "
               "until it is left, asyncio only the pending one: cleanup that "
               "awaits in functions of other modules (which cannot be seen "
               "from here), or in the exit of an `async with` inside the "
               "awaited function (not looked into), should shield itself "
               "with "
               "`anyio.CancelScope(shield=True)`.\n"
               "\n"
               "## Migrating by hand\n"
               "Once the deadline passes, anyio cancels every later await "
               "in the scope, where asyncio cancelled only the one that was "
               "waiting: cleanup that awaits (in `except`/`finally`, in the "
               "awaitable or in a function it calls) is cancelled too. Put "
               "the await in `with anyio.fail_after(timeout):` and shield "
               "that cleanup with `with anyio.CancelScope(shield=True):`. A "
               "comment among the arguments: write the `with` block by "
               "hand.\n"
               "\n"
               "A task or a stored coroutine: put the await that creates it in "
               "the block. An await inside a larger expression: move it to a "
               "statement of its own (`x = await ...`) and run again. A "
               "timeout "
               "and an awaitable that both call functions: compute the timeout "
               "into a variable first (the block evaluates it first).\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("wait_for"),
        .on_call = on_call,
};
