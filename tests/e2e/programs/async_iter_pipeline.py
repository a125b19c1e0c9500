"""An async iterator class feeding chained async generators, each stage sleeping."""
import asyncio


class Ticker:
    """Yields readings one by one; an async iterator written by hand."""

    def __init__(self, readings):
        self._readings = list(readings)
        self._index = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self._index >= len(self._readings):
            raise StopAsyncIteration
        await asyncio.sleep(0)
        value = self._readings[self._index]
        self._index += 1
        return value


async def smooth(source, window):
    recent = []
    async for value in source:
        recent.append(value)
        if len(recent) > window:
            recent.pop(0)
        await asyncio.sleep(0.001)
        yield sum(recent) / len(recent)


async def alerts(source, threshold):
    async for value in source:
        if value > threshold:
            yield f"high {value:.2f}"
        else:
            yield None


async def take(source, count):
    taken = []
    async for item in source:
        if item is not None:
            taken.append(item)
        if len(taken) == count:
            break
    return taken


async def main(readings, threshold):
    found = await take(alerts(smooth(Ticker(readings), 3), threshold), 3)
    print("first alerts:", found)
    averages = [round(v, 3) async for v in smooth(Ticker(readings), 2)]
    print("averages:", averages)
    return len(averages)


if __name__ == "__main__":
    data = [1.0, 4.0, 9.0, 2.0, 8.0, 8.5, 3.0, 10.0, 12.0, 1.0]
    total = asyncio.run(main(data, 5.0))
    print("total readings:", total)
