"""Producer, relay and consumer functions share queues handed to them as arguments."""
import asyncio


async def producer(out: asyncio.Queue[int], count):
    for i in range(count):
        await out.put(i)
    print("produced", count, "items; queue size", out.qsize())


async def doubler(source, sink):
    while not source.empty():
        value = await source.get()
        await sink.put(value * 2)


def collect(q):
    items = []
    while True:
        try:
            items.append(q.get_nowait())
        except asyncio.QueueEmpty:
            return items


async def echo(q, *, times):
    for n in range(times):
        await q.put(n)
        print("echo", await q.get())


async def main():
    numbers = asyncio.Queue()
    doubled = asyncio.Queue(10)
    await producer(numbers, 5)
    await doubler(numbers, sink=doubled)
    print("doubled:", collect(doubled))
    await echo(numbers, times=2)
    print("left:", numbers.qsize(), doubled.qsize())


asyncio.run(main())
