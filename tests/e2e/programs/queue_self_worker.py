"""A worker object keeps its jobs in a bounded queue on self."""
import asyncio


class Worker:
    def __init__(self, name, limit):
        self.name = name
        self.jobs = asyncio.Queue(limit)
        self.done = []

    async def submit(self, job):
        await self.jobs.put(job)
        print(f"{self.name}: submitted {job}, {self.jobs.qsize()} waiting")

    def try_submit(self, job):
        try:
            self.jobs.put_nowait(job)
            return True
        except asyncio.QueueFull:
            return False

    async def run_pending(self):
        while not self.jobs.empty():
            job = await self.jobs.get()
            await asyncio.sleep(0)
            self.done.append(job * 10)
        return len(self.done)


async def main():
    worker = Worker("w1", 2)
    await worker.submit(1)
    await worker.submit(2)
    print("third accepted:", worker.try_submit(3))
    print("ran:", await worker.run_pending())
    print("accepted after draining:", worker.try_submit(4))
    print("ran:", await worker.run_pending(), worker.done)


asyncio.run(main())
