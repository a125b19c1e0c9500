import asyncio
import pytest

from blobs import BlobStore


@pytest.fixture
async def loop():
    return asyncio.get_running_loop()


@pytest.fixture
def store():
    return BlobStore()


@pytest.fixture(scope="session")
def anyio_backend():
    """The backend anyio's pytest plugin runs the tests on."""
    return "asyncio"
