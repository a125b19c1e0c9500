/* ANY900 leftover: every asyncio use that no rule rewrote or reported. */
#include "rule.h"
#include "value_flow.h"

#include <string.h>

typedef struct hint {
	const char *member; /* asyncio member, or prefix ending in '.' */
	const char *advice;
} hint;

/* The anyio way for what no rule rewrites yet. */
static const hint hints[] = {
        {"gather",
         "run the awaitables in `async with anyio.create_task_group() "
         "as tg:` with `tg.start_soon(func, *args)`; keep results "
         "by storing them from the task"},
        {"create_task",
         "start it in a task group: `tg.start_soon(func, *args)` "
         "inside `async with anyio.create_task_group() as tg:`"},
        {"ensure_future", "start it in a task group: `tg.start_soon(func, "
                          "*args)`"},
        {"TaskGroup",
         "use `anyio.create_task_group()` and `tg.start_soon(func, "
         "*args)`; failures arrive as an ExceptionGroup"},
        {"Task", "anyio has no task objects: use a task group, and a cancel "
                 "scope to cancel"},
        {"wait_for", "put the await in `with anyio.fail_after(timeout):`"},
        {"timeout_at", "use `with anyio.CancelScope(deadline=...)`, with "
                       "deadlines from `anyio.current_time()`"},
        {"timeout", "use `with anyio.fail_after(delay):`"},
        {"shield", "in cleanup, put the await in `with "
                   "anyio.CancelScope(shield=True):`; to let the caller go "
                   "while the work goes on, start the work in a task group "
                   "that outlives the caller"},
        {"wait", "use a task group; to wait for the first one, cancel "
                 "`tg.cancel_scope` from the task that finishes"},
        {"as_completed", "use a task group whose tasks send results into "
                         "`anyio.create_memory_object_stream()`"},
        {"Queue", "use `send, receive = anyio.create_memory_object_stream("
                  "max_buffer_size)` (note: asyncio's maxsize 0 is "
                  "unbounded, anyio's 0 is no buffer: use math.inf)"},
        {"LifoQueue", "no anyio equivalent: keep a list guarded by an "
                      "anyio.Lock with an anyio.Condition"},
        {"PriorityQueue", "no anyio equivalent: keep a heap guarded by an "
                          "anyio.Lock with an anyio.Condition"},
        {"QueueEmpty", "memory object streams raise `anyio.WouldBlock`"},
        {"QueueFull", "memory object streams raise `anyio.WouldBlock`"},
        {"CancelledError", "catch `anyio.get_cancelled_exc_class()` and always "
                           "re-raise it"},
        {"get_event_loop", "anyio has no loop object: use "
                           "`anyio.to_thread.run_sync`, "
                           "`anyio.from_thread.run`, task groups"},
        {"get_running_loop", "anyio has no loop object: use "
                             "`anyio.to_thread.run_sync`, "
                             "`anyio.from_thread.run`, task groups"},
        {"new_event_loop", "start the program with `anyio.run(main)`"},
        {"set_event_loop", "start the program with `anyio.run(main)`"},
        {"to_thread", "use `await anyio.to_thread.run_sync(func, *args)`"},
        {"run_coroutine_threadsafe", "from a worker thread use "
                                     "`anyio.from_thread.run(func, *args)`"},
        {"Future", "use an `anyio.Event` and a variable (or a memory object "
                   "stream of size 1) for the result"},
        {"iscoroutinefunction", "use `inspect.iscoroutinefunction`"},
        {"iscoroutine", "use `inspect.iscoroutine`"},
        {"current_task", "use `anyio.get_current_task()` (name and id only)"},
        {"all_tasks", "use `anyio.get_running_tasks()`"},
        {"create_subprocess_exec", "use `await anyio.run_process([...])` or "
                                   "`await anyio.open_process([...])`"},
        {"create_subprocess_shell", "use `await anyio.run_process(cmd)` or "
                                    "`await anyio.open_process(cmd)` with a "
                                    "string command"},
        {"subprocess.", "use `anyio.run_process()` / `anyio.open_process()`; "
                        "PIPE is `subprocess.PIPE`"},
        {"open_connection", "use `await anyio.connect_tcp(host, port)` (a "
                            "byte stream with send/receive)"},
        {"open_unix_connection", "use `await anyio.connect_unix(path)`"},
        {"start_server", "use `anyio.create_tcp_listener(local_port=...)` and "
                         "`await listener.serve(handler)`"},
        {"start_unix_server", "use `anyio.create_unix_listener(path)`"},
        {"StreamReader",
         "use anyio byte streams (`anyio.abc.ByteReceiveStream`; "
         "`anyio.streams.buffered.BufferedByteReceiveStream` "
         "for readline)"},
        {"StreamWriter", "use anyio byte streams (`anyio.abc.ByteSendStream`)"},
        {"Event", "use `anyio.Event()`"},
        {"Lock", "use `anyio.Lock()`"},
        {"Semaphore", "use `anyio.Semaphore(n)`"},
        {"BoundedSemaphore", "use `anyio.Semaphore(n, max_value=n)`"},
        {"Condition", "use `anyio.Condition()`"},
        {"sleep", "use `anyio.sleep(delay)`"},
        {"run", "use `anyio.run(func, *args)`"},
        {"TimeoutError", "use the builtin `TimeoutError`"},
        {"Protocol", "anyio has no protocols/transports: use streams "
                     "(`anyio.connect_tcp`, listeners)"},
        {"BaseProtocol", "anyio has no protocols/transports: use streams"},
        {"DatagramProtocol", "use `anyio.create_udp_socket()`"},
        {"Runner", "start the program with `anyio.run(main)`"},
        {"AbstractEventLoop", "anyio has no loop object"},
        {"Handle", "use a task group and `anyio.sleep` instead of callbacks"},
        {"TimerHandle", "use a task group and `anyio.sleep` instead of "
                        "callbacks"},
};

