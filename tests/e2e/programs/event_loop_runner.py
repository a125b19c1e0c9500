"""Plain entry points that each create, run and close their own event loop."""
import asyncio


async def produce(count, *, prefix="job"):
    jobs = []
    for index in range(count):
        await asyncio.sleep(0)
        jobs.append(f"{prefix}-{index}")
    return jobs


async def process(jobs):
    done = []
    for job in jobs:
        await asyncio.sleep(0.001)
        done.append(job.upper())
    return done


async def report(title, jobs):
    loop = asyncio.get_running_loop()  # no longer needed
    await asyncio.sleep(0)
    print(f"{title}: {len(jobs)} job(s)")


def run_batch(count):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        jobs = loop.run_until_complete(produce(count, prefix="batch"))
    finally:
        loop.close()
    return jobs


def run_processing(jobs):
    loop = asyncio.new_event_loop()
    done = loop.run_until_complete(process(jobs))
    loop.close()
    return done


def finish(jobs):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(report("finished", jobs))
    finally:
        loop.close()


def main():
    jobs = run_batch(3)
    print("produced:", jobs)
    done = run_processing(jobs)
    print("processed:", done)
    print("report returned:", finish(done))


if __name__ == "__main__":
    main()
