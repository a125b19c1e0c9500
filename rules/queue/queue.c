/* ANY301 queue: asyncio.Queue -> anyio memory object streams, following
 * each queue through the file (flow.h). */
#include "edits.h"
#include "flow.h"
#include "rule.h"

#include <stdlib.h>

/* `q` or `self.q`: how the file names a queue. */
static const char *queue_text(am_context *ctx, const am_queue_channel *ch)
{
	return am_text(ctx,
	               am_node_field(ch->assignment, ctx->syntax->field.left));
}

/* A channel or try of a group, for messages. */
static const char *describe_member(am_context *ctx, const am_queue_flow *flow,
                                   int member)
{
	if ((size_t)member >= flow->channels.count)
		return am_queue_try_describe(
		        ctx,
		        &flow->tries.items[member - (int)flow->channels.count]);
	const am_queue_channel *ch = &flow->channels.items[member];
	if (am_queue_created(ch))
		return am_arena_printf(ctx->arena, "queue `%s` (line %u)",
		                       queue_text(ctx, ch),
		                       am_node_line(ctx, ch->call));
	if (ch->holder == AM_QUEUE_FIELD)
		return am_arena_printf(
		        ctx->arena, "attribute `%s` of `%s` (line %u)",
		        queue_text(ctx, ch),
		        am_text(ctx, am_node_field(ch->function,
		                                   ctx->syntax->field.name)),
		        am_node_line(ctx, ch->assignment));
	return am_arena_printf(ctx->arena, "parameter `%s` of `%s()` (line %u)",
	                       ch->name, am_queue_callee_name(ctx, ch),
	                       am_node_line(ctx, ch->parameter));
}

/* Flags every queue of a group that stays, at its `asyncio.Queue`. */
static void flag_group(am_context *ctx, const am_queue_flow *flow, int group,
                       const char *why, int culprit)
{
	for (size_t i = 0; i < flow->channels.count; i++) {
		const am_queue_channel *ch = &flow->channels.items[i];
		if (!am_queue_created(ch) ||
		    am_queue_flow_group(flow, (int)i) != group)
			continue;
		if ((size_t)culprit >= flow->channels.count ||
		    (int)i == culprit)
			am_flag(ctx, ch->reference,
			        "`asyncio.Queue()` left as is: %s", why);
		else
			am_flag(ctx, ch->reference,
			        "`asyncio.Queue()` left as is with %s: %s",
			        describe_member(ctx, flow, culprit), why);
	}
}

/* The other queues a group rewrites with its first one. */
static const char *companions(am_context *ctx, const am_queue_flow *flow,
                              int group)
{
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	for (size_t i = (size_t)group + 1; i < flow->channels.count; i++) {
		const am_queue_channel *ch = &flow->channels.items[i];
		if (!am_queue_created(ch) ||
		    am_queue_flow_group(flow, (int)i) != group)
			continue;
		am_strbuf_printf(&sb, "%s`%s` (line %u)", sb.len ? ", " : "",
		                 queue_text(ctx, ch),
		                 am_node_line(ctx, ch->call));
	}
	if (!sb.len)
		return "";
	return am_arena_printf(ctx->arena,
	                       "; with %s (shared function or `try`)",
	                       am_strbuf_cstr(&sb));
}

static const char *fix_message(am_context *ctx, const am_queue_flow *flow,
                               int group, const am_queue_names *names)
{
	const am_queue_channel *ch = &flow->channels.items[group];
	const char *object = "";
	if (ch->holder == AM_QUEUE_ATTRIBUTE)
		object = am_arena_printf(
		        ctx->arena, "%s.",
		        am_text(ctx,
		                am_node_field(
		                        am_node_field(ch->assignment,
		                                      ctx->syntax->field.left),
		                        ctx->syntax->field.object)));
	const am_queue_pool *pool = am_queue_flow_pool(flow, group);
	return am_arena_printf(
	        ctx->arena,
	        "`asyncio.Queue()` becomes streams `%s%s` and `%s%s`%s%s%s",
	        object, names[group].send, object, names[group].receive,
	        ch->size_kind == AM_QUEUE_UNBOUNDED ? " (unbounded: math.inf)"
	                                            : "",
	        companions(ctx, flow, group),
	        pool ? "; its workers run in a task group until the send "
	               "stream, closed where join() was, is drained"
	             : "");
}

