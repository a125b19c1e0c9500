/* ANY403 create-task: tasks made and awaited in one block -> a task group */
#include "array.h"
#include "coroutine_call.h"
#include "deeper.h"
#include "except_star.h"
#include "gather/await_lift.h"
#include "gather/collected.h"
#include "imports.h"
#include "lift.h"
#include "loop_var.h"
#include "rule.h"
#include "statement.h"
#include "task_block.h"

#include <string.h>

#define MAX_TASKS 16

/* `t = asyncio.create_task(f(a))` */
typedef struct created {
	TSNode statement;
	TSNode name; /* t */
	TSNode coroutine;
	TSNode task_name; /* the value of `name=`, or null */
	int binding;
} created;

/* `await t` or `x = await t` (or one `await asyncio.gather(t1, t2)`) */
typedef struct awaited {
	am_lift lift;
	int task; /* index into the created tasks; -1 for a gather */
} awaited;

typedef struct task_plan {
	created tasks[MAX_TASKS];
	size_t task_count;
	awaited awaits[MAX_TASKS];
	size_t await_count;
	int gather_order[MAX_TASKS]; /* for a gather: its arguments' tasks */
	int gathered;
	/* the statements between the tasks made and the awaits, which run
	 * in the task group beside the tasks (null nodes when none) */
	TSNode between_first, between_last;
	/* why the await of a task found among them cannot be read, or NULL */
	const char *stop;
} task_plan;

/* `asyncio.create_task`, `asyncio.ensure_future`, or `create_task` of a
 * name or call that is provably the running loop (`loop.create_task`). */
static int is_task_maker(am_context *ctx, TSNode fn)
{
	if (am_bind_is_asyncio(ctx->binder, fn, "create_task") ||
	    am_bind_is_asyncio(ctx->binder, fn, "ensure_future"))
		return 1;
	const am_syntax *sx = ctx->syntax;
	TSNode call = am_parent(ctx, fn);
	return am_node_is(fn, sx->attribute) &&
	       am_node_text_eq(ctx->text,
	                       am_node_field(fn, sx->field.attribute),
	                       "create_task") &&
	       am_node_is(call, sx->call) &&
	       !am_loop_running_doubt(ctx, am_node_field(fn, sx->field.object),
	                              call);
}

/* No annotation, or `asyncio.Task` / `asyncio.Task[T]`: it goes with the
 * statement, as the task does. */
static int task_annotation(const am_context *ctx, TSNode type)
{
	const am_syntax *sx = ctx->syntax;
	if (ts_node_is_null(type))
		return 1;
	TSNode annotation = ts_node_named_child(type, 0);
	if (am_node_is(annotation, sx->subscript))
		annotation = am_node_field(annotation, sx->field.value);
	const char *q = am_bind_resolve(ctx->binder, annotation);
	return q && (strcmp(q, "asyncio.Task") == 0 ||
	             strcmp(q, "asyncio.tasks.Task") == 0);
}

/* Reads `t = asyncio.create_task(f(a))` (or `t: asyncio.Task[T] = ...`)
 * as a statement of its own. */
static int read_created(am_context *ctx, TSNode statement, created *out)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(statement, sx->expression_statement))
		return 0;
	TSNode assignment = ts_node_named_child(statement, 0);
	if (!am_node_is(assignment, sx->assignment) ||
	    !task_annotation(ctx, am_node_field(assignment, sx->field.type)))
		return 0;
	TSNode left = am_node_field(assignment, sx->field.left);
	TSNode call = am_node_field(assignment, sx->field.right);
	if (!am_node_is(left, sx->identifier) || !am_node_is(call, sx->call) ||
	    !is_task_maker(ctx, am_node_field(call, sx->field.function)))
		return 0;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode task_name = am_call_keyword(ctx, &args, "name");
	if (args.positional_count != 1 || args.has_star ||
	    args.keyword_count != (size_t)!ts_node_is_null(task_name) ||
	    (!ts_node_is_null(task_name) &&
	     !am_bind_is_asyncio(ctx->binder,
	                         am_node_field(call, sx->field.function),
	                         "create_task")))
		return 0;
	out->task_name = task_name;
	out->statement = statement;
	out->name = left;
	out->coroutine = args.positional[0];
	const am_binder *b = ctx->binder;
	uint32_t len;
	const char *name = am_node_text(ctx->text, left, &len);
	out->binding = am_bind_lookup(
	        b, am_bind_scope_at(b, ts_node_start_byte(left)), name, len);
	return out->binding >= 0;
}

