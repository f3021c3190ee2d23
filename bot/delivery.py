"""Sending what is in the outbox, once: claim, send, mark sent — and recover after a crash.

Exceptions a transport's sender raises:

    DeliveryError
     ├── RetryLater     try again after `retry_after` seconds (rate limits, timeouts)
     └── Gone           the recipient blocked the bot or left: stop sending to them
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from bot.clock import Clock
from bot.faults import crash_point
from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.models import Account, OutboxMessage, Reminder
from handlers.messages import Choice, Outgoing

log = logging.getLogger("qinqing.delivery")

MAX_ATTEMPTS = 8


class DeliveryError(Exception):
    """A message could not be sent."""


class RetryLater(DeliveryError):
    def __init__(self, retry_after: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {retry_after:.0f} s")
        self.retry_after = retry_after


class Gone(DeliveryError):
    """The recipient cannot be reached any more (blocked the bot, left the room)."""


class Sender(Protocol):
    transport: str

    async def send(self, message: Outgoing) -> None: ...

    def already_sent(self, outbox_id: int) -> bool:
        """After a crash mid-send: does the far side already have this message?"""
        ...


Filter = Callable[[OutboxMessage], bool]


class Deliverer:
    def __init__(self, engine: Engine, clock: Clock, sender: Sender) -> None:
        self.engine = engine
        self.clock = clock
        self.sender = sender
        self.wake = asyncio.Event()

    async def nap(self, seconds: float) -> None:
        """Wait until woken or `seconds` pass.

        Not asyncio.wait_for: on Python 3.11 it drops a cancellation that arrives just as the
        event is set, and a delivery loop that missed its cancel kept `qinqing run` from exiting.
        """
        try:
            async with asyncio.timeout(seconds):
                await self.wake.wait()
        except TimeoutError:
            pass
        self.wake.clear()

    def recover(self) -> None:
        """Rows left 'sending' by a crash: sent if the far side has them, else sent again."""
        with Session(self.engine) as session:
            stuck = session.exec(
                select(OutboxMessage.id).where(
                    OutboxMessage.transport == self.sender.transport,
                    OutboxMessage.status == "sending",
                )
            ).all()
        for row_id in stuck:
            assert row_id is not None
            # Asked outside any transaction: a sender may read the database itself, and
            # SQLite write transactions here begin IMMEDIATE.
            delivered = self.sender.already_sent(row_id)
            with transaction(self.engine) as session:
                row = session.get(OutboxMessage, row_id)
                if row is None or row.status != "sending":
                    continue
                if delivered:
                    _mark_sent(session, row, self.clock)
                    log.info("outbox %s: found delivered after restart", row_id)
                else:
                    row.status = "pending"
                    session.add(row)
                    log.info("outbox %s: sending again after restart", row_id)

    async def deliver(self, accept: Filter | None = None) -> int:
        """Send every pending message this process may send; returns how many went out."""
        sent = 0
        for row_id in await asyncio.to_thread(self._pending_ids, accept):
            message = await asyncio.to_thread(self._claim, row_id)
            if message is None:
                continue
            crash_point("outbox.claimed")
            try:
                await self.sender.send(message)
            except RetryLater as error:
                await asyncio.to_thread(self._postpone, row_id, error.retry_after, str(error))
                continue
            except Gone as error:
                await asyncio.to_thread(self._gone, row_id, str(error))
                continue
            except Exception as error:
                log.warning("outbox %s: send failed: %s", row_id, type(error).__name__)
                await asyncio.to_thread(self._postpone, row_id, None, type(error).__name__)
                continue
            crash_point("outbox.sent")
            await asyncio.to_thread(self._done, row_id)
            sent += 1
        return sent

    def _pending_ids(self, accept: Filter | None) -> list[int]:
        now = self.clock.now()
        with Session(self.engine) as session:
            rows = session.exec(
                select(OutboxMessage)
                .where(
                    OutboxMessage.transport == self.sender.transport,
                    OutboxMessage.status == "pending",
                    or_(
                        col(OutboxMessage.not_before).is_(None),
                        col(OutboxMessage.not_before) <= now,
                    ),
                )
                .order_by(col(OutboxMessage.id))
            ).all()
        return [row.id for row in rows if row.id is not None and (accept is None or accept(row))]

    def _claim(self, row_id: int) -> Outgoing | None:
        with transaction(self.engine) as session:
            claimed = session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.status) == "pending")
                .values(status="sending", attempts=OutboxMessage.attempts + 1)
            )
            if claimed.rowcount != 1:
                return None
            row = session.get(OutboxMessage, row_id)
            assert row is not None
            choices = tuple(Choice(key, label) for key, label in outbox.decode_choices(row))
            attachment = json.loads(row.attachment) if row.attachment else None
            return Outgoing(row_id, row.transport, row.address, row.text, choices, attachment)

    def _done(self, row_id: int) -> None:
        with transaction(self.engine) as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None
            _mark_sent(session, row, self.clock)
        log.info("outbox %s: sent", row_id)

    def _postpone(self, row_id: int, retry_after: float | None, reason: str) -> None:
        with transaction(self.engine) as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None
            if retry_after is None and row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
                row.error = reason
                log.warning("outbox %s: gave up after %d attempts", row_id, row.attempts)
            else:
                delay = retry_after if retry_after is not None else min(2**row.attempts, 300)
                row.status = "pending"
                row.error = reason
                row.not_before = self.clock.now() + timedelta(seconds=delay)
                log.info("outbox %s: backing off %.0f s", row_id, delay)
            session.add(row)

    def _gone(self, row_id: int, reason: str) -> None:
        with transaction(self.engine) as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None
            row.status = "gone"
            row.error = reason
            session.add(row)
            session.exec(
                update(Account)
                .where(
                    col(Account.transport) == row.transport, col(Account.address) == row.address
                )
                .values(status="gone")
            )
            if row.reminder_id is not None:
                reminder = session.get(Reminder, row.reminder_id)
                if reminder is not None:
                    reminder.status = "missed"
                    session.add(reminder)
        log.info("outbox %s: recipient gone", row_id)


def _mark_sent(session: Session, row: OutboxMessage, clock: Clock) -> None:
    now = clock.now()
    row.status = "sent"
    row.sent_at = now
    session.add(row)
    if row.reminder_id is not None:
        reminder = session.get(Reminder, row.reminder_id)
        if reminder is not None and reminder.status == "sending":
            reminder.status = "sent"
            reminder.sent_at = now
            session.add(reminder)
