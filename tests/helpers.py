"""A real service on a real database file, driven in-process with a clock the test moves."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlmodel import Session, col, select

from bot.app import App
from bot.settings import Settings
from bot.storage.models import (
    Appointment,
    Conversation,
    OutboxMessage,
    Reminder,
)
from bot.transports import console
from scheduler import reminders

PG_ADMIN = os.environ.get("QINQING_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


class MovableClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def set(self, iso: str) -> None:
        self.moment = datetime.fromisoformat(iso)

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass
class Sent:
    to: str
    text: str
    choices: list[str]


class Harness:
    def __init__(self, app: App, clock: MovableClock) -> None:
        self.app = app
        self.clock = clock

    def say(self, name: str, text: str) -> list[Sent]:
        return self._sent_for(self.app.core.receive(console.incoming(name, text)))

    def say_in_group(self, name: str, group: str, text: str) -> list[Sent]:
        return self._sent_for(self.app.core.receive(console.incoming(name, text, group=group)))

    def _sent_for(self, inbox_id: int | None) -> list[Sent]:
        with Session(self.app.engine) as session:
            rows = session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.inbox_id == inbox_id)
                .order_by(col(OutboxMessage.id))
            ).all()
            return [_sent(row) for row in rows]

    def reply(self, name: str, text: str) -> Sent:
        """The one message that went back to the sender."""
        mine = [m for m in self.say(name, text) if m.to == name]
        assert len(mine) == 1, mine
        return mine[0]

    def tick(self) -> list[Sent]:
        """Fire every due reminder, as the scheduler would; returns what they sent."""
        now = self.clock.now()
        fired = [
            rid
            for rid in reminders.due_ids(self.app.engine, now)
            if reminders.fire(self.app.engine, rid, now, self.app.tz)
        ]
        with Session(self.app.engine) as session:
            rows = session.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.reminder_id).in_(fired))
                .order_by(col(OutboxMessage.id))
            ).all()
            return [_sent(row) for row in rows]

    def appointments(self) -> list[Appointment]:
        with Session(self.app.engine) as session:
            return list(session.exec(select(Appointment).order_by(col(Appointment.id))))

    def reminders(self) -> list[Reminder]:
        with Session(self.app.engine) as session:
            return list(session.exec(select(Reminder).order_by(col(Reminder.id))))

    def snapshot(self) -> list[Any]:
        """Everything a message may change about the world (not the inbox/outbox logs)."""
        with Session(self.app.engine) as session:
            state = []
            for table in (Appointment, Reminder, Conversation):
                rows = session.exec(select(table)).all()
                state.append(sorted(json.dumps(r.model_dump(), default=str) for r in rows))
            return state


def _sent(row: OutboxMessage) -> Sent:
    labels = [label for _, label in json.loads(row.choices)]
    return Sent(row.address, row.text, labels)


@contextmanager
def postgres_url() -> Iterator[str]:
    """A fresh database on the machine's PostgreSQL, dropped afterwards."""
    name = f"qinqing_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_harness(tmp_path: Path, now: str, url: str | None = None) -> Harness:
    clock = MovableClock(datetime.fromisoformat(now))
    settings = Settings(
        db=url or str(tmp_path / "qinqing.db"),
        console_transcript=tmp_path / "transcript.jsonl",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = App(settings, clock)
    app.prepare()
    return Harness(app, clock)
