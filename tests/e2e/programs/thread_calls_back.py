"""A worker thread that hands results back to the event loop: coroutines
run from the thread (their values, an exception, a deadline inside one)
and a plain callback run on the loop."""
import asyncio


async def record(seen, value, scale=1):
    await asyncio.sleep(0.001)
    seen.append(value)
    return value * scale


async def refuse(value):
    await asyncio.sleep(0)
    raise ValueError(f"cannot take {value}")


async def too_slow():
    async with asyncio.timeout(0.01):
        await asyncio.sleep(5)


async def main():
    loop = asyncio.get_running_loop()
    seen = []

    def worker(n):
        total = 0
        for i in range(n):
            total += asyncio.run_coroutine_threadsafe(
                record(seen, i, scale=2), loop
            ).result()
        try:
            asyncio.run_coroutine_threadsafe(refuse(n), loop).result()
        except ValueError as exc:
            print("the worker caught", repr(exc))
        try:
            asyncio.run_coroutine_threadsafe(too_slow(), loop).result()
        except TimeoutError:
            print("the worker saw the deadline pass")
        loop.call_soon_threadsafe(seen.append, "done")
        return total

    print("total", await asyncio.to_thread(worker, 3))
    await asyncio.sleep(0.01)
    print("seen", seen)

    def failing_worker():
        asyncio.run_coroutine_threadsafe(refuse("x"), loop).result()

    try:
        await asyncio.to_thread(failing_worker)
    except ValueError as exc:
        print("the thread raised", repr(exc))


asyncio.run(main())