static int task_named(const task_plan *plan, const am_context *ctx, TSNode id)
{
	for (size_t i = 0; i < plan->task_count; i++)
		if (am_same_name(ctx, id, plan->tasks[i].name))
			return (int)i;
	return -1;
}

/* The one `await t` of a task of the plan inside a larger expression of
 * the statement (not in a nested function), or a null node. */
static TSNode inner_task_await(const am_context *ctx, TSNode statement,
                               const task_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	TSNode found = am_null_node();
	int count = 0;
	am_walk w;
	am_walk_init(&w, statement);
	/* a second one settles it: no need to read the rest */
	for (TSNode n; count < 2 && am_walk_next(&w, &n);) {
		if (am_node_is(n, sx->lambda) ||
		    am_node_is(n, sx->function_definition) ||
		    am_node_is(n, sx->class_definition)) {
			am_walk_skip_children(&w);
			continue;
		}
		if (am_node_is(n, sx->await) &&
		    task_named(plan, ctx, ts_node_named_child(n, 0)) >= 0) {
			found = n;
			count++;
		}
	}
	am_walk_release(&w);
	return count == 1 ? found : am_null_node();
}

/* Reads one awaiting statement; returns 0 when it is something else. The
 * await is the statement's whole value (`x = await t`, `return await t`)
 * or, for one task, a part of it that can be read after the group (the
 * parts evaluated before it cannot change meanwhile: see await_lift.h). */
static int read_await(const am_context *ctx, TSNode statement, task_plan *plan)
{
	const am_syntax *sx = ctx->syntax;
	TSNode expression = ts_node_named_child(statement, 0);
	if (am_node_is(expression, sx->assignment))
		expression = am_node_field(expression, sx->field.right);
	if (am_node_is(statement, sx->return_statement))
		expression = ts_node_named_child(statement, 0);
	awaited *a = &plan->awaits[plan->await_count];
	if (!am_node_is(expression, sx->await)) {
		TSNode inner = inner_task_await(ctx, statement, plan);
		if (ts_node_is_null(inner) || plan->gathered)
			return 0;
		TSNode target = ts_node_named_child(inner, 0);
		if (am_await_lift_find(ctx, target, &a->lift) ||
		    !ts_node_eq(a->lift.statement, statement))
			return 0;
		a->task = task_named(plan, ctx, target);
		plan->await_count++;
		return 1;
	}
	TSNode target = ts_node_named_child(expression, 0);
	if (!am_lift_find(ctx, target, &a->lift) ||
	    !ts_node_eq(a->lift.statement, statement))
		return 0;
	if (am_node_is(target, sx->call) &&
	    am_bind_is_asyncio(ctx->binder,
	                       am_node_field(target, sx->field.function),
	                       "gather")) {
		am_call_args args;
		am_call_args_read(ctx, target, &args);
		if (args.keyword_count || args.has_star ||
		    args.positional_count != plan->task_count ||
		    plan->await_count)
			return 0;
		for (size_t i = 0; i < args.positional_count; i++) {
			int t = task_named(plan, ctx, args.positional[i]);
			if (t < 0)
				return 0;
			plan->gather_order[i] = t;
		}
		plan->gathered = 1;
		a->task = -1;
	} else {
		a->task = task_named(plan, ctx, target);
		if (a->task < 0 || plan->gathered)
			return 0;
	}
	plan->await_count++;
	return 1;
}

/* Every task awaited exactly once, and used nowhere else. */
static const char *check_uses(const am_context *ctx, const task_plan *plan)
{
	int seen[MAX_TASKS] = {0};
	for (size_t i = 0; i < plan->await_count; i++) {
		if (plan->awaits[i].task >= 0)
			seen[plan->awaits[i].task]++;
	}
	for (size_t i = 0; plan->gathered && i < plan->task_count; i++)
		seen[plan->gather_order[i]]++;
	for (size_t i = 0; i < plan->task_count; i++) {
		const am_binding *bd =
		        &ctx->binder->bindings.items[plan->tasks[i].binding];
		if (seen[i] != 1 || bd->uses != 1)
			return "a task is used other than by one await after "
			       "the tasks are made";
	}
	return NULL;
}

