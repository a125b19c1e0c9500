/* ANY402 task-group: `async with asyncio.TaskGroup() as tg:` -> anyio's */
#include "holder.h"
#include "imports.h"
#include "rule.h"
#include "split_call.h"

#include <string.h>

typedef struct spawn {
	TSNode call;      /* tg.create_task(...) */
	TSNode method;    /* the `create_task` identifier */
	TSNode coroutine; /* f(a) */
	TSNode name;      /* the name= value, or null */
	int kept; /* the task is kept to read its result after the group */
} spawn;

#define MAX_SPAWNS 64

typedef struct group_plan {
	spawn spawns[MAX_SPAWNS];
	size_t count;
} group_plan;

/* The `X` of `async with asyncio.TaskGroup() as X:`; null when not so. */
static TSNode group_alias(const am_context *ctx, TSNode call, TSNode *statement)
{
	const am_syntax *sx = ctx->syntax;
	TSNode pattern = am_parent(ctx, call);
	if (!am_node_is(pattern, sx->as_pattern))
		return am_null_node();
	TSNode item = am_parent(ctx, pattern);
	TSNode clause = am_parent(ctx, item);
	TSNode with = am_parent(ctx, clause);
	if (!am_node_is(item, sx->with_item) ||
	    !am_node_is(with, sx->with_statement) ||
	    strcmp(ts_node_type(ts_node_child(with, 0)), "async") != 0)
		return am_null_node();
	TSNode target = am_node_field(pattern, sx->field.alias);
	TSNode id = ts_node_named_child(target, 0);
	if (!am_node_is(id, sx->identifier))
		return am_null_node();
	*statement = with;
	return id;
}

/* Where the group's task objects may be read: after the `async with`, in
 * the statements that follow it in its block (they run only when the group
 * has ended without an error), in the same scope. */
typedef struct after_group {
	uint32_t from, to;
	int scope;
} after_group;

static int is_result_call(const am_context *ctx, TSNode value)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attr = am_parent(ctx, value);
	if (!am_node_is(attr, sx->attribute) ||
	    !ts_node_eq(am_node_field(attr, sx->field.object), value) ||
	    !am_node_text_eq(ctx->text,
	                     am_node_field(attr, sx->field.attribute),
	                     "result"))
		return 0;
	TSNode call = am_parent(ctx, attr);
	return am_node_is(call, sx->call) &&
	       ts_node_named_child_count(
	               am_node_field(call, sx->field.arguments)) == 0;
}

static int binding_of(const am_context *ctx, TSNode id)
{
	uint32_t len;
	const char *name = am_node_text(ctx->text, id, &len);
	return am_bind_lookup(
	        ctx->binder,
	        am_bind_scope_at(ctx->binder, ts_node_start_byte(id)), name,
	        len);
}

static int in_after(const am_name_use *use, const after_group *after, int scope)
{
	return use->start >= after->from && use->end <= after->to &&
	       use->scope == scope;
}

static int reads_results(const am_context *ctx, const am_name_use *use,
                         const after_group *after);

/* Every load of the name bound by `id` is after the group, in `scope` (the
 * group's, or a comprehension's over its tasks), and reads results: a
 * task's `id.result()`, or for a list of tasks (`list`) what
 * reads_results accepts. */
static int only_results(const am_context *ctx, TSNode id,
                        const after_group *after, int scope, int list)
{
	int binding = binding_of(ctx, id);
	if (binding < 0)
		return 0;
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		if (use->binding == binding &&
		    (!in_after(use, after, scope) ||
		     !(list ? reads_results(ctx, use, after)
		            : is_result_call(ctx, use->node))))
			return 0;
	}
	return b->bindings.items[binding].string_uses == 0;
}

/* A load of a list of tasks after the group: `tasks[i].result()`, or the
 * iterable of a loop or comprehension whose variable reads `.result()`. */
