"""A limiter class: a semaphore on self backs an async context manager of its own."""
import asyncio

# One slot by default: a plain mutual-exclusion guard.
DEFAULT_GUARD = asyncio.Semaphore()


class Limiter:
    def __init__(self, name, slots):
        self.name = name
        self._slots = asyncio.Semaphore(slots)
        self.active = 0
        self.peak = 0
        self.errors = []

    async def __aenter__(self):
        await self._slots.acquire()
        self.active += 1
        self.peak = max(self.peak, self.active)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.active -= 1
        self._slots.release()
        if exc_type is not None:
            self.errors.append(exc_type.__name__)
        return False


async def handle(limiter, request, depth):
    async with limiter:
        await asyncio.sleep(0)
        if request == "bad":
            raise ValueError(request)
        if depth > 0:
            await handle(limiter, request + "+", depth - 1)
        print(f"{limiter.name}: {request} at depth {depth}, active {limiter.active}")


async def main():
    api = Limiter("api", 3)
    for request, depth in [("a", 0), ("b", 2), ("bad", 0), ("c", 1)]:
        try:
            async with asyncio.timeout(1):
                await handle(api, request, depth)
        except ValueError as exc:
            print(f"{api.name}: request {exc} failed")
    print(f"{api.name}: peak {api.peak}, active {api.active}, errors {api.errors}")

    for turn in range(3):
        async with DEFAULT_GUARD:
            await asyncio.sleep(0)
            print("guarded turn", turn)


asyncio.run(main())
