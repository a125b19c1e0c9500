"""Events: one on an object stops an async generator, one at module level spans two runs."""
import asyncio

READY = asyncio.Event()


class Feed:
    def __init__(self, items):
        self.items = items
        self.stopped = asyncio.Event()

    async def stream(self):
        for item in self.items:
            if self.stopped.is_set():
                print("feed: stop seen, closing")
                return
            await asyncio.sleep(0)
            yield item
        print("feed: exhausted")


async def consume(items):
    feed = Feed(items)
    seen = []
    async for item in feed.stream():
        if item == "STOP":
            feed.stopped.set()
            continue
        seen.append(item)
    print("stopped flag:", feed.stopped.is_set())
    if feed.stopped.is_set():
        await feed.stopped.wait()
        print("waiting on a set event returns at once")
    return seen


async def first_run():
    print("ready before:", READY.is_set())
    print("seen:", await consume(["a", "b", "STOP", "c", "d"]))
    print("seen:", await consume(["x", "y"]))
    READY.set()


async def second_run(label):
    await READY.wait()
    print(f"{label}: ready still set:", READY.is_set())


asyncio.run(first_run())
asyncio.run(second_run("second run"))