static const char *advice_for(const char *qualname)
{
	if (strncmp(qualname, "asyncio.", 8) != 0)
		return NULL;
	const char *member = qualname + 8;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		size_t len = strlen(hints[i].member);
		if (hints[i].member[len - 1] == '.'
		            ? strncmp(member, hints[i].member, len) == 0
		            : (strncmp(member, hints[i].member, len) == 0 &&
		               (member[len] == '\0' || member[len] == '.')))
			return hints[i].advice;
	}
	return NULL;
}

static void report_reference(am_context *ctx, const am_reference *ref)
{
	uint32_t start = ts_node_start_byte(ref->node);
	uint32_t end = ts_node_end_byte(ref->node);
	if (am_context_claimed(ctx, start, end))
		return;
	if (ref->ambiguous) {
		uint32_t len;
		const char *name = am_node_text(ctx->text, ref->node, &len);
		am_flag(ctx, ref->node,
		        "`%.*s` left as is: the name is bound to asyncio and "
		        "to something else in this scope",
		        (int)len, name);
		return;
	}
	const char *advice = advice_for(ref->qualname);
	if (strcmp(ref->qualname, "asyncio") == 0 &&
	    !am_node_is(ref->node, ctx->syntax->attribute)) {
		am_flag(ctx, ref->node,
		        "`%s` left as is: used as a whole (passed on, or bound "
		        "in more than one way)",
		        am_text(ctx, ref->node));
		return;
	}
	if (advice)
		am_flag(ctx, ref->node, "`%s` left as is: %s", ref->qualname,
		        advice);
	else
		am_flag(ctx, ref->node,
		        "`%s` left as is: it has no direct anyio "
		        "equivalent",
		        ref->qualname);
}

/* A name in a string annotation: the import stays for it. */
static void report_string_reference(am_context *ctx, const am_reference *ref)
{
	if (am_context_claimed(ctx, ts_node_start_byte(ref->node),
	                       ts_node_end_byte(ref->node)))
		return;
	const char *advice = ref->ambiguous ? NULL : advice_for(ref->qualname);
	am_flag(ctx, ref->node,
	        "`%s` in a string annotation left as is: asyncio stays "
	        "imported while an annotation names it "
	        "(typing.get_type_hints() evaluates it)%s%s",
	        am_text(ctx, ref->node), advice ? "; " : "",
	        advice ? advice : "");
}

/* An asyncio import re-exported: through `__all__` (reported at its
 * string there) or as itself (`from asyncio import X as X`). */
