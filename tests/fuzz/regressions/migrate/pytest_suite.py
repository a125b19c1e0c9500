import asyncio

import pytest
import pytest_asyncio

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def loop(event_loop):
    return event_loop


@pytest_asyncio.fixture
async def db():
    yield {}


@pytest_asyncio.fixture(scope="module")
async def server():
    return object()


async def test_add(server):
    await asyncio.sleep(0)


@pytest.mark.asyncio(loop_scope="module")
async def test_scoped(loop):
    assert loop.time() > 0


class TestGroup:
    async def test_method(self):
        pass


def test_plain(db):
    assert db == {}
