import asyncio
# caf√(
asyncio.run(main())
