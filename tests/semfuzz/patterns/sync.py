"""Events, locks, semaphores and conditions shared by tasks."""

from generator import pattern


def run_two(b, first, second):
    """first() and second() at once, in one of the rewritten forms."""
    A = b.A
    form = b.choose("pair", ["gather", "taskgroup", "create-await"])
    if form == "gather":
        return "await %s.gather(%s(), %s())" % (A, first, second)
    if form == "taskgroup":
        return ("async with %s.TaskGroup() as tg:\n    tg.create_task(%s())\n"
                "    tg.create_task(%s())" % (A, first, second))
    return ("t0 = %s.create_task(%s())\nt1 = %s.create_task(%s())\nawait t0\nawait t1"
            % (A, first, A, second))


@pattern("event", weight=2)
def event(b):
    A = b.A
    where = b.choose("event.where", ["local", "module"])
    ev = "ev" if where == "local" else b.helper_name("ev")
    if where == "local":
        b.add("ev = %s.Event()" % A)
    else:
        b.add_helper("%s = %s.Event()" % (ev, A))
    (d,) = b.slots(1)
    waiter_use = b.choose("event.wait", ["plain"], ["result-used"])
    wait_line = ("seen = await %s.wait()" % ev if waiter_use == "result-used"
                 else "await %s.wait()" % ev)
    seen = "seen" if waiter_use == "result-used" else "%s.is_set()" % ev
    b.add("\n".join([
        "async def waiter():",
        "    %s" % wait_line,
        "    %s" % b.say('"waiter saw"', seen),
        "",
        "async def setter():",
        "    await %s.sleep(%.2f)" % (A, d / 100),
        "    %s" % b.say('"setting"', "%s.is_set()" % ev),
        "    %s.set()" % ev,
    ]))
    b.add(run_two(b, "waiter", "setter"))
    if b.chance("event.clear", 0.25, neighbour=True):
        b.add("%s.clear()\n%s" % (ev, b.say('"cleared"', "%s.is_set()" % ev)))
    b.add(b.say('"is set"', "%s.is_set()" % ev))


@pattern("lock", weight=2)
def lock(b):
    A = b.A
    b.add("lock = %s.Lock()\ncount = [0]" % A)
    keys = sorted(b.slots(3, low=2, high=10))
    hold = 3  # slots: a later worker waits for an earlier one
    style = b.choose("lock.style", ["async-with"], ["acquire-release"])
    if style == "async-with":
        inner = ["    async with lock:",
                 "        seen = count[0]",
                 "        await %s.sleep(%.2f)" % (A, hold / 100),
                 "        count[0] = seen + 1"]
    else:
        inner = ["    await lock.acquire()",
                 "    try:",
                 "        seen = count[0]",
                 "        await %s.sleep(%.2f)" % (A, hold / 100),
                 "        count[0] = seen + 1",
                 "    finally:",
                 "        lock.release()"]
    b.add("\n".join(["async def worker(k):",
                     "    await %s.sleep(k / 100)" % A] + inner +
                    ["    %s" % b.say('"worker"', "k", "count[0]")]))
    form = b.choose("lock.run", ["gather-star", "taskgroup-loop"])
    if form == "gather-star":
        b.add("await %s.gather(*[worker(k) for k in %r])" % (A, tuple(keys)))
    else:
        b.add("async with %s.TaskGroup() as tg:\n    for k in %r:\n"
              "        tg.create_task(worker(k))" % (A, tuple(keys)))
    b.add(b.say('"count"', "count[0]", "lock.locked()"))


@pattern("semaphore", weight=2)
def semaphore(b):
    A = b.A
    kind = b.choose("sem.kind", ["Semaphore", "BoundedSemaphore", "Semaphore()"])
    size = b.rng.randint(1, 3)
    if kind == "Semaphore()":
        size = 1
        b.add("sem = %s.Semaphore()" % A)
    else:
        b.add("sem = %s.%s(%d)" % (A, kind, size))
    b.add("state = {\"active\": 0, \"peak\": 0}\ndone = []")
    holds = b.slots(4, low=2, high=12)
    b.add("\n".join([
        "async def job(i, hold):",
        "    async with sem:",
        "        state[\"active\"] += 1",
        "        state[\"peak\"] = max(state[\"peak\"], state[\"active\"])",
        "        await %s.sleep(hold / 100)" % A,
        "        state[\"active\"] -= 1",
        "    done.append(i)",
    ]))
    calls = ", ".join("job(%d, %d)" % (i, h) for i, h in enumerate(holds))
    b.add("await %s.gather(%s)" % (A, calls))
    b.add(b.say('"peak"', 'state["peak"]', "sorted(done)"))
    extra = b.choose("sem.extra", ["none", "over-release"], ["locked"])
    if extra == "locked":
        b.add(b.say('"locked"', "sem.locked()"))
    elif extra == "over-release":
        b.add("\n".join(["try:", "    sem.release()", "    sem.release()",
                         "    %s" % b.say('"released twice"'),
                         "except ValueError:",
                         "    %s" % b.say('"over-released"')]))


@pattern("condition", weight=1)
def condition(b):
    A = b.A
    (d,) = b.slots(1)
    b.add("cond = %s.Condition()\nitems = []" % A)
    use_wait_for = b.chance("cond.wait_for", 0.3, neighbour=True)
    if use_wait_for:
        wait = "        await cond.wait_for(lambda: items)"
    else:
        wait = "        while not items:\n            await cond.wait()"
    b.add("\n".join([
        "async def consumer():",
        "    async with cond:",
        wait,
        "        %s" % b.say('"consumed"', "items.pop()"),
        "",
        "async def producer():",
        "    await %s.sleep(%.2f)" % (A, d / 100),
        "    async with cond:",
        "        items.append(%d)" % d,
        "        cond.notify()",
    ]))
    b.add(run_two(b, "consumer", "producer"))

