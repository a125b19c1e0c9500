"""A status board on a Condition: updates notify under the lock; a wait with a deadline expires."""
import asyncio


class StatusBoard:
    def __init__(self):
        self._changed = asyncio.Condition()
        self.status = {}
        self.version = 0

    async def update(self, key, value):
        async with self._changed:
            print(f"update {key}={value}: lock held = {self._changed.locked()}")
            await asyncio.sleep(0)
            self.status[key] = value
            self.version += 1
            self._changed.notify_all()

    async def bump_many(self, pairs):
        async with self._changed:
            for key, value in pairs:
                self.status[key] = value
                self.version += 1
                self._changed.notify(2)

    async def wait_for_version(self, version, deadline):
        try:
            async with self._changed:
                async with asyncio.timeout(deadline):
                    while self.version < version:
                        await self._changed.wait()
                    print(f"version {self.version} reached")
                    return True
        except asyncio.TimeoutError:
            print(f"no version {version} within {deadline}s")
            return False
        finally:
            print("lock held after waiting:", self._changed.locked())


async def main():
    board = StatusBoard()
    await board.update("db", "up")
    await board.update("cache", "warming")
    await board.bump_many([("cache", "up"), ("queue", "up")])
    print("status:", sorted(board.status.items()), "version", board.version)
    print("reached:", await board.wait_for_version(3, 0.5))
    print("reached:", await board.wait_for_version(10, 0.05))
    await board.update("db", "degraded")
    print("version now", board.version)


asyncio.run(main())
