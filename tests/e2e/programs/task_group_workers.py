"""A task group of workers writing into a shared dict, with names and keywords."""
import asyncio

RESULTS = {}


async def worker(name, items, *, factor=1):
    for item in items:
        await asyncio.sleep(0)
        RESULTS.setdefault(name, []).append(item * factor)


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker("a", [1, 2, 3]))
        tg.create_task(worker("b", [4, 5], factor=10), name="worker-b")
        for n in range(2):
            tg.create_task(worker(f"loop{n}", [n]))
    for name in sorted(RESULTS):
        print(name, RESULTS[name])
    try:
        async with asyncio.TaskGroup() as tg2:
            tg2.create_task(worker("c", [None], factor=2))
    except* TypeError:
        print("worker c failed with TypeError")


asyncio.run(main())
