"""A gathered task raises; the caller's handlers still catch it."""
import asyncio


async def ok(n):
    await asyncio.sleep(0)
    return n


async def broken(n):
    await asyncio.sleep(0)
    raise ValueError(f"bad input {n}")


async def attempt(label, fail):
    try:
        if fail:
            await asyncio.gather(ok(1), broken(2))
        else:
            await asyncio.gather(ok(1), ok(2))
    except ValueError:
        print(label, "caught ValueError")
    except (KeyError, TypeError):
        print(label, "caught something else")
    else:
        print(label, "no error")
    finally:
        print(label, "cleanup")


async def main():
    await attempt("first", True)
    await attempt("second", False)


asyncio.run(main())
