import asyncio


class Waiter:
    ready: "asyncio.Event"
    future: "asyncio.Future[int] | None"

    def __init__(self) -> None:
        self.ready = asyncio.Event()
        self.future = None

    async def wait(self) -> "asyncio.Event":
        await self.ready.wait()
        return self.ready
