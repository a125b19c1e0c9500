"""The worker pool of the documentation of queues: workers take items from
a queue, join() waits until every item is done, then the workers are
cancelled. With puts while the workers run, a worker that handles a failing
item, no items at all, deadlines around the whole pool, and the pool
cancelled by a failing sibling."""
import asyncio


async def worker(name, queue, done):
    while True:
        delay = await queue.get()
        await asyncio.sleep(delay)
        done.append((name, delay))
        queue.task_done()


async def pool(delays, workers, done):
    queue = asyncio.Queue()
    for delay in delays:
        queue.put_nowait(delay)
    tasks = []
    for i in range(workers):
        task = asyncio.create_task(worker(f"worker-{i}", queue, done))
        tasks.append(task)
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def checked(jobs, results):
    while True:
        job = await jobs.get()
        try:
            if job < 0:
                raise ValueError(f"bad job {job}")
            await asyncio.sleep(0.001 * job)
            results.append(job * job)
        except ValueError as exc:
            results.append(str(exc))
        finally:
            jobs.task_done()


async def feed(items, workers):
    jobs = asyncio.Queue(2)
    results = []
    tasks = [asyncio.create_task(checked(jobs, results)) for _ in range(workers)]
    for item in items:
        await jobs.put(item)
    print("all put, unfinished:", len(results) < len(items))
    await jobs.join()
    for task in tasks:
        task.cancel()
    return sorted(results, key=str)


async def fail_soon():
    await asyncio.sleep(0.2)
    raise RuntimeError("sibling failed")


async def main():
    done = []
    await pool((0.03, 0.01, 0.02, 0.01, 0.04, 0.02), 3, done)
    print(len(done), round(sum(d for _, d in done), 2))
    print(sorted({name for name, _ in done}))
    print(await feed([3, -1, 2, 5, -7, 1, 4], 2))
    results = await asyncio.wait_for(feed(list(range(10)), 3), timeout=5)
    print(results)
    empty = []
    await pool((), 2, empty)
    print("no items:", empty)
    stopped = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(pool((0.01, 0.01, 5, 5, 5), 2, stopped))
            tg.create_task(fail_soon())
    except* RuntimeError as group:
        print("cancelled by a sibling:", sorted(d for _, d in stopped),
              [str(e) for e in group.exceptions])
    cut = []
    try:
        async with asyncio.timeout(0.3):
            await pool((0.01, 0.01, 0.01, 5, 5, 5, 5), 3, cut)
    except TimeoutError:
        print("deadline:", sorted(d for _, d in cut))


asyncio.run(main())
