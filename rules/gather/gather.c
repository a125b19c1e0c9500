/* ANY401 gather: `await asyncio.gather(f(a), g(b=1))` -> a task group */
#include "coroutine_call.h"
#include "await_lift.h"
#include "except_star.h"
#include "collected.h"
#include "comprehension.h"
#include "statement.h"
#include "task_block.h"
#include "imports.h"
#include "list_memo.h"
#include "lift.h"
#include "rule.h"
#include "split_call.h"

#include <string.h>

/* One awaitable of the gather: a call, `*[call for ... if ...]`, or `*name`
 * for a list collected before (see gather_collected.h). */
typedef struct gather_item {
	TSNode call;
	TSNode comprehension; /* null for a plain call */
	int collected;        /* `*name`: plan->collected */
} gather_item;

typedef struct gather_plan {
	gather_item items[AM_MAX_ARGS];
	size_t count;
	int star; /* some item is a comprehension or a collected list */
	am_collected collected;
	const char *func; /* the loop variable over the collected list */
	am_lift lift;
	int results_used;
	int outcomes; /* return_exceptions=True: failures kept as results */
} gather_plan;

/* Reads the gather's arguments; returns a reason to flag, or NULL. */
static const char *read_items(am_context *ctx, TSNode call, gather_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.generator || args.too_many || args.has_kwsplat)
		return "its arguments cannot be followed";
	TSNode rx = am_call_keyword(ctx, &args, "return_exceptions");
	plan->outcomes =
	        !ts_node_is_null(rx) && am_node_text_eq(ctx->text, rx, "True");
	if (args.keyword_count > (size_t)!ts_node_is_null(rx) ||
	    (!ts_node_is_null(rx) && !plan->outcomes &&
	     !am_node_text_eq(ctx->text, rx, "False")))
		return "`return_exceptions=` is neither True nor False: known "
		       "only when it runs";
	if (args.positional_count == 0)
		return "it has no awaitables";
	plan->count = 0;
	for (size_t i = 0; i < args.positional_count; i++) {
		TSNode arg = args.positional[i];
		gather_item item = {arg, am_null_node(), 0};
		if (am_node_is(arg, sx->list_splat) &&
		    am_node_is(ts_node_named_child(arg, 0), sx->identifier)) {
			if (!ts_node_is_null(plan->collected.list))
				return "it gathers more than one collected "
				       "list";
			const char *why = am_collected_read(
			        ctx, call, ts_node_named_child(arg, 0),
			        &plan->collected);
			if (why)
				return why;
			item.collected = 1;
			plan->star = 1;
			plan->items[plan->count++] = item;
			continue;
		}
		if (am_node_is(arg, sx->list_splat)) {
			TSNode inner = ts_node_named_child(arg, 0);
			if (am_node_is(inner, sx->parenthesized_expression))
				inner = ts_node_named_child(inner, 0);
			if (!am_comprehension_is(ctx, inner))
				return "a `*` argument is not a comprehension "
				       "of calls";
			const char *why = am_comprehension_problem(ctx, inner);
			if (why)
				return why;
			item.comprehension = inner;
			item.call = am_node_field(inner, sx->field.body);
			plan->star = 1;
		} else if (!am_node_is(arg, sx->call)) {
			return "an awaitable is not a call written there (a "
			       "coroutine or task made elsewhere)";
		}
		am_call_args inner;
		am_call_args_read(ctx, item.call, &inner);
		if (inner.generator || inner.too_many)
			return "a call's arguments cannot be split";
		TSNode function = am_node_field(item.call, sx->field.function);
		const char *callee = am_bind_resolve(ctx->binder, function);
		if (callee && strncmp(callee, "asyncio.", 8) == 0 &&
		    strcmp(callee, "asyncio.sleep") != 0)
			return "an awaitable is an asyncio call: migrate it "
			       "first";
		if (!am_coroutine_callee_may_be_async(ctx, function))
			return "an awaitable is not made by an async function "
			       "(a future or task): `start_soon` needs an "
			       "async "
			       "function";
		plan->items[plan->count++] = item;
	}
	return NULL;
}

