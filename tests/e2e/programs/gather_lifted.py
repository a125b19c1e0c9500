"""gather awaited inside a larger expression: lifted into a statement of its
own, results in order; a failure caught around it; a deadline."""
import asyncio
import json

DONE = []


async def lookup(key, delay=0.0):
    await asyncio.sleep(delay)
    if key.startswith("!"):
        raise KeyError(key)
    DONE.append(key)
    return key.upper()


async def table(keys):
    return dict(zip(keys, await asyncio.gather(*[lookup(k) for k in keys])))


async def report(keys):
    text = json.dumps(await asyncio.gather(lookup(keys[0]), lookup(keys[1], 0.001)), indent=None)
    first = (await asyncio.gather(lookup("solo")))[0]
    print("report:", text, first, len(await asyncio.gather(lookup("x"), lookup("y"))))


async def guarded(keys, delay=0.002):
    try:
        found = dict(zip(keys, await asyncio.gather(*[lookup(k, delay) for k in keys])))
    except KeyError:
        found = "missing key"
    return found


async def main():
    print("table:", await table(["a", "b", "c"]))
    await report(["d", "e"])
    print("guarded:", await guarded(["f", "g"]))
    print("guarded:", await guarded(["h", "!i"]))
    DONE.clear()
    try:
        await asyncio.wait_for(table(["quick", "late"]), 10)
        await asyncio.wait_for(guarded(["j", "k"], delay=10), 0.05)
    except asyncio.TimeoutError:
        print("timed out after:", sorted(DONE))


asyncio.run(main())
