/* ANY105 timeout: `async with asyncio.timeout(t):` -> `with
 * anyio.fail_after(t):` */
#include "cleanup_await.h"
#include "rule.h"

#include <string.h>

static void on_call(am_context *ctx, const am_call *timeout)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = timeout->callee;
	TSNode call = timeout->node;
	TSNode item = am_parent(ctx, call);
	TSNode clause = am_parent(ctx, item);
	TSNode statement = am_parent(ctx, clause);
	if (!am_node_is(item, sx->with_item) ||
	    !am_node_is(clause, sx->with_clause) ||
	    ts_node_named_child_count(clause) != 1 ||
	    !am_node_is(statement, sx->with_statement) ||
	    !am_node_is_async(statement)) {
		am_flag(ctx, fn,
		        "`asyncio.timeout()` left as is: not the only item of "
		        "`async with asyncio.timeout(t):` (with `as`, or among "
		        "other context managers)");
		return;
	}
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode delay = am_call_keyword(ctx, &args, "delay");
	if (args.positional_count + !ts_node_is_null(delay) != 1 ||
	    args.keyword_count != (size_t)!ts_node_is_null(delay) ||
	    args.has_star) {
		am_flag(ctx, fn,
		        "`asyncio.timeout()` left as is: its arguments cannot "
		        "be mapped");
		return;
	}
	int unseen = 0;
	const char *why = am_cleanup_that_awaits(
	        ctx, am_node_field(statement, sx->field.body), &unseen);
	if (why) {
		am_flag(ctx, fn,
		        "`async with asyncio.timeout()` left as is: the block "
		        "has %s (anyio would cancel it too)",
		        why);
		return;
	}
	TSNode async_kw = ts_node_child(statement, 0);
	TSNode with_kw = ts_node_child(statement, 1);
	am_fix *fix =
	        am_fix_new(ctx, fn,
	                   "`async with asyncio.timeout(t):` becomes `with "
	                   "anyio.fail_after(t):`");
	if (unseen)
		am_fix_unsafe(fix); /* see Fix safety */
	am_fix_replace(fix, ts_node_start_byte(async_kw),
	               ts_node_start_byte(with_kw), "");
	am_fix_replace_node(fix, fn, "anyio.fail_after");
}

const am_rule am_rule_timeout = {
        .code = "ANY105",
        .name = "timeout",
        .summary = "`async with asyncio.timeout(t):` → `with "
                   "anyio.fail_after(t):`",
        .doc = "## What it does\n"
               "Rewrites `async with asyncio.timeout(delay):` to `with "
               "anyio.fail_after(delay):`. Both raise the builtin "
               "`TimeoutError` when the deadline passes, and `None` means no "
               "deadline in both.\n\n"
               "## Why\n"
               "`anyio.fail_after()` is a cancel scope that works on every "
               "backend; it is a plain (not async) context manager.\n\n"
               "## Example\n"
               "```python\nasync with asyncio.timeout(5):\n"
               "    await fetch()\n```\n\n"
               "## Use instead\n"
               "```python\nwith anyio.fail_after(5):\n    await "
               "fetch()\n```\n\n"
               "## When it flags instead\n"
               "- `as cm` (asyncio's timeout object has `reschedule()`, "
               "anyio's scope a `deadline`), or other context managers in the "
               "same `async with`;\n"
               "- the block holds an `await` inside `except`/`finally`, an "
               "`async with` or an `async for`, or calls an async function "
               "of this file with an `await` in a `finally` clause or in a "
               "handler that may catch cancellation (followed call by call, "
               "also through `self.method()`): past "
               "the deadline anyio cancels every "
               "await in the scope, asyncio only the one pending, so such "
               "cleanup would be cut short.\n\n"
               "## Fix safety\n"
               "Safe when everything awaited under the deadline, and in the "
               "functions followed, is a call of an async function of this "
               "file (followed, as above) or of asyncio's or anyio's own, "
               "and the functions followed hold no `async with` or `async "
               "for`; unsafe otherwise: past the deadline anyio cancels "
               "every await inside the block until it is left, where "
               "asyncio cancels the pending one once, and cleanup that "
               "awaits in another module cannot be seen from here.\n"
               "Cleanup that awaits inside functions of other modules, or "
               "reached other than by a call written in this file (a "
               "callback, a function passed on), and the exit of an `async "
               "with` inside a called function, are not looked into; they "
               "too are cancelled again under anyio. "
               "`asyncio.timeout_at()` is reported by ANY900.\n"
               "\n"
               "## Migrating by hand\n"
               "Once the deadline passes, anyio cancels every later await "
               "in the block, where asyncio cancelled only the one that was "
               "waiting: cleanup that awaits (in `except`/`finally`, here "
               "or in a function the block calls) is cancelled too. Use "
               "`with anyio.fail_after(t):` and shield that cleanup with "
               "`with anyio.CancelScope(shield=True):`.\n"
               "\n"
               "With `as`, or among other context managers: `with "
               "anyio.fail_after(t) as scope:` (a CancelScope: "
               "`scope.deadline` "
               "replaces `reschedule()`).\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .calls = AM_NAMES("timeout"),
        .on_call = on_call,
};
