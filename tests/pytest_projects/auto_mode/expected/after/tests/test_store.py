import anyio
import asyncio

import pytest

pytestmark = pytest.mark.anyio


async def _store_result(results, index, func, *args):
    """Run func(*args) and keep what it returns in results[index]."""
    results[index] = await func(*args)


async def test_get_returns_what_was_set(store):
    assert await store.get("greeting") == "hello"


async def test_get_missing_key_raises(store):
    with pytest.raises(KeyError):
        await store.get("nobody")


async def test_delete(store):
    await store.delete("greeting")
    assert store.keys() == ["count"]


async def test_concurrent_increments_are_not_lost(store):
    results2 = []
    async with anyio.create_task_group() as tg:
        for _ in range(10):
            results2.append(None)
            tg.start_soon(_store_result, results2, len(results2) - 1, store.incr, "count")
    results = results2
    assert sorted(results) == list(range(2, 12))
    assert await store.get("count") == 11


async def test_wait_for_key_wakes_up_when_set(empty_store):
    waiter = asyncio.create_task(empty_store.wait_for_key("job"))
    await anyio.sleep(0.01)
    assert not waiter.done()
    await empty_store.set("job", 42)
    assert await waiter == 42


async def test_wait_for_key_times_out(empty_store):
    with pytest.raises(TimeoutError):
        with anyio.fail_after(0.05):
            await empty_store.wait_for_key("never")


async def test_cancelled_waiter_leaves_store_usable(empty_store):
    waiter = asyncio.create_task(empty_store.wait_for_key("job"))
    await anyio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert waiter.cancelled()
    await empty_store.set("job", "done")
    assert await empty_store.get("job") == "done"


def test_new_store_is_empty(empty_store):
    assert empty_store.keys() == []