static void report_exports(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	const char *why = "modules that import it from here get asyncio's; "
	                  "migrate them, then remove the re-export";
	for (size_t i = 0; i < b->exports.count; i++) {
		const am_export *e = &b->exports.items[i];
		const am_binding *bd =
		        e->binding >= 0 ? &b->bindings.items[e->binding] : NULL;
		if (!bd || !bd->maybe_asyncio ||
		    am_context_claimed(ctx, ts_node_start_byte(e->string),
		                       ts_node_end_byte(e->string)))
			continue;
		am_flag(ctx, e->string, "%s in `__all__` re-exports %s: %s",
		        am_text(ctx, e->string),
		        bd->kind == AM_BINDING_IMPORT
		                ? bd->qualname
		                : "a name bound to asyncio",
		        why);
	}
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (!s->reexport || strncmp(s->qualname, "asyncio", 7) != 0 ||
		    (s->qualname[7] != '\0' && s->qualname[7] != '.') ||
		    am_context_claimed(ctx, ts_node_start_byte(s->item),
		                       ts_node_end_byte(s->item)))
			continue;
		am_flag(ctx, s->item, "`%s` is re-exported as itself: %s",
		        am_text(ctx, s->item), why);
	}
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		report_reference(ctx, &b->asyncio_refs.items[i]);
	for (size_t i = 0; i < b->string_refs.count; i++)
		report_string_reference(ctx, &b->string_refs.items[i]);
	report_exports(ctx);
	for (size_t i = 0; i < b->star_imports.count; i++)
		am_flag(ctx, b->star_imports.items[i],
		        "`from asyncio import *`: the names it brings in "
		        "cannot be "
		        "followed; import what is used by name, then run "
		        "again");
	/* Imports of asyncio nothing uses but the importer could not remove. */
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (strncmp(s->qualname, "asyncio", 7) != 0 ||
		    (s->qualname[7] != '\0' && s->qualname[7] != '.'))
			continue;
		const am_binding *bd =
		        s->binding >= 0 ? &b->bindings.items[s->binding] : NULL;
		if (bd && bd->kind == AM_BINDING_IMPORT &&
		    (bd->uses > 0 || bd->string_uses > 0 || bd->exported))
			continue; /* its uses (and re-exports) are reported */
		if (am_context_claimed(ctx, ts_node_start_byte(s->item),
		                       ts_node_end_byte(s->item)))
			continue;
		am_flag(ctx, s->item,
		        bd && bd->kind != AM_BINDING_IMPORT
		                ? "asyncio import left as is: it shares its "
		                  "name with another binding in the same scope"
		                : "unused asyncio import left as is: a comment "
		                  "sits inside the statement");
	}
	/* What is done with loops, tasks and futures held in names, `self`
	 * attributes and parameters. */
	am_value_flow_report(ctx);
}

const am_rule am_rule_leftover = {
        .code = "ANY900",
        .name = "leftover",
        .summary = "Report every asyncio use left, with the anyio way to "
                   "write it",
        .doc = "## What it does\n"
               "Once the other rules are done, reports every remaining "
               "reference to asyncio that no rule rewrote or reported, with "
               "the anyio equivalent where there is one: streams for "
               "`open_connection`, `run_process` for subprocesses, task groups "
               "for `create_task`, and so on. That includes names in "
               "string annotations and asyncio names the module re-exports "
               "(`__all__`, `import X as X`). It runs whatever "
               "`--select`/`--ignore` say.\n\n"
               "## Why\n"
               "A migration is finished when no asyncio is left; "
               "`--check` fails while this rule reports anything.\n\n"
               "## Example\n"
               "```python\nproc = await "
               "asyncio.create_subprocess_exec(\"ls\")\n"
               "```\n\n"
               "## Use instead\n"
               "```python\nresult = await anyio.run_process([\"ls\"])\n```\n\n"
               "## When it flags instead\n"
               "Always: this rule never rewrites.\n"
               "\n"
               "## Migrating by hand\n"
               "Each message names the anyio way for the API it reports "
               "(one table for asyncio's functions and classes, one for the "
               "event loop's methods, which ANY204 uses too). A task or a "
               "future held in a variable: start the work in a task group, "
               "cancel it through `tg.cancel_scope` and wait for it by "
               "leaving the group; for a future, an `anyio.Event` and a "
               "variable for the result. A loop passed on: "
               "make what receives it use anyio. An "
               "API with no direct anyio equivalent: restructure it with "
               "task groups, `anyio.to_thread`, `anyio.from_thread` and "
               "cancel scopes (see anyio's documentation). A name in a "
               "string annotation keeps asyncio imported while it names "
               "asyncio: rewrite the annotation.\n"
               "\n"
               "A name bound to asyncio and also otherwise in one "
               "scope, or `asyncio` itself passed on: give each its own name, "
               "then run again. An unused asyncio import holding a comment: "
               "remove it (keep the comment).\n",
        .fix_kind = AM_RULE_FLAGS,
        .on_pass = on_pass,
        .stage = AM_STAGE_REPORT,
};
