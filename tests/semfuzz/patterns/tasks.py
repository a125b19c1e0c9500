"""Tasks run at once: gather, create_task, TaskGroup, wait, as_completed,
with failures caught around them or escaping the block."""

from generator import pattern
from patterns.common import guarded, spawn, worker


@pattern("tasks", weight=6)
def tasks(b):
    keys = b.slots(b.rng.randint(1, 3))
    fail = b.chance("fail", 0.35)
    # The failing task is the slowest: its siblings are done before it
    # fails, so asyncio (which lets them run on) and a task group (which
    # cancels them) print the same.
    fail_key = max(keys) if fail else None
    work = worker(b, fail_key=fail_key, cancel_note=b.chance("work.note", 0.3))
    code, form = spawn(b, work, keys)
    if fail and b.chance("caught", 0.75):
        code = guarded(b, code, form)
    b.add(code)


@pattern("tasks-cancelled-sibling", weight=2)
def tasks_cancelled_sibling(b):
    """A failing task in a group cancels its slower sibling, which says so."""
    A = b.A
    fast, slow = sorted(b.slots(2))
    slow += 20
    work = worker(b, fail_key=fast, cancel_note=True)
    form = b.choose("group", ["taskgroup"], ["gather-args", "create-await"])
    if form == "taskgroup":
        code = "\n".join(["async with %s.TaskGroup() as tg:" % A,
                          "    tg.create_task(%s(%d))" % (work, fast),
                          "    tg.create_task(%s(%d))" % (work, slow)])
        handler = "except* ValueError:"
    elif form == "gather-args":
        # asyncio's gather leaves the sibling running; it is cancelled by
        # hand below so both runs print the same, and the rule must flag.
        code = "\n".join(["t_slow = %s.create_task(%s(%d))" % (A, work, slow),
                          "try:",
                          "    await %s.gather(%s(%d), t_slow)" % (A, work, fast),
                          "finally:",
                          "    t_slow.cancel()",
                          "    try:",
                          "        await t_slow",
                          "    except %s.CancelledError:" % A,
                          "        %s" % b.say('"sibling stopped"')])
        handler = "except ValueError:"
    else:
        code = None
        handler = None
    if handler:
        b.add("\n".join(["try:", "\n".join("    " + l for l in code.split("\n")),
                         handler, "    %s" % b.say('"caught"')]))
    else:
        b.add("\n".join([
            "t0 = %s.create_task(%s(%d))" % (A, work, slow),
            "try:",
            "    await %s(%d)" % (work, fast),
            "except ValueError:",
            "    %s" % b.say('"caught"'),
            "t0.cancel()",
            "try:",
            "    await t0",
            "except %s.CancelledError:" % A,
            "    %s" % b.say('"sibling stopped"'),
        ]))


@pattern("gather-results", weight=2)
def gather_results(b):
    """gather whose results are returned from a helper, unpacked, or used."""
    A = b.A
    keys = b.slots(2)
    work = worker(b)
    helper = b.helper_name("both")
    shape = b.choose("results", ["return", "unpack", "star-return", "keywords"])
    if shape == "return":
        b.add_helper("async def %s():\n    return await %s.gather(%s(%d), %s(%d))"
                     % (helper, A, work, keys[0], work, keys[1]))
        b.add("rs = await %s()\n%s" % (helper, b.say('"results"', "rs")))
    elif shape == "unpack":
        b.add("a, c = await %s.gather(%s(%d), %s(%d))\n%s"
              % (A, work, keys[0], work, keys[1], b.say('"results"', "a", "c")))
    elif shape == "star-return":
        b.add_helper("async def %s(keys):\n    return await %s.gather(%s(0), *[%s(k) for k in keys])"
                     % (helper, A, work, work))
        b.add("rs = await %s(%r)\n%s" % (helper, tuple(keys), b.say('"results"', "rs")))
    else:
        scaled = b.helper_name("scaled")
        b.add_helper("async def %s(k, scale=1):\n    await %s.sleep(k / 100)\n"
                     "    %s\n    return k * scale"
                     % (scaled, A, b.say('"scaled"', "k", "scale")))
        b.add("x, y = await %s.gather(%s(%d, scale=3), %s(%d))\n%s"
              % (A, scaled, keys[0], scaled, keys[1], b.say('"results"', "x", "y")))
