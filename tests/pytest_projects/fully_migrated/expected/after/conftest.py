
import pytest


@pytest.fixture(scope="session")
def anyio_backend():
    """The backend anyio's pytest plugin runs the tests on."""
    return "asyncio"
