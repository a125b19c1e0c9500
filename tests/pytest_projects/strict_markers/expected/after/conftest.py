import anyio

import pytest


class FakeServer:
    """Answers fetches after a delay, and counts how many run at once."""

    def __init__(self, delays=None, failures=0):
        self.delays = delays or {}
        self.failures = failures
        self.calls = []
        self.running = 0
        self.most_running = 0

    async def fetch(self, key):
        self.calls.append(key)
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            await anyio.sleep(self.delays.get(key, 0.001))
            if self.failures:
                self.failures -= 1
                raise ConnectionResetError(key)
            return key.upper()
        finally:
            self.running -= 1


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture(scope="session")
def anyio_backend():
    """The backend anyio's pytest plugin runs the tests on."""
    return "asyncio"