static void on_group(am_context *ctx, const am_queue_flow *flow, int group,
                     am_queue_names *names)
{
	if (flow->group_why[group]) {
		flag_group(ctx, flow, group, flow->group_why[group],
		           flow->group_culprit[group]);
		return;
	}
	am_queue_name_group(ctx, flow, group, names);
	if (!am_queue_fix_group(ctx, flow, group, names,
	                        fix_message(ctx, flow, group, names)))
		flag_group(ctx, flow, group,
		           "this rule could not put its rewrite together (two "
		           "changes overlap: a queue used inside another's "
		           "creation, for instance)",
		           group);
}

static void on_pass(am_context *ctx)
{
	am_queue_flow flow;
	am_queue_names *names = NULL;
	if (!am_queue_flow_build(ctx, &flow))
		goto fail;
	names = calloc(flow.channels.count + 1, sizeof(*names));
	if (!names)
		goto fail;
	for (size_t i = 0; i < flow.flags.count; i++)
		am_flag(ctx, flow.flags.items[i].at, "%s",
		        flow.flags.items[i].message);
	for (size_t i = 0; i < flow.channels.count; i++)
		if (am_queue_flow_group(&flow, (int)i) == (int)i &&
		    am_queue_created(&flow.channels.items[i]))
			on_group(ctx, &flow, (int)i, names);
	free(names);
	am_queue_flow_release(&flow);
	return;
fail:
	ctx->arena->failed = 1;
	free(names);
	am_queue_flow_release(&flow);
}

