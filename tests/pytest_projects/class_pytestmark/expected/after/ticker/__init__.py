"""Run jobs every so often, in an asyncio program."""

from ticker.scheduler import JobFailed, Scheduler

__all__ = ["JobFailed", "Scheduler"]