/* Walked, not recursed: nesting may be deep. */
static int makes_task(am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	int found = 0;
	am_walk w;
	am_walk_init(&w, node);
	for (TSNode n; !found && am_walk_next(&w, &n);)
		found = am_node_is(n, sx->call) &&
		        is_task_maker(ctx,
		                      am_node_field(n, sx->field.function));
	am_walk_release(&w);
	return found;
}

/* The first load of one of `count` tasks after they are made (with
 * `awaits_only`, the first `await t`), found in the binder's loads, which
 * are in the order of the text; NULL when there is none. */
static const am_name_use *first_use(am_context *ctx, const created *tasks,
                                    size_t count, int awaits_only)
{
	const am_binder *b = ctx->binder;
	uint32_t made = ts_node_end_byte(tasks[count - 1].statement);
	size_t i;
	AM_LOWER_BOUND(i, b->uses.count, b->uses.items[mid].start < made);
	for (; i < b->uses.count; i++) {
		const am_name_use *u = &b->uses.items[i];
		int mine = 0;
		for (size_t t = 0; t < count; t++)
			mine |= u->binding == tasks[t].binding;
		if (mine && (!awaits_only || am_node_is(am_parent(ctx, u->node),
		                                        ctx->syntax->await)))
			return u;
	}
	return NULL;
}

/* The statement of the tasks' block that holds that load (not a walk of
 * the statements, which is quadratic in a block of many tasks), or a null
 * node. */
static TSNode first_use_statement(am_context *ctx, const task_plan *plan,
                                  int awaits_only)
{
	const am_name_use *first =
	        first_use(ctx, plan->tasks, plan->task_count, awaits_only);
	if (!first)
		return am_null_node();
	TSNode block = am_parent(ctx, plan->tasks[0].statement);
	for (TSNode n = first->node; !ts_node_is_null(n); n = am_parent(ctx, n))
		if (ts_node_eq(am_parent(ctx, n), block))
			return n;
	return am_null_node();
}

/* The statements from `s` up to the first await of a task: they run in
 * the task group, beside the tasks. Returns that await's statement, or a
 * null node when the block has none. */
/* Why the statement `s`, which holds the first await of a task, cannot
 * be read as the tasks' await. */
static const char *await_problem(am_context *ctx, TSNode s,
                                 const task_plan *plan)
{
	TSNode inner = inner_task_await(ctx, s, plan);
	if (ts_node_is_null(inner))
		return NULL;
	am_lift lift;
	const char *why =
	        am_await_lift_find(ctx, ts_node_named_child(inner, 0), &lift);
	if (why)
		return why;
	return !ts_node_eq(lift.statement, s)
	               ? "the task is awaited inside a block of another "
	                 "statement (`with`, `try`, `if`, a loop)"
	               : "the task is awaited in a statement this rule cannot "
	                 "rewrite";
}

static TSNode read_between(am_context *ctx, TSNode s, task_plan *plan)
{
	TSNode awaits = first_use_statement(ctx, plan, 0);
	if (ts_node_is_null(awaits))
		return awaits;
	if (!read_await(ctx, awaits, plan)) {
		plan->stop = await_problem(ctx, awaits, plan);
		/* used before it is awaited: the first await, if any, is
		 * read, and the reason is what the plan's checks find */
		TSNode later = plan->stop ? am_null_node()
		                          : first_use_statement(ctx, plan, 1);
		if (ts_node_is_null(later))
			return later;
		if (read_await(ctx, later, plan))
			return later; /* check_uses refuses the plan */
		plan->stop = await_problem(ctx, later, plan);
		return am_null_node();
	}
	/* the first and last statements from s up to the await, not a step
	 * through them all: ts_node_next_named_sibling walks the block from
	 * its start at each step, which in a block of many tasks is cubic */
	while (!ts_node_eq(s, awaits) && am_node_is(s, ctx->syntax->comment))
		s = ts_node_next_named_sibling(s);
	if (ts_node_eq(s, awaits))
		return awaits;
	TSNode last = ts_node_prev_named_sibling(awaits);
	while (am_node_is(last, ctx->syntax->comment))
		last = ts_node_prev_named_sibling(last);
	plan->between_first = s;
	plan->between_last = last;
	return awaits;
}

