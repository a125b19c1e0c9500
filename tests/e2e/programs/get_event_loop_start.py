"""Scripts that run their work on the current event loop, closed or not."""
import asyncio


async def fetch(name, *, retries=1):
    for _ in range(retries):
        await asyncio.sleep(0.001)
    return f"{name} fetched after {retries} attempt(s)"


async def fail(reason):
    await asyncio.sleep(0)
    raise LookupError(reason)


def fetch_one(name):
    loop = asyncio.get_event_loop()
    result = loop.run_until_complete(fetch(name, retries=2))
    return result


def fetch_failing(reason):
    loop = asyncio.get_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(fail(reason))
    print("not reached")


def finish(reason):
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(fail(reason))
    finally:
        loop.close()


def main():
    print(fetch_one("first"))
    print(fetch_one("second"))
    try:
        fetch_failing("missing key")
    except LookupError as exc:
        print("caller caught:", type(exc).__name__, exc)
    try:
        finish("closing time")
    except LookupError as exc:
        print("caller caught:", type(exc).__name__, exc)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    started = loop.run_until_complete(fetch("module level"))
    print(started)
    main()