static int reads_results(const am_context *ctx, const am_name_use *use,
                         const after_group *after)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, use->node);
	if (am_node_is(parent, sx->subscript) &&
	    ts_node_eq(am_node_field(parent, sx->field.value), use->node))
		return is_result_call(ctx, parent);
	if ((!am_node_is(parent, sx->for_in_clause) &&
	     !am_node_is(parent, sx->for_statement)) ||
	    !ts_node_eq(am_node_field(parent, sx->field.right), use->node))
		return 0;
	TSNode target = am_node_field(parent, sx->field.left);
	if (!am_node_is(target, sx->identifier))
		return 0;
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(target));
	return only_results(ctx, target, after, scope, 0);
}

/* The name a statement `name = value` of its own assigns, or null. */
static TSNode assigned_name(const am_context *ctx, TSNode value)
{
	const am_syntax *sx = ctx->syntax;
	TSNode assignment = am_parent(ctx, value);
	if (!am_node_is(assignment, sx->assignment) ||
	    !ts_node_eq(am_node_field(assignment, sx->field.right), value) ||
	    !ts_node_is_null(am_node_field(assignment, sx->field.type)) ||
	    !am_node_is(am_parent(ctx, assignment), sx->expression_statement))
		return am_null_node();
	TSNode left = am_node_field(assignment, sx->field.left);
	return am_node_is(left, sx->identifier) ? left : am_null_node();
}

/* A task whose object is kept: `t = tg.create_task(...)` or a list made
 * by a comprehension of them, read only by `.result()` after the group. */
static int kept_for_result(const am_context *ctx, TSNode call,
                           const after_group *after)
{
	const am_syntax *sx = ctx->syntax;
	TSNode name = assigned_name(ctx, call);
	if (!ts_node_is_null(name))
		return only_results(ctx, name, after, after->scope, 0);
	TSNode comprehension = am_parent(ctx, call);
	if (!am_node_is(comprehension, sx->list_comprehension) ||
	    !ts_node_eq(am_node_field(comprehension, sx->field.body), call))
		return 0;
	name = assigned_name(ctx, comprehension);
	return !ts_node_is_null(name) &&
	       only_results(ctx, name, after, after->scope, 1);
}

/* Reads one use of the group's name: it must be `X.create_task(f(a))` as
 * a statement of its own. Returns a reason to flag, or NULL. */
static const char *read_spawn(const am_context *ctx, TSNode use,
                              const after_group *after, spawn *out)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attr = am_parent(ctx, use);
	if (!am_node_is(attr, sx->attribute) ||
	    !ts_node_eq(am_node_field(attr, sx->field.object), use))
		return "the task group is used other than through "
		       "`create_task`";
	TSNode method = am_node_field(attr, sx->field.attribute);
	TSNode call = am_parent(ctx, attr);
	if (!am_node_text_eq(ctx->text, method, "create_task") ||
	    !am_node_is(call, sx->call))
		return "the task group is used other than through "
		       "`create_task`";
	out->kept = am_call_result_used(ctx, call);
	if (out->kept && !kept_for_result(ctx, call, after))
		return "the task `create_task` returns is used other than by "
		       "`.result()` after the group";
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode name = am_call_keyword(ctx, &args, "name");
	if (args.positional_count != 1 || args.has_star || args.generator ||
	    args.keyword_count != (size_t)!ts_node_is_null(name))
		return "`create_task` is given arguments other than a "
		       "coroutine "
		       "call and `name=` (anyio has no `context=`)";
	TSNode coroutine = args.positional[0];
	if (!am_node_is(coroutine, sx->call))
		return "`create_task` is given a coroutine made elsewhere, not "
		       "a "
		       "call written there";
	am_call_args inner;
	am_call_args_read(ctx, coroutine, &inner);
	if (inner.generator || inner.too_many)
		return "a coroutine call's arguments cannot be split";
	if (am_has_comment(ctx, call))
		return "a comment inside `create_task(...)` would be lost";
	out->call = call;
	out->method = method;
	out->coroutine = coroutine;
	out->name = name;
	return NULL;
}

