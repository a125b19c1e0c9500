import anyio
import itertools

import pytest

from ticker import Scheduler


@pytest.fixture
def scheduler():
    return Scheduler()


@pytest.fixture
def counter():
    numbers = itertools.count(1)

    async def job():
        await anyio.sleep(0)
        return next(numbers)

    return job
