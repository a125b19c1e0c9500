"""A pool of connections for asyncio programs."""

from pool.connection import Connection, ConnectionClosed
from pool.pool import Pool, PoolClosed

__all__ = ["Connection", "ConnectionClosed", "Pool", "PoolClosed"]
