/* ANY404 as-completed: `for f in asyncio.as_completed(aws): x = await f`
 * -> a task group whose tasks send their results on a memory object stream,
 * received in the order they complete */
#include "comprehension.h"
#include "coroutine_call.h"
#include "deeper.h"
#include "except_star.h"
#include "imports.h"
#include "rule.h"
#include "statement.h"
#include "task_block.h"

#include <string.h>

typedef struct completed_plan {
	TSNode loop;               /* for f in asyncio.as_completed(...): */
	TSNode first;              /* x = await f, the body's first statement */
	TSNode target;             /* x, or a null node for a bare `await f` */
	TSNode rest;               /* the statements after it, or a null node */
	TSNode last;               /* the body's last statement */
	TSNode comprehension;      /* [g(a) for a in xs], or a null node */
	TSNode calls[AM_MAX_ARGS]; /* or the calls of [g(a), h(b)] */
	size_t count;
} completed_plan;

/* `x = await f` or `await f` as a statement of its own. */
static int read_first(const am_context *ctx, TSNode statement, TSNode name,
                      completed_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	TSNode e = am_statement_expression(ctx, statement);
	TSNode target = am_null_node();
	if (am_node_is(e, sx->assignment)) {
		if (!ts_node_is_null(am_node_field(e, sx->field.type)))
			return 0;
		target = am_node_field(e, sx->field.left);
		e = am_node_field(e, sx->field.right);
	}
	if (!am_node_is(e, sx->await))
		return 0;
	if (!am_same_name(ctx, ts_node_named_child(e, 0), name))
		return 0;
	plan->first = statement;
	plan->target = target;
	return 1;
}

/* The awaitables: a list or tuple of calls, or a comprehension of them. */
static const char *read_awaitables(am_context *ctx, TSNode arg,
                                   completed_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	if (am_comprehension_is(ctx, arg)) {
		const char *why = am_comprehension_problem(ctx, arg);
		TSNode function =
		        am_ancestor(ctx, arg, sx->function_definition);
		if (!why && (ts_node_is_null(function) ||
		             !am_comprehension_names_free(ctx, arg, function)))
			why = "a comprehension's loop variable is also used in "
			      "the function (the loop would change it)";
		plan->comprehension = arg;
		plan->calls[plan->count++] = am_node_field(arg, sx->field.body);
		return why;
	}
	if (!am_node_is(arg, sx->list) && !am_node_is(arg, sx->tuple))
		return "its awaitables are not a list of calls written there";
	uint32_t n = ts_node_named_child_count(arg);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(arg, i);
		if (am_node_is(c, sx->comment))
			continue;
		if (!am_node_is(c, sx->call) || plan->count == AM_MAX_ARGS)
			return "an awaitable is not a call written there";
		plan->calls[plan->count++] = c;
	}
	return plan->count ? NULL : "it has no awaitables";
}

static const char *check_calls(am_context *ctx, const completed_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	for (size_t i = 0; i < plan->count; i++) {
		am_call_args args;
		am_call_args_read(ctx, plan->calls[i], &args);
		if (args.generator || args.too_many)
			return "a call's arguments cannot be split";
		TSNode function =
		        am_node_field(plan->calls[i], sx->field.function);
		const char *callee = am_bind_resolve(ctx->binder, function);
		if (callee && strncmp(callee, "asyncio.", 8) == 0)
			return "an awaitable is an asyncio call: migrate it "
			       "first";
		if (!am_coroutine_callee_may_be_async(ctx, function))
			return "an awaitable is not made by an async function";
	}
	return NULL;
}

/* The loop around the call, its first statement and the rest. */
static const char *read_loop(am_context *ctx, TSNode call, completed_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	TSNode loop = am_parent(ctx, call);
	if (!am_node_is(loop, sx->for_statement) ||
	    !ts_node_eq(am_node_field(loop, sx->field.right), call) ||
	    strcmp(ts_node_type(ts_node_child(loop, 0)), "async") == 0)
		return "it is not the iterable of a `for` loop";
	TSNode name = am_node_field(loop, sx->field.left);
	TSNode body = am_node_field(loop, sx->field.body);
	if (!am_node_is(name, sx->identifier) ||
	    ts_node_named_child_count(loop) != 3)
		return "the loop has a target other than a name, or an `else`";
	TSNode first = ts_node_named_child(body, 0);
	if (am_node_is(first, sx->comment) ||
	    !read_first(ctx, first, name, plan))
		return "the loop's body does not start with `x = await f`";
	const am_name_use *load = am_bind_find_load(
	        ctx->binder,
	        ts_node_named_child(
	                am_node_is(ts_node_named_child(first, 0),
	                           sx->assignment)
	                        ? am_node_field(ts_node_named_child(first, 0),
	                                        sx->field.right)
	                        : ts_node_named_child(first, 0),
	                0));
	if (!load || load->binding < 0 ||
	    ctx->binder->bindings.items[load->binding].uses != 1)
		return "the loop's name is used other than by its one await";
	plan->loop = loop;
	plan->rest = am_statement_next(ctx, first);
	plan->last = am_block_last_statement(ctx, body);
	if (ts_node_is_null(plan->rest))
		return NULL;
	const char *why = am_deeper_problem(ctx, plan->rest, plan->last);
	return why ? am_arena_printf(ctx->arena,
	                             "a statement of the loop's body %s", why)
	           : NULL;
}

