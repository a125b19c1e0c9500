import anyio

import pytest

pytestmark = pytest.mark.anyio


class TestExpiry:
    async def test_key_expires(self, store):
        task = await store.expire("greeting", 0.01)
        await task
        with pytest.raises(KeyError):
            await store.get("greeting")

    async def test_key_still_there_before_expiry(self, store):
        task = await store.expire("greeting", 10)
        await anyio.sleep(0.01)
        assert await store.get("greeting") == "hello"
        task.cancel()

    async def test_set_later(self, empty_store):
        with anyio.fail_after(1):
            await empty_store.set_later("k", "v", 0.01)
        assert await empty_store.get("k") == "v"

    async def test_set_later_too_slow(self, empty_store):
        with pytest.raises(TimeoutError):
            with anyio.fail_after(0.01):
                await empty_store.set_later("k", "v", 1)
        assert empty_store.keys() == []

    def test_keys_sorted(self, empty_store):
        empty_store._data.update(b=1, a=2)
        assert empty_store.keys() == ["a", "b"]
