import pytest

from blobs import BlobStore


@pytest.fixture
def loop(event_loop):
    return event_loop


@pytest.fixture
def store():
    return BlobStore()
