"""A bounded queue between a producer and a consumer that one task drives in turns."""
import asyncio


def produce(q, items):
    """Put items until the queue is full; return the ones left over."""
    while items:
        try:
            q.put_nowait(items[0])
        except asyncio.QueueFull:
            print("  full at", q.qsize())
            break
        items = items[1:]
    return items


def consume(q, seen):
    while True:
        try:
            item = q.get_nowait()
        except asyncio.QueueEmpty:
            return
        seen.append(item.upper())


async def main():
    q = asyncio.Queue(maxsize=3)
    pending = [f"job{i}" for i in range(8)]
    seen = []
    rounds = 0
    while pending or not q.empty():
        rounds += 1
        pending = produce(q, pending)
        print(f"round {rounds}: size={q.qsize()} full={q.full()} maxsize={q.maxsize}")
        consume(q, seen)
        await asyncio.sleep(0)
    print("consumed:", seen)
    print("rounds:", rounds)

    gate = asyncio.Queue(1)
    await gate.put("a")
    try:
        await asyncio.wait_for(gate.put("b"), timeout=0.05)
    except asyncio.TimeoutError:
        print("a put on a full queue waits; still", gate.qsize(), "item")


asyncio.run(main())
