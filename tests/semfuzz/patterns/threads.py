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
