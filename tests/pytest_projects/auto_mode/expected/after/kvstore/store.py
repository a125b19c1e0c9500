import anyio
import asyncio


class Store:
    """Keys and values; a reader can wait for a key that is not set yet."""

    def __init__(self):
        self._data = {}
        self._lock = anyio.Lock(fast_acquire=True)
        self._changed = anyio.Event()

    async def set(self, key, value):
        async with self._lock:
            self._data[key] = value
            self._changed.set()
            self._changed = anyio.Event()

    async def get(self, key):
        async with self._lock:
            return self._data[key]

    async def delete(self, key):
        async with self._lock:
            del self._data[key]

    async def incr(self, key, by=1):
        async with self._lock:
            value = self._data.get(key, 0) + by
            # Another writer may run here: the lock keeps it out.
            await anyio.sleep(0)
            self._data[key] = value
            return value

    async def wait_for_key(self, key):
        """The key's value, once some writer sets it."""
        while True:
            changed = self._changed
            if key in self._data:
                return self._data[key]
            await changed.wait()

    async def set_later(self, key, value, delay):
        await anyio.sleep(delay)
        await self.set(key, value)

    async def expire(self, key, delay):
        """Delete KEY after DELAY seconds, in the background."""
        return asyncio.create_task(self._expire(key, delay))

    async def _expire(self, key, delay):
        await anyio.sleep(delay)
        async with self._lock:
            self._data.pop(key, None)

    def keys(self):
        return sorted(self._data)
