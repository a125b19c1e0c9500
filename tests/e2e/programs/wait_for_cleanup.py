"""A timed-out call whose own cleanup awaits: asyncio cancels the call once,
so its `finally:` still awaits to the end; a fail_after scope would cancel
that await again. The tool leaves such wait_for calls to asyncio and says
why; the rest is migrated and runs on anyio's asyncio backend."""
import asyncio

LOG = []


async def fetch(name):
    try:
        await asyncio.sleep(10)
    finally:
        await asyncio.sleep(0.01)
        LOG.append(name + " closed")


async def quick(name):
    await asyncio.sleep(0.01)
    return name + " answered"


async def main():
    try:
        await asyncio.wait_for(fetch("slow"), 0.02)
    except TimeoutError:
        LOG.append("slow timed out")
    answer = await asyncio.wait_for(quick("fast"), 1)
    print(answer)
    print(LOG)


asyncio.run(main())
