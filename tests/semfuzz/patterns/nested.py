"""Classes and nested functions that hold tasks and queues; sleeps in
their import styles; the inspection helpers."""

from generator import pattern


@pattern("class-queue", weight=2)
def class_queue(b):
    """A worker object keeps its jobs in a queue on self."""
    A = b.A
    cls = "%sWorker" % b.name.capitalize()
    bounded = b.chance("queue.bounded", 0.5)
    make = "%s.Queue(%d)" % (A, 3) if bounded else "%s.Queue()" % A
    extra = b.choose("class.extra", ["none"], ["join", "outside-use"])
    methods = [
        "class %s:" % cls,
        "    def __init__(self):",
        "        self.jobs = %s" % make,
        "        self.done = []",
        "",
        "    async def submit(self, job):",
        "        await self.jobs.put(job)",
        "",
        "    async def run_pending(self):",
        "        while not self.jobs.empty():",
        "            job = await self.jobs.get()",
        "            self.done.append(job * 10)",
    ]
    if extra == "join":
        methods.append("            self.jobs.task_done()")
    methods.append("        return len(self.done)")
    b.add_helper("\n".join(methods))
    b.add("w = %s()\nfor job in (1, 2, 3):\n    await w.submit(job)" % cls)
    if extra == "outside-use":
        b.add(b.say('"waiting"', "w.jobs.qsize()"))
    b.add(b.say('"ran"', "await w.run_pending()", "w.done"))


@pattern("class-tasks", weight=2, neighbour=True)
def class_tasks(b):
    """An object starts tasks and keeps them: they escape, the rule flags."""
    A = b.A
    cls = "%sPool" % b.name.capitalize()
    keys = b.slots(2)
    b.add_helper("\n".join([
        "class %s:" % cls,
        "    def __init__(self):",
        "        self.tasks = []",
        "",
        "    async def job(self, k):",
        "        await %s.sleep(k / 100)" % A,
        "        return k",
        "",
        "    def start(self, k):",
        "        self.tasks.append(%s.create_task(self.job(k)))" % A,
        "",
        "    async def wait(self):",
        "        return await %s.gather(*self.tasks)" % A,
    ]))
    b.add("pool = %s()\nfor k in %r:\n    pool.start(k)\n%s"
          % (cls, tuple(keys), b.say('"pool"', "await pool.wait()")))


@pattern("nested-functions", weight=2)
def nested_functions(b):
    """Tasks made and awaited inside a nested function; a queue used by a
    closure."""
    A = b.A
    keys = b.slots(2)
    shape = b.choose("nested.shape", ["tasks", "queue-closure"])
    if shape == "tasks":
        b.add("\n".join([
            "async def fetch(k):",
            "    await %s.sleep(k / 100)" % A,
            "    return k + 1",
            "",
            "async def both():",
            "    first = %s.create_task(fetch(%d))" % (A, keys[0]),
            "    second = %s.create_task(fetch(%d))" % (A, keys[1]),
            "    a = await first",
            "    c = await second",
            "    return a, c",
        ]))
        b.add(b.say('"both"', "await both()"))
    else:
        b.add("\n".join([
            "q = %s.Queue()" % A,
            "",
            "async def feed(n):",
            "    for i in range(n):",
            "        await q.put(i)",
            "",
            "async def total(n):",
            "    s = 0",
            "    for _ in range(n):",
            "        s += await q.get()",
            "    return s",
        ]))
        b.add("_, s = await %s.gather(feed(4), total(4))\n%s" % (A, b.say('"total"', "s")))


@pattern("sleep-forms", weight=2)
def sleep_forms(b):
    A = b.A
    style = b.choose("sleep.style", ["module", "from-import", "from-import-as"],
                     ["result", "callback"])
    if style == "module":
        b.add("await %s.sleep(0)\nawait %s.sleep(0.01)" % (A, A))
    elif style == "from-import":
        b.needs("from asyncio import sleep")
        b.add("await sleep(0.01)")
    elif style == "from-import-as":
        b.needs("from asyncio import sleep as nap")
        b.add("await nap(0.01)")
    elif style == "result":
        b.add(b.say('"slept with"', "await %s.sleep(0.01, result=7)" % A))
    else:
        b.add("pause = %s.sleep\nawait pause(0.01)" % A)
    b.add(b.say('"slept"'))


@pattern("inspect", weight=1)
def inspect_pattern(b):
    A = b.A
    b.add_helper("def %s(func):\n    return 'async' if %s.iscoroutinefunction(func) else 'plain'"
                 % (b.helper_name("kind"), A))
    b.add(b.say('"kinds"', "%s(%s)" % (b.helper_name("kind"), b.name),
                "%s(len)" % b.helper_name("kind")))
    b.add("owner = id(%s.current_task())\nawait %s.sleep(0)\n%s"
          % (A, A, b.say('"same task"', "owner == id(%s.current_task())" % A)))
