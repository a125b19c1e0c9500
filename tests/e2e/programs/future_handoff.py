"""Futures a function makes, hands to a callback or a task, and awaits:
a value, an exception, a future already set, and a waiter that times out
(which cancels the future, so a late delivery finds it done)."""
import asyncio


class Registry:
    """Calls the callbacks given to it when told to deliver."""

    def __init__(self):
        self.callbacks = []

    def subscribe(self, callback):
        self.callbacks.append(callback)

    def deliver(self, value):
        for callback in self.callbacks:
            callback(value)


async def first_delivery(registry, timeout):
    reply = asyncio.get_running_loop().create_future()

    def on_value(value):
        if not reply.done():
            reply.set_result(value)
            print("  delivered", value)
        else:
            print("  not delivered:", value, "came after the future was done")

    registry.subscribe(on_value)
    async with asyncio.timeout(timeout):
        return await reply


async def deliver_later(registry, delay, value):
    await asyncio.sleep(delay)
    registry.deliver(value)


async def set_by_a_task():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    async def producer():
        await asyncio.sleep(0.01)
        fut.set_result(42)

    async with asyncio.TaskGroup() as tg:
        tg.create_task(producer())
        value = await fut
    print("  set by a task:", value, fut.done(), fut.result())


async def failed_by_a_task():
    fut = asyncio.Future()

    async def producer():
        await asyncio.sleep(0.01)
        fut.set_exception(ValueError("no reply"))

    async with asyncio.TaskGroup() as tg:
        tg.create_task(producer())
        try:
            await fut
        except ValueError as exc:
            print("  the await raised", repr(exc), repr(fut.exception()))


async def already_set():
    fut = asyncio.Future()
    fut.set_result("ready")
    print("  already set:", fut.done(), await fut)


async def main():
    registry = Registry()
    async with asyncio.TaskGroup() as tg:
        tg.create_task(deliver_later(registry, 0.01, "first"))
        print("got", await first_delivery(registry, 1))
    await asyncio.sleep(0.01)

    late = Registry()
    try:
        await first_delivery(late, 0.01)
    except TimeoutError:
        print("timed out")
    late.deliver("late")

    await set_by_a_task()
    await failed_by_a_task()
    await already_set()


asyncio.run(main())
