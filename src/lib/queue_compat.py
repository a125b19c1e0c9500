"""asyncio.Queue's interface on anyio.

Queue, LifoQueue and PriorityQueue behave as asyncio's do -- put, get,
put_nowait, get_nowait, qsize, empty, full, maxsize, task_done, join; a
maxsize of 0 or less means unbounded -- and run on every anyio backend
(asyncio and trio). They are built only on anyio's primitives.

Waiting is cancellation-safe: a get() cancelled while it waits takes no
item, and a put() cancelled while it waits adds none. Like asyncio's, put()
and get() do not yield to other tasks when they need not wait.

Needs Python 3.8 or later and anyio 4.5 or later (queues may be created
outside an event loop, at import time).
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Any, Deque, Generic, List, TypeVar

import anyio

__all__ = ["Queue", "LifoQueue", "PriorityQueue", "QueueEmpty", "QueueFull"]

T = TypeVar("T")


class QueueEmpty(Exception):
    """Raised by get_nowait() when the queue is empty."""


class QueueFull(Exception):
    """Raised by put_nowait() when the queue is full."""


class Queue(Generic[T]):
    """A first in, first out queue."""

    def __init__(self, maxsize: int = 0) -> None:
        self._maxsize = maxsize
        self._getters: Deque[anyio.Event] = deque()
        self._putters: Deque[anyio.Event] = deque()
        self._unfinished = 0
        self._finished = anyio.Event()
        self._finished.set()
        self._init(maxsize)

    # The storage, as asyncio names it, so that subclasses written for
    # asyncio.Queue (overriding these three, reading self._queue) still work.
    def _init(self, maxsize: int) -> None:
        self._queue: Any = deque()

    def _put(self, item: T) -> None:
        self._queue.append(item)

    def _get(self) -> T:
        return self._queue.popleft()

    @property
    def maxsize(self) -> int:
        """The number of items allowed in the queue (0 or less: no limit)."""
        return self._maxsize

    def qsize(self) -> int:
        """The number of items in the queue."""
        return len(self._queue)

    def empty(self) -> bool:
        """Whether the queue holds no item."""
        return not self._queue

    def full(self) -> bool:
        """Whether the queue holds maxsize items (never, without a limit)."""
        return 0 < self._maxsize <= self.qsize()

    def put_nowait(self, item: T) -> None:
        """Put an item without waiting; QueueFull when there is no room."""
        if self.full():
            raise QueueFull
        self._put(item)
        if self._unfinished == 0:
            self._finished = anyio.Event()
        self._unfinished += 1
        self._wake_next(self._getters)

    def get_nowait(self) -> T:
        """Take an item without waiting; QueueEmpty when there is none."""
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wake_next(self._putters)
        return item

    async def put(self, item: T) -> None:
        """Put an item, waiting while the queue is full."""
        while self.full():
            await self._wait(self._putters, lambda: not self.full())
        self.put_nowait(item)

    async def get(self) -> T:
        """Take an item, waiting while the queue is empty."""
        while self.empty():
            await self._wait(self._getters, lambda: not self.empty())
        return self.get_nowait()

    def task_done(self) -> None:
        """Mark one taken item as processed; see join()."""
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1
        if self._unfinished == 0:
            self._finished.set()

    async def join(self) -> None:
        """Wait until every item put has been marked done by task_done()."""
        if self._unfinished > 0:
            await self._finished.wait()

    async def _wait(self, waiters: Deque[anyio.Event], ready: Any) -> None:
        event = anyio.Event()
        waiters.append(event)
        try:
            await event.wait()
        except BaseException:
            if event in waiters:
                waiters.remove(event)
            elif ready():
                # Woken, but cancelled before acting: wake the next waiter
                # in our place, so the item or the room is not lost.
                self._wake_next(waiters)
            raise

    @staticmethod
    def _wake_next(waiters: Deque[anyio.Event]) -> None:
        if waiters:
            waiters.popleft().set()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} maxsize={self._maxsize} qsize={self.qsize()}>"


class LifoQueue(Queue[T]):
    """A last in, first out queue."""

    def _init(self, maxsize: int) -> None:
        self._queue: List[T] = []

    def _put(self, item: T) -> None:
        self._queue.append(item)

    def _get(self) -> T:
        return self._queue.pop()


class PriorityQueue(Queue[T]):
    """A queue that gives the lowest item first (entries like (priority, data))."""

    def _init(self, maxsize: int) -> None:
        self._queue: List[T] = []

    def _put(self, item: T) -> None:
        heapq.heappush(self._queue, item)

    def _get(self) -> T:
        return heapq.heappop(self._queue)
