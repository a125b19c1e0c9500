import asyncio


class JobFailed(Exception):
    pass


class Scheduler:
    """Runs each job every INTERVAL seconds until stopped; keeps what each
    run returned."""

    def __init__(self):
        self.results = {}
        self._stop = asyncio.Event()

    async def every(self, interval, name, job, times=None):
        runs = 0
        while not self._stop.is_set() and (times is None or runs < times):
            try:
                result = await job()
            except Exception as exc:
                raise JobFailed(name) from exc
            self.results.setdefault(name, []).append(result)
            runs += 1
            try:
                await asyncio.wait_for(self._stop.wait(), interval)
            except asyncio.TimeoutError:
                pass
        return runs

    def stop(self):
        self._stop.set()

    async def run_once(self, name, job, timeout):
        """One run of JOB, within TIMEOUT seconds."""
        async with asyncio.timeout(timeout):
            result = await job()
        self.results.setdefault(name, []).append(result)
        return result
