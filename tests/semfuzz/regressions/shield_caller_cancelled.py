"""Seed 5 of the shield-cancelled pattern, shrunk: await
asyncio.shield(save()) in a function whose caller's deadline passes first.
asyncio's caller stops waiting at once (TimeoutError); a shielded scope
would wait for the save and lose the deadline, so ANY202 leaves this shield
as it is (not cleanup) and the half-migrated program must agree."""
import asyncio as aio


def leaves(exc):
    """The names of the exceptions inside exc, groups flattened."""
    if isinstance(exc, BaseExceptionGroup):
        return sorted({name for inner in exc.exceptions for name in leaves(inner)})
    return [type(exc).__name__]


async def b3_save(v):
    await aio.sleep(0.10)
    print("b3", "saved", v)
    return v


async def b3_caller():
    await aio.shield(b3_save(5))
    print("b3", "caller done")


async def b3():
    try:
        await aio.wait_for(b3_caller(), 0.06)
    except aio.TimeoutError:
        print("b3", "timed out")


async def main():
    try:
        await b3()
    except Exception as exc:
        print("b3 escaped:", leaves(exc))


aio.run(main())
