"""Times read from the running loop's clock (`loop.time()`): a poller that
gives up when its deadline passes, one a timeout cuts short, the time a sleep
took, and a plain function, called from a task, that reads the clock."""
import asyncio


def now():
    return asyncio.get_running_loop().time()


async def poll_until(ready, timeout):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        if loop.time() >= deadline:
            raise TimeoutError(f"not ready within {timeout} s")
        await asyncio.sleep(0.01)
    return loop.time() < deadline


async def measured_sleep(delay):
    started = asyncio.get_event_loop().time()
    await asyncio.sleep(delay)
    return asyncio.get_running_loop().time() - started


async def main():
    start = now()
    print("ready in time:", await poll_until(lambda: now() >= start + 0.03, 1))
    try:
        await poll_until(lambda: False, 0.05)
    except TimeoutError as exc:
        print("poll failed:", exc)
    try:
        async with asyncio.timeout(0.05):
            await poll_until(lambda: False, 10)
    except TimeoutError:
        print("poll cut short by the timeout")
    took = await measured_sleep(0.05)
    print("sleep measured:", 0.04 <= took < 1)
    print("clock moved on:", now() - start >= 0.13)


asyncio.run(main())