static const char *plan_problem(am_context *ctx, TSNode call,
                                completed_plan *plan,
                                am_except_star_plan *handlers)
{
	memset(plan, 0, sizeof(*plan));
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.keyword_count || args.has_star || args.positional_count != 1)
		return "it is given a `timeout=` or more than one argument";
	const char *why = read_loop(ctx, call, plan);
	if (!why)
		why = read_awaitables(ctx, args.positional[0], plan);
	if (!why)
		why = check_calls(ctx, plan);
	if (why)
		return why;
	if (!am_statement_stands_alone(ctx, plan->loop) ||
	    !am_statement_stands_alone(ctx, plan->first))
		return "the loop shares its lines with other code";
	if (am_comment_between(ctx, plan->loop, ts_node_start_byte(plan->loop),
	                       ts_node_end_byte(plan->first)))
		return "a comment in the loop's first lines would be lost";
	if (!am_imports_name_available(ctx, call, "anyio") ||
	    !am_imports_name_available(ctx, call, "math") ||
	    !am_imports_helper_available(ctx, AM_HELPER_SEND_RESULT))
		return "a name the task group needs means something else here";
	if (!am_task_fresh_name(ctx, "tg") ||
	    !am_task_fresh_name(ctx, "send") ||
	    !am_task_fresh_name(ctx, "receive") ||
	    !am_task_fresh_name(ctx, "result"))
		return "no free name for the task group";
	return am_except_star_check(ctx, plan->loop, handlers);
}

/* The stream, the task group that starts each call sending its result,
 * and the head of the loop over what it receives. */
static const char *write_head(am_context *ctx, const completed_plan *plan)
{
	const char *tg = am_task_fresh_name(ctx, "tg");
	const char *send = am_task_fresh_name(ctx, "send");
	const char *receive = am_task_fresh_name(ctx, "receive");
	am_task_block w;
	am_task_block_init(&w, ctx, ts_node_start_byte(plan->loop), tg, NULL);
	const char *through = am_arena_printf(
	        ctx->arena, AM_HELPER_SEND_RESULT ", %s.clone()", send);
	am_task_block_line(
	        &w, 0,
	        am_arena_printf(ctx->arena,
	                        "%s, %s = "
	                        "anyio.create_memory_object_stream(math.inf)",
	                        send, receive));
	am_task_block_line(&w, 0,
	                   am_arena_printf(ctx->arena,
	                                   "async with "
	                                   "anyio.create_task_group() as %s:",
	                                   tg));
	am_task_block_line(&w, 1,
	                   am_arena_printf(ctx->arena, "async with %s:", send));
	am_task_block inner = w;
	am_strbuf_init(&inner.sb, ctx->arena);
	inner.indent = am_arena_printf(ctx->arena, "%s%s", w.indent, w.unit);
	int depth = ts_node_is_null(plan->comprehension)
	                    ? 1
	                    : am_comprehension_write_clauses(
	                              ctx, &inner, plan->comprehension);
	for (size_t i = 0; i < plan->count; i++)
		am_task_block_line(&inner, depth,
		                   am_task_start_soon_through(ctx, &inner,
		                                              plan->calls[i],
		                                              through));
	am_strbuf_puts(&w.sb, am_strbuf_cstr(&inner.sb));
	am_task_block_line(
	        &w, 1, am_arena_printf(ctx->arena, "async with %s:", receive));
	am_task_block_line(
	        &w, 2,
	        am_arena_printf(ctx->arena, "async for %s in %s:",
	                        ts_node_is_null(plan->target)
	                                ? am_task_fresh_name(ctx, "result")
	                                : am_text(ctx, plan->target),
	                        receive));
	if (ts_node_is_null(plan->rest))
		am_task_block_line(&w, 3, "pass");
	return am_task_block_text(&w, 1);
}