static const char *between_problem(am_context *ctx, const task_plan *plan)
{
	if (ts_node_is_null(plan->between_first))
		return NULL;
	for (TSNode s = plan->between_first;;
	     s = ts_node_next_named_sibling(s)) {
		if (makes_task(ctx, s))
			return "another task is made before these are awaited";
		if (ts_node_eq(s, plan->between_last))
			break;
	}
	const char *why =
	        am_deeper_problem(ctx, plan->between_first, plan->between_last);
	return why ? am_arena_printf(ctx->arena,
	                             "a statement run beside the task %s", why)
	           : NULL;
}

/* What the first use of a task that is not awaited in its block does with
 * it, for the flag; NULL when it is not one of these. */
static const char *use_reason(am_context *ctx, const created *task)
{
	const am_syntax *sx = ctx->syntax;
	const am_name_use *first = first_use(ctx, task, 1, 0);
	if (!first)
		return NULL;
	const char *name = am_text(ctx, first->node);
	TSNode parent = am_parent(ctx, first->node);
	if (am_node_is(parent, sx->attribute)) {
		TSNode method = am_node_field(parent, sx->field.attribute);
		if (am_node_text_eq(ctx->text, method, "cancel"))
			return am_arena_printf(
			        ctx->arena,
			        "`%s.cancel()` cancels it: in anyio the task "
			        "runs in a cancel scope kept in its place",
			        name);
		if (am_node_text_eq(ctx->text, method, "add_done_callback"))
			return "it is given a callback: in anyio the task "
			       "calls "
			       "it as it ends";
		return am_arena_printf(ctx->arena,
		                       "`%s.%s` reads the task object: anyio "
		                       "has none",
		                       name, am_text(ctx, method));
	}
	if (!am_node_is(parent, sx->argument_list))
		return NULL;
	TSNode callee =
	        am_node_field(am_parent(ctx, parent), sx->field.function);
	if (am_node_is(callee, sx->attribute) &&
	    (am_node_text_eq(ctx->text,
	                     am_node_field(callee, sx->field.attribute),
	                     "add") ||
	     am_node_text_eq(ctx->text,
	                     am_node_field(callee, sx->field.attribute),
	                     "append")))
		return am_arena_printf(
		        ctx->arena,
		        "`%s` keeps the task past this call: in anyio its "
		        "holder owns a task group",
		        am_text(ctx, am_node_field(callee, sx->field.object)));
	return am_arena_printf(
	        ctx->arena,
	        "the task is passed to `%s()`: anyio has no task "
	        "objects",
	        am_text(ctx, callee));
}

/* The run of statements from `first`: the tasks made, the statements
 * that run beside them, then the awaits. */
static const char *read_run(am_context *ctx, TSNode first, task_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->between_first = plan->between_last = am_null_node();
	TSNode s = first;
	while (!ts_node_is_null(s) && plan->task_count < MAX_TASKS &&
	       read_created(ctx, s, &plan->tasks[plan->task_count])) {
		plan->task_count++;
		s = ts_node_next_named_sibling(s);
	}
	s = read_between(ctx, s, plan);
	if (!ts_node_is_null(s))
		s = ts_node_next_named_sibling(s);
	while (!ts_node_is_null(s) && plan->await_count < MAX_TASKS &&
	       !plan->gathered && plan->await_count < plan->task_count &&
	       read_await(ctx, s, plan))
		s = ts_node_next_named_sibling(s);
	if (plan->await_count == 0 && !plan->stop)
		plan->stop = use_reason(ctx, &plan->tasks[0]);
	if (plan->await_count == 0)
		return plan->stop
		               ? plan->stop
		               : "the task is not awaited in the block it is "
		                 "made in";
	for (size_t i = 0; i < plan->task_count; i++) {
		TSNode c = plan->tasks[i].coroutine;
		if (!am_node_is(c, ctx->syntax->call))
			return "a task runs a coroutine made elsewhere, not a "
			       "call "
			       "written there";
		if (!am_coroutine_callee_may_be_async(
		            ctx, am_node_field(c, ctx->syntax->field.function)))
			return "a task is not made from an async function's "
			       "call";
	}
	const char *why = check_uses(ctx, plan);
	return why ? why : between_problem(ctx, plan);
}

