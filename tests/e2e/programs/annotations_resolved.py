"""String annotations still resolve after the migration: typing.get_type_hints()
evaluates them, so asyncio stays imported while one names it, and the ones
whose objects the file now makes with anyio name anyio's."""
import asyncio
import typing
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from asyncio import Lock


class Mailbox:
    ready: "asyncio.Event"
    guard: "asyncio.Lock"

    def __init__(self) -> None:
        self.ready = asyncio.Event()
        self.guard = asyncio.Lock()
        self.pending: "Optional[asyncio.Future[str]]" = None

    async def deliver(self, text: str) -> "Optional[asyncio.Future[str]]":
        async with self.guard:
            self.ready.set()
        return self.pending


def guard_of(box: Mailbox) -> "Lock":
    return box.guard


def describe(hint):
    return getattr(hint, "__name__", None) or repr(hint).replace("typing.", "")


async def main():
    box = Mailbox()
    await box.deliver("hello")
    print("ready:", box.ready.is_set())
    print("is an Event:", isinstance(box.ready, typing.get_type_hints(Mailbox)["ready"]))
    hints = typing.get_type_hints(Mailbox.deliver)
    print(sorted(hints))
    print(describe(hints["text"]))
    print("guard is a Lock:", isinstance(guard_of(box), typing.get_type_hints(Mailbox)["guard"]))


asyncio.run(main())
