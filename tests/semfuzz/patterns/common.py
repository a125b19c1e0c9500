"""Pieces the patterns share: a worker coroutine, the ways to run several
at once, and the handlers around them."""

from generator import indent


def worker(b, fail_key=None, cancel_note=False):
    """Define `<block>_work(k)`: sleeps k slots, prints, returns k * 10,
    raises ValueError(k) when k is fail_key. Returns its name."""
    name = b.helper_name("work")
    A = b.A
    sleep = b.choose("work.sleep", ["k / 100", "k * 0.01"])
    lines = ["async def %s(k):" % name]
    if cancel_note:
        cancelled = b.choose("work.cancelled", ["%s.CancelledError" % A,
                                                "CancelledError",
                                                "(%s.CancelledError, KeyError)" % A])
        if cancelled == "CancelledError":
            b.needs("from asyncio import CancelledError")
        lines += ["    try:",
                  "        await %s.sleep(%s)" % (A, sleep),
                  "    except %s:" % cancelled,
                  "        %s" % b.say('"work"', "k", '"cancelled"'),
                  "        raise"]
    else:
        lines.append("    await %s.sleep(%s)" % (A, sleep))
    lines.append("    %s" % b.say('"work"', "k"))
    if fail_key is not None:
        lines += ["    if k == %d:" % fail_key, "        raise ValueError(k)"]
    lines.append("    return k * 10")
    b.add_helper("\n".join(lines))
    return name


# Forms the rules rewrite, then the neighbours they must flag or leave.
SPAWN_FORMS = [
    "gather-args", "gather-args", "gather-star-list", "gather-star-gen",
    "gather-star-cond", "gather-tasks", "create-await", "create-await",
    "taskgroup", "taskgroup-loop", "gather-return-exceptions",
    "gather-in-expression", "gather-collected", "gather-appended",
    "create-between", "tasks-in-list", "taskgroup-kept",
]
SPAWN_NEIGHBOURS = [
    "gather-coro-var",
    "wait-all", "as-completed", "create-forget",
]


