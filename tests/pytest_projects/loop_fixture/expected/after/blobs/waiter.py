import anyio
import asyncio


class Deadline:
    """A point in time on the running loop's clock."""

    def __init__(self, seconds):
        self.when = anyio.current_time() + seconds

    def remaining(self):
        return max(0.0, self.when - anyio.current_time())

    def expired(self):
        return self.remaining() == 0.0


class Waiter:
    """Wait until a blob is stored, by name."""

    def __init__(self):
        self._waiting = {}

    async def wait(self, name, timeout):
        future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(name, []).append(future)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiting[name].remove(future)

    def stored(self, name, data):
        for future in self._waiting.get(name, []):
            if not future.done():
                future.set_result(data)

    def waiting(self, name):
        return len(self._waiting.get(name, []))
