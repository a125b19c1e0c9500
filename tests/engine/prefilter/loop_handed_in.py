"""A loop handed in from another module: no import spells its name."""
import functools


class Reader:
    def __init__(self, loop, executor):
        self._loop = loop
        self._executor = executor

    async def read(self, f):
        call = functools.partial(f.read)
        return await self._loop.run_in_executor(self._executor, call)

    def close(self, f):
        self._loop.run_until_complete(self.aclose(f))

    async def aclose(self, f):
        f.close()
