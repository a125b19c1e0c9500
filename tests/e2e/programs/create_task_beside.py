"""A task started, other work done while it runs, then its result awaited:
the work waits on the task, a failing task caught around the block, and a
deadline that cancels both."""
import asyncio


async def handshake(started, name):
    started.set()
    await asyncio.sleep(0.01)
    return f"{name} finished"


async def explode(started):
    started.set()
    raise LookupError("no such record")


async def beside():
    started = asyncio.Event()
    job = asyncio.create_task(handshake(started, "report"), name="report")
    # only a task running beside this code can set the event
    await started.wait()
    print("the task started before its await")
    for step in range(2):
        await asyncio.sleep(0)
        print("step", step)
    result = await job
    return result


async def two_tasks_and_a_gather():
    first_started = asyncio.Event()
    second_started = asyncio.Event()
    first = asyncio.create_task(handshake(first_started, "first"))
    second = asyncio.ensure_future(handshake(second_started, "second"))
    await first_started.wait()
    await second_started.wait()
    print("both started")
    a, b = await asyncio.gather(first, second)
    return [a, b]


async def on_the_loop():
    loop = asyncio.get_running_loop()
    started = asyncio.Event()
    job = loop.create_task(handshake(started, "loop task"))
    await started.wait()
    return "result of " + await job


async def failing_task():
    try:
        started = asyncio.Event()
        job = asyncio.create_task(explode(started))
        await started.wait()
        value = await job
    except LookupError:
        value = "caught LookupError"
    return value


async def forever(started):
    started.set()
    await asyncio.sleep(10)
    return "never"


async def past_deadline():
    try:
        async with asyncio.timeout(0.05):
            started = asyncio.Event()
            job = asyncio.create_task(forever(started))
            await started.wait()
            await asyncio.sleep(10)
            value = await job
    except TimeoutError:
        value = "timed out"
    return value


async def main():
    print("beside:", await beside())
    print("gathered:", await two_tasks_and_a_gather())
    print("on the loop:", await on_the_loop())
    print("failure:", await failing_task())
    print("deadline:", await past_deadline())


asyncio.run(main())
