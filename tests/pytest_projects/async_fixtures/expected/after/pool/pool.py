import anyio
import contextlib

from pool.connection import Connection


class PoolClosed(Exception):
    pass


class Pool:
    """At most SIZE connections to SERVER, made on demand and reused."""

    def __init__(self, server, size=2, latency=0.001):
        self.server = server
        self.size = size
        self.latency = latency
        self._idle = []
        self._all = []
        self._slots = anyio.Semaphore(size, fast_acquire=True)
        self._closed = False

    @property
    def opened(self):
        return len(self._all)

    @contextlib.asynccontextmanager
    async def acquire(self):
        if self._closed:
            raise PoolClosed("the pool is closed")
        async with self._slots:
            if self._idle:
                conn = self._idle.pop()
            else:
                conn = Connection(self.server, self.latency)
                self._all.append(conn)
                self.server.connections += 1
            try:
                yield conn
            finally:
                self._idle.append(conn)

    async def query(self, key):
        async with self.acquire() as conn:
            return await conn.query(key)

    async def close(self):
        self._closed = True
        for conn in self._all:
            await conn.close()
        self._idle.clear()
