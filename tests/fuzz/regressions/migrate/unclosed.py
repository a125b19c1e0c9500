import asyncio
asyncio.run(main(
