"""A loop held in `self.loop`, tasks and futures held in attributes, a loop
passed to a function of the file: the tool leaves them (anyio has no loop
object) and reports each use, so `--check` does not pass while they are
there; the rest is migrated, and the program still runs on anyio's asyncio
backend."""
import asyncio


class Pinger:
    def __init__(self):
        self.loop = asyncio.get_running_loop()
        self.task = None
        self.answer = None

    def start(self):
        self.answer = self.loop.create_future()
        self.task = self.loop.create_task(self.ping())
        later(self.loop, self.done)

    async def ping(self):
        await asyncio.sleep(0.01)
        self.answer.set_result("pong")

    def done(self):
        print("done called")


def later(loop, callback):
    loop.call_soon(callback)


async def main():
    pinger = Pinger()
    pinger.start()
    print(await pinger.answer)
    await pinger.task
    await asyncio.sleep(0.05)


asyncio.run(main())
