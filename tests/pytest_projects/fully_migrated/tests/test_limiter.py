import asyncio

import pytest
import pytest_asyncio

from ratelimit import Limiter, run_all, with_deadline


@pytest_asyncio.fixture
async def limiter():
    limiter = Limiter(2)
    yield limiter
    assert limiter.held == 0


@pytest.mark.asyncio
async def test_at_most_two_at_once(limiter):
    async def job():
        await asyncio.sleep(0.01)
        return limiter.held

    results = await run_all(limiter, [job] * 6)
    assert limiter.peak == 2
    assert len(results) == 6
    assert max(results) <= 2


@pytest.mark.asyncio
async def test_an_error_in_a_job_reaches_the_caller(limiter):
    async def bad():
        await asyncio.sleep(0)
        raise ValueError("bad job")

    with pytest.raises(ExceptionGroup) as caught:
        await run_all(limiter, [bad])
    assert [type(e) for e in caught.value.exceptions] == [ValueError]


@pytest.mark.asyncio
async def test_a_deadline_passes(limiter):
    async def slow():
        await asyncio.sleep(1)

    with pytest.raises(TimeoutError):
        await with_deadline(slow, 0.01)


@pytest.mark.asyncio
async def test_a_deadline_met():
    async def quick():
        await asyncio.sleep(0)
        return "done"

    assert await with_deadline(quick, 1) == "done"


def test_limit_is_kept():
    assert Limiter(3).limit == 3
