/* ANY202 shield: `await asyncio.shield(aw)` in cleanup -> `with
 * anyio.CancelScope(shield=True): await aw` */
#include "lift.h"
#include "rule.h"

#include <string.h>

/* Whether an exception class of an `except` catches cancellation:
 * asyncio's CancelledError, anyio's class, BaseException. */
static int catches_cancellation(const am_context *ctx, TSNode type)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(type, sx->call)) {
		const char *q = am_bind_resolve(
		        ctx->binder, am_node_field(type, sx->field.function));
		return q && strcmp(q, "anyio.get_cancelled_exc_class") == 0;
	}
	if (am_node_is(type, sx->identifier) &&
	    am_node_text_eq(ctx->text, type, "BaseException")) {
		const am_name_use *use = am_bind_find_load(ctx->binder, type);
		return use && use->binding < 0;
	}
	return am_bind_is_asyncio(ctx->binder, type, "CancelledError") ||
	       am_bind_is_asyncio(ctx->binder, type,
	                          "exceptions.CancelledError");
}

/* The classes an except clause names (its value, through `as` and a
 * tuple): whether one catches cancellation; a bare `except:` does. Sets
 * *alias to the `as` name (or a null node). */
static int clause_catches_cancellation(const am_context *ctx, TSNode clause,
                                       TSNode *alias)
{
	const am_syntax *sx = ctx->syntax;
	TSNode value = am_node_field(clause, sx->field.value);
	*alias = am_node_field(clause, sx->field.alias);
	if (am_node_is(value, sx->as_pattern)) {
		TSNode target = am_node_field(value, sx->field.alias);
		*alias = ts_node_named_child_count(target) == 1
		                 ? ts_node_named_child(target, 0)
		                 : am_null_node();
		value = ts_node_named_child(value, 0);
	}
	if (ts_node_is_null(value))
		return 1;
	while (am_node_is(value, sx->parenthesized_expression))
		value = ts_node_named_child(value, 0);
	if (!am_node_is(value, sx->tuple))
		return catches_cancellation(ctx, value);
	uint32_t count = ts_node_named_child_count(value);
	for (uint32_t i = 0; i < count; i++)
		if (catches_cancellation(ctx, ts_node_named_child(value, i)))
			return 1;
	return 0;
}

/* The last named child of node of kind `symbol` that is not a comment
 * (the block of a clause, the last statement of a block), or a null node. */
static TSNode last_of(const am_context *ctx, TSNode node, TSSymbol symbol)
{
	uint32_t count = ts_node_named_child_count(node);
	for (uint32_t i = count; i-- > 0;) {
		TSNode child = ts_node_named_child(node, i);
		if (am_node_is(child, ctx->syntax->comment))
			continue;
		if (!symbol || am_node_is(child, symbol))
			return child;
	}
	return am_null_node();
}

/* Whether a handler ends with `raise` (or `raise name` of its `as` name),
 * re-raising what it caught. */
static int ends_in_reraise(const am_context *ctx, TSNode clause, TSNode alias)
{
	const am_syntax *sx = ctx->syntax;
	TSNode block = last_of(ctx, clause, sx->block);
	TSNode last = ts_node_is_null(block) ? block : last_of(ctx, block, 0);
	if (!am_node_is(last, sx->raise_statement))
		return 0;
	TSNode raised = am_null_node();
	uint32_t values = 0, count = ts_node_named_child_count(last);
	for (uint32_t i = 0; i < count; i++)
		if (!am_node_is(ts_node_named_child(last, i), sx->comment))
			raised = ts_node_named_child(last, i), values++;
	if (values == 0)
		return 1;
	return values == 1 && !ts_node_is_null(alias) &&
	       am_node_is(raised, sx->identifier) &&
	       am_node_same_text(ctx->text, raised, alias);
}

/* Whether a statement is cleanup that runs once the caller is cancelled:
 * it sits (in the same function) in a `finally:` clause, or in an
 * `except` clause that catches cancellation and ends by re-raising it.
 * There the caller waiting for the shielded work is what the code does
 * anyway, and a shielded scope protects the work on both backends. */
static int in_cleanup(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	for (TSNode n = am_parent(ctx, statement); !ts_node_is_null(n);
	     n = am_parent(ctx, n)) {
		if (am_node_is(n, sx->function_definition) ||
		    am_node_is(n, sx->lambda) ||
		    am_node_is(n, sx->class_definition))
			return 0;
		if (strcmp(ts_node_type(n), "finally_clause") == 0)
			return 1;
		TSNode alias;
		if (am_node_is(n, sx->except_clause) &&
		    clause_catches_cancellation(ctx, n, &alias)) {
			return ends_in_reraise(ctx, n, alias);
		}
	}
	return 0;
}

