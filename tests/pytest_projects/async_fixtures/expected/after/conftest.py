import anyio

import pytest

from pool import Pool

# What the fixtures' teardowns did, in order: tests read it.
EVENTS = []


class Server:
    """A pretend database server with a table and a connection count."""

    def __init__(self):
        self.table = {}
        self.connections = 0

    async def load(self, rows):
        await anyio.sleep(0)
        self.table.update(rows)


@pytest.fixture(scope="module")
async def server():
    s = Server()
    await s.load({"alice": 1, "bob": 2})
    yield s
    EVENTS.append("server stopped")


@pytest.fixture
async def pool(server):
    p = Pool(server, size=2)
    yield p
    await p.close()
    EVENTS.append("pool closed after %d connection(s)" % p.opened)
    print("closed pool with %d connection(s)" % p.opened)


@pytest.fixture
async def fresh_server():
    s = Server()
    await s.load({"carol": 3})
    return s


@pytest.fixture
def events():
    return EVENTS


@pytest.fixture(scope="session")
def anyio_backend():
    """The backend anyio's pytest plugin runs the tests on."""
    return "asyncio"
