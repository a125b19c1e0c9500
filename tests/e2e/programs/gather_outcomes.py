"""gather(..., return_exceptions=True): failures come back as results, in
order, while the other tasks run on; a deadline still cancels them all."""
import asyncio

LOG = []


async def probe(host, delay):
    await asyncio.sleep(delay)
    if host.startswith("bad"):
        raise ConnectionError(f"{host} refused")
    if host.startswith("odd"):
        raise ValueError(f"{host} answered nonsense")
    LOG.append(host)
    return f"{host} ok"


class Conn:
    def __init__(self, name):
        self.name = name

    async def open(self):
        await asyncio.sleep(0)
        raise OSError(f"{self.name} unreachable")

    async def close(self, reason):
        await asyncio.sleep(0)
        LOG.append(f"closed {self.name}: {reason}")
        raise RuntimeError("already closed")


async def first_usable(hosts):
    futures = []
    for i, host in enumerate(hosts):
        futures.append(probe(host, 0.001 * (len(hosts) - i)))
    found = await asyncio.gather(*futures, return_exceptions=True)
    for host, outcome in zip(hosts, found):
        print(" ", host, "->", type(outcome).__name__, outcome)
    return [f for f in found if not isinstance(f, Exception)]


async def connect(conn):
    try:
        await conn.open()
    except OSError as e:
        await asyncio.gather(conn.close(e), return_exceptions=True)
        raise


async def pair():
    try:
        a, b = await asyncio.gather(
            probe("bad-a", 0), probe("b", 0.002), return_exceptions=True
        )
    except KeyError:
        a = b = None
    return repr(a), b


async def stuck():
    return await asyncio.gather(
        probe("bad-y", 0), probe("quick", 0), probe("slow", 10), return_exceptions=True
    )


async def main():
    print("usable:", await first_usable(["a", "bad-b", "c", "odd-d"]))
    print("probed:", sorted(LOG))
    LOG.clear()
    try:
        await connect(Conn("db"))
    except OSError as e:
        print("connect failed:", e, LOG)
    LOG.clear()
    print("pair:", await pair())
    LOG.clear()
    try:
        await asyncio.wait_for(stuck(), 0.05)
    except asyncio.TimeoutError:
        print("timed out, finished:", sorted(LOG))


asyncio.run(main())