const am_rule am_rule_queue = {
        .code = "ANY301",
        .name = "queue",
        .summary = "`asyncio.Queue()` → `anyio.create_memory_object_stream()`, "
                   "following each queue through the file",
        .doc = "## What it does\n"
               "Turns `q = asyncio.Queue(maxsize)` into `q_send, q_receive = "
               "anyio.create_memory_object_stream(max_buffer_size)` and moves "
               "every use of the queue to the stream it needs: `put`, `get`, "
               "`put_nowait`, `get_nowait` become `send`, `receive`, "
               "`send_nowait`, `receive_nowait`; `qsize()` becomes "
               "`q_receive.statistics().current_buffer_used`, `empty()` that "
               "`== 0`, `full()` that `>= ...statistics().max_buffer_size`, "
               "and the `maxsize` of a queue of literal size "
               "`...statistics().max_buffer_size`; `except "
               "asyncio.QueueEmpty:` and `except asyncio.QueueFull:` around "
               "the `*_nowait` calls become `except anyio.WouldBlock:`, and "
               "so does the argument of a `with "
               "contextlib.suppress(asyncio.QueueEmpty):` around them.\n\n"
               "The size: asyncio's maxsize 0 (the default) or less means "
               "unbounded, anyio's 0 means no buffer at all (every send waits "
               "for a receiver). An absent, zero or negative literal maxsize "
               "becomes `math.inf`, a positive literal stays, and a name or "
               "attribute `n` becomes `n if n > 0 else math.inf`, any other "
               "expression `e` `max(e, 0) or math.inf` (evaluated once, as "
               "asyncio did). The item "
               "type of `asyncio.Queue[int]()` or of the target's annotation "
               "goes to `anyio.create_memory_object_stream[int](...)`.\n\n"
               "`asyncio.PriorityQueue` and `asyncio.LifoQueue`, which "
               "streams cannot order, are ANY303's.\n\n"
               "The queue is followed through the file:\n"
               "- a local name: every use in its function and in the "
               "functions nested in it;\n"
               "- a module-level name: every use in the module;\n"
               "- `self.q` set in a method: every `self.q` in the methods of "
               "the class (`self.q_send`, `self.q_receive`); a `q: "
               "asyncio.Queue[T]` declaration in the class body becomes two;\n"
               "- a function of the file it is passed to (`f(q)`, "
               "`f(name=q)`, `tg.start_soon(f, q)`, `functools.partial(f, "
               "q=q)`, the module's own helpers written by the task rules, "
               "`_start_with_result(tg, f, q)`): a parameter only received "
               "from gets the receive "
               "stream, one only sent to the send stream, one used both ways "
               "both (two parameters), and its uses follow; `asyncio.Queue[T]` "
               "annotations become `anyio.abc.ObjectSendStream[T]` and "
               "`anyio.abc.ObjectReceiveStream[T]`, in quotes when they were "
               "(`\"asyncio.Queue[T]\"`, `\"Queue[T]\"` imported from "
               "asyncio);\n"
               "- a class of the file it is passed to (`Cls(q)`, `Cls(x, "
               "name=q)`) whose `__init__` only stores the parameter on "
               "`self` (`self.q = q`, a statement of its own): the "
               "parameter becomes the streams the class needs, as for a "
               "function, the store `self.q_send, self.q_receive = q_send, "
               "q_receive` (or the one stream used), and every `self.q` in "
               "the methods follows as above: an async iterator whose "
               "`__anext__` reads the queue, a consumer or worker "
               "object.\n\n"
               "The new names add `_send` and `_receive` to the queue's (or "
               "the parameter's) name, with `_2`, `_3`... when a name is "
               "already in the file. Queues given to the same function, or "
               "whose exceptions the same `try` catches, change together in "
               "one fix, or all stay.\n\n"
               "The worker pool of asyncio's documentation is migrated as a "
               "whole: a queue made in a function that starts its workers "
               "with `asyncio.create_task(worker(..., q, ...))` into a list "
               "(a `for` loop appending to `tasks = []`, or a list "
               "comprehension), puts its items (before or after the "
               "workers start), awaits `q.join()`, then cancels every task "
               "(`for t in tasks: t.cancel()`, followed or not by `await "
               "asyncio.gather(*tasks, return_exceptions=True)`), where each "
               "worker is `while True:` with `item = await q.get()` first "
               "and `q.task_done()` last (or alone in the `finally:` of the "
               "`try` that ends the loop). The workers start in a task group "
               "whose body ends with `q_send.close()` where `q.join()` was; "
               "each worker's loop becomes `async for item in q_receive:` "
               "without its `task_done()`, so it ends once the stream is "
               "closed and drained, and the group's end waits for the last "
               "item to be done, as join() did. The tasks, their list and "
               "their cancel go: once the stream is drained the workers "
               "have ended.\n\n"
               "## Why\n"
               "asyncio's queues run only on asyncio; memory object streams "
               "run on every anyio backend. One object becomes two, a send "
               "stream and a receive stream, so every use must move to the "
               "right one. The sizes differ: written literally, "
               "`anyio.create_memory_object_stream()` for `asyncio.Queue()` "
               "deadlocks a program that fills the queue before reading it.\n\n"
               "## Example\n"
               "```python\n"
               "async def producer(q: asyncio.Queue[int]):\n"
               "    for i in range(3):\n"
               "        await q.put(i)\n\n"
               "async def main():\n"
               "    q = asyncio.Queue()\n"
               "    await producer(q)\n"
               "    while not q.empty():\n"
               "        print(q.get_nowait())\n\n"
               "async def worker(q: asyncio.Queue[float]):\n"
               "    while True:\n"
               "        delay = await q.get()\n"
               "        await asyncio.sleep(delay)\n"
               "        q.task_done()\n\n"
               "async def pool(delays):\n"
               "    q = asyncio.Queue()\n"
               "    for delay in delays:\n"
               "        q.put_nowait(delay)\n"
               "    tasks = [asyncio.create_task(worker(q)) for _ in "
               "range(3)]\n"
               "    await q.join()\n"
               "    for task in tasks:\n"
               "        task.cancel()\n"
               "    await asyncio.gather(*tasks, return_exceptions=True)\n"
               "```\n\n"
               "## Use instead\n"
               "```python\n"
               "async def producer(q_send: anyio.abc.ObjectSendStream[int]):\n"
               "    for i in range(3):\n"
               "        await q_send.send(i)\n\n"
               "async def main():\n"
               "    q_send, q_receive = "
               "anyio.create_memory_object_stream(math.inf)\n"
               "    await producer(q_send)\n"
               "    while not "
               "q_receive.statistics().current_buffer_used == 0:\n"
               "        print(q_receive.receive_nowait())\n\n"
               "async def worker(q_receive: "
               "anyio.abc.ObjectReceiveStream[float]):\n"
               "    async for delay in q_receive:\n"
               "        await anyio.sleep(delay)\n\n"
               "async def pool(delays):\n"
               "    q_send, q_receive = "
               "anyio.create_memory_object_stream(math.inf)\n"
               "    for delay in delays:\n"
               "        q_send.send_nowait(delay)\n"
               "    async with anyio.create_task_group() as tg:\n"
               "        for _ in range(3):\n"
               "            tg.start_soon(worker, q_receive)\n"
               "        q_send.close()\n"
               "```\n\n"
               "## When it flags instead\n"
               "The queue, and every queue that would change with it, stays "
               "as it is (never half migrated) when:\n"
               "- `task_done()` or `join()` is called other than by the "
               "worker pool above (memory object streams have neither; the "
               "message names the part of the pool that is missing: every "
               "put before `join()` in the function that makes the queue, "
               "one worker function that only gets and marks done, a loop "
               "that nothing ends or skips (`return`, `break`, `continue`), "
               "nothing in the worker before or after its loop, the tasks "
               "used by nothing but their cancel right after `join()`, a "
               "gather of them only with `return_exceptions=True`, nothing "
               "between the workers' start and `join()` that returns, "
               "raises or yields), a private attribute (`q._queue`) or a "
               "method "
               "outside the mapping is used, `q.maxsize` is read on a queue "
               "whose size is not a positive literal (asyncio gives 0 for an "
               "unbounded queue, anyio math.inf), or `qsize`/`empty`/`full` "
               "is used without being called;\n"
               "- it is a subclass of `asyncio.Queue` (flagged at the "
               "class);\n"
               "- it escapes where its uses cannot all be seen: returned, "
               "yielded, stored in a container, assigned to another name, "
               "used in a lambda, passed to a function of another module or "
               "to a method, to `*args`/`**kwargs` or to a parameter with a "
               "default value;\n"
               "- it is passed to a function of the file that is decorated, "
               "used other than by calling it, called without it or with "
               "something else there, or — for a public function of a module "
               "that is not a program — may be called from other modules;\n"
               "- it is passed to a class of the file that is decorated, has "
               "a base other than `object` or a metaclass, defines "
               "`__slots__`, `__getattr__`, `__getattribute__`, "
               "`__setattr__`, `__delattr__` or `__new__`, has no "
               "`__init__` of its own or more than one, is used other than "
               "by calling it (subclassed, `isinstance()`, "
               "`functools.partial(Cls, q)`), is called without the queue or "
               "with something else there, or — a public class of a module "
               "that is not a program — may be made by other modules; or "
               "its `__init__` uses the parameter other than by storing it "
               "once on `self` in a statement of its own (not annotated, "
               "not under an `if`);\n"
               "- it is not assigned to a plain name or `self` attribute by a "
               "statement of its own, is a class attribute, is declared "
               "`global`/`nonlocal` where it is made, or is bound again;\n"
               "- `self.q` is used outside the methods of its class (any "
               "`obj.q` in the file counts), assigned again, named in a "
               "string (`getattr`, `__slots__`), or declared in the body of "
               "a decorated class;\n"
               "- its maxsize is not an integer (a float literal), is an "
               "expression where `max` is not the builtin, or a comment "
               "sits in the creation;\n"
               "- it is a public module-level name (other modules may import "
               "it) and `__all__` does not leave it out;\n"
               "- a `try` (or `suppress()`) that catches "
               "QueueEmpty/QueueFull around its `*_nowait` calls also "
               "catches them from something else, names them in its body, "
               "uses `except*`, or names one kind first while its body "
               "raises both (both become anyio.WouldBlock);\n"
               "- a `*_nowait` call is in no `try` of its function that "
               "catches what it raises, while another `try` of the file "
               "catches that around calls this rule cannot follow, or the "
               "exception is named outside a handler "
               "(`isinstance(exc, asyncio.QueueEmpty)`);\n"
               "- an annotation is a string naming the queue inside "
               "something else (`\"Optional[asyncio.Queue[int]]\"`), or "
               "names asyncio some other way.\n\n"
               "Each message says why; Migrating by hand says what to do.\n\n"
               "## Fix safety\n"
               "Unsafe, on the paths below.\n"
               "- Scheduling: anyio's `send()` and `receive()` always yield "
               "to other tasks (and may be cancelled there) before they "
               "send or receive; asyncio's `put()` and `get()` do not when "
               "the queue has room or items. Tasks sharing a queue may "
               "interleave differently. `send_nowait()` hands an item to a "
               "waiting receiver directly, where asyncio leaves it in the "
               "queue until that receiver runs; `qsize()` counts the item of "
               "a blocked sender as soon as an item is received.\n"
               "- Exceptions: the streams raise `anyio.WouldBlock` in place "
               "of QueueEmpty/QueueFull, so an uncaught one reads "
               "differently. A rewritten handler is taken to catch only what "
               "the queue calls of its `try` body raise (directly, or in the "
               "functions of the file it calls).\n"
               "- A maxsize held in a name or computed must be an integer: "
               "anyio raises "
               "ValueError for a float, which asyncio accepted.\n"
               "- The rewrite never closes a stream. As with asyncio, a "
               "receiver waits forever on an empty stream; a stream that is "
               "never received from keeps taking items (garbage collection "
               "does not close the other end). anyio 4.8 warns "
               "(ResourceWarning, hidden unless warnings are enabled, e.g. "
               "`python -X dev`) when an unclosed stream is collected.\n"
               "- What other modules do cannot be seen: a module that runs "
               "itself (a top-level `asyncio.run()`/`anyio.run()`, also under "
               "`if __name__ == \"__main__\":`) is taken to be a program whose "
               "functions no other module calls with asyncio queues, and "
               "`self.q` is taken to be used only by the file. Any "
               "`X.start_soon(f, ...)` or `X.start(f, ...)` is taken to call "
               "`f` with the arguments that follow.\n"
               "- A class given a queue is taken, likewise, to be made only "
               "by the calls of the file, and its attribute to be read only "
               "there: the parameter of `__init__` and the attribute are "
               "renamed (`q_receive`, `self.q_receive`), so another module "
               "calling `Cls(q=...)` or reading `obj.q` would break (a "
               "public class of a module that is not a program stays "
               "flagged).\n"
               "- The annotation of the queue's own target goes (the streams "
               "get the item type through "
               "`create_memory_object_stream[T]`, unless the annotation is "
               "a string, whose `T` may name what is defined later); "
               "`anyio.abc` is loaded by `import anyio`.\n"
               "- The worker pool: a worker that raises (an exception its "
               "loop does not catch) ends its task in asyncio, where nobody "
               "sees it (the gather with `return_exceptions=True` keeps it, "
               "or asyncio logs it as never retrieved) and `join()` waits "
               "forever for the item it held when `task_done()` was last "
               "in the loop, or returns once the others are done when it "
               "was in `finally:`; in the task group it cancels the other "
               "workers and the function raises it in an ExceptionGroup. "
               "So does an exception between the workers' start and "
               "`join()`, which asyncio raises alone while the workers go "
               "on.\n"
               "- The worker pool, cancelled (a deadline around the "
               "function, a cancelled caller) while it waits in `join()`: "
               "asyncio leaves the workers running, taking items until the "
               "event loop ends; the task group cancels them and waits for "
               "them to end.\n"
               "- The worker pool's end: asyncio's `join()` returns at the "
               "last `task_done()` and the workers are cancelled in "
               "`get()`; the task group ends when the last worker leaves "
               "its loop on the closed, drained stream. With no item at "
               "all, asyncio's workers are cancelled before they run, and "
               "the task group's run their loop once to find the stream "
               "closed. After the close, a put raises "
               "`anyio.ClosedResourceError` (the rewrite is made only when "
               "every put comes before `join()`).\n"
               "\n"
               "## Migrating by hand\n"
               "Create the streams where the queue was made, `send, receive "
               "= anyio.create_memory_object_stream(size)` (`math.inf` "
               "where asyncio's maxsize is 0 or less: unbounded), and give "
               "each user the stream it needs: `put`/`get` become "
               "`send`/`receive`, `put_nowait`/`get_nowait` become "
               "`send_nowait`/`receive_nowait`, and `except "
               "asyncio.QueueEmpty/QueueFull:` becomes `except "
               "anyio.WouldBlock:`. Or keep asyncio's queue API: "
               "`--queue-compat MODULE` (with `--write-queue-compat PATH` "
               "to write MODULE) rewrites the queue to a drop-in "
               "`asyncio.Queue` that runs on anyio.\n"
               "\n"
               "By the reason given:\n"
               "- `task_done()`/`join()`: count the items handled (an "
               "`anyio.Event` set when the count reaches zero), or close "
               "the send stream and let the consumer end with `async for "
               "item in receive:` (what the rewrite of the worker pool "
               "does: close the stream once every item is sent, and let "
               "the task group of the consumers wait for them).\n"
               "- `q.maxsize` read: use the size itself (anyio's "
               "`max_buffer_size` is `math.inf` for an unbounded stream).\n"
               "- a class given a queue: make it plain (no decorator, base, "
               "metaclass, `__slots__` or attribute hooks) with one `__init__` "
               "that stores the parameter alone on `self`, then run again; "
               "or give `__init__` the streams yourself and change its "
               "methods and every call of it.\n"
               "- a public name or function other modules may use: if none "
               "does, list the module's public names in `__all__` without "
               "it (or rename it with a leading `_`).\n"
               "- a maxsize where `max` is not the builtin: assign the size "
               "to a name first, then run again.\n"
               "- a string annotation naming the queue inside another type: "
               "write the queue's part without quotes, or the stream types "
               "yourself.\n"
               "- a `try` that catches QueueEmpty first while its body also "
               "raises QueueFull: split it (both become "
               "`anyio.WouldBlock`).\n"
               "- a subclass of `asyncio.Queue`: write the class over a "
               "memory object stream pair.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .on_pass = on_pass,
};
