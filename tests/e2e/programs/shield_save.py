"""Shielded saves that complete: statement, assignment and return forms."""
import asyncio

STORE = {}


async def save(key, value):
    await asyncio.sleep(0.01)
    STORE[key] = value
    return len(STORE)


async def checkpoint(state):
    await asyncio.shield(save("state", state))
    count = await asyncio.shield(save("count", len(state)))
    print("saved", count, "entries")
    return await asyncio.shield(save("done", True))


async def main():
    total = await checkpoint({"a": 1, "b": 2})
    print("entries after checkpoint:", total)
    print(sorted(STORE))


asyncio.run(main())
