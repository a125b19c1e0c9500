/* ANY101 run: asyncio.run(main(a, k=v)) -> anyio.run(partial(main, k=v), a) */
#include "rule.h"
#include "split_call.h"

#include <string.h>

/* anyio.run(callee, a, b): minimal edits, so comments and layout stay. */
static void fix_simple(am_context *ctx, TSNode fn, TSNode inner,
                       const am_call_args *inner_args)
{
	am_fix *fix = am_fix_new(ctx, fn,
	                         "`asyncio.run(main(...))` becomes "
	                         "`anyio.run(main, ...)`");
	am_fix_replace_node(fix, fn, "anyio.run");
	am_split_call_in_place(ctx, fix, inner, inner_args);
}

/* anyio.run(functools.partial(callee, k=v), a, backend_options=...):
 * rebuilt from the parts. */
static void fix_rebuilt(am_context *ctx, TSNode outer, TSNode fn, TSNode inner,
                        const am_call_args *inner_args, TSNode debug)
{
	const char *options =
	        ts_node_is_null(debug)
	                ? NULL
	                : am_arena_printf(ctx->arena,
	                                  "backend_options={\"debug\": %s}",
	                                  am_text(ctx, debug));
	am_fix *fix = am_fix_new(
	        ctx, fn,
	        "`asyncio.run(main(...))` becomes "
	        "`anyio.run(main, ...)`%s%s",
	        inner_args->keyword_count ? "; keyword arguments go through "
	                                    "`functools.partial`"
	                                  : "",
	        ts_node_is_null(debug)
	                ? ""
	                : "; `debug=` becomes `backend_options`");
	am_fix_replace_node(fix, outer,
	                    am_split_call_wrapped(ctx, "anyio.run", inner,
	                                          inner_args, options));
}

static void on_call(am_context *ctx, const am_call *call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = call->callee;
	TSNode outer = call->node;
	am_call_args args;
	am_call_args_read(ctx, outer, &args);
	TSNode debug = am_call_keyword(ctx, &args, "debug");
	size_t other_keywords = args.keyword_count - !ts_node_is_null(debug);
	if (args.generator || args.positional_count != 1 || other_keywords ||
	    args.has_star || args.too_many) {
		am_flag(ctx, fn,
		        "`asyncio.run()` left as is: it is given more than one "
		        "coroutine call and `debug=` (`loop_factory=`, say)");
		return;
	}
	TSNode inner = args.positional[0];
	if (!am_node_is(inner, sx->call)) {
		am_flag(ctx, fn,
		        "`asyncio.run()` left as is: it is given `%s`, not a "
		        "visible call of an async function",
		        am_text(ctx, inner));
		return;
	}
	am_call_args inner_args;
	am_call_args_read(ctx, inner, &inner_args);
	if (inner_args.generator || inner_args.too_many) {
		am_flag(ctx, fn,
		        "`asyncio.run()` left as is: the call it is given "
		        "cannot "
		        "be split");
		return;
	}
	int simple = inner_args.keyword_count == 0 && ts_node_is_null(debug);
	if (simple &&
	    !(inner_args.positional_count == 0 &&
	      am_has_comment(ctx, am_node_field(inner, sx->field.arguments)))) {
		fix_simple(ctx, fn, inner, &inner_args);
		return;
	}
	if (am_has_comment(ctx, outer)) {
		am_flag(ctx, fn,
		        "`asyncio.run()` left as is: rewriting would drop the "
		        "comments inside the call");
		return;
	}
	fix_rebuilt(ctx, outer, fn, inner, &inner_args, debug);
}

const am_rule am_rule_run = {
        .code = "ANY101",
        .name = "run",
        .summary = "`asyncio.run(main(a, k=v))` → "
                   "`anyio.run(functools.partial(main, k=v), a)`",
        .doc = "## What it does\n"
               "Rewrites `asyncio.run(main(a, b))` to `anyio.run(main, a, b)`. "
               "Keyword arguments of `main` go through `functools.partial` "
               "(anyio.run passes only positional arguments on), and "
               "`debug=True` becomes `backend_options={\"debug\": True}`.\n\n"
               "## Why\n"
               "`anyio.run()` starts the event loop of the chosen backend "
               "(asyncio by default, or trio) and takes the async function "
               "and its arguments, not a coroutine object.\n\n"
               "## Example\n"
               "```python\nasyncio.run(main(url, retries=3))\n```\n\n"
               "## Use instead\n"
               "```python\nanyio.run(functools.partial(main, retries=3), url)\n"
               "```\n\n"
               "## When it flags instead\n"
               "- the argument is not a call written at that place "
               "(`asyncio.run(coro)`): the function and its arguments are "
               "not visible;\n"
               "- `loop_factory=`, more positional arguments, or `*args` "
               "passed to `asyncio.run` itself;\n"
               "- the call needs rebuilding (keywords, `debug=`) and holds a "
               "comment, which a rebuild would drop.\n\n"
               "`backend_options={\"debug\": ...}` is read by the asyncio "
               "backend only; anyio's trio backend ignores backend options, "
               "so a program run with `backend=\"trio\"` runs without "
               "asyncio's debug mode.\n\n"
               "## Fix safety\n"
               "Safe: on the asyncio backend `anyio.run()` runs the function "
               "as `asyncio.run()` runs its coroutine (a new loop, which at "
               "the end cancels the tasks still pending, shuts down "
               "asynchronous generators and the default executor, and is "
               "closed).\n"
               "\n"
               "## Migrating by hand\n"
               "`anyio.run()` takes the async function and its arguments, "
               "not a coroutine object: write `anyio.run(main, *args)`, "
               "with keyword arguments through `functools.partial`: "
               "`anyio.run(functools.partial(main, **kwargs), *args)`. "
               "`debug=True` becomes `backend_options={\"debug\": True}`; "
               "`loop_factory=` has no anyio equivalent (on the asyncio "
               "backend, `backend_options={\"loop_factory\": ...}`).\n",
        .fix_kind = AM_RULE_MIXED,
        .calls = AM_NAMES("run"),
        .on_call = on_call,
};
