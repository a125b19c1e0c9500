"""Tasks made one after another, then awaited or gathered; a failure caught."""
import asyncio


async def download(name, size, *, chunk=2):
    parts = []
    for start in range(0, size, chunk):
        await asyncio.sleep(0)
        parts.append(f"{name}[{start}:{min(start + chunk, size)}]")
    return parts


async def refuse(name):
    await asyncio.sleep(0)
    raise PermissionError(name)


async def sequential_awaits():
    first = asyncio.create_task(download("a", 3))
    second = asyncio.create_task(download("b", 4, chunk=3))
    third = asyncio.create_task(download("c", 1))
    a = await first
    b = await second
    await third
    return a + b


async def gathered_tasks():
    left = asyncio.create_task(download("left", 2))
    right = asyncio.ensure_future(download("right", 2))
    r, l = await asyncio.gather(right, left)
    return l, r


async def with_failure():
    try:
        job = asyncio.create_task(refuse("secret"))
        outcome = await job
    except PermissionError:
        outcome = "refused"
    return outcome


async def main():
    print("sequential:", await sequential_awaits())
    print("gathered:", await gathered_tasks())
    print("failure:", await with_failure())


asyncio.run(main())
