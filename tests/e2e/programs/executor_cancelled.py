"""A caller cancelled while its blocking function runs in a worker thread
leaves at once; the thread runs on and finishes later (the executor future
of the original, and run_sync with abandon_on_cancel=True once migrated)."""
import asyncio
import threading
import time

EVENTS = []
FINISHED = threading.Event()


def blocking(name):
    time.sleep(0.2)
    EVENTS.append(name + " thread done")
    FINISHED.set()
    return name


async def through_executor():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, blocking, "executor")


async def through_to_thread():
    return await asyncio.to_thread(blocking, "to_thread")


async def main():
    for caller in (through_executor, through_to_thread):
        FINISHED.clear()
        try:
            async with asyncio.timeout(0.05):
                await caller()
        except TimeoutError:
            EVENTS.append(caller.__name__ + " timed out")
        while not FINISHED.is_set():
            await asyncio.sleep(0.01)
    print("\n".join(EVENTS))
    print(await asyncio.to_thread(blocking, "awaited"))


asyncio.run(main())
