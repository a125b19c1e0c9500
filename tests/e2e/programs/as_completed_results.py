"""Results taken as their calls complete, in completion order; a call that
fails ends the loop with its error, caught around it; a deadline cancels
the loop and its calls."""
import asyncio


async def slow_square(n, delay):
    await asyncio.sleep(delay)
    return n * n


async def slow_failure(delay):
    await asyncio.sleep(delay)
    raise ConnectionError("peer went away")


async def in_completion_order():
    order = []
    for next_result in asyncio.as_completed(
            [slow_square(n, 0.05 * (4 - n)) for n in range(1, 4)]):
        value = await next_result
        order.append(value)
        print("  got", value)
    return order


async def with_a_failure():
    try:
        for job in asyncio.as_completed([slow_square(2, 0.01), slow_failure(0.1)]):
            value = await job
            print("  got", value)
    except ConnectionError:
        print("  the loop ended with ConnectionError")


async def slow_results():
    for job in asyncio.as_completed([slow_square(5, 5), slow_square(6, 5)]):
        value = await job
        print("  not reached", value)


async def past_deadline():
    try:
        await asyncio.wait_for(slow_results(), 0.05)
    except TimeoutError:
        print("  the deadline passed while the calls ran")


async def main():
    print("order:", await in_completion_order())
    await with_a_failure()
    await past_deadline()


asyncio.run(main())