/* The loops and conditions of a comprehension, around its start_soon. */
static void write_comprehension(am_context *ctx, am_task_block *w, TSNode comp,
                                int keep)
{
	TSNode body = am_node_field(comp, ctx->syntax->field.body);
	int depth = am_comprehension_write_clauses(ctx, w, comp);
	if (keep) {
		am_task_block_line(w, depth,
		                   am_arena_printf(ctx->arena,
		                                   "%s.append(None)",
		                                   w->results));
		am_task_block_line(
		        w, depth,
		        am_task_start_soon(ctx, w, body,
		                           am_arena_printf(ctx->arena,
		                                           "len(%s) - 1",
		                                           w->results)));
	} else {
		am_task_block_line(w, depth,
		                   am_task_start_soon(ctx, w, body, NULL));
	}
}

/* `for func in name:` and its start_soon. */
static void write_collected(am_context *ctx, am_task_block *w,
                            const gather_plan *plan, int keep)
{
	am_task_block_line(w, 1,
	                   am_arena_printf(ctx->arena,
	                                   "for %s in %s:", plan->func,
	                                   am_text(ctx, plan->collected.list)));
	if (keep) {
		am_task_block_line(w, 2,
		                   am_arena_printf(ctx->arena,
		                                   "%s.append(None)",
		                                   w->results));
		am_task_block_line(
		        w, 2,
		        am_arena_printf(
		                ctx->arena,
		                "%s.start_soon(%s, %s, len(%s) - 1, %s)", w->tg,
		                w->helper, w->results, w->results, plan->func));
	} else {
		am_task_block_line(w, 2,
		                   am_arena_printf(ctx->arena,
		                                   "%s.start_soon(%s)", w->tg,
		                                   plan->func));
	}
}

static const char *write_block(am_context *ctx, const gather_plan *plan,
                               const char *tg, const char *results)
{
	uint32_t start = ts_node_start_byte(plan->lift.statement);
	am_task_block w;
	am_task_block_init(&w, ctx, start, tg, results);
	/* with return_exceptions=True every task stores what it ends with,
	 * used or not: that is what keeps its failure from the group */
	int keep = plan->results_used || plan->outcomes;
	if (plan->outcomes)
		w.helper = AM_HELPER_STORE_OUTCOME;
	if (keep)
		am_task_block_line(
		        &w, 0,
		        plan->star ? am_arena_printf(ctx->arena, "%s = []",
		                                     results)
		                   : am_arena_printf(ctx->arena,
		                                     "%s = [None] * %zu",
		                                     results, plan->count));
	am_task_block_line(
	        &w, 0,
	        am_arena_printf(
	                ctx->arena,
	                "async with anyio.create_task_group() as %s:", tg));
	for (size_t i = 0; i < plan->count; i++) {
		const gather_item *item = &plan->items[i];
		if (item->collected) {
			write_collected(ctx, &w, plan, keep);
		} else if (!ts_node_is_null(item->comprehension)) {
			write_comprehension(ctx, &w, item->comprehension, keep);
		} else if (keep && plan->star) {
			am_task_block_line(&w, 1,
			                   am_arena_printf(ctx->arena,
			                                   "%s.append(None)",
			                                   results));
			am_task_block_line(
			        &w, 1,
			        am_task_start_soon(
			                ctx, &w, item->call,
			                am_arena_printf(ctx->arena,
			                                "len(%s) - 1",
			                                results)));
		} else {
			am_task_block_line(
			        &w, 1,
			        am_task_start_soon(
			                ctx, &w, item->call,
			                keep ? am_arena_printf(ctx->arena,
			                                       "%zu", i)
			                     : NULL));
		}
	}
	if (plan->results_used) {
		am_strbuf_puts(&w.sb, w.indent);
		am_strbuf_puts(&w.sb,
		               am_statement_with(ctx, plan->lift.statement,
		                                 plan->lift.await, results));
	}
	return am_task_block_text(&w, 1);
}

