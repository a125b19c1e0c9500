"""Events pass through a private module-level queue; a try around a helper catches the empty case."""
import asyncio

_events = asyncio.Queue()


def _log(message):
    _events.put_nowait(message)


def _next_event():
    return _events.get_nowait()


def drain():
    lines = []
    while True:
        try:
            lines.append(_next_event())
        except asyncio.QueueEmpty:
            return lines


async def main():
    for step in ("open", "read", "close"):
        _log(step)
        await asyncio.sleep(0)
    print("events:", drain())
    print("after:", drain(), _events.empty())


asyncio.run(main())
