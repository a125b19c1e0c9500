import asyncio

import pytest


@pytest.fixture(scope="session")
def event_loop():
    # One loop for the whole session.
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()