static const char *plan_problem(am_context *ctx, TSNode call, gather_plan *plan)
{
	const char *why = read_items(ctx, call, plan);
	if (why)
		return why;
	if (!am_lift_find(ctx, call, &plan->lift)) {
		why = am_await_lift_find(ctx, call, &plan->lift);
		if (why)
			return why;
	}
	if (!am_statement_stands_alone(ctx, plan->lift.statement))
		return "the statement shares its line with other code";
	if (am_has_comment(ctx, call))
		return "a comment inside the call would be lost";
	TSNode function =
	        am_ancestor(ctx, call, ctx->syntax->function_definition);
	for (size_t i = 0; i < plan->count; i++)
		if (!ts_node_is_null(plan->items[i].comprehension) &&
		    (ts_node_is_null(function) ||
		     !am_comprehension_names_free(
		             ctx, plan->items[i].comprehension, function)))
			return "a comprehension's loop variable is also used "
			       "in "
			       "the function (the loop would change it)";
	plan->results_used = am_statement_uses_value(ctx, plan->lift.statement,
	                                             plan->lift.await);
	if (plan->results_used && !plan->outcomes &&
	    !am_imports_helper_available(ctx, AM_HELPER_STORE_RESULT))
		return "the module already defines `" AM_HELPER_STORE_RESULT
		       "` differently";
	if (plan->outcomes &&
	    !am_imports_helper_available(ctx, AM_HELPER_STORE_OUTCOME))
		return "the module already defines `" AM_HELPER_STORE_OUTCOME
		       "` differently";
	if (!am_imports_name_available(ctx, call, "anyio"))
		return "the name `anyio` means something else here";
	if (!ts_node_is_null(plan->collected.list)) {
		plan->func = am_task_fresh_name(ctx, "func");
		if (!plan->func)
			return "no free name for the loop over the list";
		if (!am_imports_name_available(ctx, call, "functools"))
			return "the name `functools` means something else here";
	}
	return NULL;
}

/* The plan, the handlers that become `except*`, and why not, or NULL. */
static const char *full_problem(am_context *ctx, TSNode call, gather_plan *plan,
                                am_except_star_plan *handlers)
{
	memset(plan, 0, sizeof(*plan));
	const char *why = plan_problem(ctx, call, plan);
	if (!why)
		why = am_except_star_check(ctx, plan->lift.statement, handlers);
	if (!why && (!am_task_fresh_name(ctx, "tg") ||
	             !am_task_fresh_name(ctx, "results")))
		why = "no free name for the task group";
	return why;
}

const char *am_gather_problem(am_context *ctx, TSNode gather_call)
{
	gather_plan plan;
	am_except_star_plan handlers;
	return full_problem(ctx, gather_call, &plan, &handlers);
}

/* ---- tasks of a list awaited one by one, as a gather would ---------- */

/* `await v` where v is the name `target`. */
static int awaits_name(const am_context *ctx, TSNode node, TSNode target)
{
	return am_node_is(node, ctx->syntax->await) &&
	       am_same_name(ctx, ts_node_named_child(node, 0), target);
}

/* The named children of node that are not comments. */
static uint32_t code_children(const am_context *ctx, TSNode node)
{
	uint32_t n = 0, count = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < count; i++)
		n += !am_node_is(ts_node_named_child(node, i),
		                 ctx->syntax->comment);
	return n;
}

/* `for t in tasks: await t`: one statement, no `else`, not `async for`,
 * and the loop's name read nowhere else. */
static int loop_awaits_each(const am_context *ctx, TSNode loop, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode left = am_node_field(loop, sx->field.left);
	TSNode body = am_node_field(loop, sx->field.body);
	if (!ts_node_eq(am_node_field(loop, sx->field.right), use) ||
	    strcmp(ts_node_type(ts_node_child(loop, 0)), "async") == 0 ||
	    !am_node_is(left, sx->identifier) || code_children(ctx, loop) != 3)
		return 0;
	TSNode only = am_block_only_statement(ctx, body);
	if (!am_node_is(only, sx->expression_statement) ||
	    !awaits_name(ctx, ts_node_named_child(only, 0), left))
		return 0;
	const am_name_use *load = am_bind_find_load(
	        ctx->binder,
	        ts_node_named_child(ts_node_named_child(only, 0), 0));
	return load && load->binding >= 0 &&
	       ctx->binder->bindings.items[load->binding].uses == 1;
}

/* `[await t for t in tasks]`, the whole value of `x = ...` or `return`:
 * the statement, or a null node. */
static TSNode comprehension_awaits_each(const am_context *ctx, TSNode clause,
                                        TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode null = am_null_node();
	TSNode comp = am_parent(ctx, clause);
	TSNode left = am_node_field(clause, sx->field.left);
	if (!ts_node_eq(am_node_field(clause, sx->field.right), use) ||
	    strcmp(ts_node_type(ts_node_child(clause, 0)), "async") == 0 ||
	    !am_node_is(comp, sx->list_comprehension) ||
	    code_children(ctx, comp) != 2 ||
	    !awaits_name(ctx, am_node_field(comp, sx->field.body), left))
		return null;
	TSNode parent = am_parent(ctx, comp);
	if (am_node_is(parent, sx->return_statement))
		return parent;
	if (am_node_is(parent, sx->assignment) &&
	    ts_node_eq(am_node_field(parent, sx->field.right), comp) &&
	    ts_node_is_null(am_node_field(parent, sx->field.type)) &&
	    am_node_is(am_parent(ctx, parent), sx->expression_statement))
		return am_parent(ctx, parent);
	return null;
}

