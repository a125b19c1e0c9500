"""A slow lookup under a deadline falls back to a cached value when the deadline passes."""
import asyncio

CACHE = {"eu": "cached-eu", "us": "cached-us"}
DELAYS = {"eu": 0.01, "us": 1.0, "ap": 1.0}


async def fetch_remote(region):
    await asyncio.sleep(DELAYS[region])
    return f"fresh-{region}"


async def lookup(region, deadline):
    try:
        async with asyncio.timeout(deadline):
            value = await fetch_remote(region)
    except asyncio.TimeoutError as exc:
        print(f"{region}: deadline passed ({type(exc).__name__})")
        if region not in CACHE:
            raise
        return CACHE[region]
    print(f"{region}: fresh answer")
    return value


async def main():
    print("eu ->", await lookup("eu", 0.5))
    print("us ->", await lookup("us", 0.05))

    try:
        await lookup("ap", 0.05)
    except asyncio.TimeoutError:
        print("ap -> no cache, the error reached the caller")

    # No deadline at all: the lookup always finishes.
    print("eu ->", await lookup("eu", None))

    # A deadline that is never reached leaves errors of the body alone.
    try:
        async with asyncio.timeout(0.5):
            await asyncio.sleep(0)
            raise KeyError("missing")
    except asyncio.TimeoutError:
        print("unexpected timeout")
    except KeyError as exc:
        print("body error passed through:", exc)


asyncio.run(main())
