"""A task kept on an object: started in start(), cancelled in stop(); the
failure of a task that ends badly arrives at stop()."""
import asyncio
import contextlib


class Poller:
    def __init__(self, fail=False):
        self.fail = fail
        self.seen = []

    async def _run(self):
        try:
            for i in range(3):
                await asyncio.sleep(0.01)
                self.seen.append(i)
            if self.fail:
                raise ValueError("poll failed")
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("poller cancelled after", self.seen)
            raise

    def start(self):
        self._task = asyncio.create_task(self._run())

    async def stop(self):
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


async def main():
    poller = Poller()
    poller.start()
    await asyncio.sleep(0.1)
    await poller.stop()
    print("stopped:", poller.seen)
    failing = Poller(fail=True)
    failing.start()
    await asyncio.sleep(0.1)
    try:
        await failing.stop()
    except ValueError as e:
        print("failed:", e, failing.seen)


asyncio.run(main())
