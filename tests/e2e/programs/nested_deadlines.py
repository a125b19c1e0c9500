"""Nested deadlines: an inner one fires and is handled; an outer one cuts through an inner one."""
import asyncio


async def step(name, duration, limit):
    try:
        async with asyncio.timeout(limit):
            await asyncio.sleep(duration)
    except asyncio.TimeoutError:
        print(f"  {name}: over its limit, skipped")
        return False
    print(f"  {name}: done")
    return True


async def pipeline(title, steps, budget):
    print(f"{title} (budget {budget})")
    completed = []
    try:
        async with asyncio.timeout(budget):
            for name, duration, limit in steps:
                if await step(name, duration, limit):
                    completed.append(name)
            print("  all steps attempted")
    except asyncio.TimeoutError:
        print("  budget exhausted")
    finally:
        print(f"  completed: {', '.join(completed) or 'none'}")
    return completed


async def main():
    quick = [("parse", 0.01, 0.5), ("fetch", 1.0, 0.05), ("store", 0.01, 0.5)]
    first = await pipeline("generous budget", quick, 1.5)
    second = await pipeline("no budget", quick, None)
    slow = [("parse", 0.01, 0.5), ("crunch", 1.0, 5.0), ("store", 0.01, 0.5)]
    third = await pipeline("tight budget", slow, 0.3)
    return [len(first), len(second), len(third)]


if __name__ == "__main__":
    counts = asyncio.run(main())
    print("counts:", counts)
