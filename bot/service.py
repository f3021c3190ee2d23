"""The core every transport shares: inbox in, handlers, outbox out."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.faults import crash_point
from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.models import Account, InboxMessage, Person
from handlers import router, texts
from handlers.context import Context
from handlers.messages import Incoming
from scheduler.plan import QuietHours

log = logging.getLogger("qinqing.core")


class Core:
    def __init__(self, engine: Engine, clock: Clock, tz: ZoneInfo, quiet: QuietHours) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.quiet = quiet

    def receive(self, incoming: Incoming) -> int | None:
        """Record the message, then act on it. Returns the inbox id, or None for a repeat."""
        inbox_id = self.accept(incoming)
        if inbox_id is not None:
            self.process(inbox_id, incoming)
        return inbox_id

    def accept(self, incoming: Incoming) -> int | None:
        """Write the message to the inbox before anything is done about it."""
        try:
            with transaction(self.engine) as session:
                existing = session.exec(
                    select(InboxMessage).where(
                        InboxMessage.transport == incoming.transport,
                        InboxMessage.external_id == incoming.external_id,
                    )
                ).first()
                if existing is not None:
                    log.info("inbox %s: repeat of %s, ignored", existing.id, incoming.transport)
                    return None
                row = InboxMessage(
                    transport=incoming.transport,
                    external_id=incoming.external_id,
                    sender=incoming.sender,
                    chat=incoming.chat,
                    # PostgreSQL refuses NUL in text; it never carries meaning in a chat message.
                    text=incoming.text[: router.MAX_TEXT + 1].replace("\x00", ""),
                    choice=incoming.choice[:64] if incoming.choice else None,
                    kind=incoming.kind,
                    attachment=json.dumps(incoming.attachment) if incoming.attachment else None,
                    is_group=incoming.is_group,
                    received_at=self.clock.now(),
                )
                session.add(row)
                session.flush()
                assert row.id is not None
                return row.id
        except IntegrityError:
            return None

    def process(self, inbox_id: int, incoming: Incoming) -> None:
        started = time.monotonic()
        crash_point("inbox.accepted")
        try:
            with transaction(self.engine) as session:
                # Locked so that a restarted process and a live one never both act on it.
                row = session.get(InboxMessage, inbox_id, with_for_update=True)
                if row is None or row.status != "received":
                    return
                now = self.clock.now()
                ctx = self._context(session, incoming, inbox_id, now)
                router.handle(ctx)
                row.status = "done"
                row.done_at = now
                session.add(row)
        except Exception:
            log.exception("inbox %s: handler failed", inbox_id)
            self._apologise(inbox_id, incoming)
        log.info(
            "inbox %s: %s message handled in %.0f ms",
            inbox_id,
            incoming.transport,
            (time.monotonic() - started) * 1000,
        )

    def recover(self) -> list[int]:
        """Act on messages that were recorded but not finished when the process died."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(InboxMessage)
                .where(InboxMessage.status == "received")
                .order_by(col(InboxMessage.id))
            ).all()
        for row in rows:
            assert row.id is not None
            incoming = Incoming(
                transport=row.transport,
                external_id=row.external_id,
                sender=row.sender,
                chat=row.chat,
                text=row.text,
                choice=row.choice,
                is_group=row.is_group if row.is_group is not None else row.chat != row.sender,
                kind=row.kind,
                attachment=json.loads(row.attachment) if row.attachment else None,
            )
            log.info("inbox %s: finishing after restart", row.id)
            self.process(row.id, incoming)
        return [row.id for row in rows if row.id is not None]

    def _context(
        self, session: Session, incoming: Incoming, inbox_id: int, now: datetime
    ) -> Context:
        account = session.exec(
            select(Account).where(
                Account.transport == incoming.transport, Account.address == incoming.sender
            )
        ).first()
        person = None
        if account is not None:
            account.last_seen = now
            if account.status != "active":
                account.status = "active"
            session.add(account)
            person = session.get(Person, account.person_id)
        return Context(
            session=session,
            now=now,
            tz=self.tz,
            incoming=incoming,
            inbox_id=inbox_id,
            account=account,
            person=person,
            quiet=self.quiet,
        )

    def _apologise(self, inbox_id: int, incoming: Incoming) -> None:
        with transaction(self.engine) as session:
            row = session.get(InboxMessage, inbox_id)
            if row is None or row.status != "received":
                return
            row.status = "failed"
            session.add(row)
            if not incoming.is_group:
                outbox.enqueue(
                    session,
                    key=f"in:{inbox_id}:error",
                    transport=incoming.transport,
                    address=incoming.chat,
                    text=texts.SOMETHING_WRONG,
                    inbox_id=inbox_id,
                    now=self.clock.now(),
                )