static const char *plan_group(am_context *ctx, TSNode alias, TSNode with,
                              group_plan *plan)
{
	const am_binder *b = ctx->binder;
	uint32_t len;
	const char *name = am_node_text(ctx->text, alias, &len);
	int scope = am_bind_scope_at(b, ts_node_start_byte(alias));
	int binding = am_bind_lookup(b, scope, name, len);
	if (binding < 0)
		return "its name cannot be followed";
	after_group after = {
	        .from = ts_node_end_byte(with),
	        .to = ts_node_end_byte(am_parent(ctx, with)),
	        .scope = scope,
	};
	plan->count = 0;
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		if (use->binding != binding)
			continue;
		if (plan->count == MAX_SPAWNS)
			return "it starts too many tasks for this rule";
		spawn *sp = &plan->spawns[plan->count];
		const char *why = read_spawn(ctx, use->node, &after, sp);
		if (why)
			return why;
		if (sp->kept && !ts_node_is_null(sp->name))
			return "a task kept for its result is given `name=`";
		if (sp->kept && ts_node_end_byte(sp->call) > after.from)
			return "a task kept for its result is made after the "
			       "group";
		if (sp->kept && !am_imports_helper_available(
		                        ctx, AM_HELPER_START_WITH_RESULT))
			return "the module defines "
			       "`" AM_HELPER_START_WITH_RESULT "` otherwise";
		plan->count++;
	}
	return NULL;
}

/* `(f, a, name=n)` for `tg.start_soon`; `(tg, f, a)` for the helper that
 * keeps the result, given the group's name as `group`. */
static const char *start_soon_arguments(am_context *ctx, const spawn *s,
                                        const char *group)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, s->coroutine, &args);
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_puts(&sb, "(");
	if (group)
		am_strbuf_printf(&sb, "%s, ", group);
	am_split_call_append(&sb, ctx,
	                     am_node_field(s->coroutine, sx->field.function),
	                     args.positional, args.positional_count,
	                     args.keywords, args.keyword_count);
	if (!ts_node_is_null(s->name)) {
		am_strbuf_puts(&sb, ", name=");
		am_strbuf_node(&sb, ctx, s->name);
	}
	am_strbuf_puts(&sb, ")");
	return am_strbuf_cstr(&sb);
}

static void on_call(am_context *ctx, const am_call *task_group)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = task_group->callee;
	TSNode call = task_group->node;
	TSNode statement;
	TSNode alias = group_alias(ctx, call, &statement);
	group_plan plan;
	const char *why = NULL;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.positional_count || args.keyword_count)
		why = "`TaskGroup()` is given arguments";
	else if (ts_node_is_null(alias))
		why = "it is not used as `async with asyncio.TaskGroup() as "
		      "tg:`";
	else
		why = plan_group(ctx, alias, statement, &plan);
	if (!why && !am_imports_name_available(ctx, call, "anyio"))
		why = "the name `anyio` means something else here";
	if (why) {
		am_flag(ctx, fn, "`asyncio.TaskGroup()` left as is: %s", why);
		return;
	}
	int kept = 0;
	for (size_t i = 0; i < plan.count; i++)
		kept |= plan.spawns[i].kept;
	am_fix *fix = am_fix_new(
	        ctx, fn,
	        "`asyncio.TaskGroup()` becomes `anyio.create_task_group()`, "
	        "`create_task(f(a))` becomes `start_soon(f, a)`%s",
	        kept ? "; tasks read by `.result()` start through "
	               "`" AM_HELPER_START_WITH_RESULT "`"
	             : "");
	am_fix_replace_node(fix, call, "anyio.create_task_group()");
	for (size_t i = 0; i < plan.count; i++) {
		const spawn *s = &plan.spawns[i];
		TSNode arguments = am_node_field(s->call, sx->field.arguments);
		if (s->kept) {
			am_fix_replace_node(
			        fix, am_node_field(s->call, sx->field.function),
			        AM_HELPER_START_WITH_RESULT);
			am_fix_replace_node(
			        fix, arguments,
			        start_soon_arguments(ctx, s,
			                             am_text(ctx, alias)));
			continue;
		}
		am_fix_replace_node(fix, s->method, "start_soon");
		am_fix_replace_node(fix, arguments,
		                    start_soon_arguments(ctx, s, NULL));
	}
}

