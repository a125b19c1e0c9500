import anyio
import asyncio

import pytest

from pool import ConnectionClosed, Pool, PoolClosed


async def _store_result(results, index, func, *args):
    """Run func(*args) and keep what it returns in results[index]."""
    results[index] = await func(*args)


@pytest.mark.anyio
async def test_query(pool):
    assert await pool.query("alice") == 1
    assert await pool.query("nobody") is None


@pytest.mark.anyio
async def test_connections_are_reused(pool):
    for _ in range(5):
        await pool.query("bob")
    assert pool.opened == 1


@pytest.mark.anyio
async def test_at_most_size_connections(pool):
    results2 = []
    async with anyio.create_task_group() as tg:
        for _ in range(6):
            results2.append(None)
            tg.start_soon(_store_result, results2, len(results2) - 1, pool.query, "alice")
    results = results2
    assert results == [1] * 6
    assert pool.opened == 2


@pytest.mark.anyio
async def test_teardown_closed_the_previous_pool(events):
    # The test just before this one used two connections at once.
    assert events[-1] == "pool closed after 2 connection(s)"


@pytest.mark.anyio
async def test_closed_pool_refuses(pool):
    await pool.close()
    with pytest.raises(PoolClosed):
        await pool.query("alice")


@pytest.mark.anyio
async def test_closed_connection_refuses(pool):
    async with pool.acquire() as conn:
        await conn.close()
        with pytest.raises(ConnectionClosed):
            await conn.query("alice")


@pytest.mark.anyio
async def test_slow_query_times_out(fresh_server):
    slow = Pool(fresh_server, size=1, latency=1)
    with pytest.raises(TimeoutError):
        with anyio.fail_after(0.02):
            await slow.query("carol")
    # The connection went back to the pool when the wait was cancelled.
    assert slow.opened == 1 and len(slow._idle) == 1
    await slow.close()


@pytest.mark.anyio
async def test_fresh_server_is_separate(fresh_server, server):
    assert fresh_server is not server
    assert await Pool(fresh_server).query("carol") == 3


@pytest.mark.anyio
async def test_cancelled_query_gives_the_connection_back(fresh_server):
    slow = Pool(fresh_server, size=1, latency=10)
    task = asyncio.create_task(slow.query("carol"))
    await anyio.sleep(0.01)
    assert slow._idle == []
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(slow._idle) == 1
    await slow.close()