def spawn(b, work, keys, want_results=True, form=None):
    """Code that runs work(k) for each key at once. Returns (code, form)."""
    A = b.A
    form = form or b.choose("spawn", SPAWN_FORMS, SPAWN_NEIGHBOURS)
    calls = ["%s(%d)" % (work, k) for k in keys]
    tup = "(%s)" % ", ".join(str(k) for k in keys) if len(keys) > 1 else "(%d,)" % keys[0]
    res = 'print("%s", "results", %%s)' % b.name
    lines = []
    if form == "gather-args":
        extra = b.choose("gather.extra", ["none", "none", "none", "sleep", "to_thread",
                                          "wait_for"])
        if extra == "sleep":
            calls = calls + ["%s.sleep(0.01)" % A]
        elif extra == "to_thread":
            calls = calls + ["%s.to_thread(len, 'abc')" % A]
        elif extra == "wait_for":
            calls = calls + ["%s.wait_for(%s.sleep(0.01, 5), 1.0)" % (A, A)]
        call = "await %s.gather(%s)" % (A, ", ".join(calls))
        if want_results:
            lines += ["rs = " + call, res % "rs"]
        else:
            lines.append(call)
    elif form in ("gather-star-list", "gather-star-gen", "gather-star-cond"):
        if form == "gather-star-list":
            arg = "*[%s(k) for k in %s]" % (work, tup)
        elif form == "gather-star-gen":
            arg = "*(%s(k) for k in %s)" % (work, tup)
        else:
            odd = tuple(sorted(set(keys) | {1}))
            arg = "*[%s(k) for k in %s if k %% 2 == 0]" % (work, str(odd))
        call = "await %s.gather(%s)" % (A, arg)
        if want_results:
            lines += ["rs = " + call, res % "rs"]
        else:
            lines.append(call)
    elif form == "gather-tasks":
        for i, c in enumerate(calls):
            lines.append("t%d = %s.create_task(%s)" % (i, A, c))
        names = ", ".join("t%d" % i for i in range(len(calls)))
        lines += ["rs = await %s.gather(%s)" % (A, names), res % "rs"]
    elif form == "create-await":
        for i, c in enumerate(calls):
            maker = b.choose("create", ["create_task", "create_task", "ensure_future"])
            lines.append("t%d = %s.%s(%s)" % (i, A, maker, c))
        for i in range(len(calls)):
            lines.append("r%d = await t%d" % (i, i))
        lines.append(res % "[%s]" % ", ".join("r%d" % i for i in range(len(calls))))
    elif form in ("taskgroup", "taskgroup-loop"):
        lines.append("async with %s.TaskGroup() as tg:" % A)
        if form == "taskgroup":
            for k, c in zip(keys, calls):
                named = b.chance("tg.name", 0.3)
                lines.append("    tg.create_task(%s%s)" % (c, ', name="w%d"' % k if named else ""))
        else:
            lines += ["    for k in %s:" % tup,
                      '        tg.create_task(%s(k), name=f"w{k}")' % work]
        lines.append(res % '"done"')
    elif form == "gather-return-exceptions":
        lines += ["rs = await %s.gather(%s, return_exceptions=True)" % (A, ", ".join(calls)),
                  res % "[type(r).__name__ if isinstance(r, BaseException) else r for r in rs]"]
    elif form == "gather-collected":
        lines += ["coros = [%s(k) for k in %s]" % (work, tup),
                  "rs = await %s.gather(*coros)" % A, res % "rs"]
    elif form == "gather-appended":
        element = b.choose("appended", ["%s.create_task(%%s)" % A,
                                        "%s.ensure_future(%%s)" % A, "%s"])
        lines += ["jobs = []",
                  "for k in %s:" % tup,
                  "    jobs.append(%s)" % (element % ("%s(k)" % work)),
                  "if jobs:",
                  "    rs = await %s.gather(*jobs)" % A,
                  "    " + res % "rs"]
    elif form == "gather-in-expression":
        lines.append(res % ("len(await %s.gather(%s))" % (A, ", ".join(calls))))
    elif form == "gather-coro-var":
        lines.append("first = %s" % calls[0])
        lines += ["rs = await %s.gather(first%s)" % (A, "".join(", " + c for c in calls[1:])),
                  res % "rs"]
    elif form == "wait-all":
        lines += ["done, pending = await %s.wait([%s.create_task(%s(k)) for k in %s])"
                  % (A, A, work, tup),
                  res % "sorted(t.result() for t in done), len(pending)"]
    elif form == "as-completed":
        lines += ["for next_done in %s.as_completed([%s(k) for k in %s]):" % (A, work, tup),
                  "    r = await next_done",
                  '    print("%s", "completed", r)' % b.name]
    elif form == "create-between":
        for i, c in enumerate(calls):
            lines.append("t%d = %s.create_task(%s)" % (i, A, c))
        lines.append('print("%s", "tasks started")' % b.name)
        for i in range(len(calls)):
            lines.append("await t%d" % i)
        lines.append(res % '"done"')
    elif form == "create-forget":
        for c in calls:
            lines.append("%s.create_task(%s)" % (A, c))
        lines.append("await %s.sleep(%.2f)" % (A, (max(keys) + 4) / 100))
        lines.append(res % '"slept"')
    elif form == "tasks-in-list":
        lines += ["tasks = [%s.create_task(%s(k)) for k in %s]" % (A, work, tup),
                  "rs = [await t for t in tasks]", res % "rs"]
    elif form == "taskgroup-kept":
        lines.append("async with %s.TaskGroup() as tg:" % A)
        for i, c in enumerate(calls):
            lines.append("    t%d = tg.create_task(%s)" % (i, c))
        lines.append(res % "[%s]" % ", ".join("t%d.result()" % i for i in range(len(calls))))
    else:
        raise ValueError(form)
    return "\n".join(lines), form


def guarded(b, code, form):
    """`code` inside a try that catches the ValueError a worker raises."""
    say = lambda *parts: b.say(*parts)  # noqa: E731
    if form.startswith("taskgroup"):
        handler = b.choose("catch", ["except* ValueError:", "except* (KeyError, ValueError):",
                                     "except* Exception:"])
    else:
        handler = b.choose("catch", ["except ValueError:", "except (KeyError, ValueError):",
                                     "except Exception:"],
                           ["except ValueError as e:", "except ValueError:#return"])
    returns = handler.endswith("#return")
    handler = handler.replace("#return", "")
    lines = ["try:", indent(code), handler]
    if handler.endswith(" as e:"):
        lines.append("    %s" % say('"caught"', "type(e).__name__"))
    else:
        lines.append("    %s" % say('"caught"'))
    if returns:
        lines.append('    return')
    if b.chance("try.else", 0.3):
        lines += ["else:", "    %s" % say('"no error"')]
    if b.chance("try.finally", 0.4):
        lines += ["finally:", "    %s" % say('"finally"')]
    return "\n".join(lines)
