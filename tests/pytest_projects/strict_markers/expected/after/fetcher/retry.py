import anyio


class GaveUp(Exception):
    """Every attempt failed; the last error is the cause."""

    def __init__(self, attempts):
        super().__init__("gave up after %d attempts" % attempts)
        self.attempts = attempts


async def retry(func, attempts=3, delay=0.01, retry_on=(OSError,)):
    """Await func() until it succeeds, at most ATTEMPTS times, sleeping
    DELAY seconds (doubled each time) between attempts."""
    for attempt in range(1, attempts + 1):
        try:
            return await func()
        except retry_on as exc:
            if attempt == attempts:
                raise GaveUp(attempts) from exc
            await anyio.sleep(delay)
            delay *= 2
