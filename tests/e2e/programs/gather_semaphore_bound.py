"""Jobs gathered under a semaphore: at most two run at once, before and
after the migration; one job failing ends the gather with its error."""
import asyncio

active = 0
most = 0


async def job(limit, n, fail=False):
    global active, most
    async with limit:
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.005)
        active -= 1
        if fail:
            raise KeyError(n)
        return n * 10


async def bounded(count):
    limit = asyncio.Semaphore(2)
    results = await asyncio.gather(*(job(limit, n) for n in range(count)))
    return results


async def bounded_with_failure():
    limit = asyncio.Semaphore(2)
    try:
        await asyncio.gather(*[job(limit, n, fail=n == 3) for n in range(5)])
    except KeyError:
        print("a job failed with KeyError")


async def main():
    print("results:", await bounded(6))
    print("at most", most, "at once")
    await bounded_with_failure()
    print("still at most", most, "at once")


asyncio.run(main())
