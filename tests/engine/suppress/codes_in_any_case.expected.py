import anyio
import asyncio


async def main():
    await asyncio.sleep(1)  # anyio-migrate: ignore[any102]
    await asyncio.sleep(2)  # anyio-migrate: ignore[Any1]
    await anyio.sleep(3)
