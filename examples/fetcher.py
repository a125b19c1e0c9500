"""Fetch a few pages with a concurrency limit and a per-page deadline.

The "network" is simulated with sleeps, so the program runs anywhere.
"""
import asyncio
import sys

PAGES = {"/": 0.01, "/about": 0.02, "/slow": 2.0}
LIMIT = asyncio.BoundedSemaphore(2)

CRC_SCRIPT = "import sys, zlib; print(zlib.crc32(sys.stdin.buffer.read()))"


async def fetch(path, deadline):
    async with LIMIT:
        try:
            async with asyncio.timeout(deadline):
                await asyncio.sleep(PAGES[path])
        except asyncio.TimeoutError:
            return None
    return f"<html>{path}</html>"


async def checksum(body):
    # Subprocesses are reported, not rewritten: anyio.run_process is the way.
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CRC_SCRIPT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate(body.encode())
    return int(out)


async def main(paths, *, deadline):
    for path in paths:
        body = await fetch(path, deadline)
        if body is None:
            print(f"{path}: no answer within {deadline}s")
        else:
            print(f"{path}: {len(body)} bytes, crc32 {await checksum(body)}")


if __name__ == "__main__":
    asyncio.run(main(list(PAGES), deadline=0.1))
