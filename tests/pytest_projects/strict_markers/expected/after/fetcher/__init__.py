"""Fetch many resources at once, with retries and a concurrency limit."""

from fetcher.batch import fetch_all
from fetcher.retry import GaveUp, retry

__all__ = ["GaveUp", "fetch_all", "retry"]
