"""Programs started through a runner: a result, debug mode, and a failure."""
import asyncio


class EngineFailure(Exception):
    pass


async def total(values, *, scale=1):
    result = 0
    for value in values:
        await asyncio.sleep(0)
        result += value * scale
    return result


async def explode(message):
    await asyncio.sleep(0.001)
    raise EngineFailure(message)


def compute(values):
    with asyncio.Runner() as runner:
        return runner.run(total(values, scale=10))


def compute_debug(values):
    with asyncio.Runner(debug=True) as runner:
        result = runner.run(total(values))
    return result


def broken(message):
    with asyncio.Runner() as runner:
        runner.run(explode(message))
    print("not reached")


def main():
    print("total:", compute([1, 2, 3]))
    print("debug total:", compute_debug([4, 5]))
    try:
        broken("engine stalled")
    except EngineFailure as exc:
        print("caller caught:", type(exc).__name__, exc)


if __name__ == "__main__":
    with asyncio.Runner() as runner:
        runner.run(total([0]))
    main()
