"""The run entry point with no arguments, positional ones, keywords, and a used result."""
import asyncio


async def greet():
    await asyncio.sleep(0)
    print("hello from greet")


async def add(a, b):
    await asyncio.sleep(0.01)
    return a + b


async def summarize(values, label):
    total = 0
    for value in values:
        await asyncio.sleep(0)
        total += value
    print(f"{label}: {total}")
    return total


async def describe(item, *, unit="kg", precision=1):
    await asyncio.sleep(0)
    text = f"{item['name']}: {item['weight']:.{precision}f} {unit}"
    print(text)
    return len(text)


class Report:
    def __init__(self, title):
        self.title = title
        self.lines = []

    async def build(self, *rows):
        for row in rows:
            await asyncio.sleep(0)
            self.lines.append(f"- {row}")
        return "\n".join([self.title, *self.lines])


def main():
    asyncio.run(greet())
    print("sum:", asyncio.run(add(2, 3)))

    result = asyncio.run(summarize([1, 2, 3, 4], "first four"))
    print("result:", result)

    crate = {"name": "crate", "weight": 12.345}
    width = asyncio.run(describe(crate, unit="lb", precision=2))
    print("width:", width)
    asyncio.run(describe(crate, precision=0))
    asyncio.run(describe(crate))

    report = Report("inventory")
    text = asyncio.run(report.build("crate", "pallet", "drum"))
    print(text)


if __name__ == "__main__":
    main()
