import anyio
import asyncio

import pytest

from conftest import FakeServer
from fetcher import GaveUp, retry

pytestmark = pytest.mark.anyio


async def test_first_attempt_succeeds(server):
    assert await retry(lambda: server.fetch("k")) == "K"
    assert server.calls == ["k"]


async def test_retries_until_success():
    server = FakeServer(failures=2)
    assert await retry(lambda: server.fetch("k"), attempts=3) == "K"
    assert server.calls == ["k", "k", "k"]


async def test_gives_up():
    server = FakeServer(failures=5)
    with pytest.raises(GaveUp) as info:
        await retry(lambda: server.fetch("k"), attempts=2)
    assert info.value.attempts == 2
    assert isinstance(info.value.__cause__, ConnectionResetError)


async def test_other_errors_are_not_retried():
    calls = []

    async def broken():
        calls.append(1)
        raise ValueError("bad request")

    with pytest.raises(ValueError, match="bad request"):
        await retry(broken)
    assert calls == [1]


async def test_cancelled_while_waiting_between_attempts():
    server = FakeServer(failures=5)
    task = asyncio.create_task(retry(lambda: server.fetch("k"), delay=10))
    while not server.calls:
        await anyio.sleep(0.001)
    await anyio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert server.calls == ["k"]