/* The slot of task i in the results, or -1 when its result is unused. */
static int slot_of(const am_context *ctx, const task_plan *plan, size_t i)
{
	if (plan->gathered) {
		if (!am_statement_uses_value(ctx,
		                             plan->awaits[0].lift.statement,
		                             plan->awaits[0].lift.await))
			return -1;
		for (size_t k = 0; k < plan->task_count; k++)
			if (plan->gather_order[k] == (int)i)
				return (int)k;
	}
	for (size_t k = 0; k < plan->await_count; k++)
		if (plan->awaits[k].task == (int)i &&
		    am_statement_uses_value(ctx, plan->awaits[k].lift.statement,
		                            plan->awaits[k].lift.await))
			return (int)i;
	return -1;
}

/* Where the line of the last statement between ends (its comment kept). */
static uint32_t between_end(const am_context *ctx, const task_plan *plan)
{
	uint32_t at = ts_node_end_byte(plan->between_last);
	while (at < ctx->len && ctx->text[at] != '\n' && ctx->text[at] != '\r')
		at++;
	return at;
}

/* Where the replaced awaits start: at the first when one's value is used
 * (the lines before it stay), else at the end of the statements between,
 * so that the awaits' lines go. */
static uint32_t awaits_start(am_context *ctx, const task_plan *plan)
{
	for (size_t k = 0; k < plan->await_count; k++)
		if (am_statement_uses_value(ctx, plan->awaits[k].lift.statement,
		                            plan->awaits[k].lift.await))
			return ts_node_start_byte(
			        plan->awaits[0].lift.statement);
	return between_end(ctx, plan);
}

/* The results list, the task group and its `start_soon` lines. */
static void write_head(am_context *ctx, const task_plan *plan, am_task_block *w)
{
	int keep = 0;
	for (size_t i = 0; i < plan->task_count; i++)
		keep |= slot_of(ctx, plan, i) >= 0;
	if (keep)
		am_task_block_line(
		        w, 0,
		        am_arena_printf(ctx->arena, "%s = [None] * %zu",
		                        w->results, plan->task_count));
	am_task_block_line(
	        w, 0,
	        am_arena_printf(ctx->arena,
	                        "async with anyio.create_task_group() "
	                        "as %s:",
	                        w->tg));
	for (size_t i = 0; i < plan->task_count; i++) {
		int slot = slot_of(ctx, plan, i);
		const char *start = am_task_start_soon(
		        ctx, w, plan->tasks[i].coroutine,
		        slot < 0 ? NULL
		                 : am_arena_printf(ctx->arena, "%d", slot));
		if (!ts_node_is_null(plan->tasks[i].task_name))
			/* `start_soon(..., name=n)`: its closing bracket last
			 */
			start = am_arena_printf(
			        ctx->arena, "%.*s, name=%s)",
			        (int)strlen(start) - 1, start,
			        am_text(ctx, plan->tasks[i].task_name));
		am_task_block_line(w, 1, start);
	}
}

/* The awaiting statements whose value is used, reading the results. */
static void write_awaits(am_context *ctx, const task_plan *plan,
                         am_task_block *w)
{
	for (size_t k = 0; k < plan->await_count; k++) {
		const awaited *a = &plan->awaits[k];
		if (!am_statement_uses_value(ctx, a->lift.statement,
		                             a->lift.await))
			continue;
		const char *value =
		        a->task < 0 ? w->results
		                    : am_arena_printf(ctx->arena, "%s[%d]",
		                                      w->results, a->task);
		am_task_block_line(w, 0,
		                   am_statement_with(ctx, a->lift.statement,
		                                     a->lift.await, value));
	}
}

/* Tasks made and awaited with nothing between: one replacement. With
 * statements between, those move into the group one level deeper and the
 * awaits' lines follow the group. */