static void on_call(am_context *ctx, const am_call *completed)
{
	completed_plan plan;
	am_except_star_plan handlers;
	const char *why = plan_problem(ctx, completed->node, &plan, &handlers);
	if (why) {
		am_flag(ctx, completed->callee,
		        "`asyncio.as_completed()` left as is: %s", why);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, completed->callee,
	        "`asyncio.as_completed()` becomes a task group sending "
	        "results on a stream, received as they complete%s",
	        handlers.count ? "; the enclosing `try` catches with `except*`"
	                       : "");
	am_fix_replace(fix, ts_node_start_byte(plan.loop),
	               ts_node_end_byte(plan.first), write_head(ctx, &plan));
	if (!ts_node_is_null(plan.rest)) {
		const char *body_indent =
		        am_line_indent(ctx, ts_node_start_byte(plan.first));
		am_deeper_apply(ctx, fix, ts_node_end_byte(plan.first),
		                ts_node_end_byte(plan.last), body_indent, 2);
	}
	am_except_star_apply(fix, &handlers);
}

const am_rule am_rule_as_completed = {
        .code = "ANY404",
        .name = "as-completed",
        .summary = "`for f in asyncio.as_completed(calls): x = await f` → a "
                   "task group sending results on a stream",
        .doc = "## What it does\n"
               "Rewrites a loop over `asyncio.as_completed()` of calls "
               "written there — a list `[f(a), g(b)]` or a comprehension "
               "`[f(x) for x in xs if c]` — whose body starts with `x = "
               "await f` (or `await f`) into a task group whose tasks each "
               "send what their call returns on a memory object stream, "
               "through `_send_result`, a helper defined once in the "
               "module; the loop becomes `async for x in receive:` over "
               "the stream, and ends when every task has sent its result. "
               "The rest of the body moves two levels deeper, bytes and "
               "comments kept.\n\n"
               "## Why\n"
               "anyio has no `as_completed`: a stream is how tasks hand "
               "results to their parent, in the order they finish, on "
               "every backend.\n\n"
               "## Example\n"
               "```python\n"
               "for next_page in asyncio.as_completed([fetch(u) for u in "
               "urls]):\n"
               "    page = await next_page\n"
               "    print(len(page))\n"
               "```\n\n"
               "## Use instead\n"
               "```python\n"
               "send, receive = anyio.create_memory_object_stream(math.inf)\n"
               "async with anyio.create_task_group() as tg:\n"
               "    async with send:\n"
               "        for u in urls:\n"
               "            tg.start_soon(_send_result, send.clone(), fetch, "
               "u)\n"
               "    async with receive:\n"
               "        async for page in receive:\n"
               "            print(len(page))\n"
               "```\n\n"
               "## When it flags instead\n"
               "- `timeout=` is given, or the awaitables are not calls "
               "written there (tasks or coroutines made elsewhere);\n"
               "- the loop has an `else`, its name is used other than by "
               "the one await that starts its body;\n"
               "- a statement of the body returns, raises, yields, leaves "
               "the loop (`break`, `continue`) or holds a string spanning "
               "lines: in the task group, leaving the loop would wait for "
               "the tasks still running, where asyncio left them "
               "running;\n"
               "- an enclosing `try` has handlers that cannot become "
               "`except*` (see ANY401).\n\n"
               "## Fix safety\n"
               "Unsafe: the exceptions come grouped, and the other tasks are "
               "cancelled.\n"
               "When a call fails, asyncio raises its error at the `await f` "
               "that receives it and leaves the other tasks running; the "
               "task group cancels the others, and the loop, and raises the "
               "errors together in an ExceptionGroup (`except*` catches "
               "them). An error raised by the loop's body cancels the tasks "
               "still running too, and so does a cancellation of the caller "
               "(a deadline around the loop), where asyncio's tasks ran "
               "on. Each call must be of an async function "
               "(anyio raises TypeError at once otherwise).\n"
               "\n"
               "## Migrating by hand\n"
               "Start the tasks in a task group, each with a clone of the "
               "send side of `anyio.create_memory_object_stream(math.inf)` "
               "that it closes once it has sent its result; close the "
               "original send side once all are started, and read the "
               "results with `async for` over the receive side, which ends "
               "when every clone is closed. For `timeout=`, put the whole "
               "block in `with anyio.fail_after(t):`. To stop early (a "
               "`break`), cancel the group: `tg.cancel_scope.cancel()`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("as_completed"),
        .on_call = on_call,
};
