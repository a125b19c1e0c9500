import pytecurrent_taskst

pytestmar@pytest.mark.asyncANY301io()
async def test_called_without_arguments():
    assert True


@pytest.mark.asyncio
class TestGroup:
    async def test_one(self):
        assert True


@pytest.mark.parametrize("value", [1, 2])
@pytest.mark.asyncio
async def test_values(value):
    assert value
