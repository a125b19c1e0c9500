"""The drop-in queue module behaves as asyncio.Queue does, on both backends.

Each scenario is written once against a small driver (a queue module, a way
to start tasks and to cancel one) and prints what it sees. It runs with
asyncio's own queues under asyncio, and with the module's queues under anyio
on the asyncio and on the trio backend: the three transcripts must be equal,
line for line. A few checks that asyncio cannot take part in (nothing to
compare with) assert their outcome directly.

    QUEUE_COMPAT=path/to/queue_compat.py python3 -m unittest test_queue_compat
"""

import asyncio
import importlib.util
import os
import unittest

import anyio

spec = importlib.util.spec_from_file_location("queue_compat", os.environ["QUEUE_COMPAT"])
qc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qc)


class AsyncioDriver:
    """asyncio.Queue under asyncio."""

    Queue, LifoQueue, PriorityQueue = asyncio.Queue, asyncio.LifoQueue, asyncio.PriorityQueue
    QueueEmpty, QueueFull = asyncio.QueueEmpty, asyncio.QueueFull

    def __init__(self):
        self.tasks = []

    def start(self, func, *args):
        task = asyncio.ensure_future(func(*args))
        self.tasks.append(task)
        return task

    def cancel(self, handle):
        handle.cancel()

    async def settle(self):
        for _ in range(5):
            await asyncio.sleep(0)

    async def finish(self):
        await asyncio.gather(*self.tasks, return_exceptions=True)


class AnyioDriver:
    """The drop-in module under anyio; tasks in one task group."""

    Queue, LifoQueue, PriorityQueue = qc.Queue, qc.LifoQueue, qc.PriorityQueue
    QueueEmpty, QueueFull = qc.QueueEmpty, qc.QueueFull

    def __init__(self, tg):
        self.tg = tg

    def start(self, func, *args):
        scope = anyio.CancelScope()

        async def run():
            with scope:
                await func(*args)

        self.tg.start_soon(run)
        return scope

    def cancel(self, handle):
        handle.cancel()

    async def settle(self):
        for _ in range(5):
            await anyio.sleep(0)

    async def finish(self):
        pass


# ---- scenarios: each takes a driver and a list to record into --------------


async def ordering(d, out):
    for cls in (d.Queue, d.LifoQueue, d.PriorityQueue):
        q = cls()
        for item in (3, 1, 2):
            q.put_nowait(item)
        out.append([q.get_nowait() for _ in range(3)])


async def nowait_errors(d, out):
    q = d.Queue(maxsize=1)
    q.put_nowait("a")
    try:
        q.put_nowait("b")
    except d.QueueFull:
        out.append("full")
    q.get_nowait()
    try:
        q.get_nowait()
    except d.QueueEmpty:
        out.append("empty")
    out.append((q.maxsize, q.qsize(), q.empty(), q.full()))


async def unbounded(d, out):
    for size in (0, -1):
        q = d.Queue(maxsize=size)
        for i in range(1000):
            await q.put(i)
        out.append((size, q.qsize(), q.full()))


async def blocking_at_maxsize(d, out):
    q = d.Queue(maxsize=2)

    async def producer():
        for i in range(5):
            await q.put(i)
            out.append(f"put {i}")

    d.start(producer)
    await d.settle()
    out.append(f"blocked with {q.qsize()}")
    for _ in range(5):
        out.append(f"got {await q.get()}")
        await d.settle()


async def waiters_in_order(d, out):
    q = d.Queue()

    async def getter(name):
        out.append(f"{name} got {await q.get()}")

    for name in ("first", "second", "third"):
        d.start(getter, name)
        await d.settle()
    for item in ("x", "y", "z"):
        q.put_nowait(item)
        await d.settle()


async def join_waits(d, out):
    q = d.Queue()

    async def worker():
        while True:
            item = await q.get()
            await d.settle()
            out.append(f"done {item}")
            q.task_done()
            if item == "last":
                return

    for item in ("a", "b", "last"):
        q.put_nowait(item)
    d.start(worker)
    await q.join()
    out.append("joined")
    try:
        q.task_done()
    except ValueError:
        out.append("too many task_done")


async def cancelled_get_keeps_item(d, out):
    q = d.Queue()

    async def getter():
        out.append(f"got {await q.get()}")

    handle = d.start(getter)
    await d.settle()
    d.cancel(handle)
    await d.settle()
    q.put_nowait("kept")
    await d.settle()
    out.append(f"left {q.qsize()}")


async def cancelled_put_adds_nothing(d, out):
    q = d.Queue(maxsize=1)
    q.put_nowait("one")

    async def putter():
        await q.put("two")

    handle = d.start(putter)
    await d.settle()
    d.cancel(handle)
    await d.settle()
    out.append(q.get_nowait())
    await d.settle()
    out.append(f"left {q.qsize()}")


async def woken_then_cancelled(d, out):
    # The first getter is woken by a put and cancelled before it runs. Which
    # getter ends up with the item depends on when the backend delivers the
    # cancellation (asyncio: at once; anyio: at the next checkpoint, which
    # the woken getter never reaches); that exactly one does, is the point.
    q = d.Queue()
    got = []

    async def getter(name):
        got.append(await q.get())

    first = d.start(getter, "first")
    await d.settle()
    d.start(getter, "second")
    await d.settle()
    q.put_nowait("item")
    d.cancel(first)
    await d.settle()
    out.append(f"delivered {got}, left {q.qsize()}")


SCENARIOS = [ordering, nowait_errors, unbounded, blocking_at_maxsize, waiters_in_order,
             join_waits, cancelled_get_keeps_item, cancelled_put_adds_nothing,
             woken_then_cancelled]


def transcript_asyncio(scenario):
    out = []

    async def main():
        d = AsyncioDriver()
        await scenario(d, out)
        await d.finish()

    asyncio.run(main())
    return out


def transcript_anyio(scenario, backend):
    out = []

    async def main():
        async with anyio.create_task_group() as tg:
            await scenario(AnyioDriver(tg), out)
            await AnyioDriver(tg).settle()
            tg.cancel_scope.cancel()

    anyio.run(main, backend=backend)
    return out


class SameAsAsyncio(unittest.TestCase):
    def test_scenarios(self):
        for scenario in SCENARIOS:
            expected = transcript_asyncio(scenario)
            for backend in ("asyncio", "trio"):
                with self.subTest(scenario=scenario.__name__, backend=backend):
                    self.assertEqual(transcript_anyio(scenario, backend), expected)


class OwnChecks(unittest.TestCase):
    def test_generic_annotation(self):
        self.assertIs(qc.Queue[int], qc.Queue[int])

    def test_made_outside_an_event_loop(self):
        q = qc.Queue(3)

        async def use():
            await q.put(1)
            return await q.get()

        self.assertEqual(anyio.run(use, backend="trio"), 1)

    def test_exceptions_are_not_asyncio(self):
        self.assertFalse(issubclass(qc.QueueEmpty, asyncio.QueueEmpty))
        self.assertEqual(qc.__all__, ["Queue", "LifoQueue", "PriorityQueue", "QueueEmpty", "QueueFull"])


if __name__ == "__main__":
    unittest.main()
