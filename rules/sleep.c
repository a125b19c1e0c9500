/* ANY102 sleep: asyncio.sleep(d) -> anyio.sleep(d) */
#include "rule.h"

static void on_call(am_context *ctx, const am_call *call)
{
	TSNode fn = call->callee;
	am_call_args args;
	am_call_args_read(ctx, call->node, &args);
	TSNode delay = am_call_keyword(ctx, &args, "delay");
	int delay_count = (int)args.positional_count + !ts_node_is_null(delay);
	int other_keywords = (int)args.keyword_count - !ts_node_is_null(delay);
	if (!ts_node_is_null(am_call_keyword(ctx, &args, "result")) ||
	    args.positional_count > 1) {
		am_flag(ctx, fn,
		        "`asyncio.sleep()` left as is: it is given `result`, "
		        "and `anyio.sleep()` returns None");
		return;
	}
	if (delay_count != 1 || other_keywords || args.has_star ||
	    args.generator) {
		am_flag(ctx, fn,
		        "`asyncio.sleep()` left as is: its arguments cannot be "
		        "mapped");
		return;
	}
	am_fix *fix = am_fix_new(ctx, fn,
	                         "`asyncio.sleep()` becomes `anyio.sleep()`");
	am_fix_replace_node(fix, fn, "anyio.sleep");
}

const am_rule am_rule_sleep = {
        .code = "ANY102",
        .name = "sleep",
        .summary = "`asyncio.sleep(d)` → `anyio.sleep(d)`",
        .doc = "## What it does\n"
               "Rewrites calls of `asyncio.sleep(delay)` to "
               "`anyio.sleep(delay)`.\n\n"
               "## Why\n"
               "`anyio.sleep()` works on every anyio backend; "
               "`asyncio.sleep()` only on asyncio's.\n\n"
               "## Example\n"
               "```python\nawait asyncio.sleep(0.5)\n```\n\n"
               "## Use instead\n"
               "```python\nawait anyio.sleep(0.5)\n```\n\n"
               "## When it flags instead\n"
               "`result=` (or a second positional argument): `anyio.sleep()` "
               "has no result and returns None. A reference to "
               "`asyncio.sleep` that is not a call (passed as a callback) is "
               "reported by ANY900.\n\n"
               "## Fix safety\n"
               "Safe: on the asyncio backend `anyio.sleep()` is "
               "`asyncio.sleep()`, a checkpoint as it is at 0.\n"
               "\n"
               "## Migrating by hand\n"
               "`anyio.sleep()` returns None: for `asyncio.sleep(delay, "
               "result)`, write `await anyio.sleep(delay)` and then use the "
               "value. Other arguments: `anyio.sleep(delay)` takes the "
               "delay only.\n",
        .fix_kind = AM_RULE_MIXED,
        .calls = AM_NAMES("sleep"),
        .on_call = on_call,
};
