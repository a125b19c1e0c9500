"""Coroutines and tasks collected in a list, then gathered: results in order,
a task that raises (caught around the gather), a deadline that cancels them."""
import asyncio

LOG = []


class Conn:
    def __init__(self, name, delay):
        self.name = name
        self.delay = delay

    async def connect(self):
        await asyncio.sleep(self.delay)
        LOG.append(f"connected {self.name}")

    async def shutdown(self, grace):
        try:
            await asyncio.sleep(self.delay * grace)
            LOG.append(f"shut {self.name}")
        finally:
            LOG.append(f"cleanup {self.name}")


async def square(n):
    await asyncio.sleep(0.001 * (5 - n))
    if n < 0:
        raise ValueError(f"negative {n}")
    return n * n


async def connect_all(conns, minsize):
    if minsize > 1:
        connect_tasks = []
        for i, conn in enumerate(conns):
            # stop once the pool holds enough
            if i >= minsize:
                break
            connect_tasks.append(conn.connect())

        await asyncio.gather(*connect_tasks)


async def shutdown_all(conns, grace):
    coros = [conn.shutdown(grace) for conn in conns]
    await asyncio.gather(*coros)


async def squares(numbers):
    tasks = []
    for n in numbers:
        tasks.append(asyncio.create_task(square(n)))
    if tasks:
        results = await asyncio.gather(*tasks)
        return results
    return []


async def squares_or_error(numbers):
    try:
        tasks = [asyncio.ensure_future(square(n)) for n in numbers]
        found = await asyncio.gather(*tasks)
    except ValueError:
        found = "a ValueError"
    return found


async def main():
    conns = [Conn("a", 0.003), Conn("b", 0.001), Conn("c", 0.002)]
    await connect_all(conns, 2)
    print("connected:", sorted(LOG))
    LOG.clear()
    await shutdown_all(conns, 1)
    print("shut down:", sorted(LOG))
    LOG.clear()
    print("squares:", await squares([1, 2, 3, 4]))
    print("no squares:", await squares([]))
    print("with an error:", await squares_or_error([2, -1]))
    try:
        await asyncio.wait_for(shutdown_all(conns, 1000), 0.05)
    except asyncio.TimeoutError:
        print("timed out:", sorted(LOG))


asyncio.run(main())