static void write_group(am_context *ctx, am_fix *fix, const task_plan *plan,
                        const char *tg, const char *results)
{
	uint32_t start = ts_node_start_byte(plan->tasks[0].statement);
	uint32_t made =
	        ts_node_end_byte(plan->tasks[plan->task_count - 1].statement);
	uint32_t end = ts_node_end_byte(
	        plan->awaits[plan->await_count - 1].lift.statement);
	am_task_block w;
	am_task_block_init(&w, ctx, start, tg, results);
	write_head(ctx, plan, &w);
	if (ts_node_is_null(plan->between_first)) {
		write_awaits(ctx, plan, &w);
		am_fix_replace(fix, start, end, am_task_block_text(&w, 1));
		return;
	}
	am_fix_replace(fix, start, made, am_task_block_text(&w, 1));
	am_deeper_apply(ctx, fix, made, between_end(ctx, plan), w.indent, 1);
	uint32_t from = awaits_start(ctx, plan);
	am_task_block awaits;
	am_task_block_init(&awaits, ctx, start, tg, results);
	write_awaits(ctx, plan, &awaits);
	am_fix_replace(
	        fix, from, end,
	        am_task_block_text(&awaits, from != between_end(ctx, plan)));
}

/* Whether a comment of the block starts in (from, to): it would be lost. */
static int comment_lost(const am_context *ctx, TSNode block, uint32_t from,
                        uint32_t to)
{
	for (uint32_t i = 0; i < ts_node_child_count(block); i++) {
		TSNode c = ts_node_child(block, i);
		if (am_node_is(c, ctx->syntax->comment) &&
		    ts_node_start_byte(c) > from && ts_node_start_byte(c) < to)
			return 1;
	}
	return 0;
}

static const char *plan_problem(am_context *ctx, TSNode statement,
                                task_plan *plan, am_except_star_plan *handlers)
{
	const char *why = read_run(ctx, statement, plan);
	if (why)
		return why;
	uint32_t start = ts_node_start_byte(plan->tasks[0].statement);
	uint32_t end = ts_node_end_byte(
	        plan->awaits[plan->await_count - 1].lift.statement);
	TSNode parent = am_parent(ctx, statement);
	int lost =
	        ts_node_is_null(plan->between_first)
	                ? comment_lost(ctx, parent, start, end)
	                : comment_lost(ctx, parent, start,
	                               ts_node_end_byte(
	                                       plan->tasks[plan->task_count - 1]
	                                               .statement)) ||
	                          comment_lost(ctx, parent,
	                                       awaits_start(ctx, plan), end);
	if (lost)
		return "a comment among the statements would be lost";
	for (size_t i = 0; i < plan->task_count; i++)
		if (!am_statement_stands_alone(ctx, plan->tasks[i].statement))
			return "the statements share lines";
	for (size_t i = 0; i < plan->await_count; i++)
		if (!am_statement_stands_alone(ctx,
		                               plan->awaits[i].lift.statement))
			return "the statements share lines";
	if (!am_imports_name_available(ctx, statement, "anyio") ||
	    !am_imports_helper_available(ctx, AM_HELPER_STORE_RESULT))
		return "a name the task group needs means something else here";
	return am_except_star_check(ctx, statement, handlers);
}

/* Why a task stored on an object or in a container cannot be migrated,
 * naming what owns the task group that replaces it (the doc's "Migrating
 * by hand" shows the class). */
static const char *stored_reason(const am_context *ctx, TSNode left)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(left, sx->attribute))
		return am_arena_printf(
		        ctx->arena,
		        "`%s` keeps the task past this call: in anyio `%s` "
		        "owns "
		        "a task group",
		        am_text(ctx, left),
		        am_text(ctx, am_node_field(left, sx->field.object)));
	return "the task is kept in a container past this call: in anyio its "
	       "holder owns a task group";
}

/* Why a task that is not part of such a run cannot be migrated. */
static const char *escape_reason(const am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, call);
	if (am_node_is(parent, sx->expression_statement))
		return "nothing awaits this task: it runs on its own until it "
		       "ends";
	if (am_node_is(parent, sx->assignment)) {
		TSNode left = am_node_field(parent, sx->field.left);
		if (!am_node_is(left, sx->identifier))
			return stored_reason(ctx, left);
	}
	if (am_node_is(parent, sx->return_statement))
		return "the task is returned";
	return NULL;
}

/* Why `t = maker(...)` with its arguments is not read as a task made:
 * a `loop=` or `name=`, or the call is not a statement of its own. */
