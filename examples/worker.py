"""A job worker: a lock around the job table, a stop event and a result future."""
import asyncio


class Worker:
    def __init__(self, name):
        self.name = name
        self.lock = asyncio.Lock()
        self.stop = asyncio.Event()
        self.done = []

    async def run_job(self, job):
        async with self.lock:
            await asyncio.sleep(0.01)
            self.done.append(job)
            print(f"{self.name}: finished {job}")


async def main(jobs):
    worker = Worker("w1")
    # A timer callback on the loop has no direct anyio equivalent: it is
    # reported with a hint instead of rewritten. The bare Future becomes a
    # `_Future` only with --unsafe-fixes: it is set without a done() guard.
    asyncio.get_event_loop().call_later(0.05, worker.stop.set)
    total = asyncio.Future()

    for job in jobs:
        await worker.run_job(job)
    await worker.stop.wait()
    total.set_result(len(worker.done))
    print(f"{worker.name}: {await total} job(s) done")

    try:
        async with asyncio.timeout(0.05):
            await worker.run_job("slow-" + jobs[0])
            await asyncio.sleep(1)
    except asyncio.TimeoutError:
        print(f"{worker.name}: gave up on the slow job")


if __name__ == "__main__":
    asyncio.run(main(["resize", "upload", "notify"]))
