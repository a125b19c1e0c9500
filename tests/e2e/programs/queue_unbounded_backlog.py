"""An unbounded queue filled completely before anything reads it, then drained."""
import asyncio


async def main():
    backlog = asyncio.Queue()
    for n in range(1, 51):
        await backlog.put(n * n)
    backlog.put_nowait("last")
    print("queued:", backlog.qsize(), "empty:", backlog.empty(), "full:", backlog.full())
    total = 0
    while backlog.qsize() > 1:
        total += await backlog.get()
    print("sum of squares:", total)
    print("then:", backlog.get_nowait(), "empty:", backlog.empty())
    try:
        backlog.get_nowait()
    except asyncio.QueueEmpty:
        print("nothing left")


asyncio.run(main())
