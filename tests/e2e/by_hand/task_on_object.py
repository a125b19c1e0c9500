"""task_on_object.py finished by hand as ANY403's --explain shows: the object
owns a task group, entered by `async with`, and keeps the cancel scope the
work runs in where it kept the task."""
import anyio


class Poller:
    def __init__(self, fail=False):
        self.fail = fail
        self.seen = []

    async def _run(self):
        try:
            for i in range(3):
                await anyio.sleep(0.01)
                self.seen.append(i)
            if self.fail:
                raise ValueError("poll failed")
            await anyio.sleep(10)
        except anyio.get_cancelled_exc_class():
            print("poller cancelled after", self.seen)
            raise

    async def __aenter__(self):
        self._scope = anyio.CancelScope()
        self._tg = anyio.create_task_group()
        await self._tg.__aenter__()
        self._tg.start_soon(self._run_in_scope)
        return self

    async def _run_in_scope(self):
        with self._scope:
            await self._run()

    async def __aexit__(self, *exc_info):
        self._scope.cancel()
        return await self._tg.__aexit__(*exc_info)


async def main():
    async with Poller() as poller:
        await anyio.sleep(0.1)
    print("stopped:", poller.seen)
    try:
        async with Poller(fail=True) as failing:
            await anyio.sleep(0.1)
    except* ValueError as group:
        print("failed:", group.exceptions[0], failing.seen)


anyio.run(main)
