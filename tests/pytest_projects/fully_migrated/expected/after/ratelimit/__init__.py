"""At most N jobs at a time, with deadlines."""
import anyio


class Limiter:
    """At most `limit` holders at once; the others wait their turn."""

    def __init__(self, limit):
        self._slots = anyio.Semaphore(limit, fast_acquire=True)
        self._count = anyio.Lock(fast_acquire=True)
        self.limit = limit
        self.held = 0
        self.peak = 0

    async def acquire(self):
        await self._slots.acquire()
        async with self._count:
            self.held += 1
            self.peak = max(self.peak, self.held)

    def release(self):
        self.held -= 1
        self._slots.release()


async def run_all(limiter, jobs):
    """Run every job under the limiter; their results, in order."""
    results = [None] * len(jobs)

    async def one(index, job):
        await limiter.acquire()
        try:
            results[index] = await job()
        finally:
            limiter.release()

    async with anyio.create_task_group() as tg:
        for index, job in enumerate(jobs):
            tg.start_soon(one, index, job)
    return results


async def with_deadline(job, seconds):
    """The job's result, or TimeoutError after `seconds`."""
    with anyio.fail_after(seconds):
        return await job()
