"""An in-memory key-value store for asyncio programs, with expiring keys."""

from kvstore.store import Store

__all__ = ["Store"]
