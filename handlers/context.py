"""What a handler works with: the message, who sent it, the database, and the outbox."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.storage import outbox
from bot.storage.models import Account, Conversation, Person
from handlers.messages import Incoming
from scheduler.plan import QuietHours

CONVERSATION_TTL = timedelta(days=2)


@dataclass
class Context:
    session: Session
    now: datetime
    tz: ZoneInfo
    incoming: Incoming
    inbox_id: int
    account: Account | None
    person: Person | None
    quiet: QuietHours
    _sent: int = field(default=0, repr=False)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def _key(self) -> str:
        self._sent += 1
        return f"in:{self.inbox_id}:{self._sent}"

    def reply(self, text: str, choices: Sequence[tuple[str, str]] = ()) -> None:
        outbox.enqueue(
            self.session,
            key=self._key(),
            transport=self.incoming.transport,
            address=self.incoming.chat,
            text=text,
            choices=choices,
            person_id=self.person.id if self.person else None,
            inbox_id=self.inbox_id,
            now=self.now,
        )

    def ask(
        self,
        text: str,
        choices: Sequence[tuple[str, str]],
        state: str,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Reply with numbered choices and remember what the answer will mean."""
        if self.account is None:
            self.reply(text)
            return
        nonce = remember(self.session, self.account.id, state, choices, data or {}, self.now)
        self.reply(text, buttons(nonce, choices))

    def tell(self, person_id: int, text: str, choices: Sequence[tuple[str, str]] = ()) -> bool:
        account = outbox.primary_account(self.session, person_id)
        if account is None:
            return False
        outbox.enqueue(
            self.session,
            key=self._key(),
            transport=account.transport,
            address=account.address,
            text=text,
            choices=choices,
            person_id=person_id,
            inbox_id=self.inbox_id,
            now=self.now,
        )
        return True

    def post(
        self,
        station_id: int,
        text: str,
        purpose: str = "volunteers",
        attachment: dict[str, object] | None = None,
    ) -> int:
        """To the station's groups on every linked platform."""
        groups = outbox.station_groups(self.session, station_id, purpose)
        for group in groups:
            outbox.enqueue(
                self.session,
                key=self._key(),
                transport=group.transport,
                address=group.address,
                text=text,
                inbox_id=self.inbox_id,
                now=self.now,
                attachment=attachment,
            )
        return len(groups)


@dataclass(frozen=True, slots=True)
class Pending:
    """A question the bot asked and is waiting on."""

    state: str
    keys: list[str]
    data: dict[str, Any]
    nonce: str


def remember(
    session: Session,
    account_id: int | None,
    state: str,
    choices: Sequence[tuple[str, str]],
    data: dict[str, Any],
    now: datetime,
) -> str:
    if account_id is None:
        raise ValueError("only a known account can be asked a question")
    nonce = secrets.token_hex(3)
    payload = {"keys": [key for key, _ in choices], "data": data, "nonce": nonce}
    row = session.get(Conversation, account_id)
    if row is None:
        row = Conversation(account_id=account_id, state=state, expires_at=now)
    row.state = state
    row.data = json.dumps(payload, ensure_ascii=False)
    row.expires_at = now + CONVERSATION_TTL
    session.add(row)
    return nonce


def buttons(nonce: str, choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Button payloads name the question (nonce) and the answer's number, never the text."""
    return [(f"{nonce}.{number}", label) for number, (_, label) in enumerate(choices, 1)]


def pending(session: Session, account_id: int | None, now: datetime) -> Pending | None:
    if account_id is None:
        return None
    row = session.get(Conversation, account_id)
    if row is None or row.expires_at <= now:
        return None
    payload = json.loads(row.data)
    return Pending(row.state, list(payload["keys"]), dict(payload["data"]), payload["nonce"])


def forget(session: Session, account_id: int | None) -> None:
    if account_id is None:
        return
    row = session.get(Conversation, account_id)
    if row is not None:
        session.delete(row)
