import asyncio

import pytest


async def test_get_returns_what_was_set(store):
    assert await store.get("greeting") == "hello"


async def test_get_missing_key_raises(store):
    with pytest.raises(KeyError):
        await store.get("nobody")


async def test_delete(store):
    await store.delete("greeting")
    assert store.keys() == ["count"]


async def test_concurrent_increments_are_not_lost(store):
    results = await asyncio.gather(*(store.incr("count") for _ in range(10)))
    assert sorted(results) == list(range(2, 12))
    assert await store.get("count") == 11


async def test_wait_for_key_wakes_up_when_set(empty_store):
    waiter = asyncio.create_task(empty_store.wait_for_key("job"))
    await asyncio.sleep(0.01)
    assert not waiter.done()
    await empty_store.set("job", 42)
    assert await waiter == 42


async def test_wait_for_key_times_out(empty_store):
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(empty_store.wait_for_key("never"), 0.05)


async def test_cancelled_waiter_leaves_store_usable(empty_store):
    waiter = asyncio.create_task(empty_store.wait_for_key("job"))
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert waiter.cancelled()
    await empty_store.set("job", "done")
    assert await empty_store.get("job") == "done"


def test_new_store_is_empty(empty_store):
    assert empty_store.keys() == []
