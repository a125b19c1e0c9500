"""Deadlines (wait_for, timeout), cancellation and its handlers, shield."""

from generator import pattern


def slow_helper(b, note):
    """`<block>_slow(k)`: sleeps k slots; with `note`, reports a
    cancellation in one of the handler shapes and passes it on."""
    A = b.A
    name = b.helper_name("slow")
    lines = ["async def %s(k):" % name]
    if note == "none":
        lines.append("    await %s.sleep(k / 100)" % A)
    elif note == "reraise":
        lines += ["    try:",
                  "        await %s.sleep(k / 100)" % A,
                  "    except %s.CancelledError:" % A,
                  "        %s" % b.say('"slow cancelled"', "k"),
                  "        raise"]
    elif note == "reraise-as":
        lines += ["    try:",
                  "        await %s.sleep(k / 100)" % A,
                  "    except %s.CancelledError as exc:" % A,
                  "        %s" % b.say('"slow cancelled"', "k"),
                  "        raise exc"]
    elif note == "finally":
        lines += ["    try:",
                  "        await %s.sleep(k / 100)" % A,
                  "    finally:",
                  "        %s" % b.say('"slow leaves"', "k")]
    elif note == "cleanup-await":
        # Awaits while cancelled: anyio cancels that await again, the
        # timeout rules must flag a block around it.
        lines += ["    try:",
                  "        await %s.sleep(k / 100)" % A,
                  "    except %s.CancelledError:" % A,
                  "        await %s.sleep(0)" % A,
                  "        %s" % b.say('"slow cleaned up"', "k"),
                  "        raise"]
    else:
        raise ValueError(note)
    lines += ["    %s" % b.say('"slow done"', "k"), "    return k"]
    b.add_helper("\n".join(lines))
    return name


def catch_timeout(b, code):
    A = b.A
    handler = b.choose("timeout.catch", ["%s.TimeoutError" % A, "TimeoutError",
                                         "(%s.TimeoutError, ValueError)" % A])
    return "try:\n%s\nexcept %s:\n    %s" % (
        "\n".join("    " + line for line in code.split("\n")), handler,
        b.say('"timed out"'))


@pattern("wait-for", weight=3)
def wait_for(b):
    A = b.A
    note = b.choose("slow.note", ["none", "reraise", "reraise-as", "finally"],
                    ["cleanup-await"])
    slow = slow_helper(b, note)
    fires = b.chance("fires", 0.5)
    (k,) = b.slots(1, low=4, high=10)
    limit = "%.2f" % ((k - 3) / 100 if fires else (k + 20) / 100)
    if not fires and b.chance("timeout.none", 0.2):
        limit = "None"
    shape = b.choose("wait_for.shape", ["statement", "assign", "return", "keyword"],
                     ["in-expression", "task"])
    call = "%s.wait_for(%s(%d), %s)" % (A, slow, k, limit)
    if shape == "statement":
        code = "await %s\n%s" % (call, b.say('"finished"'))
    elif shape == "assign":
        code = "r = await %s\n%s" % (call, b.say('"result"', "r"))
    elif shape == "keyword":
        code = "r = await %s.wait_for(%s(%d), timeout=%s)\n%s" % (
            A, slow, k, limit, b.say('"result"', "r"))
    elif shape == "return":
        inner = b.helper_name("bounded")
        b.add_helper("async def %s():\n    return await %s" % (inner, call))
        code = "r = await %s()\n%s" % (inner, b.say('"result"', "r"))
    elif shape == "in-expression":
        code = b.say('"result"', "await %s" % call)
    else:
        code = "task = %s.create_task(%s(%d))\nr = await %s.wait_for(task, %s)\n%s" % (
            A, slow, k, A, limit, b.say('"result"', "r"))
    if fires or b.chance("guarded", 0.3):
        code = catch_timeout(b, code)
    b.add(code)
    b.add(b.say('"after"'))


