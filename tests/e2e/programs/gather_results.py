"""Gathered results kept in order: unpacked, assigned, returned, with keywords."""
import asyncio


async def square(n, offset=0):
    await asyncio.sleep(0.01 * (5 - n))
    return n * n + offset


async def pair():
    first, second = await asyncio.gather(square(1), square(2, offset=10))
    return first, second


async def collect():
    values = await asyncio.gather(square(3), square(4), square(1))
    return values


async def passthrough():
    return await asyncio.gather(square(2), square(0, offset=1))


async def main():
    print("pair:", await pair())
    print("collect:", await collect())
    print("passthrough:", await passthrough())
    await asyncio.gather(square(1), square(2))
    print("done")


asyncio.run(main())