TSNode am_gather_consumer_of(const am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, use);
	if (am_node_is(parent, sx->for_statement))
		return loop_awaits_each(ctx, parent, use) ? parent
		                                          : am_null_node();
	if (am_node_is(parent, sx->for_in_clause))
		return comprehension_awaits_each(ctx, parent, use);
	return am_null_node();
}

/* The plan for the list `maker_call` is put in, awaited by a consumer:
 * NULL when it can be rewritten, or why not; `*found` says whether the
 * list has such a consumer at all. */
static const char *consumer_plan(am_context *ctx, TSNode maker_call,
                                 gather_plan *plan,
                                 am_except_star_plan *handlers, int *found)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	memset(plan, 0, sizeof(*plan));
	*found = 0;
	if (ts_node_is_null(am_collected_list_of(ctx, maker_call)))
		return "the task is not put in a list";
	int binding = am_list_binding(ctx, maker_call);
	TSNode use = am_null_node(), statement = am_null_node();
	size_t count;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; i < count; i++) {
		statement = am_gather_consumer_of(ctx,
		                                  b->uses.items[loads[i]].node);
		if (!ts_node_is_null(statement)) {
			use = b->uses.items[loads[i]].node;
			break;
		}
	}
	if (ts_node_is_null(statement))
		return "the list is not awaited task by task";
	*found = 1;
	/* the loop, or the comprehension, is where the list is awaited */
	TSNode consumer = am_node_is(statement, sx->for_statement)
	                          ? statement
	                          : am_parent(ctx, am_parent(ctx, use));
	const char *why =
	        am_collected_read(ctx, consumer, use, &plan->collected);
	if (why)
		return why;
	if (!plan->collected.tasks)
		return "the list holds no tasks";
	plan->items[0].collected = 1;
	plan->count = 1;
	plan->star = 1;
	plan->lift.statement = statement;
	plan->lift.await = consumer;
	plan->results_used = !ts_node_eq(consumer, statement);
	if (!am_statement_stands_alone(ctx, statement))
		return "the statement shares its line with other code";
	if (am_has_comment(ctx, statement))
		return "a comment inside the statement would be lost";
	if (plan->results_used &&
	    !am_imports_helper_available(ctx, AM_HELPER_STORE_RESULT))
		return "the module already defines `" AM_HELPER_STORE_RESULT
		       "` differently";
	if (!am_imports_name_available(ctx, statement, "anyio") ||
	    !am_imports_name_available(ctx, statement, "functools"))
		return "the name `anyio` or `functools` means something else "
		       "here";
	plan->func = am_task_fresh_name(ctx, "func");
	if (!plan->func || !am_task_fresh_name(ctx, "tg") ||
	    !am_task_fresh_name(ctx, "results"))
		return "no free name for the task group";
	return am_except_star_check(ctx, statement, handlers);
}

/* consumer_plan's answer for the list `maker_call` is put in, found once
 * per list and pass (see list_memo.h); `*first` gets the list's first
 * element when it is NULL. */
static const char *consumer_answer(am_context *ctx, TSNode maker_call,
                                   int *found, TSNode *first)
{
	am_list_memo *memo = am_list_memo_of(ctx, maker_call);
	if (memo && memo->consumer_known) {
		*found = memo->consumer_found;
		*first = memo->consumer_first;
		return memo->consumer_why;
	}
	gather_plan plan;
	am_except_star_plan handlers;
	const char *why =
	        consumer_plan(ctx, maker_call, &plan, &handlers, found);
	*first = why ? am_null_node() : plan.collected.elements[0];
	if (memo) {
		memo->consumer_known = 1;
		memo->consumer_found = (unsigned char)*found;
		memo->consumer_why = why;
		memo->consumer_first = *first;
	}
	return why;
}

const char *am_gather_consumer_problem(am_context *ctx, TSNode maker_call,
                                       int *found)
{
	TSNode first;
	return consumer_answer(ctx, maker_call, found, &first);
}

/* A task maker of a list awaited task by task: the first element's call
 * makes the fix (the others belong to it); ANY403 reports the rest. */