@pattern("timeout", weight=3)
def timeout(b):
    A = b.A
    note = b.choose("slow.note", ["none", "reraise", "finally"], ["cleanup-await"])
    slow = slow_helper(b, note)
    fires = b.chance("fires", 0.5)
    # Two sleeps, the second at least 60 ms: a deadline that fires passes
    # 30 ms after the first ends and 30 ms or more before the second would.
    first, second = b.slots(1, low=2, high=8)[0], b.slots(1, low=6, high=9)[0]
    if fires:
        limit = "%.2f" % ((first + 3) / 100)
    else:
        limit = "%.2f" % ((first + second + 20) / 100)
        if b.chance("timeout.none", 0.2):
            limit = "None"
    shape = b.choose("timeout.shape", ["plain", "nested"], ["as-cm", "await-in-finally"])
    body = ["    await %s(%d)" % (slow, first), "    %s" % b.say('"first done"'),
            "    await %s(%d)" % (slow, second)]
    if shape == "as-cm":
        head = "async with %s.timeout(%s) as cm:" % (A, limit)
        body.append("    %s" % b.say('"expired"', "cm.expired()"))
    else:
        head = "async with %s.timeout(%s):" % (A, limit)
    if shape == "await-in-finally":
        body = ["    try:"] + ["    " + line for line in body] + [
            "    finally:", "        await %s.sleep(0)" % A,
            "        %s" % b.say('"cleanup ran"')]
    if shape == "nested":
        outer = "%.2f" % ((first + second + 30) / 100)
        body = ["    async with %s.timeout(%s):" % (A, outer)] + ["    " + l for l in body]
    code = "\n".join([head] + body + [b.say('"inside done"')])
    if fires or b.chance("guarded", 0.3):
        code = catch_timeout(b, code)
    b.add(code)


@pattern("nested-deadlines", weight=2)
def nested_deadlines(b):
    """A wait_for inside an asyncio.timeout block (or the other way
    round); the outer or the inner deadline passes first."""
    A = b.A
    note = b.choose("slow.note", ["none", "reraise", "finally"])
    slow = slow_helper(b, note)
    (k,) = b.slots(1, low=10, high=14)
    inner_first = b.chance("inner.first", 0.5)
    inner, outer = ((k - 6, k - 3) if inner_first else (k - 3, k - 6))
    outside = b.choose("nested.outer", ["timeout", "wait_for"])
    if outside == "timeout":
        code = "\n".join([
            "async with %s.timeout(%.2f):" % (A, outer / 100),
            "    try:",
            "        await %s.wait_for(%s(%d), %.2f)" % (A, slow, k, inner / 100),
            "    except %s.TimeoutError:" % A,
            "        %s" % b.say('"inner timed out"'),
            "    await %s.sleep(%.2f)" % (A, (k + 10) / 100),
            "    %s" % b.say('"inside done"')])
    else:
        helper = b.helper_name("bounded")
        b.add_helper("\n".join([
            "async def %s():" % helper,
            "    try:",
            "        async with %s.timeout(%.2f):" % (A, inner / 100),
            "            await %s(%d)" % (slow, k),
            "    except TimeoutError:",
            "        %s" % b.say('"inner timed out"'),
            "    await %s.sleep(%.2f)" % (A, (k + 10) / 100),
            "    return 'done'"]))
        code = "r = await %s.wait_for(%s(), %.2f)\n%s" % (A, helper, outer / 100,
                                                        b.say('"result"', "r"))
    b.add(catch_timeout(b, code))


