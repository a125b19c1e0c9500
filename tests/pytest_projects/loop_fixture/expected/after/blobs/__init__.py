"""Content-addressed blob storage for asyncio programs."""

from blobs.store import BlobStore, digest
from blobs.waiter import Deadline, Waiter

__all__ = ["BlobStore", "Deadline", "Waiter", "digest"]