static void on_task_maker(am_context *ctx, TSNode call)
{
	gather_plan plan;
	am_except_star_plan handlers;
	int found;
	TSNode first;
	if (consumer_answer(ctx, call, &found, &first) ||
	    !ts_node_eq(first, call) ||
	    consumer_plan(ctx, call, &plan, &handlers, &found))
		return;
	const char *tg = am_task_fresh_name(ctx, "tg");
	const char *results = am_task_fresh_name(ctx, "results");
	am_fix *fix = am_fix_new(
	        ctx, am_node_field(call, ctx->syntax->field.function),
	        "tasks of a list awaited one by one become a task group%s%s",
	        plan.results_used ? "; results in a list, in order" : "",
	        handlers.count ? "; the enclosing `try` catches with `except*`"
	                       : "");
	am_fix_replace_node(fix, plan.lift.statement,
	                    write_block(ctx, &plan, tg, results));
	am_collected_apply(ctx, fix, &plan.collected);
	am_except_star_apply(fix, &handlers);
}

static void on_call(am_context *ctx, const am_call *gather)
{
	TSNode fn = gather->callee;
	TSNode call = gather->node;
	if (strcmp(gather->asyncio_name, "gather") != 0) {
		on_task_maker(ctx, call);
		return;
	}
	gather_plan plan;
	am_except_star_plan handlers;
	const char *why = full_problem(ctx, call, &plan, &handlers);
	const char *tg = am_task_fresh_name(ctx, "tg");
	const char *results = am_task_fresh_name(ctx, "results");
	if (why) {
		am_flag(ctx, fn, "`asyncio.gather()` left as is: %s", why);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, fn,
	        "`await asyncio.gather(...)` becomes a task group%s%s%s",
	        plan.results_used ? "; results in a list, in order" : "",
	        plan.outcomes ? "; failures kept as results" : "",
	        handlers.count ? "; the enclosing `try` catches with `except*`"
	                       : "");
	am_fix_replace_node(fix, plan.lift.statement,
	                    write_block(ctx, &plan, tg, results));
	if (!ts_node_is_null(plan.collected.list))
		am_collected_apply(ctx, fix, &plan.collected);
	am_except_star_apply(fix, &handlers);
}

