import anyio
import time

import pytest

from conftest import FakeServer
from fetcher import fetch_all, retry

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


async def test_fetches_overlap():
    server = FakeServer(delays={str(i): 0.1 for i in range(5)})
    started = time.monotonic()
    await fetch_all(list(server.delays), server.fetch, limit=5)
    # One after the other, they would take 0.5 seconds.
    assert time.monotonic() - started < 0.45


async def test_backoff_doubles():
    server = FakeServer(failures=2)
    started = time.monotonic()
    await retry(lambda: server.fetch("k"), attempts=3, delay=0.05)
    # 0.05 then 0.1 seconds between the attempts.
    assert time.monotonic() - started >= 0.15


async def test_retry_within_a_deadline():
    server = FakeServer(failures=1)
    with anyio.fail_after(1):
        assert await retry(lambda: server.fetch("k"), delay=0.05) == "K"
