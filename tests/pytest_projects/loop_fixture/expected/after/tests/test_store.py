import hashlib

import pytest

from blobs import digest


@pytest.mark.anyio
async def test_put_returns_digest(store):
    name = await store.put(b"hello")
    assert name == hashlib.sha256(b"hello").hexdigest()
    assert await store.get(name) == b"hello"


@pytest.mark.anyio
async def test_put_same_blob_twice(store):
    assert await store.put(b"x") == await store.put(b"x")
    assert len(store) == 1


@pytest.mark.anyio
async def test_put_rejects_text(store):
    with pytest.raises(TypeError, match="not str"):
        await store.put("hello")
    assert len(store) == 0


@pytest.mark.anyio
async def test_get_unknown(store):
    with pytest.raises(KeyError):
        await store.get("0" * 64)


@pytest.mark.anyio
async def test_digest_in_executor_matches(loop):
    data = b"a" * 100_000
    assert await loop.run_in_executor(None, digest, data) == digest(data)


def test_digest_is_hex():
    assert len(digest(b"")) == 64
