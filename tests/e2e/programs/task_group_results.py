"""Tasks of a TaskGroup whose results are read once the group has ended:
kept by name and in a list; a failing task, and a deadline, end the group
with an error instead."""
import asyncio


async def square(n, delay=0.0):
    await asyncio.sleep(delay)
    return n * n


async def refuse(n):
    await asyncio.sleep(0)
    raise ValueError(f"cannot take {n}")


async def by_name():
    async with asyncio.TaskGroup() as tg:
        small = tg.create_task(square(2))
        tg.create_task(square(3))
        large = tg.create_task(square(4, delay=0.01))
    return small.result() + large.result()


async def in_a_list(numbers):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(square(n, delay=0.001 * n)) for n in numbers]
    squares = [t.result() for t in tasks]
    for task in tasks:
        print("  read", task.result())
    return squares, tasks[-1].result()


async def with_a_failure():
    try:
        async with asyncio.TaskGroup() as tg:
            good = tg.create_task(square(5, delay=0.05))
            tg.create_task(refuse(6))
        print("not reached", good.result())
    except* ValueError:
        print("  the group raised ValueError")


async def slow_group():
    async with asyncio.TaskGroup() as tg:
        slow = tg.create_task(square(7, delay=5))
    print("not reached", slow.result())


async def past_deadline():
    try:
        await asyncio.wait_for(slow_group(), 0.02)
    except TimeoutError:
        print("  the deadline passed")


async def main():
    print("by name:", await by_name())
    print("in a list:", await in_a_list([1, 2, 3]))
    await with_a_failure()
    await past_deadline()


asyncio.run(main())
