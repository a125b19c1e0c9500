"""shield_caller_leaves.py finished by hand, as ANY202 says: the job starts in
a task group that outlives the caller, which waits for it on an Event."""
import anyio

EVENTS = []


async def job(name):
    await anyio.sleep(0.05)
    EVENTS.append(name + " finished")
    print(name, "finished")


async def caller(tg, name):
    done = anyio.Event()

    async def run_job():
        await job(name)
        done.set()

    tg.start_soon(run_job)
    await done.wait()
    EVENTS.append("caller of " + name + " finished")


async def failing_job():
    await anyio.sleep(0.01)
    raise ValueError("job failed")


async def caller_of_failing(tg):
    outcome = {}
    done = anyio.Event()

    async def run_job():
        try:
            outcome["value"] = await failing_job()
        except ValueError as exc:
            outcome["error"] = exc
        done.set()

    tg.start_soon(run_job)
    await done.wait()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


async def main():
    async with anyio.create_task_group() as tg:
        try:
            with anyio.fail_after(0.01):
                await caller(tg, "save")
        except TimeoutError:
            EVENTS.append("caller cancelled")
            print("caller cancelled")
        await anyio.sleep(0.1)
        try:
            await caller_of_failing(tg)
        except ValueError as exc:
            print("caller saw:", exc)
    print(EVENTS)


anyio.run(main)
