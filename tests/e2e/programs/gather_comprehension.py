"""Gathering over comprehensions: filters, nested loops, mixed with plain calls."""
import asyncio

SEEN = []


async def visit(page, depth=0):
    await asyncio.sleep(0.001 * ((page * 7) % 5))
    SEEN.append((page, depth))
    return f"page{page}@{depth}"


async def crawl(pages):
    found = await asyncio.gather(*[visit(p) for p in pages if p % 2 == 0])
    print("even pages:", found)
    await asyncio.gather(*(visit(p, depth=d) for p in pages for d in range(2)))
    print("visited:", sorted(SEEN))
    everything = await asyncio.gather(visit(100), *[visit(p, depth=9) for p in pages])
    return everything


async def main():
    result = await crawl([1, 2, 3, 4])
    print("everything:", result)


asyncio.run(main())
