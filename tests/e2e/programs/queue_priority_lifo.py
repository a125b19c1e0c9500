"""Priority and LIFO queues: order, a bounded queue between two tasks, a
get that times out on an empty queue, a waiter that gives up, a consumer
whose item fails, and task_done()/join()."""
import asyncio
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)


async def producer(jobs: asyncio.PriorityQueue, items):
    for priority, name in items:
        await jobs.put(Job(priority, name))
        print("  put", name, "size", jobs.qsize(), "full", jobs.full())


async def consumer(jobs, log):
    while True:
        job = await jobs.get()
        try:
            if job.name == "stop":
                return
            if job.name.startswith("bad"):
                raise ValueError(job.name)
            log.append(job.name)
        except ValueError as exc:
            log.append(f"failed {exc}")
        finally:
            jobs.task_done()


async def priorities():
    jobs = asyncio.PriorityQueue()
    for priority, name in [(3, "c"), (1, "a1"), (2, "b"), (1, "a2"), (1, "a3")]:
        jobs.put_nowait(Job(priority, name))
    print("maxsize", jobs.maxsize, "size", jobs.qsize(), "empty", jobs.empty())
    order = []
    while not jobs.empty():
        order.append(jobs.get_nowait().name)
    print("priority order:", order)


async def bounded():
    jobs = asyncio.PriorityQueue(maxsize=2)
    log = []
    items = [(5, "e"), (4, "d"), (1, "bad-1"), (3, "c"), (9, "stop")]
    await asyncio.gather(producer(jobs, items), consumer(jobs, log))
    await jobs.join()
    print("consumed:", log)


async def lifo():
    stack = asyncio.LifoQueue()
    for n in range(1, 4):
        await stack.put(n)
    print("lifo:", [await stack.get(), stack.get_nowait(), await stack.get()])
    try:
        await asyncio.wait_for(stack.get(), timeout=0.05)
    except asyncio.TimeoutError:
        print("a get on an empty queue waits until the deadline")
    stack.put_nowait("after")
    print("the timed-out get took nothing:", stack.get_nowait(), stack.qsize())


async def handoff():
    """A waiter that gave up leaves the next item to the one still waiting."""
    stack = asyncio.LifoQueue()
    got = []

    async def timed():
        try:
            await asyncio.wait_for(stack.get(), timeout=0.02)
        except asyncio.TimeoutError:
            got.append("gave up")

    async def take():
        got.append(await stack.get())

    async def feed():
        await asyncio.sleep(0.1)
        stack.put_nowait("item")

    await asyncio.gather(timed(), take(), feed())
    print("handoff:", got)


class Undo:
    """A typed holder: a type argument in the annotations and the creation."""

    def __init__(self) -> None:
        self.steps: asyncio.LifoQueue[str] = asyncio.LifoQueue[str](maxsize=2)
        self.best: "asyncio.PriorityQueue[int]" = asyncio.PriorityQueue()

    async def record(self, step: str, cost: int) -> None:
        await self.steps.put(step)
        self.best.put_nowait(cost)


async def typed():
    undo = Undo()
    for step, cost in [("cut", 5), ("paste", 2)]:
        await undo.record(step, cost)
    print("typed:", undo.steps.full(), await undo.steps.get(), undo.best.get_nowait())


async def main():
    await typed()
    await priorities()
    await bounded()
    await lifo()
    await handoff()


asyncio.run(main())
