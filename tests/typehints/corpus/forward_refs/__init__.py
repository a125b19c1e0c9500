"""A small package whose annotations name asyncio only in strings: the
check's own sample (the real packages are the corpus's)."""
import asyncio
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from asyncio import Task

from .waiter import Waiter

__all__ = ["Waiter", "wait_for_it"]


async def wait_for_it(waiter: "Waiter", timeout: float) -> "Optional[asyncio.Future[int]]":
    await asyncio.sleep(timeout)
    return waiter.future


def current() -> "Optional[Task[None]]":
    return None
