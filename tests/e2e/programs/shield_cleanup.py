"""Shielded cleanup: the caller is cancelled (a timeout) or fails, and the
cleanup it shields in `finally:` or in a cancellation handler that re-raises
still finishes before the cancellation goes on."""
import asyncio

LOG = []


async def save(what):
    await asyncio.sleep(0.02)
    LOG.append(what)
    print("saved", what)


async def job_with_finally():
    try:
        await asyncio.sleep(10)
    finally:
        await asyncio.shield(save("finally"))
        count = await asyncio.shield(count_saved())
        print("count in finally:", count)


async def count_saved():
    await asyncio.sleep(0.01)
    return len(LOG)


async def job_with_handler():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.shield(save("handler"))
        raise


async def failing():
    try:
        await asyncio.sleep(0.01)
        raise ValueError("boom")
    finally:
        await asyncio.shield(save("after error"))


async def main():
    try:
        async with asyncio.timeout(0.05):
            await job_with_finally()
    except TimeoutError:
        print("timed out (finally)")
    try:
        await asyncio.wait_for(job_with_handler(), 0.05)
    except TimeoutError:
        print("timed out (handler)")
    try:
        await failing()
    except ValueError as exc:
        print("failed:", exc)
    print(LOG)


asyncio.run(main())