@pattern("cancel-handlers", weight=2)
def cancel_handlers(b):
    """A deadline cancels work whose handlers log and pass the
    cancellation on, or swallow it (a neighbour the rule must flag)."""
    A = b.A
    (k,) = b.slots(1, low=8, high=14)
    inner = b.helper_name("inner")
    style = b.choose("cancel.style", ["reraise", "tuple", "from-import", "nested-handler"],
                     ["swallow"])
    if style == "from-import":
        b.needs("from asyncio import CancelledError")
        exc = "CancelledError"
    elif style == "tuple":
        exc = "(%s.CancelledError, KeyError)" % A
    else:
        exc = "%s.CancelledError" % A
    lines = ["async def %s():" % inner, "    try:",
             "        await %s.sleep(%.2f)" % (A, k / 100),
             "    except %s:" % exc]
    if style == "swallow":
        lines += ["        %s" % b.say('"swallowed"'), "        return 'swallowed'"]
    elif style == "nested-handler":
        lines += ["        for attempt in range(3):",
                  "            if attempt == 1:",
                  "                break",
                  "            %s" % b.say('"rolls back"', "attempt"),
                  "        raise"]
    else:
        lines += ["        %s" % b.say('"cancelled"'), "        raise"]
    lines.append("    return 'finished'")
    b.add_helper("\n".join(lines))
    b.add(catch_timeout(b, "r = await %s.wait_for(%s(), %.2f)\n%s"
                        % (A, inner, (k - 4) / 100, b.say('"result"', "r"))))


@pattern("shield", weight=1)
def shield(b):
    """A shielded save in cleanup (rewritten: the caller waiting for it is
    what cleanup wants), or elsewhere (left as is: a cancelled caller
    would be held until the save ends)."""
    A = b.A
    save = b.helper_name("save")
    (k,) = b.slots(1)
    b.add_helper("async def %s(v):\n    await %s.sleep(%.2f)\n    %s\n    return v"
                 % (save, A, k / 100, b.say('"saved"', "v")))
    shape = b.choose("shield.shape", ["finally", "cancel-handler"],
                     ["statement", "assign", "return", "in-expression"])
    if shape == "finally":
        b.add("try:\n    %s\nfinally:\n    await %s.shield(%s(1))" % (b.say('"work"'), A, save))
    elif shape == "cancel-handler":
        helper = b.helper_name("guarded")
        b.add_helper("async def %s():\n    try:\n        await %s.sleep(0)\n"
                     "    except %s.CancelledError:\n        await %s.shield(%s(2))\n"
                     "        raise\n    return 'done'" % (helper, A, A, A, save))
        b.add("r = await %s()\n%s" % (helper, b.say('"result"', "r")))
    elif shape == "statement":
        b.add("await %s.shield(%s(1))" % (A, save))
    elif shape == "assign":
        b.add("r = await %s.shield(%s(2))\n%s" % (A, save, b.say('"result"', "r")))
    elif shape == "return":
        helper = b.helper_name("guarded")
        b.add_helper("async def %s():\n    return await %s.shield(%s(3))" % (helper, A, save))
        b.add("r = await %s()\n%s" % (helper, b.say('"result"', "r")))
    else:
        b.add(b.say('"result"', "await %s.shield(%s(4))" % (A, save)))


@pattern("shield-cancelled", weight=1, neighbour=True)
def shield_cancelled(b):
    """A shielded save whose caller's deadline passes first: asyncio's
    caller stops waiting at once, a shielded scope waits for the save."""
    A = b.A
    save = b.helper_name("save")
    (k,) = b.slots(1, low=8, high=12)
    b.add_helper("async def %s(v):\n    await %s.sleep(%.2f)\n    %s\n    return v"
                 % (save, A, k / 100, b.say('"saved"', "v")))
    b.add_helper("async def %s():\n    await %s.shield(%s(5))\n    %s"
                 % (b.helper_name("caller"), A, save, b.say('"caller done"')))
    b.add(catch_timeout(b, "await %s.wait_for(%s(), %.2f)" % (A, b.helper_name("caller"),
                                                             (k - 4) / 100)))
    b.add("await %s.sleep(%.2f)\n%s" % (A, (k + 2) / 100, b.say('"after"')))
