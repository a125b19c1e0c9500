import asyncio
async def f():
	if 1:
	        await asyncio.sleep(1)
