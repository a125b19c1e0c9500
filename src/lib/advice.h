/*
 * The anyio way for each asyncio API the rules leave as is: one table for
 * asyncio's functions and classes and for an event loop's methods, which
 * ANY900 and ANY204 (and what follows loop values through a file) name in
 * their messages.
 *
 * Each row: the APIs it covers, written as the doc shows them (each in
 * backquotes: `asyncio.X` for a member of asyncio and what is under it,
 * `loop.X` for a method of an event loop, a trailing `*` for a prefix);
 * what a message says (short); what the doc says (the recipe).
 */
#ifndef AM_ADVICE_H
#define AM_ADVICE_H

#include <stddef.h>

#define AM_ADVICE_TABLE(X)                                                     \
	X("`asyncio.gather`",                                                  \
	  "use a task group whose tasks store their results",                  \
	  "run the awaitables in `async with anyio.create_task_group() as "    \
	  "tg:` with `tg.start_soon(func, *args)`; each task stores its "      \
	  "result (in a list, by position, to keep the order)")                \
	X("`asyncio.create_task`, `asyncio.ensure_future`, "                   \
	  "`loop.create_task`",                                                \
	  "use `tg.start_soon(func, *args)` in a task group",                  \
	  "start it in a task group: `tg.start_soon(func, *args)` inside "     \
	  "`async with anyio.create_task_group() as tg:`; the block waits "    \
	  "for it; cancel it with a `CancelScope` the task runs in")           \
	X("`asyncio.TaskGroup`", "use `anyio.create_task_group()`",            \
	  "use `anyio.create_task_group()` and `tg.start_soon(func, *args)`; " \
	  "failures arrive as an ExceptionGroup (`except*`)")                  \
	X("`asyncio.Task`", "use a task group, and a cancel scope to cancel",  \
	  "anyio has no task objects: the task group owns the work; keep "     \
	  "the `anyio.CancelScope` the work runs in where the task was kept, " \
	  "and call its `cancel()`")                                           \
	X("`asyncio.wait_for`", "use `with anyio.fail_after(timeout):`",       \
	  "put the await in `with anyio.fail_after(timeout):` (TimeoutError "  \
	  "on expiry) or `with anyio.move_on_after(timeout):`")                \
	X("`asyncio.timeout_at`", "use `anyio.CancelScope(deadline=...)`",     \
	  "use `with anyio.CancelScope(deadline=...)`, with deadlines from "   \
	  "`anyio.current_time()`")                                            \
	X("`asyncio.timeout`", "use `with anyio.fail_after(delay):`",          \
	  "use `with anyio.fail_after(delay):`; its `deadline` can be moved "  \
	  "like asyncio's `reschedule()`")                                     \
	X("`asyncio.shield`",                                                  \
	  "use `anyio.CancelScope(shield=True)` in cleanup",                   \
	  "in cleanup, put the await in `with "                                \
	  "anyio.CancelScope(shield=True):`; to let the caller go while the "  \
	  "work goes on, start the work in a task group that outlives the "    \
	  "caller")                                                            \
	X("`asyncio.wait`", "use a task group, cancelled by the first to end", \
	  "use a task group; to wait for the first one, cancel "               \
	  "`tg.cancel_scope` from the task that finishes first")               \
	X("`asyncio.as_completed`",                                            \
	  "use a task group feeding a memory object stream",                   \
	  "use a task group whose tasks send their results into "              \
	  "`anyio.create_memory_object_stream()`; receive them in the order "  \
	  "they finish")                                                       \
	X("`asyncio.Queue`", "use `anyio.create_memory_object_stream()`",      \
	  "use `send, receive = "                                              \
	  "anyio.create_memory_object_stream(max_buffer_size)`; asyncio's "    \
	  "maxsize 0 is unbounded, anyio's 0 is no buffer: use `math.inf`")    \
	X("`asyncio.LifoQueue`", "use the module's `_LifoQueue` (ANY303)",     \
	  "no anyio equivalent: ANY303 writes `_LifoQueue`, a list with "      \
	  "asyncio's queue interface on `anyio.Event` waiters")                \
	X("`asyncio.PriorityQueue`",                                           \
	  "use the module's `_PriorityQueue` (ANY303)",                        \
	  "no anyio equivalent: ANY303 writes `_PriorityQueue`, a heap with "  \
	  "asyncio's queue interface on `anyio.Event` waiters")                \
	X("`asyncio.QueueEmpty`, `asyncio.QueueFull`",                         \
	  "streams raise `anyio.WouldBlock`",                                  \
	  "memory object streams raise `anyio.WouldBlock` from "               \
	  "`send_nowait()` and `receive_nowait()`")                            \
	X("`asyncio.CancelledError`",                                          \
	  "catch `anyio.get_cancelled_exc_class()`, re-raise it",              \
	  "catch `anyio.get_cancelled_exc_class()` and always re-raise it; "   \
	  "await in its handler only in a shielded `CancelScope`")             \
	X("`asyncio.get_event_loop`, `asyncio.get_running_loop`, "             \
	  "`asyncio.AbstractEventLoop`",                                       \
	  "anyio has no loop object",                                          \
	  "anyio has no loop object: what code does with a loop has another "  \
	  "form (task groups, `anyio.to_thread.run_sync`, "                    \
	  "`anyio.from_thread.run`, `anyio.current_time()`): see the rows of " \
	  "the loop's methods")                                                \
	X("`asyncio.new_event_loop`, `asyncio.set_event_loop`, "               \
	  "`asyncio.Runner`, `loop.run_until_complete`",                       \
	  "start the program with `anyio.run(main)`",                          \
	  "start the program with `anyio.run(main, *args)`, which makes, "     \
	  "runs and closes its own loop")                                      \
	X("`asyncio.set_event_loop_policy`, "                                  \
	  "`asyncio.WindowsSelectorEventLoopPolicy`, "                         \
	  "`asyncio.WindowsProactorEventLoopPolicy`",                          \
	  "pick the loop with `backend_options={\"loop_factory\": ...}`",      \
	  "pick the loop where the program starts: `anyio.run(main, "          \
	  "backend_options={\"loop_factory\": asyncio.SelectorEventLoop})` "   \
	  "(the asyncio backend; the trio backend ignores it); for uvloop, "   \
	  "`backend_options={\"use_uvloop\": True}`")                          \
	X("`loop.run_forever`", "use `anyio.run(main)` and `sleep_forever()`", \
	  "start the program with `anyio.run(main)`, `main` awaiting "         \
	  "`anyio.sleep_forever()` in a task group that a signal or a task "   \
	  "cancels")                                                           \
	X("`asyncio.to_thread`, `loop.run_in_executor`",                       \
	  "use `anyio.to_thread.run_sync(func, *args)`",                       \
	  "use `await anyio.to_thread.run_sync(func, *args)`; bound the "      \
	  "threads with `limiter=anyio.CapacityLimiter(n)`")                   \
	X("`asyncio.run_coroutine_threadsafe`",                                \
	  "use `anyio.from_thread.run(func, *args)`",                          \
	  "from a worker thread started by `anyio.to_thread`, use "            \
	  "`anyio.from_thread.run(func, *args)`; from other threads, a "       \
	  "`BlockingPortal` made in the async code")                           \
	X("`loop.call_soon_threadsafe`",                                       \
	  "use `anyio.from_thread.run_sync(callback)`",                        \
	  "from a worker thread started by `anyio.to_thread`, call "           \
	  "`anyio.from_thread.run_sync(callback, *args)`; from other "         \
	  "threads, a `BlockingPortal`")                                       \
	X("`asyncio.Future`, `loop.create_future`",                            \
	  "use an `anyio.Event` plus a value",                                 \
	  "use an `anyio.Event` and a variable: store the value, then "        \
	  "`event.set()`; the waiter does `await event.wait()` and reads it "  \
	  "(or a memory object stream of size 1)")                             \
	X("`asyncio.iscoroutinefunction`",                                     \
	  "use `inspect.iscoroutinefunction`",                                 \
	  "use `inspect.iscoroutinefunction`")                                 \
	X("`asyncio.iscoroutine`", "use `inspect.iscoroutine`",                \
	  "use `inspect.iscoroutine`")                                         \
	X("`asyncio.current_task`", "use `anyio.get_current_task()`",          \
	  "use `anyio.get_current_task()` (a name and an id, no task object)") \
	X("`asyncio.all_tasks`", "use `anyio.get_running_tasks()`",            \
	  "use `anyio.get_running_tasks()` (names and ids)")                   \
	X("`asyncio.create_subprocess_exec`, "                                 \
	  "`asyncio.create_subprocess_shell`, `asyncio.subprocess.*`, "        \
	  "`loop.subprocess_*`",                                               \
	  "use `anyio.run_process()` or `anyio.open_process()`",               \
	  "use `await anyio.run_process(command)` for output and return "      \
	  "code, `await anyio.open_process(command)` for its streams (a "      \
	  "string command runs in a shell); PIPE is `subprocess.PIPE`")        \
	X("`asyncio.open_connection`, `loop.create_connection`",               \
	  "use `anyio.connect_tcp(host, port)`",                               \
	  "use `await anyio.connect_tcp(host, port)`: one byte stream with "   \
	  "`send()`/`receive()`; `BufferedByteReceiveStream` for lines")       \
	X("`asyncio.open_unix_connection`, `loop.create_unix_connection`",     \
	  "use `anyio.connect_unix(path)`",                                    \
	  "use `await anyio.connect_unix(path)`")                              \
	X("`asyncio.start_server`, `loop.create_server`",                      \
	  "use `anyio.create_tcp_listener()` and `serve()`",                   \
	  "use `listener = await anyio.create_tcp_listener(local_port=...)` "  \
	  "and `await listener.serve(handler)`; the handler gets one stream")  \
	X("`asyncio.start_unix_server`, `loop.create_unix_server`",            \
	  "use `anyio.create_unix_listener(path)`",                            \
	  "use `await anyio.create_unix_listener(path)` and `serve()`")        \
	X("`asyncio.StreamReader`, `asyncio.StreamWriter`",                    \
	  "use anyio byte streams",                                            \
	  "use anyio byte streams: `anyio.abc.ByteReceiveStream` / "           \
	  "`ByteSendStream`; "                                                 \
	  "`anyio.streams.buffered.BufferedByteReceiveStream` for "            \
	  "`readline()`/`readexactly()`")                                      \
	X("`asyncio.Event`", "use `anyio.Event()`", "use `anyio.Event()`")     \
	X("`asyncio.Lock`", "use `anyio.Lock()`", "use `anyio.Lock()`")        \
	X("`asyncio.Semaphore`", "use `anyio.Semaphore(n)`",                   \
	  "use `anyio.Semaphore(n)`")                                          \
	X("`asyncio.BoundedSemaphore`",                                        \
	  "use `anyio.Semaphore(n, max_value=n)`",                             \
	  "use `anyio.Semaphore(n, max_value=n)`")                             \
	X("`asyncio.Condition`", "use `anyio.Condition()`",                    \
	  "use `anyio.Condition()`")                                           \
	X("`asyncio.sleep`", "use `anyio.sleep(delay)`",                       \
	  "use `anyio.sleep(delay)`")                                          \
	X("`asyncio.run`", "use `anyio.run(func, *args)`",                     \
	  "use `anyio.run(func, *args)`")                                      \
	X("`asyncio.TimeoutError`", "use the builtin `TimeoutError`",          \
	  "use the builtin `TimeoutError`")                                    \
	X("`asyncio.Protocol`, `asyncio.BaseProtocol`, `loop.sock_*`",         \
	  "use anyio streams (no protocols or transports)",                    \
	  "anyio has no protocols, transports or raw socket calls: use "       \
	  "streams (`anyio.connect_tcp`, listeners)")                          \
	X("`asyncio.DatagramProtocol`, `loop.create_datagram_endpoint`",       \
	  "use `anyio.create_udp_socket()`",                                   \
	  "use `anyio.create_udp_socket()` or "                                \
	  "`anyio.create_connected_udp_socket()`")                             \
	X("`asyncio.Handle`, `asyncio.TimerHandle`, `loop.call_later`",        \
	  "use a task that sleeps, then calls",                                \
	  "start a task that does `await anyio.sleep(delay)` and then the "    \
	  "call; a `CancelScope` around it replaces the handle's `cancel()`")  \
	X("`loop.call_soon`", "use a task that calls it (`tg.start_soon`)",    \
	  "call the callback from a task: `tg.start_soon()` of an async "      \
	  "function that calls it")                                            \
	X("`loop.call_at`", "use a task that does `anyio.sleep_until(when)`",  \
	  "start a task that does `await anyio.sleep_until(when)` and then "   \
	  "the call (times from `anyio.current_time()`)")                      \
	X("`loop.add_signal_handler`",                                         \
	  "use `anyio.open_signal_receiver()` in a task",                      \
	  "receive the signals in a task: `with "                              \
	  "anyio.open_signal_receiver(signal.SIGTERM) as signals: async for "  \
	  "signum in signals: ...`")                                           \
	X("`loop.remove_signal_handler`",                                      \
	  "leave the `open_signal_receiver()` block",                          \
	  "leave the `with anyio.open_signal_receiver(...)` block")            \
	X("`loop.time`", "use `anyio.current_time()`",                         \
	  "use `anyio.current_time()`")                                        \
	X("`loop.is_running`", "drop it: code under `anyio.run()` runs in it", \
	  "code run by `anyio.run()` always runs inside its event loop: drop " \
	  "the check")                                                         \
	X("`loop.is_closed`", "drop it: `anyio.run()` closes its loop",        \
	  "`anyio.run()` closes its loop when it returns: drop the check")     \
	X("`loop.stop`", "cancel a task group's scope instead",                \
	  "cancel a task group's scope (`tg.cancel_scope.cancel()`) so that "  \
	  "`anyio.run()` returns")                                             \
	X("`loop.close`, `loop.shutdown_*`",                                   \
	  "drop it: `anyio.run()` does it on return",                          \
	  "`anyio.run()` closes its loop, its async generators and its "       \
	  "default executor itself when it returns")                           \
	X("`loop.set_debug`, `loop.get_debug`",                                \
	  "use `anyio.run()`'s `backend_options`",                             \
	  "pass `backend_options={\"debug\": True}` to `anyio.run()` "         \
	  "(asyncio backend)")                                                 \
	X("`loop.set_exception_handler`, `loop.get_exception_handler`, "       \
	  "`loop.call_exception_handler`",                                     \
	  "catch task errors around their task group",                         \
	  "anyio has no exception handler: exceptions of tasks propagate out " \
	  "of their task group; catch them there")                             \
	X("`loop.set_default_executor`",                                       \
	  "pass a `CapacityLimiter` to `to_thread.run_sync`",                  \
	  "anyio has no executors: bound the threads with "                    \
	  "`anyio.to_thread.run_sync(func, "                                   \
	  "limiter=anyio.CapacityLimiter(n))`")                                \
	X("`loop.getaddrinfo`", "use `anyio.getaddrinfo(host, port)`",         \
	  "use `await anyio.getaddrinfo(host, port)`")                         \
	X("`loop.getnameinfo`", "use `anyio.getnameinfo(sockaddr)`",           \
	  "use `await anyio.getnameinfo(sockaddr)`")

/* The table as Markdown rows for a rule's doc: "| APIs | recipe |". */
#define AM_ADVICE_DOC_ROW(apis, message, recipe) "| " apis " | " recipe " |\n"
#define AM_ADVICE_DOC                                                          \
	"| asyncio | anyio |\n|---|---|\n" AM_ADVICE_TABLE(AM_ADVICE_DOC_ROW)

/* What a message says for `qualname`, an asyncio name ("asyncio.Queue",
 * "asyncio.subprocess.PIPE"), or NULL when the table has no row for it. */
const char *am_advice_for_name(const char *qualname);

/* The same for a method of an event loop ("call_later", `len` bytes);
 * a general pointer when the table has no row for it. */
const char *am_advice_for_loop_method(const char *method, size_t len);

#endif
