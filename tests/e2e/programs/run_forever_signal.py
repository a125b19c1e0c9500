"""A service that runs until a signal stops it."""
import asyncio
import os
import signal


async def warm_up():
    await asyncio.sleep(0)
    print("warmed up")


async def work(log):
    for step in range(3):
        await asyncio.sleep(0.001)
        log.append(step)
    print("work done:", log)
    os.kill(os.getpid(), signal.SIGTERM)


def main():
    asyncio.run(warm_up())
    log = []
    loop = asyncio.new_event_loop()
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.create_task(work(log))
    loop.run_forever()
    loop.close()
    print("stopped after", len(log), "steps")


if __name__ == "__main__":
    main()
