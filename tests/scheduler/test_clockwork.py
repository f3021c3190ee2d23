"""The scheduler's jobs when the process stops under them."""

from __future__ import annotations

import asyncio
import logging

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.clockwork import _job


def _stop_mid_job(work_is_wrapped: bool) -> None:
    async def main() -> None:
        started = asyncio.Event()

        async def sweep() -> None:
            started.set()
            await asyncio.sleep(3600)

        scheduler = AsyncIOScheduler()
        scheduler.add_job(_job(sweep) if work_is_wrapped else sweep)
        scheduler.start()
        await started.wait()
        scheduler.shutdown(wait=False)

    # asyncio.run cancels whatever is still running when main returns, as at a real stop.
    asyncio.run(main())


def test_a_sweep_cut_short_by_the_process_stopping_is_not_logged_as_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    _stop_mid_job(work_is_wrapped=True)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any("stopped with the process" in r.getMessage() for r in caplog.records)


def test_without_the_wrapper_apscheduler_logs_the_stop_as_a_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # What the wrapper is for: if this ever stops failing, APScheduler changed and the wrapper
    # can go.
    _stop_mid_job(work_is_wrapped=False)
    assert any(r.levelno >= logging.ERROR for r in caplog.records)