static void on_call(am_context *ctx, const am_call *shield)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = shield->callee;
	TSNode call = shield->node;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode aw = am_call_keyword(ctx, &args, "arg");
	size_t named = !ts_node_is_null(aw);
	if (args.has_star || args.generator || args.keyword_count != named ||
	    args.positional_count + named != 1) {
		am_flag(ctx, fn,
		        "`asyncio.shield()` left as is: its arguments cannot "
		        "be mapped");
		return;
	}
	if (ts_node_is_null(aw))
		aw = args.positional[0];
	am_lift lift;
	am_lift_plan plan;
	if (!am_node_is(aw, sx->call)) {
		am_flag(ctx, fn,
		        "`asyncio.shield()` of `%s` left as is: not a visible "
		        "call (a task or a stored coroutine)",
		        am_text(ctx, aw));
		return;
	}
	if (!am_lift_find(ctx, call, &lift)) {
		am_flag(ctx, fn,
		        "`await asyncio.shield()` left as is: inside a larger "
		        "expression (or not awaited)");
		return;
	}
	if (am_node_is(lift.statement, sx->return_statement) ||
	    !in_cleanup(ctx, lift.statement)) {
		am_flag(ctx, fn,
		        "`await asyncio.shield()` left as is outside cleanup: "
		        "a shielded scope would hold a cancelled caller until "
		        "the work ends");
		return;
	}
	if (am_has_comment(ctx, call) && !am_has_comment(ctx, aw)) {
		am_flag(ctx, fn,
		        "`asyncio.shield()` left as is: rewriting would drop "
		        "the comment among its arguments");
		return;
	}
	if (!am_lift_plan_wrap(ctx, &lift,
	                       "with anyio.CancelScope(shield=True):", &plan)) {
		am_flag(ctx, fn,
		        "`await asyncio.shield()` left as is: a layout this "
		        "rule cannot rewrite");
		return;
	}
	am_fix *fix =
	        am_fix_new(ctx, fn,
	                   "`await asyncio.shield(aw)` becomes `with "
	                   "anyio.CancelScope(shield=True):` around `await "
	                   "aw`");
	am_lift_apply(fix, &plan);
	am_fix_replace_node(fix, call, am_text(ctx, aw));
}

const am_rule am_rule_shield = {
        .code = "ANY202",
        .name = "shield",
        .summary = "`await asyncio.shield(aw)` in cleanup → `with "
                   "anyio.CancelScope(shield=True): await aw`",
        .doc = "## What it does\n"
               "Lifts an awaited `asyncio.shield(aw)` that forms a statement "
               "of its own (`await ...`, `x = await ...`) into a `with "
               "anyio.CancelScope(shield=True):` block around that "
               "statement, with `await aw` left in place, where the "
               "statement is cleanup: in a `finally:` clause, or in an "
               "`except` clause that catches cancellation "
               "(`asyncio.CancelledError`, `BaseException`, a bare "
               "`except:`) and ends with `raise`.\n\n"
               "## Why\n"
               "A shielded cancel scope is anyio's way to protect work from "
               "cancellation on every backend. It is not what "
               "`asyncio.shield` does everywhere: `asyncio.shield` runs the "
               "work in a task of its own, so a cancelled caller leaves at "
               "once while the work goes on; a shielded scope holds the "
               "caller until the work ends (and then the caller may not see "
               "the cancellation at all). In cleanup the caller waits for "
               "the work in both, and the work finishes in both.\n\n"
               "## Example\n"
               "```python\ntry:\n    await run(state)\nfinally:\n"
               "    await asyncio.shield(save(state))\n```\n\n"
               "## Use instead\n"
               "```python\ntry:\n    await run(state)\nfinally:\n"
               "    with anyio.CancelScope(shield=True):\n"
               "        await save(state)\n```\n\n"
               "## When it flags instead\n"
               "- The statement is not cleanup (or is a `return`, which "
               "ends the cancellation): the caller must be free to leave "
               "while the work goes on, which needs the work started in a "
               "task group that outlives the caller;\n"
               "- the await is part of a larger expression, the shielded "
               "awaitable is not a call written there (a task or a stored "
               "coroutine), or a comment sits among the arguments outside "
               "the awaitable.\n\n"
               "## Fix safety\n"
               "Unsafe: a caller cancelled again during the cleanup waits for "
               "the shielded work, where asyncio let it go at once.\n"
               "In cleanup, the work is protected and finishes in both, and "
               "the caller waits for it in both unless it is cancelled "
               "again meanwhile: then asyncio lets the caller go at once "
               "while the work goes on, and the shielded scope holds the "
               "caller until the work ends. On anyio's asyncio backend a "
               "native `task.cancel()` from code still on asyncio reaches "
               "the shielded await.\n\n"
               "## Migrating by hand\n"
               "To let the caller go while the work finishes, start the "
               "work in a task group that outlives the caller (one the "
               "caller is given, or one of the object that owns the work) "
               "and wait for it on an `anyio.Event`, keeping its result or "
               "exception in a variable:\n\n"
               "```python\nasync def caller(tg):\n"
               "    done = anyio.Event()\n\n"
               "    async def run_job():\n"
               "        await job()\n"
               "        done.set()\n\n"
               "    tg.start_soon(run_job)\n"
               "    await done.wait()\n```\n"
               "\n"
               "In cleanup, write `with anyio.CancelScope(shield=True):` "
               "around "
               "the await (for a task or a stored coroutine, around the await "
               "that "
               "creates it); move an await inside a larger expression to a "
               "statement of its own first.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("shield"),
        .on_call = on_call,
};
