"""Queues: bounded and unbounded, passed to functions, nowait calls and
their exceptions, and the neighbours the queue rule must flag (task_done
and join, queues that escape), and priority and LIFO queues."""

from generator import pattern


def make_queue(b, bounded=None):
    A = b.A
    if bounded is None:
        bounded = b.chance("queue.bounded", 0.5)
    if not bounded:
        return b.choose("queue.make", ["%s.Queue()" % A, "%s.Queue(0)" % A,
                                       "%s.Queue(maxsize=0)" % A]), None
    size = b.rng.randint(1, 4)
    return b.choose("queue.make", ["%s.Queue(%d)" % (A, size),
                                   "%s.Queue(maxsize=%d)" % (A, size)]), size


@pattern("queue-nowait", weight=2)
def queue_nowait(b):
    A = b.A
    make, size = make_queue(b)
    count = size if size else b.rng.randint(1, 4)
    b.add("q = %s" % make)
    b.add("for i in range(%d):\n    q.put_nowait(i * 3)" % count)
    b.add(b.say('"size"', "q.qsize()", "q.empty()"))
    if size:
        b.add(b.say('"full"', "q.full()", "q.maxsize"))
    elif b.chance("queue.maxsize", 0.3, neighbour=True):
        b.add(b.say('"maxsize"', "q.maxsize"))
        b.add("try:\n    q.put_nowait(99)\nexcept %s.QueueFull:\n    %s"
              % (A, b.say('"refused"')))
    b.add("while not q.empty():\n    %s" % b.say('"got"', "q.get_nowait()"))
    b.add("try:\n    q.get_nowait()\nexcept %s.QueueEmpty:\n    %s"
          % (A, b.say('"empty"')))


@pattern("queue-pipeline", weight=3)
def queue_pipeline(b):
    """A producer and a consumer share a queue passed to both."""
    A = b.A
    make, size = make_queue(b)
    count = b.rng.randint(1, 5)
    producer = b.helper_name("producer")
    consumer = b.helper_name("consumer")
    annotate = b.choose("queue.annotation", ["none", "none", "plain", "generic", "quoted"])
    ann = {"none": "", "plain": ": %s.Queue" % A, "generic": ": %s.Queue[int]" % A,
           "quoted": ': "%s.Queue[int]"' % A}[annotate]
    pause = b.chance("producer.pause", 0.4)
    b.add_helper("\n".join([
        "async def %s(q%s, n):" % (producer, ann),
        "    for i in range(n):",
        "        await q.put(i)",
    ] + (["        await %s.sleep(0.01)" % A] if pause else []) + [
        "    await q.put(None)",
    ]))
    b.add_helper("\n".join([
        "async def %s(q%s):" % (consumer, ann),
        "    got = []",
        "    while True:",
        "        item = await q.get()",
        "        if item is None:",
        "            return got",
        "        got.append(item)",
    ]))
    b.add("q = %s" % make)
    form = b.choose("pipeline.run", ["gather", "create-await", "taskgroup-kept"])
    if form == "gather":
        b.add("_, got = await %s.gather(%s(q, %d), %s(q))" % (A, producer, count, consumer))
    elif form == "taskgroup-kept":
        b.add("async with %s.TaskGroup() as tg:\n    tg.create_task(%s(q, %d))\n"
              "    got_task = tg.create_task(%s(q))\ngot = got_task.result()"
              % (A, producer, count, consumer))
    else:
        b.add("t0 = %s.create_task(%s(q, %d))\nt1 = %s.create_task(%s(q))\n"
              "await t0\ngot = await t1" % (A, producer, count, A, consumer))
    b.add(b.say('"got"', "got"))


@pattern("queue-join", weight=1, neighbour=True)
def queue_join(b):
    """task_done()/join(): streams have neither, the rule must flag."""
    A = b.A
    make, _ = make_queue(b, bounded=False)
    b.add("q = %s" % make)
    b.add("\n".join([
        "async def drain():",
        "    while True:",
        "        item = await q.get()",
        "        %s" % b.say('"drained"', "item"),
        "        q.task_done()",
    ]))
    b.add("for i in range(3):\n    q.put_nowait(i)")
    b.add("t = %s.create_task(drain())\nawait q.join()\n%s\nt.cancel()\n"
          "try:\n    await t\nexcept %s.CancelledError:\n    pass"
          % (A, b.say('"joined"'), A))


