/* ANY207 current-task: id(asyncio.current_task()) -> get_current_task().id */
#include "imports.h"
#include "rule.h"

#include <string.h>

static int names_current_task(const char *qualname)
{
	return strcmp(qualname, "asyncio.current_task") == 0 ||
	       strcmp(qualname, "asyncio.tasks.current_task") == 0;
}

static int names_current_task_member(const char *qualname)
{
	return strncmp(qualname, "asyncio.current_task.", 21) == 0 ||
	       strncmp(qualname, "asyncio.tasks.current_task.", 27) == 0;
}

static int has_no_arguments(const am_context *ctx, TSNode call)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	return !args.generator && args.positional_count == 0 &&
	       args.keyword_count == 0;
}

/* The call `id(call)` of the builtin id, or a null node. */
static TSNode builtin_id_of(const am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode list = am_parent(ctx, call);
	TSNode outer = am_parent(ctx, list);
	if (!am_node_is(list, sx->argument_list) ||
	    !am_node_is(outer, sx->call))
		return am_null_node();
	TSNode fn = am_node_field(outer, sx->field.function);
	if (!am_node_is(fn, sx->identifier) ||
	    !am_node_text_eq(ctx->text, fn, "id"))
		return am_null_node();
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(fn));
	if (am_bind_lookup(ctx->binder, scope, "id", 2) >= 0)
		return am_null_node(); /* not the builtin */
	am_call_args args;
	am_call_args_read(ctx, outer, &args);
	if (args.positional_count != 1 || args.keyword_count || args.has_star ||
	    !ts_node_eq(args.positional[0], call))
		return am_null_node();
	return outer;
}

/* `asyncio.current_task().method(...)`: the method's name node, or null. */
static TSNode method_called(const am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attribute = am_parent(ctx, call);
	if (!am_node_is(attribute, sx->attribute) ||
	    !ts_node_eq(am_node_field(attribute, sx->field.object), call) ||
	    ts_node_is_null(am_callee_call(ctx, attribute)))
		return am_null_node();
	return am_node_field(attribute, sx->field.attribute);
}

static void rewrite_id(am_context *ctx, TSNode ref, TSNode id_call)
{
	if (am_has_comment(ctx, id_call) ||
	    !am_imports_name_available(ctx, ref, "anyio")) {
		am_flag(ctx, ref,
		        "`id(asyncio.current_task())` left as is: a comment "
		        "inside, or the scope binds `anyio` to something else");
		return;
	}
	am_fix *fix = am_fix_new(ctx, ref,
	                         "`id(asyncio.current_task())` becomes "
	                         "`anyio.get_current_task().id`");
	am_fix_replace_node(fix, id_call, "anyio.get_current_task().id");
}

static void check_reference(am_context *ctx, TSNode ref)
{
	TSNode call = am_callee_call(ctx, ref);
	if (!ts_node_is_null(call) && has_no_arguments(ctx, call)) {
		TSNode id_call = builtin_id_of(ctx, call);
		if (!ts_node_is_null(id_call)) {
			rewrite_id(ctx, ref, id_call);
			return;
		}
		TSNode method = method_called(ctx, call);
		if (!ts_node_is_null(method) &&
		    am_node_text_eq(ctx->text, method, "get_name")) {
			am_flag(ctx, ref,
			        "`asyncio.current_task().get_name()` left as "
			        "is: "
			        "task names differ under anyio");
			return;
		}
	}
	am_flag(ctx, ref,
	        "`asyncio.current_task()` left as is: anyio has no task "
	        "objects");
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (ref->ambiguous)
			continue;
		if (names_current_task(ref->qualname) ||
		    names_current_task_member(ref->qualname))
			check_reference(ctx, ref->node);
	}
}

const am_rule am_rule_current_task = {
        .code = "ANY207",
        .name = "current-task",
        .summary = "`id(asyncio.current_task())` → "
                   "`anyio.get_current_task().id`",
        .doc = "## What it does\n"
               "Rewrites `id(asyncio.current_task())` to "
               "`anyio.get_current_task().id`, and reports every other use "
               "of `asyncio.current_task()`.\n\n"
               "## Why\n"
               "anyio has no task objects. `anyio.get_current_task()` "
               "returns a TaskInfo whose `id` identifies the running task "
               "on every backend: on asyncio it is `id()` of the asyncio "
               "task itself, on trio `id()` of the trio task. Like the "
               "result of `id()`, it is an opaque int, good for comparing "
               "tasks and as a key.\n\n"
               "## Example\n"
               "```python\nowner = id(asyncio.current_task())\n```\n\n"
               "## Use instead\n"
               "```python\nowner = anyio.get_current_task().id\n```\n\n"
               "## When it flags instead\n"
               "- `asyncio.current_task().get_name()`: the names differ "
               "(asyncio's `Task-N`, anyio's function name or the `name=` "
               "given to `start_soon`); `anyio.get_current_task().name` "
               "is the way when the name is only logged;\n"
               "- anything else done with the task (`cancel()`, "
               "`add_done_callback()`, storing it, passing a loop): use a "
               "cancel scope or a task group instead;\n"
               "- a comment inside `id(...)`, or a scope where `anyio` "
               "names something else.\n\n"
               "## Fix safety\n"
               "Unsafe, outside a task and for ids kept elsewhere.\n"
               "`asyncio.current_task()` returns None outside a task (in a "
               "loop callback), and `id(None)` is a number; "
               "`anyio.get_current_task()` fails there. Ids compared with "
               "`id()` of task objects kept elsewhere still match on the "
               "asyncio backend only.\n"
               "\n"
               "## Migrating by hand\n"
               "anyio has no task objects: `anyio.get_current_task()` gives "
               "a TaskInfo with only `name` and `id` "
               "(`id(asyncio.current_task())` is "
               "`anyio.get_current_task().id`). Cancel through a cancel "
               "scope instead of the task. Task names differ (asyncio "
               "numbers its tasks `Task-N`; anyio names them after their "
               "function, or the `name=` given to `start_soon`): if the "
               "name is only logged, use `anyio.get_current_task().name`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .on_pass = on_pass,
};