const am_rule am_rule_gather = {
        .code = "ANY401",
        .name = "gather",
        .summary = "`await asyncio.gather(f(a), ...)` → a task group with "
                   "`tg.start_soon(f, a)`; results kept",
        .doc = "## What it does\n"
               "Rewrites an awaited `asyncio.gather()` that forms a statement "
               "of its own into a task group that starts one task per "
               "awaitable. One awaited inside a larger expression (`return "
               "dict(zip(keys, await asyncio.gather(...)))`) is lifted: the "
               "task group comes first, and the statement uses the results "
               "list in its place, when what the statement evaluates before "
               "the await cannot change while it waits (literals, builtins, "
               "imported modules' members, the function's own variables). Each "
               "call `f(a, k=v)` becomes "
               "`tg.start_soon(functools.partial(f, k=v), a)`; a `*[f(x) for "
               "x in xs if c]` argument becomes the loop it describes. A "
               "`*name` "
               "argument whose list is made before it in the function "
               "(`name = [f(x) for x in xs]`, `name = []` then "
               "`name.append(f(x))`), of coroutine calls or of tasks "
               "`asyncio.create_task(f(x))`, keeps its list, now of the "
               "functions to run: each element becomes "
               "`functools.partial(f, x)`, evaluated where the coroutine "
               "was made, and the task group starts each: `for func in "
               "name: tg.start_soon(func)`. A list of such tasks awaited "
               "one by one as a gather would, `for t in tasks: await t` or "
               "`results = [await t for t in tasks]` (also `return [...]`), "
               "is rewritten the same way. When "
               "the results are used (`x, y = await ...`, `return await "
               "...`), they are kept in order in a list: each task stores "
               "its return value through a small helper, `_store_result`, "
               "which the tool defines once per module after the imports. "
               "With `return_exceptions=True` each task keeps what it "
               "returns or the `Exception` it raises, in order, through "
               "`_store_outcome`, so no failure reaches the task group and "
               "the others run on, as in asyncio; cancellation still "
               "cancels them all.\n\n"
               "anyio 4 task groups raise an `ExceptionGroup` when a task "
               "fails, so the handlers of every `try` around the gather (in "
               "the same function) become `except*` handlers, which still "
               "catch the exceptions the tasks raise.\n\n"
               "## Why\n"
               "Task groups are anyio's structured concurrency: tasks cannot "
               "outlive the block, and failures are never lost.\n\n"
               "## Example\n"
               "```python\ntry:\n    user, posts = await asyncio.gather("
               "fetch_user(uid), fetch_posts(uid, limit=10))\n"
               "except ValueError:\n    user, posts = None, []\n```\n\n"
               "## Use instead\n"
               "```python\ntry:\n    results = [None] * 2\n"
               "    async with anyio.create_task_group() as tg:\n"
               "        tg.start_soon(_store_result, results, 0, fetch_user, "
               "uid)\n"
               "        tg.start_soon(_store_result, results, 1, "
               "functools.partial(fetch_posts, limit=10), uid)\n"
               "    user, posts = results\n"
               "except* ValueError:\n    user, posts = None, []\n```\n\n"
               "## When it flags instead\n"
               "- `return_exceptions=` something other than `True` or "
               "`False`;\n"
               "- tasks of a list awaited one by one where the loop's body "
               "does more than `await t`, has an `else`, or its name is "
               "read after it (ANY403 reports these);\n"
               "- an awaitable that is not a call written there (a coroutine "
               "or task made elsewhere), or a `*` argument that is not a "
               "comprehension of calls (or uses `async for`, or tuple "
               "targets);\n"
               "- a `*name` list that is bound more than once in the "
               "function, made in a loop around the gather, used other "
               "than by `append`, `len()`, `if name:` and the one gather, "
               "or used in a nested function; an element that is not a "
               "call of a function that may be async, or of one named like a "
               "task or future maker of another module (`create_task`, "
               "`run_in_executor`); an await between making the list and "
               "the gather (tasks would start before the task group "
               "exists);\n"
               "- the await is part of a larger expression that evaluates, "
               "before it, a call, an attribute of an object, an operator or "
               "a variable an inner function rebinds, or that may not run it "
               "(`and`, `or`, `if`-`else`, a comprehension), or is a "
               "condition; or the statement shares its line;\n"
               "- a comprehension's loop variable is used elsewhere in the "
               "function;\n"
               "- an enclosing `try` has a handler that cannot become "
               "`except*`: a bare `except:`, one that uses the exception "
               "(`as e`), one that returns, breaks or continues, or one for "
               "cancellation;\n"
               "- a comment inside the call.\n\n"
               "## Fix safety\n"
               "Unsafe: the exceptions come grouped, and the other tasks are "
               "cancelled.\n"
               "Each awaitable must be a call of an async function (anyio "
               "raises TypeError at once otherwise). When a task fails, "
               "asyncio's gather lets the others run on in the background "
               "and raises the first error; the task group cancels the "
               "others and raises all errors together in an ExceptionGroup. "
               "A caller in another function that catches a specific "
               "exception from this function must use `except*` too. "
               "For a collected list, the coroutines start when the gather "
               "is reached, as before; when code between making the list "
               "and the gather raises, asyncio's tasks already made would "
               "run on, and the functions now never start. "
               "Tasks of a list awaited one by one: when the caller is "
               "cancelled, asyncio cancelled the task it was awaiting and "
               "let the others run on; the task group cancels them all. "
               "With `return_exceptions=True`, asyncio also returns the "
               "`CancelledError` of a task cancelled on its own (one that "
               "awaited something cancelled elsewhere); on anyio's asyncio "
               "backend the task group then cancels the other tasks, "
               "whose results stay `None`. "
               "A lifted await: what the statement reads before the "
               "await (a builtin, an imported module's member such as "
               "`json.dumps`) is read after the tasks ran; a task that "
               "rebinds it changes what the statement uses.\n"
               "\n"
               "## Migrating by hand\n"
               "Run the awaitables in a task group, `async with "
               "anyio.create_task_group() as tg:`, with "
               "`tg.start_soon(func, *args)` per awaitable; keep results by "
               "storing them from each task (a list indexed by position), "
               "and catch a failure with `except*`, as the rewrite does. "
               "Where the await sits in an expression the rewrite cannot "
               "lift, assign the gather's result to a name first (`x = "
               "await asyncio.gather(...)`) and run again. A list of "
               "coroutines or tasks made elsewhere becomes a list of "
               "functions (`functools.partial(f, x)`) that the task group "
               "starts where the gather was. With a `return_exceptions=` "
               "known only when the code runs, pick one of the two forms "
               "the rewrite makes.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("gather", "create_task", "ensure_future"),
        .on_call = on_call,
};
