"""Own async context managers and decorators: cleanup order on success, error and deadline."""
import asyncio
import contextlib
import functools

EVENTS = []


def traced(func):
    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        EVENTS.append(f"call {func.__name__}")
        return await func(*args, **kwargs)

    return wrapper


@contextlib.asynccontextmanager
async def connection(name):
    await asyncio.sleep(0)
    print(f"open {name}")
    try:
        yield {"name": name, "queries": 0}
    except LookupError as exc:
        print(f"{name}: swallowing {type(exc).__name__}")
    finally:
        print(f"close {name}")


@traced
async def query(conn, text, delay=0):
    await asyncio.sleep(delay)
    conn["queries"] += 1
    if text == "missing":
        raise KeyError(text)
    if text == "broken":
        raise OSError(text)
    return text.upper()


async def session(name, texts, *, deadline=None, verbose=False):
    try:
        async with connection(name) as conn:
            async with asyncio.timeout(deadline):
                for text in texts:
                    delay = 1.0 if text == "slow" else 0
                    answer = await query(conn, text, delay)
                    if verbose:
                        print(f"{name}: {text} -> {answer}")
    except asyncio.TimeoutError:
        # Checked first: TimeoutError is a subclass of OSError.
        print(f"{name}: deadline passed")
    except OSError as exc:
        print(f"{name}: failed with {exc}")
    return conn["queries"]


async def main(prefix, *, deadline):
    counts = [
        await session(f"{prefix}1", ["a", "b"], verbose=True),
        await session(f"{prefix}2", ["a", "missing", "b"], verbose=True),
        await session(f"{prefix}3", ["a", "broken"]),
        await session(f"{prefix}4", ["a", "slow", "b"], deadline=deadline),
    ]
    print("queries per session:", counts)
    print("calls traced:", len(EVENTS), EVENTS[0])


asyncio.run(main("db", deadline=0.2))
