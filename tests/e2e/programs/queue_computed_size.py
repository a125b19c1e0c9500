"""Queues sized by an expression: a bound computed from the work, a
`limit or 0` that is None (unbounded), a negative result (unbounded too),
and a put that waits on the full queue until a deadline."""
import asyncio


def fill(q, count):
    """Put items without waiting until the queue refuses one."""
    for i in range(count):
        try:
            q.put_nowait(i)
        except asyncio.QueueFull:
            return i
    return count


async def main():
    jobs = ["a", "b", "c"]
    bounded = asyncio.Queue(len(jobs) - 1)
    print("bounded took", fill(bounded, 10))
    try:
        await asyncio.wait_for(bounded.put("late"), timeout=0.05)
    except asyncio.TimeoutError:
        print("a put on the full queue waited until the deadline")
    print("first out:", bounded.get_nowait())

    limit = None
    unbounded = asyncio.Queue(maxsize=limit or 0)
    print("limit or 0 took", fill(unbounded, 500))

    negative = asyncio.Queue(len(jobs) - 10)
    print("negative took", fill(negative, 500))


asyncio.run(main())
