"""A service that runs until a signal stops it."""
import os
import signal

import anyio


async def warm_up():
    await anyio.sleep(0)
    print("warmed up")


async def work(log):
    for step in range(3):
        await anyio.sleep(0.001)
        log.append(step)
    print("work done:", log)
    os.kill(os.getpid(), signal.SIGTERM)


async def stop_on_signal(scope):
    with anyio.open_signal_receiver(signal.SIGTERM) as signals:
        async for _ in signals:
            scope.cancel()
            return


async def serve(log):
    async with anyio.create_task_group() as tg:
        tg.start_soon(stop_on_signal, tg.cancel_scope)
        tg.start_soon(work, log)
        await anyio.sleep_forever()


def main():
    anyio.run(warm_up)
    log = []
    anyio.run(serve, log)
    print("stopped after", len(log), "steps")


if __name__ == "__main__":
    main()
