"""Blocking jobs in a pool of two threads: never more than two run at
once, a failing job's exception reaches its caller, and a caller past its
deadline leaves while its job runs on to the end."""
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)
lock = threading.Lock()
state = {"running": 0, "peak": 0, "finished": []}


def job(n, delay):
    with lock:
        state["running"] += 1
        state["peak"] = max(state["peak"], state["running"])
    try:
        time.sleep(delay)
        if n < 0:
            raise ValueError(f"bad job {n}")
        return n * n
    finally:
        with lock:
            state["running"] -= 1
            state["finished"].append(n)


async def run_job(n, delay=0.03):
    return await asyncio.get_running_loop().run_in_executor(pool, job, n, delay)


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(run_job(n)) for n in range(5)]
    print("results", [t.result() for t in tasks])
    print("at most", state["peak"], "at once")
    try:
        await run_job(-1)
    except ValueError as exc:
        print("caught", repr(exc))
    try:
        async with asyncio.timeout(0.02):
            await run_job(7, delay=0.2)
    except TimeoutError:
        print("left the slow job, finished so far:", len(state["finished"]))
    await asyncio.sleep(0.4)
    print("finished in the end:", sorted(state["finished"]))


asyncio.run(main())
