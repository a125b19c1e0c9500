import pytest

from kvstore import Store


@pytest.fixture
async def store():
    s = Store()
    await s.set("greeting", "hello")
    await s.set("count", 1)
    return s


@pytest.fixture
def empty_store():
    return Store()


@pytest.fixture(scope="session")
def anyio_backend():
    """The backend anyio's pytest plugin runs the tests on."""
    return "asyncio"
