/* ANY105 timeout: `async with asyncio.timeout(t):` -> `with
 * anyio.fail_after(t):` */
#include "cleanup.h"
#include "rule.h"

#include <string.h>

static int starts_with_async(TSNode statement)
{
	TSNode first = ts_node_child(statement, 0);
	return !ts_node_is_null(first) && !ts_node_is_named(first) &&
	       strcmp(ts_node_type(first), "async") == 0;
}

static void on_call(am_context *ctx, const am_call *timeout)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = timeout->callee;
	TSNode call = timeout->node;
	TSNode item = ts_node_parent(call);
	TSNode clause = ts_node_parent(item);
	TSNode statement = ts_node_parent(clause);
	if (!am_node_is(item, sx->with_item) ||
	    !am_node_is(clause, sx->with_clause) ||
	    ts_node_named_child_count(clause) != 1 ||
	    !am_node_is(statement, sx->with_statement) ||
	    !starts_with_async(statement)) {
		am_flag(ctx, fn,
		        "`asyncio.timeout()` used other than as the only item "
		        "of "
		        "`async with asyncio.timeout(t):` (e.g. with `as`, or "
		        "among "
		        "other context managers): use `with "
		        "anyio.fail_after(t) as "
		        "scope:` (a CancelScope: `scope.deadline` replaces "
		        "`reschedule()`) by hand");
		return;
	}
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode delay = am_call_keyword(ctx, &args, "delay");
	if (args.positional_count + !ts_node_is_null(delay) != 1 ||
	    args.keyword_count != (size_t)!ts_node_is_null(delay) ||
	    args.has_star) {
		am_flag(ctx, fn,
		        "`asyncio.timeout()` with arguments this rule cannot "
		        "map: "
		        "use `with anyio.fail_after(delay):`");
		return;
	}
	TSNode block = am_node_field(statement, sx->field.body);
	const char *why = am_cleanup_that_awaits(ctx, block);
	const char *callee = why ? NULL : am_cleanup_in_callees(ctx, block);
	if (callee) {
		am_flag(ctx, fn,
		        "`async with asyncio.timeout()` left as is: the block "
		        "awaits %s; once the deadline passes anyio cancels every "
		        "later await in it, asyncio only the one that was "
		        "waiting. Shield that cleanup with `with "
		        "anyio.CancelScope(shield=True):`, then run again",
		        callee);
		return;
	}
	if (why) {
		am_flag(ctx, fn,
		        "`async with asyncio.timeout()` left as is: the block "
		        "has "
		        "%s; once the deadline passes anyio cancels every "
		        "later "
		        "await in the block, asyncio only the one that was "
		        "waiting. "
		        "Use `with anyio.fail_after(t):` and shield cleanup "
		        "with "
		        "`with anyio.CancelScope(shield=True):`",
		        why);
		return;
	}
	TSNode async_kw = ts_node_child(statement, 0);
	TSNode with_kw = ts_node_child(statement, 1);
	am_fix *fix =
	        am_fix_new(ctx, fn,
	                   "`async with asyncio.timeout(t):` becomes `with "
	                   "anyio.fail_after(t):`");
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
               "`async with` or an `async for`: past the deadline anyio "
               "cancels every await in the scope, asyncio only the one "
               "pending, so such cleanup would be cut short.\n\n"
               "## Fix safety\n"
               "Cleanup that awaits in functions the block awaits (an await "
               "in `except`/`finally`) is looked for in the functions of the "
               "file it calls by name or through `self` (one level deep); in "
               "other modules it cannot be seen, and it too is cancelled "
               "again under anyio. `asyncio.timeout_at()` is reported by ANY900.\n",
        .fix_kind = AM_RULE_MIXED,
        .calls = AM_NAMES("timeout"),
        .on_call = on_call,
};
