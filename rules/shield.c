/* ANY202 shield: `await asyncio.shield(aw)` -> `with anyio.CancelScope(shield=True): await aw` */
#include "lift.h"
#include "rules.h"

static void on_match(am_context *ctx, const am_match *m)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = am_capture(m, "fn");
	if (!am_bind_is_asyncio(ctx->binder, fn, "shield"))
		return;
	TSNode call = am_capture(m, "call");
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode aw = am_call_keyword(ctx, &args, "arg");
	size_t named = !ts_node_is_null(aw);
	if (args.has_star || args.generator || args.keyword_count != named ||
	    args.positional_count + named != 1) {
		am_flag(ctx, fn,
		        "`asyncio.shield()` with arguments this rule cannot map: "
		        "write `with anyio.CancelScope(shield=True):` around "
		        "`await aw`");
		return;
	}
	if (ts_node_is_null(aw))
		aw = args.positional[0];
	am_lift lift;
	am_lift_plan plan;
	if (!am_node_is(aw, sx->call)) {
		am_flag(ctx, fn,
		        "`asyncio.shield()` of `%s`, not a visible call (a task or "
		        "a stored coroutine): put the await that creates it in `with "
		        "anyio.CancelScope(shield=True):` by hand",
		        am_text(ctx, aw));
		return;
	}
	if (!am_lift_find(ctx, call, &lift)) {
		am_flag(ctx, fn,
		        "`await asyncio.shield()` inside a larger expression (or "
		        "not awaited): move it to a statement of its own, then run "
		        "again, or write `with anyio.CancelScope(shield=True):` by "
		        "hand");
		return;
	}
	if (am_has_comment(ctx, call) && !am_has_comment(ctx, aw)) {
		am_flag(ctx, fn,
		        "`asyncio.shield()` with a comment among its arguments: "
		        "rewriting would drop it; write `with "
		        "anyio.CancelScope(shield=True):` by hand");
		return;
	}
	if (!am_lift_plan_wrap(ctx, &lift, "with anyio.CancelScope(shield=True):",
	                       &plan)) {
		am_flag(ctx, fn,
		        "`await asyncio.shield()` in a layout this rule cannot "
		        "rewrite: write `with anyio.CancelScope(shield=True):` "
		        "around the statement by hand");
		return;
	}
	am_fix *fix = am_fix_new(ctx, fn,
	                         "`await asyncio.shield(aw)` becomes `with "
	                         "anyio.CancelScope(shield=True):` around `await "
	                         "aw`");
	am_lift_apply(fix, &plan);
	am_fix_replace_node(fix, call, am_text(ctx, aw));
}

const am_rule am_rule_shield = {
        .code = "ANY202",
        .name = "shield",
        .summary = "`await asyncio.shield(aw)` → `with "
                   "anyio.CancelScope(shield=True): await aw`",
        .doc = "## What it does\n"
               "Lifts an awaited `asyncio.shield(aw)` that forms a statement "
               "of its own (`await ...`, `x = await ...`, `return await ...`) "
               "into a `with anyio.CancelScope(shield=True):` block around "
               "that statement, with `await aw` left in place.\n\n"
               "## Why\n"
               "A shielded cancel scope is anyio's way to protect work from "
               "cancellation on every backend.\n\n"
               "## Example\n"
               "```python\nawait asyncio.shield(save(state))\n```\n\n"
               "## Use instead\n"
               "```python\nwith anyio.CancelScope(shield=True):\n"
               "    await save(state)\n```\n\n"
               "## When it flags instead\n"
               "The await is part of a larger expression, the shielded "
               "awaitable is not a call written there (a task or a stored "
               "coroutine), or a comment sits among the arguments outside "
               "the awaitable.\n\n"
               "## Fix safety\n"
               "Unsafe: a cancelled caller waits for the shielded work, which "
               "it did not.\n"
               "The awaitable is protected in both. What differs is the "
               "caller: with `asyncio.shield` a cancelled caller stops "
               "waiting at once while the work goes on in the background; "
               "with a shielded scope the caller waits for the work to "
               "finish and sees the cancellation at its next await after "
               "the block.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .match = AM_MATCH_CALLS,
        .on_match = on_match,
};
