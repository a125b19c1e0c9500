import anyio

import pytest

from conftest import FakeServer
from fetcher import fetch_all
from fetcher.batch import fetch_first


@pytest.mark.anyio
async def test_results_in_order(server):
    server.delays = {"a": 0.03, "b": 0.01, "c": 0.02}
    assert await fetch_all(["a", "b", "c"], server.fetch) == ["A", "B", "C"]


@pytest.mark.anyio
async def test_limit_is_respected(server):
    await fetch_all([str(i) for i in range(10)], server.fetch, limit=3)
    assert server.most_running == 3
    assert sorted(server.calls) == sorted(str(i) for i in range(10))


@pytest.mark.anyio
async def test_error_propagates():
    server = FakeServer(failures=1)
    with pytest.raises(ConnectionResetError):
        await fetch_all(["x"], server.fetch)


@pytest.mark.anyio
async def test_nothing_to_fetch(server):
    assert await fetch_all([], server.fetch) == []
    assert server.calls == []


@pytest.mark.anyio
async def test_fetch_first_skips_slow_keys(server):
    server.delays = {"slow": 5, "fast": 0.001}
    assert await fetch_first(["slow", "fast"], server.fetch, 0.2) == "FAST"
    assert server.calls == ["slow", "fast"]


@pytest.mark.anyio
async def test_whole_batch_timeout(server):
    server.delays = {"a": 1}
    with pytest.raises(TimeoutError):
        with anyio.fail_after(0.02):
            await fetch_all(["a"], server.fetch)
    assert server.running == 0


def test_server_starts_idle(server):
    assert server.running == 0 and server.calls == []


def test_fake_server_delays_default():
    assert FakeServer().delays == {}
