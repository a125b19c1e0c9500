"""wait_for_cleanup.py finished by hand, as ANY201 says: the cleanup that
awaits is shielded, then the call goes in `with anyio.fail_after(t):`."""
import anyio

LOG = []


async def fetch(name):
    try:
        await anyio.sleep(10)
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.sleep(0.01)
        LOG.append(name + " closed")


async def quick(name):
    await anyio.sleep(0.01)
    return name + " answered"


async def main():
    try:
        with anyio.fail_after(0.02):
            await fetch("slow")
    except TimeoutError:
        LOG.append("slow timed out")
    with anyio.fail_after(1):
        answer = await quick("fast")
    print(answer)
    print(LOG)


anyio.run(main)
