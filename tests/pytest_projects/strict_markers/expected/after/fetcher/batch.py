import anyio
import asyncio


async def fetch_all(keys, fetch, limit=4):
    """fetch(key) for every key, at most LIMIT at a time; the results in the
    order of KEYS."""
    semaphore = anyio.Semaphore(limit, fast_acquire=True)

    async def one(key):
        async with semaphore:
            return await fetch(key)

    return await asyncio.gather(*(one(key) for key in keys))


async def fetch_first(keys, fetch, timeout):
    """The result of the first key whose fetch ends within TIMEOUT seconds,
    trying the keys one after the other; None when none does."""
    for key in keys:
        try:
            with anyio.fail_after(timeout):
                return await fetch(key)
        except TimeoutError:
            continue
    return None
