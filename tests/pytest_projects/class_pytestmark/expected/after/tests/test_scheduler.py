import anyio
import asyncio

import pytest

from ticker import JobFailed, Scheduler


class TestEvery:
    pytestmark = pytest.mark.anyio

    async def test_runs_the_given_number_of_times(self, scheduler, counter):
        assert await scheduler.every(0.001, "count", counter, times=3) == 3
        assert scheduler.results == {"count": [1, 2, 3]}

    async def test_stop_ends_the_loop(self, scheduler, counter):
        task = asyncio.create_task(scheduler.every(10, "count", counter))
        await anyio.sleep(0.01)
        scheduler.stop()
        assert await asyncio.wait_for(task, 1) == 1

    async def test_failing_job(self, scheduler):
        async def broken():
            raise RuntimeError("disk full")

        with pytest.raises(JobFailed, match="backup") as info:
            await scheduler.every(0.001, "backup", broken)
        assert isinstance(info.value.__cause__, RuntimeError)

    async def test_cancelled_between_runs(self, scheduler, counter):
        task = asyncio.create_task(scheduler.every(10, "count", counter))
        await anyio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert scheduler.results == {"count": [1]}

    def test_new_scheduler_has_no_results(self, scheduler):
        assert scheduler.results == {}


@pytest.mark.anyio
class TestRunOnce:
    async def test_result_is_kept(self, scheduler, counter):
        assert await scheduler.run_once("count", counter, timeout=1) == 1
        assert scheduler.results["count"] == [1]

    async def test_slow_job_times_out(self, scheduler):
        async def slow():
            await anyio.sleep(1)

        with pytest.raises(TimeoutError):
            await scheduler.run_once("slow", slow, timeout=0.01)
        assert "slow" not in scheduler.results

    async def test_two_schedulers_are_independent(self, counter):
        first, second = Scheduler(), Scheduler()
        async with anyio.create_task_group() as tg:
            tg.start_soon(first.run_once, "a", counter, 1)
            tg.start_soon(second.run_once, "b", counter, 1)
        assert sorted(first.results["a"] + second.results["b"]) == [1, 2]


def test_stop_before_start(scheduler, counter):
    scheduler.stop()
    assert anyio.run(scheduler.every, 0.001, "count", counter) == 0
