"""Seed 2, shrunk: wait_for around a function of the file whose
cancellation handler awaits; anyio would cancel that await again (ANY201
must flag)."""
import asyncio


def leaves(exc):
    """The names of the exceptions inside exc, groups flattened."""
    if isinstance(exc, BaseExceptionGroup):
        return sorted({name for inner in exc.exceptions for name in leaves(inner)})
    return [type(exc).__name__]


async def b1_slow(k):
    try:
        await asyncio.sleep(k / 100)
    except asyncio.CancelledError:
        await asyncio.sleep(0)
        print("b1", "slow cleaned up", k)
        raise
    print("b1", "slow done", k)
    return k


async def b1():
    try:
        await asyncio.wait_for(b1_slow(10), 0.07)
        print("b1", "finished")
    except asyncio.TimeoutError:
        print("b1", "timed out")


async def main():
    try:
        await b1()
    except Exception as exc:
        print("b1 escaped:", leaves(exc))


asyncio.run(main())
