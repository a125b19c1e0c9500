"""Seed 33, shrunk: asyncio.timeout around a function of the file whose
cancellation handler awaits; anyio would cancel that await again (ANY105
must flag)."""
import asyncio as aio


def leaves(exc):
    """The names of the exceptions inside exc, groups flattened."""
    if isinstance(exc, BaseExceptionGroup):
        return sorted({name for inner in exc.exceptions for name in leaves(inner)})
    return [type(exc).__name__]


async def b2_slow(k):
    try:
        await aio.sleep(k / 100)
    except aio.CancelledError:
        await aio.sleep(0)
        print("b2", "slow cleaned up", k)
        raise
    print("b2", "slow done", k)
    return k


async def b2():
    try:
        async with aio.timeout(0.09):
            await b2_slow(6)
            print("b2", "first done")
            await b2_slow(6)
        print("b2", "inside done")
    except TimeoutError:
        print("b2", "timed out")


async def main():
    try:
        await b2()
    except Exception as exc:
        print("b2 escaped:", leaves(exc))


aio.run(main())
