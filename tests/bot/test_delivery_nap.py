"""A delivery loop's nap ends on a wake or a timeout, and never swallows a cancel."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine

from bot.clock import FixedClock
from bot.delivery import Deliverer


def _deliverer() -> Deliverer:
    sender: Any = SimpleNamespace(transport="console")
    return Deliverer(
        create_engine("sqlite://"), FixedClock(datetime(2026, 12, 3, tzinfo=UTC)), sender
    )


def test_a_cancel_that_comes_with_a_wake_still_cancels() -> None:
    async def race() -> None:
        deliverer = _deliverer()
        napping = asyncio.create_task(deliverer.nap(3600))
        await asyncio.sleep(0)
        # Both in the same turn of the loop: the shutdown of a process whose transport failed.
        deliverer.wake.set()
        napping.cancel()
        with pytest.raises(asyncio.CancelledError):
            await napping

    asyncio.run(race())


def test_a_wake_ends_the_nap_and_is_cleared() -> None:
    async def woken() -> bool:
        deliverer = _deliverer()
        napping = asyncio.create_task(deliverer.nap(3600))
        await asyncio.sleep(0)
        deliverer.wake.set()
        await asyncio.wait_for(napping, timeout=5)
        return deliverer.wake.is_set()

    assert asyncio.run(woken()) is False


def test_the_nap_ends_by_itself() -> None:
    async def timed() -> None:
        await _deliverer().nap(0.01)

    asyncio.run(asyncio.wait_for(timed(), timeout=5))
