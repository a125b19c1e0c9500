"""Gathers inside functions run by other gathers; a TaskGroup around them."""
import asyncio

LOG = []


async def leaf(name, delay):
    await asyncio.sleep(delay)
    LOG.append(name)
    return name.upper()


async def branch(prefix):
    left, right = await asyncio.gather(leaf(prefix + "-l", 0.002), leaf(prefix + "-r", 0.001))
    return f"{prefix}:{left}+{right}"


async def tree():
    return await asyncio.gather(branch("x"), branch("y"), *[leaf(f"z{i}", 0) for i in range(3)])


async def main():
    results = await tree()
    print("tree:", results)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(branch("g1"))
        tg.create_task(branch("g2"))
    print("log:", sorted(LOG))


asyncio.run(main())
