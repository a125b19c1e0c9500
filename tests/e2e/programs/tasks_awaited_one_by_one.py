"""Tasks put in a list, then awaited one by one in a loop or a
comprehension; a failing task caught around the loop; a deadline."""
import asyncio


async def measure(name, delay):
    await asyncio.sleep(delay)
    return f"{name}:{len(name)}"


async def check(value):
    await asyncio.sleep(0)
    if value < 0:
        raise ValueError(f"negative: {value}")
    return value


async def in_a_comprehension(names):
    tasks = [asyncio.create_task(measure(n, 0.001 * i)) for i, n in enumerate(names)]
    sizes = [await t for t in tasks]
    return sizes


async def appended_then_looped(values):
    checks = []
    for v in values:
        checks.append(asyncio.ensure_future(check(v)))
    try:
        for job in checks:
            await job
    except ValueError:
        print("  a check failed with ValueError")
    else:
        print("  every check passed")


async def never_done(names):
    tasks = [asyncio.create_task(measure(n, 5)) for n in names]
    for task in tasks:
        await task


async def past_deadline():
    try:
        await asyncio.wait_for(never_done(["x", "y"]), 0.05)
    except TimeoutError:
        print("  the deadline passed while the tasks ran")


async def main():
    print("sizes:", await in_a_comprehension(["ab", "cde", "f"]))
    await appended_then_looped([1, 2, 3])
    await appended_then_looped([1, -2, 3])
    await past_deadline()


asyncio.run(main())
