"""A producer and a consumer sharing a queue through annotated parameters
(one annotation a string), the consumer's result read after the task group;
a consumer that fails, and a deadline that passes, end the group instead."""
import asyncio


async def producer(queue: asyncio.Queue[int], n: int) -> None:
    for i in range(n):
        await queue.put(i)
    await queue.put(-1)


async def consumer(queue: "asyncio.Queue[int]", fail_at: int = -1) -> list[int]:
    got = []
    while (item := await queue.get()) != -1:
        if item == fail_at:
            raise ValueError(f"cannot take {item}")
        got.append(item)
    return got


async def run(n, fail_at=-1):
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=2)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(producer(queue, n))
        got = tg.create_task(consumer(queue, fail_at))
    return got.result()


async def main():
    print("got", await run(5))
    try:
        await run(5, fail_at=3)
    except* ValueError as group:
        print("the group raised", [str(e) for e in group.exceptions])
    try:
        async with asyncio.timeout(0.05):
            await run(10**9)
    except TimeoutError:
        print("the deadline passed")


asyncio.run(main())
