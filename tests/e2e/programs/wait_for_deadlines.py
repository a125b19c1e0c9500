"""Deadlines around single awaits: statements, assignments, returns, one-line ifs."""
import asyncio

LOG = []


async def lookup(key, delay):
    await asyncio.sleep(delay)
    LOG.append(key)
    return key.upper()


async def fast_path(key):
    return await asyncio.wait_for(lookup(key, 0), timeout=1)


async def with_fallback(key, delay, budget):
    try:
        value = await asyncio.wait_for(lookup(key, delay), budget)
    except asyncio.TimeoutError:
        value = f"<{key} timed out>"
    return value


async def tally(keys):
    total = 0
    for key in keys:
        value = await asyncio.wait_for(lookup(key, 0), None)
        total += len(value)
    return total


async def main(verbose):
    print(await fast_path("alpha"))
    print(await with_fallback("beta", 0, 0.5))
    print(await with_fallback("gamma", 0.3, 0.02))
    if verbose: await asyncio.wait_for(lookup("delta", 0), 1)
    count = 0; first, second = await asyncio.wait_for(pair(), 1)
    print("pair:", first, second, count)
    print("tally:", await tally(["a", "bb", "ccc"]))
    print("log:", LOG)


async def pair():
    await asyncio.sleep(0)
    return "left", "right"


asyncio.run(main(True))
