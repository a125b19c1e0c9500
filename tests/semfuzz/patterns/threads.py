"""Threads (to_thread, run_in_executor), the loop object and futures."""

from generator import pattern


def blocking_helper(b):
    name = b.helper_name("blocking")
    b.add_helper("def %s(x, scale=1):\n    return [x * scale, x + scale]" % name)
    return name


@pattern("to-thread", weight=2)
def to_thread(b):
    A = b.A
    func = blocking_helper(b)
    shape = b.choose("thread.shape", ["to_thread", "to_thread-kw", "executor-none",
                                      "executor-none-loop-call"],
                      ["executor-pool", "executor-not-awaited"])
    if shape == "to_thread":
        b.add("r = await %s.to_thread(%s, 3)" % (A, func))
    elif shape == "to_thread-kw":
        b.add("r = await %s.to_thread(%s, 3, scale=4)" % (A, func))
    elif shape == "executor-none":
        getter = b.choose("loop.getter", ["get_running_loop", "get_event_loop"])
        b.add("loop = %s.%s()\nr = await loop.run_in_executor(None, %s, 5)" % (A, getter, func))
    elif shape == "executor-none-loop-call":
        b.add("r = await %s.get_running_loop().run_in_executor(None, %s, 6)" % (A, func))
    elif shape == "executor-pool":
        b.needs("import concurrent.futures")
        b.add("loop = %s.get_running_loop()\n"
              "with concurrent.futures.ThreadPoolExecutor(1) as pool:\n"
              "    r = await loop.run_in_executor(pool, %s, 7)" % (A, func))
    else:
        b.add("loop = %s.get_running_loop()\nfut = loop.run_in_executor(None, %s, 8)\n"
              "r = await fut" % (A, func))
    b.add(b.say('"thread result"', "r"))


@pattern("futures", weight=1, neighbour=True)
def futures(b):
    """Futures and loop callbacks: no anyio rewrite, the rules must flag."""
    A = b.A
    (k,) = b.slots(1)
    shape = b.choose("future.shape", ["call_later", "call_soon", "future-class", "loop-time"])
    b.add("loop = %s.get_running_loop()" % A)
    if shape == "call_later":
        b.add("fut = loop.create_future()\nloop.call_later(%.2f, fut.set_result, %d)\n"
              "%s" % (k / 100, k, b.say('"future"', "await fut")))
    elif shape == "call_soon":
        b.add("seen = []\nloop.call_soon(seen.append, %d)\nawait %s.sleep(0.01)\n%s"
              % (k, A, b.say('"called soon"', "seen")))
    elif shape == "future-class":
        b.add("fut = %s.Future()\n\nasync def fill():\n    await %s.sleep(%.2f)\n"
              "    fut.set_result(%d)\n\nfiller = %s.create_task(fill())\n%s\nawait filler"
              % (A, A, k / 100, k, A, b.say('"future"', "await fut")))
    else:
        b.add("start = loop.time()\nawait %s.sleep(%.2f)\n%s"
              % (A, k / 100, b.say('"time moved"', "loop.time() - start >= %.2f" % (k / 200))))


@pattern("future-handoff", weight=1)
def future_handoff(b):
    """A future the block makes, a task sets (a value or an exception), and
    the block awaits, under a deadline that may pass first."""
    A = b.A
    fill_at, deadline_at = b.slots(2)
    maker = b.choose("future.maker", ["Future", "create_future", "loop-create_future"])
    outcome = b.choose("future.outcome", ["result", "exception"])
    deadline = b.chance("future.deadline", 0.4)
    guarded = deadline or b.chance("future.guarded", 0.5)
    if maker == "Future":
        b.add("fut = %s.Future()" % A)
    elif maker == "create_future":
        b.add("fut = %s.get_running_loop().create_future()" % A)
    else:
        b.add("loop = %s.get_running_loop()\nfut = loop.create_future()" % A)
    setter = ("fut.set_result(%d)" % fill_at if outcome == "result"
              else 'fut.set_exception(ValueError("no %d"))' % fill_at)
    if guarded:
        setter = "if not fut.done():\n    %s\nelse:\n    %s" % (
            setter, b.say('"already done"'))
    fill = "async def fill():\n    await %s.sleep(%.2f)\n%s" % (
        A, fill_at / 100, "\n".join("    " + line for line in setter.split("\n")))
    wait = "value = await fut"
    if deadline:
        wait = "async with %s.timeout(%.2f):\n    %s" % (A, deadline_at / 100, wait)
    b.add(fill)
    b.add("try:\n    async with %s.TaskGroup() as tg:\n        tg.create_task(fill())\n"
          "%s\n        %s\nexcept* ValueError:\n    %s\nexcept* TimeoutError:\n    %s"
          % (A, "\n".join("        " + line for line in wait.split("\n")),
             b.say('"future"', "value"), b.say('"the future failed"', "fut.done()"),
             b.say('"timed out"', "fut.done()")))


@pattern("thread-calls-back", weight=1)
def thread_calls_back(b):
    """A worker thread that runs coroutines and callbacks on the loop and
    waits for them; one coroutine may fail, and the worker may catch it."""
    A = b.A
    (k,) = b.slots(1)
    start = b.choose("thread.start", ["to_thread", "executor-none"])
    fails = b.chance("thread.coroutine-fails", 0.4)
    caught = fails and b.chance("thread.failure-caught", 0.5)
    name = b.helper_name("step")
    b.add_helper("async def %s(seen, value, scale=1):\n    await %s.sleep(%.2f)\n"
                 "    if value < 0:\n        raise ValueError(value)\n"
                 "    seen.append(value)\n    return value * scale" % (name, A, k / 1000))
    call = "%s.run_coroutine_threadsafe(%s(seen, %s), loop).result()"
    lines = ["total = 0",
             "for i in range(3):",
             "    total += " + call % (A, name, "i, scale=%d" % (k % 5 + 1))]
    if fails and caught:
        lines += ["try:", "    " + call % (A, name, "-1"),
                  "except ValueError as exc:", "    seen.append(repr(exc))"]
    elif fails:
        lines.append(call % (A, name, "-1"))
    if b.chance("thread.callback", 0.5):
        lines.append('loop.call_soon_threadsafe(seen.append, "called back")')
    lines.append("return total")
    b.add("loop = %s.get_running_loop()\nseen = []\n\ndef worker():\n%s" % (
        A, "\n".join("    " + line for line in lines)))
    if start == "to_thread":
        b.add("total = await %s.to_thread(worker)" % A)
    else:
        b.add("total = await loop.run_in_executor(None, worker)")
    b.add("await %s.sleep(0.01)\n%s" % (A, b.say('"thread total"', "total", "seen")))
