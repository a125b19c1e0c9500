import anyio


class JobFailed(Exception):
    pass


class Scheduler:
    """Runs each job every INTERVAL seconds until stopped; keeps what each
    run returned."""

    def __init__(self):
        self.results = {}
        self._stop = anyio.Event()

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
                with anyio.fail_after(interval):
                    await self._stop.wait()
            except TimeoutError:
                pass
        return runs

    def stop(self):
        self._stop.set()

    async def run_once(self, name, job, timeout):
        """One run of JOB, within TIMEOUT seconds."""
        with anyio.fail_after(timeout):
            result = await job()
        self.results.setdefault(name, []).append(result)
        return result