static const char *maker_reason(am_context *ctx, TSNode call)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (!ts_node_is_null(am_call_keyword(ctx, &args, "loop")))
		return "it is given `loop=`: drop it once the loop is the "
		       "running one (anyio has no loop)";
	if (!ts_node_is_null(am_call_keyword(ctx, &args, "context")))
		return "it is given `context=`, which anyio's `start_soon` "
		       "lacks";
	return "the task is used in a way this rule cannot follow";
}

static void on_call(am_context *ctx, const am_call *maker)
{
	TSNode fn = maker->callee;
	TSNode call = maker->node;
	if (am_collected_taken(ctx, call))
		return; /* the gather rule rewrites its list */
	if (!maker->asyncio_name && !is_task_maker(ctx, fn))
		return; /* not a loop's: another object's create_task */
	const char *why = escape_reason(ctx, call);
	TSNode statement = am_parent(ctx, am_parent(ctx, call));
	task_plan plan;
	am_except_star_plan handlers;
	created first;
	if (!why && !read_created(ctx, statement, &first)) {
		int found;
		const char *consumer =
		        am_gather_consumer_problem(ctx, call, &found);
		why = found ? consumer : maker_reason(ctx, call);
	}
	if (!why) {
		/* the run is handled from its first statement */
		created previous;
		TSNode before = ts_node_prev_named_sibling(statement);
		if (!ts_node_is_null(before) &&
		    read_created(ctx, before, &previous) &&
		    !plan_problem(ctx, before, &plan, &handlers))
			return;
		why = plan_problem(ctx, statement, &plan, &handlers);
	}
	const char *tg = am_task_fresh_name(ctx, "tg");
	const char *results = am_task_fresh_name(ctx, "results");
	if (!why && (!tg || !results))
		why = "no free name for the task group";
	if (why && !maker->asyncio_name)
		return; /* the loop's uses are reported where it is followed */
	if (why) {
		am_flag(ctx, fn, "`asyncio.%s()` left as is: %s",
		        maker->asyncio_name, why);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, fn, "tasks made and then awaited become a task group%s",
	        handlers.count ? "; handlers of the enclosing "
	                         "`try` become `except*`"
	                       : "");
	write_group(ctx, fix, &plan, tg, results);
	am_except_star_apply(fix, &handlers);
}

