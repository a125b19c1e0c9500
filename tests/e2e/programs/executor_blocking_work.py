"""Blocking work handed to worker threads: checksums, word counts, squares."""
import asyncio
import hashlib
import time


def checksum(data, rounds):
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()[:16]


def count_words(text, *, lower=False):
    words = text.split()
    if lower:
        words = [word.lower() for word in words]
    return len(set(words))


def slow_square(n):
    time.sleep(0.01)
    return n * n


def label(name, value, *, width=8, fill="."):
    return f"{name:{fill}<{width}}{value}"


async def hash_all(items):
    loop = asyncio.get_running_loop()
    results = []
    for item in items:
        results.append(await loop.run_in_executor(None, checksum, item, 100))
    return results


async def squares(numbers):
    loop = asyncio.get_event_loop()
    return [await loop.run_in_executor(None, slow_square, n) for n in numbers]


async def main():
    for digest in await hash_all([b"alpha", b"beta", b"gamma"]):
        print("hash", digest)
    text = "The the THE cat Cat"
    distinct = await asyncio.to_thread(count_words, text, lower=True)
    print("distinct words:", distinct)
    exact = await asyncio.to_thread(count_words, text)
    print("exact words:", exact)
    print("squares:", await squares([1, 2, 3, 4]))
    total = await asyncio.get_running_loop().run_in_executor(
        None, sum, [1, 2, 3]
    )
    print(await asyncio.to_thread(label, "total", total, width=10))
    pending = asyncio.to_thread(label, "pending", 0, fill="-")
    print(await pending)


if __name__ == "__main__":
    asyncio.run(main())
