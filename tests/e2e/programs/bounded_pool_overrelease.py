"""A pool on a bounded semaphore: checkouts balance returns, an extra return is refused."""
import asyncio


class Pool:
    def __init__(self, size):
        self._slots = asyncio.BoundedSemaphore(size)
        self._free = [f"conn{i}" for i in range(size)]

    async def checkout(self):
        await self._slots.acquire()
        return self._free.pop(0)

    def checkin(self, conn):
        self._slots.release()
        self._free.append(conn)

    def free(self):
        return ", ".join(self._free) or "-"


async def try_checkout(pool, wait):
    try:
        async with asyncio.timeout(wait):
            return await pool.checkout()
    except asyncio.TimeoutError:
        return None


async def main():
    pool = Pool(2)
    first = await pool.checkout()
    second = await pool.checkout()
    print("checked out:", first, second, "| free:", pool.free())

    third = await try_checkout(pool, 0.05)
    print("third checkout while empty:", third)

    pool.checkin(first)
    print("after one return | free:", pool.free())
    pool.checkin(second)
    print("after two returns | free:", pool.free())

    try:
        pool.checkin("stray")
    except ValueError as exc:
        print("extra return refused:", type(exc).__name__)
    print("free is unchanged:", pool.free())

    again = [await try_checkout(pool, 0.1) for _ in range(3)]
    print("checkouts after the refusal:", again)

    slots = asyncio.BoundedSemaphore(1)
    async with slots:
        print("inside the single slot")
    try:
        slots.release()
    except ValueError:
        print("single slot over-release caught")


asyncio.run(main())
