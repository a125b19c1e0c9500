"""Seed 166190116, shrunk: in the default mode asyncio.timeout() becomes
anyio.fail_after() while the asyncio.wait_for() around it stays (an unsafe
fix); the half-migrated program's loop is asyncio's, so anyio imports its
backend on first use, inside the deadline: the runner imports it first."""
import asyncio


def leaves(exc):
    """The names of the exceptions inside exc, groups flattened."""
    if isinstance(exc, BaseExceptionGroup):
        return sorted({name for inner in exc.exceptions for name in leaves(inner)})
    return [type(exc).__name__]


async def b0_slow(k):
    try:
        await asyncio.sleep(k / 100)
    except asyncio.CancelledError:
        print("b0", "slow cancelled", k)
        raise
    print("b0", "slow done", k)
    return k


async def b0_bounded():
    try:
        async with asyncio.timeout(0.04):
            await b0_slow(10)
    except TimeoutError:
        print("b0", "inner timed out")
    await asyncio.sleep(0.20)
    return 'done'


async def b0():
    try:
        r = await asyncio.wait_for(b0_bounded(), 0.07)
        print("b0", "result", r)
    except (asyncio.TimeoutError, ValueError):
        print("b0", "timed out")


async def main():
    try:
        await b0()
    except Exception as exc:
        print("b0 escaped:", leaves(exc))


loop = asyncio.new_event_loop()
try:
    loop.run_until_complete(main())
finally:
    loop.close()
