import pytest

from pool import Pool


@pytest.mark.anyio
async def test_server_shared_within_module(server):
    server.table["dave"] = 4
    assert await Pool(server).query("dave") == 4


@pytest.mark.anyio
async def test_server_still_has_dave(server):
    # The module-scoped server outlives each test.
    assert server.table["dave"] == 4


def test_server_fixture_teardown_ran_for_previous_module(events):
    assert "server stopped" in events
