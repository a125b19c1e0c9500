import anyio
import asyncio

import pytest

from blobs import Deadline, Waiter


@pytest.mark.anyio
async def test_deadline_counts_down(loop):
    deadline = Deadline(0.05)
    assert 0 < deadline.remaining() <= 0.05
    assert loop.time() < deadline.when <= loop.time() + 0.05
    await anyio.sleep(0.06)
    assert deadline.expired()


@pytest.mark.anyio
async def test_waiter_gets_the_blob(loop):
    waiter = Waiter()
    loop.call_later(0.01, waiter.stored, "n", b"data")
    assert await waiter.wait("n", timeout=1) == b"data"
    assert waiter.waiting("n") == 0


@pytest.mark.anyio
async def test_waiter_times_out():
    waiter = Waiter()
    with pytest.raises(TimeoutError):
        await waiter.wait("never", timeout=0.01)
    assert waiter.waiting("never") == 0


@pytest.mark.anyio
async def test_cancelled_wait_is_forgotten():
    waiter = Waiter()
    task = asyncio.ensure_future(waiter.wait("n", timeout=10))
    await anyio.sleep(0.01)
    assert waiter.waiting("n") == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert waiter.waiting("n") == 0


@pytest.mark.anyio
async def test_future_from_the_loop(loop):
    future = loop.create_future()
    loop.call_soon(future.set_result, 7)
    assert await future == 7


@pytest.mark.anyio
async def test_executor_runs_off_the_loop(loop):
    import threading

    main = threading.get_ident()
    worker = await loop.run_in_executor(None, threading.get_ident)
    assert worker != main
