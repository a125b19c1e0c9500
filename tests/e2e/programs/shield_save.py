"""Shielded saves in `finally:` that complete: statement and assignment
forms (outside cleanup the shield stays: see shield_caller_leaves)."""
import asyncio

STORE = {}


async def save(key, value):
    await asyncio.sleep(0.01)
    STORE[key] = value
    return len(STORE)


async def checkpoint(state):
    try:
        print("checkpoint of", len(state), "entries")
    finally:
        await asyncio.shield(save("state", state))
        count = await asyncio.shield(save("count", len(state)))
        print("saved", count, "entries")
    return count


async def main():
    total = await checkpoint({"a": 1, "b": 2})
    print("entries after checkpoint:", total)
    print(sorted(STORE))


asyncio.run(main())
