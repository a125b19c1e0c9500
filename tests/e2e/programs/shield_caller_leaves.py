"""A shielded job goes on while its cancelled caller leaves at once.

asyncio.shield runs the job in a task of its own: the caller, cancelled by
its timeout, returns to main at once, and the job still finishes later. A
shielded cancel scope would make the caller wait for the job instead (and
then return normally, with no timeout at all), so the tool leaves the
shield as it is and reports it; the rest runs on anyio's asyncio backend.
"""
import asyncio

EVENTS = []


async def job(name):
    await asyncio.sleep(0.05)
    EVENTS.append(name + " finished")
    print(name, "finished")


async def caller(name):
    await asyncio.shield(job(name))
    EVENTS.append("caller of " + name + " finished")


async def failing_job():
    await asyncio.sleep(0.01)
    raise ValueError("job failed")


async def caller_of_failing():
    return await asyncio.shield(failing_job())


async def main():
    try:
        await asyncio.wait_for(caller("save"), 0.01)
    except TimeoutError:
        EVENTS.append("caller cancelled")
        print("caller cancelled")
    await asyncio.sleep(0.1)
    try:
        await caller_of_failing()
    except ValueError as exc:
        print("caller saw:", exc)
    print(EVENTS)


asyncio.run(main())