const am_rule am_rule_task_group = {
        .code = "ANY402",
        .name = "task-group",
        .summary = "`asyncio.TaskGroup()` → `anyio.create_task_group()`, "
                   "`tg.create_task(f(a))` → `tg.start_soon(f, a)`",
        .doc = "## What it does\n"
               "Rewrites `async with asyncio.TaskGroup() as tg:` to `async "
               "with anyio.create_task_group() as tg:`, and every "
               "`tg.create_task(f(a, k=v), name=n)` to "
               "`tg.start_soon(functools.partial(f, k=v), a, name=n)`. A "
               "task kept to read its result once the group has ended — "
               "`t = tg.create_task(f(a))` or `tasks = [tg.create_task(f(x)) "
               "for x in xs]`, then `t.result()`, `tasks[i].result()` or "
               "`[t.result() for t in tasks]` after the block — starts "
               "through `_start_with_result(tg, f, a)`, a helper defined "
               "once in the module that returns an object whose `.result()` "
               "is what the task returned.\n\n"
               "## Why\n"
               "Both are task groups with the same rules: a failing task "
               "cancels the others, and failures arrive as an "
               "ExceptionGroup; anyio's works on every backend. Handlers "
               "written for asyncio's TaskGroup (`except*`) keep working.\n\n"
               "## Example\n"
               "```python\nasync with asyncio.TaskGroup() as tg:\n"
               "    tg.create_task(fetch(url, retries=2))\n"
               "    pages = [tg.create_task(fetch(u)) for u in more]\n"
               "print([p.result() for p in pages])\n```\n\n"
               "## Use instead\n"
               "```python\nasync with anyio.create_task_group() as tg:\n"
               "    tg.start_soon(functools.partial(fetch, retries=2), url)\n"
               "    pages = [_start_with_result(tg, fetch, u) for u in more]\n"
               "print([p.result() for p in pages])\n```\n\n"
               "## When it flags instead\n"
               "Every use of the group's name must be a `create_task` call "
               "given a coroutine call written there and at most `name=`, "
               "whose result is not used or is kept only to be read by "
               "`.result()` in the statements after the block (they run "
               "only when the group ended without an error; a task kept "
               "must not be given `name=`). Otherwise (the task object kept, "
               "`context=`, the group passed on, no `as` name) the whole "
               "group is left as it is.\n\n"
               "## Fix safety\n"
               "Unsafe: when a task fails, anyio cancels the others and the "
               "block with a cancel scope, so an await in their cleanup (a "
               "`finally:` or an `except CancelledError:`) is cancelled again, "
               "where asyncio's TaskGroup cancels each task once and lets its "
               "cleanup await.\n"
               "Each coroutine must come from calling an async function "
               "(anyio raises TypeError at once otherwise).\n"
               "\n"
               "## Migrating by hand\n"
               "Write `async with anyio.create_task_group() as tg:` and "
               "`tg.start_soon(func, *args)` for each task. `start_soon` "
               "returns nothing: keep a result through a variable the task "
               "sets, and cancel through a cancel scope "
               "(`tg.cancel_scope.cancel()`, or a `with anyio.CancelScope() "
               "as scope:` in the task).\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("TaskGroup"),
        .on_call = on_call,
};