@pattern("queue-pool", weight=2)
def queue_pool(b):
    """The worker pool of asyncio's documentation: workers made by
    create_task() into a list, items put, join(), the workers cancelled."""
    A = b.A
    bounded = b.chance("queue.pool.bounded", 0.4)
    worker = b.helper_name("worker")
    count = b.rng.randint(0, 6)
    nap = b.chance("queue.pool.sleep", 0.5)
    body = ["        item = await q.get()"]
    step = ["done.append((name, item * 2))"] + (
        ["await %s.sleep(0.001 * (item %% 3))" % A] if nap else [])
    if b.chance("queue.pool.finally", 0.4):
        body += ["        try:"] + ["            " + line for line in step] + [
            "        finally:", "            q.task_done()"]
    else:
        body += ["        " + line for line in step] + ["        q.task_done()"]
    b.add_helper("\n".join(["async def %s(name, q, done):" % worker,
                            "    while True:"] + body))
    b.add("q = %s.Queue(%s)" % (A, "2" if bounded else ""))
    b.add("done = []")
    early = not bounded and b.chance("queue.pool.early", 0.5)
    if early:
        b.add("for i in range(%d):\n    q.put_nowait(i)" % count)
    workers = b.rng.randint(1, 3)
    if b.choose("queue.pool.start", ["loop", "comprehension"]) == "loop":
        b.add("tasks = []\nfor n in range(%d):\n    task = %s.create_task(%s(n, q, done))\n"
              "    tasks.append(task)" % (workers, A, worker))
    else:
        b.add("tasks = [%s.create_task(%s(n, q, done)) for n in range(%d)]"
              % (A, worker, workers))
    if not early:
        b.add("for i in range(%d):\n    await q.put(i)" % count)
    b.add("await q.join()")
    b.add("for task in tasks:\n    task.cancel()")
    if b.chance("queue.pool.gather", 0.6):
        b.add("await %s.gather(*tasks, return_exceptions=True)" % A)
    b.add(b.say('"pool"', "len(done)", "sorted(item for _, item in done)"))


@pattern("queue-ordered", weight=1)
def queue_ordered(b):
    """Priority and LIFO queues, filled then drained, some with a bound."""
    A = b.A
    kind = b.choose("queue.kind", ["PriorityQueue", "LifoQueue"])
    size = b.choose("queue.ordered.size", ["", "3", "maxsize=4"])
    b.add("q = %s.%s(%s)" % (A, kind, size))
    b.add("for i in (5, 1, 3):\n    await q.put(i)")
    b.add(b.say('"size"', "q.qsize()", "q.full()", "q.maxsize"))
    if size != "3" and b.chance("queue.ordered.nowait", 0.5):
        b.add("q.put_nowait(2)\n%s\nq.task_done()"
              % b.say('"first"', "q.get_nowait()"))
    b.add("while not q.empty():\n    %s\n    q.task_done()"
          % b.say('"got"', "await q.get()"))
    b.add("await q.join()")


@pattern("queue-returned", weight=1, neighbour=True)
def queue_returned(b):
    """A queue made in a function and returned."""
    A = b.A
    maker = b.helper_name("make_queue")
    b.add_helper("def %s():\n    return %s.Queue()" % (maker, A))
    b.add("q = %s()" % maker)
    b.add("for i in (5, 1, 3):\n    await q.put(i)")
    b.add("while not q.empty():\n    %s" % b.say('"got"', "await q.get()"))


@pattern("queue-class", weight=2)
def queue_class(b):
    """A queue handed to a class of the file: an async iterator that reads
    it to a sentinel, or a mailbox that posts to it and drains it."""
    A = b.A
    make, size = make_queue(b)
    cls = b.helper_name("Reader")
    base = b.choose("queue.class.base", ["", "(object)"])
    param = b.choose("queue.class.param", ["q", "box"])
    call = "%s(%s=q)" % (cls, param) if b.chance("queue.class.keyword", 0.4) else "%s(q)" % cls
    count = b.rng.randint(1, 5)
    if b.choose("queue.class.form", ["iterator", "mailbox"]) == "iterator":
        b.add_helper("\n".join([
            "class %s%s:" % (cls, base),
            "    def __init__(self, %s):" % param,
            "        self._q = %s" % param,
            "",
            "    def __aiter__(self):",
            "        return self",
            "",
            "    async def __anext__(self):",
            "        item = await self._q.get()",
            "        if item is None:",
            "            raise StopAsyncIteration",
            "        return item",
        ]))
        fill, take = b.helper_name("fill"), b.helper_name("take")
        b.add_helper("async def %s(q, n):\n    for i in range(n):\n"
                     "        await q.put(i)\n    await q.put(None)" % fill)
        b.add_helper("async def %s(q):\n    return [item async for item in %s]"
                     % (take, call))
        b.add("q = %s" % make)
        b.add("_, got = await %s.gather(%s(q, %d), %s(q))" % (A, fill, count, take))
        b.add(b.say('"got"', "got"))
        return
    b.add_helper("\n".join([
        "class %s%s:" % (cls, base),
        "    def __init__(self, %s):" % param,
        "        self._q = %s" % param,
        "",
        "    def post(self, item):",
        "        try:",
        "            self._q.put_nowait(item)",
        "            return True",
        "        except %s.QueueFull:" % A,
        "            return False",
        "",
        "    def drain(self):",
        "        items = []",
        "        while not self._q.empty():",
        "            items.append(self._q.get_nowait())",
        "        return items",
    ]))
    b.add("q = %s\nm = %s" % (make, call))
    b.add(b.say('"posted"', "[m.post(i) for i in range(%d)]" % count))
    if b.chance("queue.class.outside", 0.3, neighbour=True):
        b.add(b.say('"outside"', "m._q.qsize()"))
    b.add(b.say('"drained"', "m.drain()", "m.drain()"))
