"""Workers log their cancellation and pass it on when a deadline stops them."""
import asyncio
from asyncio import CancelledError

EVENTS = []


async def download(name, seconds):
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        EVENTS.append(f"{name}: stopped while downloading")
        raise
    EVENTS.append(f"{name}: downloaded")
    return f"{name}-payload"


async def parse(name, seconds):
    try:
        return await download(name, seconds)
    except (asyncio.CancelledError, KeyError) as exc:
        def label():
            return "parse step"

        EVENTS.append(f"{name}: {label()} saw the stop")
        raise exc


async def store(name, seconds):
    try:
        payload = await parse(name, seconds)
    except CancelledError:
        for attempt in range(3):
            if attempt == 1:
                break
            EVENTS.append(f"{name}: store step rolls back (attempt {attempt})")
        raise
    EVENTS.append(f"{name}: stored {payload}")


async def run_job(name, seconds, deadline):
    try:
        async with asyncio.timeout(deadline):
            await store(name, seconds)
    except asyncio.TimeoutError:
        EVENTS.append(f"{name}: deadline of {deadline}s passed")
        return "late"
    return "on time"


def kind(func):
    return "async" if asyncio.iscoroutinefunction(func) else "plain"


async def same_task_inside(owner):
    await asyncio.sleep(0)
    return id(asyncio.current_task()) == owner


async def main():
    owner = id(asyncio.current_task())
    print("fast job:", await run_job("fast", 0.01, 1.0))
    print("slow job:", await run_job("slow", 5.0, 0.05))
    for event in EVENTS:
        print(" ", event)

    print("kinds:", kind(download), kind(kind), kind(len), kind(main))
    print("awaited helper runs in the caller's task:",
          await same_task_inside(owner))
    print("the id is stable:", owner == id(asyncio.current_task()))


asyncio.run(main())