const am_rule am_rule_create_task = {
        .code = "ANY403",
        .name = "create-task",
        .summary = "Tasks made with `asyncio.create_task()` and awaited "
                   "later in the block → a task group; escaping tasks "
                   "flagged",
        .doc = "## What it does\n"
               "Rewrites tasks made one after another with "
               "`asyncio.create_task(f(a))` (or `asyncio.ensure_future`, or "
               "`loop.create_task` on a loop that is provably the running "
               "one, as ANY209 decides for `loop.time()`), "
               "each assigned to a name (an `asyncio.Task[T]` annotation "
               "goes with the statement; a `name=` is kept, as "
               "`start_soon`'s), "
               "and then awaited later in the same "
               "block — each by `await t` / `x = await t` (also inside a "
               "larger expression, `print(\"got\", await t)`, when what it "
               "evaluates before the await cannot change meanwhile, as "
               "ANY401 decides), or all by one "
               "`await asyncio.gather(t1, t2)` — into one task group that "
               "starts them, with the results kept where they are used (as "
               "ANY401 does). The statements between making the tasks and "
               "awaiting them, which run while the tasks do, move into the "
               "task group one level deeper, bytes and comments kept; the "
               "awaits become reads of the results after it. Every other "
               "task is reported with what to do: a "
               "task nobody awaits, one stored on an object or in a "
               "container, one returned. A task put in a list that is then "
               "gathered, `tasks.append(asyncio.create_task(f(x)))` and "
               "`await asyncio.gather(*tasks)`, is rewritten with the "
               "gather by ANY401.\n\n"
               "## Why\n"
               "In anyio every task belongs to a task group, which waits for "
               "it and receives its failure; a task cannot outlive the "
               "code that started it.\n\n"
               "## Example\n"
               "```python\nuser_task = asyncio.create_task(fetch_user(uid))\n"
               "posts_task = asyncio.create_task(fetch_posts(uid))\n"
               "await log_visit(uid)\n"
               "user = await user_task\nposts = await posts_task\n```\n\n"
               "## Use instead\n"
               "```python\nresults = [None] * 2\n"
               "async with anyio.create_task_group() as tg:\n"
               "    tg.start_soon(_store_result, results, 0, fetch_user, uid)\n"
               "    tg.start_soon(_store_result, results, 1, fetch_posts, "
               "uid)\n"
               "    await log_visit(uid)\n"
               "user = results[0]\nposts = results[1]\n```\n\n"
               "## When it flags instead\n"
               "- nothing awaits the task (fire and forget), or the task is "
               "stored, returned, cancelled or given callbacks: its life "
               "outlives the code that made it;\n"
               "- the tasks are awaited in another block than the one they "
               "are made in, or a statement between making them and "
               "awaiting them returns, raises, yields, leaves a loop "
               "around it, makes another task, or holds a string that "
               "spans lines (indenting it would change its value);\n"
               "- a comment among the creations or the awaits would be "
               "lost;\n"
               "- the task's coroutine is made elsewhere, or by a function "
               "of this file that is not async;\n"
               "- an enclosing `try` has handlers that cannot become "
               "`except*` (see ANY401).\n\n"
               "## Fix safety\n"
               "Unsafe: the exceptions come grouped, and the other tasks are "
               "cancelled.\n"
               "The awaits wait for all tasks, not one after another: when a "
               "task fails, the others are cancelled and the failures arrive "
               "together in an ExceptionGroup, where asyncio raised the "
               "first at its own `await` and let the others run on. The "
               "statements between making the tasks and awaiting them are "
               "cancelled too when a task fails (asyncio ran them to the "
               "end and raised at the `await`), and when they fail or are "
               "cancelled the tasks are cancelled with them (asyncio left "
               "the tasks running).\n"
               "\n"
               "## Migrating by hand\n"
               "A task runs in a task group that outlives it: `async with "
               "anyio.create_task_group() as tg:` and `tg.start_soon(func, "
               "*args)`.\n"
               "- A task nothing awaits: pass a task group in from a caller "
               "that waits for it, and start the task there.\n"
               "- A task kept on an object: the object owns a task group, "
               "as the class below shows.\n"
               "- A task stored in a container: whoever holds the container "
               "owns a task group, starts the work there, and keeps an "
               "`anyio.CancelScope` the work runs in where it kept the "
               "task (`task.cancel()` becomes `scope.cancel()`).\n"
               "- A task returned: let the caller own a task group and "
               "start it there.\n"
               "- Tasks made one after another and then each awaited (or "
               "gathered) later in the same block become a task group: "
               "bring the code to that shape and run again.\n\n"
               "A task kept on an object, started in `start()` and "
               "cancelled in `stop()`, becomes a task group the object "
               "owns, entered when the object is, with a cancel scope in "
               "place of the task:\n\n"
               "```python\nclass Poller:\n"
               "    def start(self):\n"
               "        self._task = asyncio.create_task(self._run())\n\n"
               "    async def stop(self):\n"
               "        self._task.cancel()\n"
               "        with contextlib.suppress(asyncio.CancelledError):\n"
               "            await self._task\n\n"
               "poller = Poller()\npoller.start()\n...\n"
               "await poller.stop()\n```\n\n"
               "becomes\n\n"
               "```python\nclass Poller:\n"
               "    async def __aenter__(self):\n"
               "        self._scope = anyio.CancelScope()\n"
               "        self._tg = anyio.create_task_group()\n"
               "        await self._tg.__aenter__()\n"
               "        self._tg.start_soon(self._run_in_scope)\n"
               "        return self\n\n"
               "    async def _run_in_scope(self):\n"
               "        with self._scope:\n"
               "            await self._run()\n\n"
               "    async def __aexit__(self, *exc_info):\n"
               "        self._scope.cancel()\n"
               "        return await self._tg.__aexit__(*exc_info)\n\n"
               "async with Poller() as poller:\n    ...\n```\n\n"
               "The caller's `async with` replaces `start()` and `stop()`; "
               "a failure of `_run` now cancels the caller's block and "
               "arrives there as an ExceptionGroup (`except* E`), instead "
               "of waiting in the task until `stop()` awaits it.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("create_task", "ensure_future"),
        .methods = AM_NAMES("create_task"),
        .on_call = on_call,
};
