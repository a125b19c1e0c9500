"""Retry with backoff: sleep imported by name, and a function-local import of the module."""
from asyncio import sleep


class Flaky:
    def __init__(self, failures):
        self.failures = failures
        self.calls = 0

    async def call(self):
        self.calls += 1
        await sleep(0)
        if self.calls <= self.failures:
            raise ConnectionError(f"attempt {self.calls} failed")
        return f"ok after {self.calls} call(s)"


def describe_delay(sleep):
    # Here `sleep` is only a number of seconds.
    return f"{sleep * 1000:.0f} ms"


async def retry(operation, attempts, base_delay):
    delay = base_delay
    for _ in range(attempts):
        try:
            return await operation()
        except ConnectionError as exc:
            print(f"  {exc}; backing off {describe_delay(delay)}")
            await sleep(delay)
            delay *= 2
    raise RuntimeError("gave up")


def run_scenario(failures, attempts):
    import asyncio

    print(f"scenario: {failures} failure(s), {attempts} attempt(s)")
    flaky = Flaky(failures)
    try:
        print(" ", asyncio.run(retry(flaky.call, attempts, 0.002)))
    except RuntimeError as exc:
        print(f"  {exc} after {flaky.calls} call(s)")


if __name__ == "__main__":
    run_scenario(0, 3)
    run_scenario(2, 3)
    run_scenario(4, 3)
