"""Queues handed to classes of the program: an async iterator that reads
lines from a queue until a sentinel, a parser object that consumes one,
and a mailbox that both posts to its queue and drains it; a parser that raises on a bad item (caught), a deadline around a
reader waiting on an empty queue, and a reader cancelled by a failing
sibling."""
import asyncio

_DONE = object()


class Lines:
    def __init__(self, queue):
        self.queue = queue

    def __aiter__(self):
        return self

    async def __anext__(self):
        item = await self.queue.get()
        if item is _DONE:
            raise StopAsyncIteration
        return item


class Parser:
    def __init__(self, name, *, source):
        self.name = name
        self.source = source
        self.seen = []

    async def parse_one(self):
        text = await self.source.get()
        self.seen.append(text)
        return int(text)

    def backlog(self):
        return self.source.qsize()


class Sink:
    def __init__(self, queue):
        self._out = queue

    async def emit(self, item):
        await self._out.put(item)
        return self._out.full()


class Mailbox:
    def __init__(self, box):
        self.box = box

    def post(self, item):
        try:
            self.box.put_nowait(item)
            return True
        except asyncio.QueueFull:
            return False

    def drain(self):
        items = []
        while True:
            try:
                items.append(self.box.get_nowait())
            except asyncio.QueueEmpty:
                return items


async def producer(queue, n):
    for i in range(n):
        await queue.put(f"line {i}")
        await asyncio.sleep(0)
    await queue.put(_DONE)


async def consumer(queue, out):
    async for line in Lines(queue):
        out.append(line)


async def fail_soon():
    await asyncio.sleep(0.05)
    raise RuntimeError("sibling failed")


async def wait_forever(queue, log):
    try:
        async for line in Lines(queue):
            log.append(line)
    finally:
        log.append("reader stopped")


async def main():
    queue = asyncio.Queue(maxsize=2)
    out = []
    await asyncio.gather(producer(queue, 5), consumer(queue, out))
    print(out)

    texts = asyncio.Queue(3)
    parser = Parser("p", source=texts)
    sink = Sink(texts)
    for text in ("1", "x", "3"):
        print("full after emit:", await sink.emit(text))
    print("backlog:", parser.backlog())
    total = 0
    for _ in range(3):
        try:
            total += await parser.parse_one()
        except ValueError as exc:
            print("bad item:", exc)
    print("total:", total, parser.seen, "backlog:", parser.backlog())

    box = asyncio.Queue(2)
    mail = Mailbox(box)
    print("posted:", [mail.post(i) for i in range(3)], mail.drain())
    print("after drain:", mail.post("late"), mail.drain(), mail.drain())

    empty = asyncio.Queue()
    try:
        async with asyncio.timeout(0.05):
            await parser_for(empty)
    except TimeoutError:
        print("deadline: nothing to parse")

    idle = asyncio.Queue()
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(wait_forever(idle, log))
            tg.create_task(fail_soon())
    except* RuntimeError as group:
        print("cancelled by a sibling:", log,
              [str(e) for e in group.exceptions])


async def parser_for(queue):
    return await Parser("late", source=queue).parse_one()


asyncio.run(main())
