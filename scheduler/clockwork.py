"""APScheduler as the clock and nothing more: it wakes us; the database says what is due."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import ParamSpec
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine

from bot.clock import Clock
from scheduler import deadlines, paging, reminders

log = logging.getLogger("qinqing.scheduler")
P = ParamSpec("P")


def _job(work: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
    """`work` as a scheduler job: cancelled because the process is stopping is not a failure.

    The work's state is in the database: what it did is committed, and what it did not do is
    found by the next start's first sweep. Without this, APScheduler logs every stop that
    lands mid-sweep as an error with a traceback. Only the scheduler's own task is shielded
    this way; callers awaiting the methods directly still see the cancellation.
    """

    @functools.wraps(work)
    async def job(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await work(*args, **kwargs)
        except asyncio.CancelledError:
            log.info("%s stopped with the process; the next start sweeps again", work.__name__)

    return job


class Clockwork:
    """A sweep every few seconds catches anything due (also after a restart); between sweeps,
    one-shot jobs armed from the database wake us at each reminder's exact moment."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        tz: ZoneInfo,
        sweep_seconds: float,
        on_fired: Callable[[], None],
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.sweep_seconds = sweep_seconds
        self.on_fired = on_fired
        self.scheduler = AsyncIOScheduler(
            timezone=tz,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self._lock = asyncio.Lock()

    def start(self) -> None:
        self.scheduler.add_job(
            _job(self.sweep),
            IntervalTrigger(seconds=self.sweep_seconds, timezone=self.tz),
            id="sweep",
            next_run_time=datetime.now(self.tz),
        )
        self.scheduler.start()
        log.info("clock started, sweeping every %.1f s", self.sweep_seconds)

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def sweep(self) -> None:
        async with self._lock:
            now = self.clock.now()
            fired = 0
            for reminder_id in await asyncio.to_thread(reminders.due_ids, self.engine, now):
                fired += await self._fire(reminder_id, now)
            fired += await self._page(now)
            fired += await self._deadlines(now)
            window = timedelta(seconds=self.sweep_seconds * 2)
            soon = await asyncio.to_thread(reminders.upcoming, self.engine, now, window)
            for reminder_id, due in soon:
                self.scheduler.add_job(
                    _job(self.fire_one),
                    DateTrigger(datetime.now(UTC) + (due - now)),
                    args=[reminder_id],
                    id=f"reminder:{reminder_id}",
                    replace_existing=True,
                )
            for page_id, due in await asyncio.to_thread(paging.upcoming, self.engine, now, window):
                self.scheduler.add_job(
                    _job(self.page_one),
                    DateTrigger(datetime.now(UTC) + (due - now)),
                    id=f"page:{page_id}",
                    replace_existing=True,
                )
        if fired:
            self.on_fired()

    async def page_one(self) -> None:
        async with self._lock:
            fired = await self._page(self.clock.now())
        if fired:
            self.on_fired()

    async def _page(self, now: datetime) -> int:
        try:
            return await asyncio.to_thread(paging.sweep, self.engine, now)
        except Exception:
            log.exception("paging: round could not be prepared")
            return 0

    async def _deadlines(self, now: datetime) -> int:
        try:
            return await asyncio.to_thread(deadlines.sweep, self.engine, now, self.tz)
        except Exception:
            log.exception("deadlines: sweep failed")
            return 0

    async def fire_one(self, reminder_id: int) -> None:
        async with self._lock:
            fired = await self._fire(reminder_id, self.clock.now())
        if fired:
            self.on_fired()

    async def _fire(self, reminder_id: int, now: datetime) -> int:
        try:
            outcome = await asyncio.to_thread(
                reminders.fire, self.engine, reminder_id, now, self.tz
            )
        except Exception:
            log.exception("reminder %s: could not be prepared", reminder_id)
            return 0
        return 1 if outcome == "sending" else 0
