/* ANY105 timeout: `async with asyncio.timeout(t):` -> `with
 * anyio.fail_after(t):` */
#include "rules.h"

#include <string.h>

static int starts_with_async(TSNode statement)
{
	TSNode first = ts_node_child(statement, 0);
	return !ts_node_is_null(first) && !ts_node_is_named(first) &&
	       strcmp(ts_node_type(first), "async") == 0;
}

/* What in the body would behave differently once the deadline passes:
 * asyncio cancels the task once, anyio's scope cancels every await in it
 * until it is left. Cleanup that awaits (in except/finally, or in the
 * exit of an `async with`, or an `async for`'s generator) is then cut
 * short. Returns a description, or NULL when there is none. */
static const char *cleanup_that_awaits(const am_context *ctx, TSNode body)
{
	const am_syntax *sx = ctx->syntax;
	am_walk walk;
	am_walk_init(&walk, body);
	const char *found = NULL;
	uint32_t handler_end = 0; /* inside an except/finally until this byte */
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		TSSymbol s = ts_node_symbol(n);
		if (s == sx->function_definition || s == sx->class_definition ||
		    s == sx->lambda) {
			am_walk_skip_children(&walk);
			continue;
		}
		if (ts_node_start_byte(n) >= handler_end)
			handler_end = 0;
		if (s == sx->except_clause ||
		    strcmp(ts_node_type(n), "finally_clause") == 0) {
			if (!handler_end)
				handler_end = ts_node_end_byte(n);
		} else if ((s == sx->with_statement ||
		            s == sx->for_statement) &&
		           starts_with_async(n)) {
			found = s == sx->with_statement
			                ? "an `async with` inside (its exit "
			                  "may await)"
			                : "an `async for` inside (its iterator "
			                  "may "
			                  "await when closed)";
		} else if (s == sx->await && handler_end) {
			found = "an `await` in an `except`/`finally` clause "
			        "inside";
		}
	}
	am_walk_release(&walk);
	return found;
}

static void on_match(am_context *ctx, const am_match *m)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = am_capture(m, "fn");
	if (!am_bind_is_asyncio(ctx->binder, fn, "timeout"))
		return;
	TSNode call = am_capture(m, "call");
	TSNode item = am_parent(ctx, call);
	TSNode clause = am_parent(ctx, item);
	TSNode statement = am_parent(ctx, clause);
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
	const char *why = cleanup_that_awaits(
	        ctx, am_node_field(statement, sx->field.body));
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
               "Cleanup that awaits inside functions called from the block "
               "cannot be seen from here; it too is cancelled again under "
               "anyio. `asyncio.timeout_at()` is reported by ANY900.\n",
        .fix_kind = AM_RULE_MIXED,
        .match = AM_MATCH_CALLS,
        .on_match = on_match,
};
