"""Putting messages in the outbox: the only way anything leaves the bot."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import nulls_last
from sqlmodel import Session, col, select

from bot.storage.models import Account, ChatGroup, OutboxMessage


def enqueue(
    session: Session,
    *,
    key: str,
    transport: str,
    address: str,
    text: str,
    now: datetime,
    choices: Sequence[tuple[str, str]] = (),
    person_id: int | None = None,
    reminder_id: int | None = None,
    inbox_id: int | None = None,
    attachment: dict[str, object] | None = None,
) -> OutboxMessage | None:
    """Add a message unless one with the same key exists: a replayed cause sends nothing new."""
    if session.exec(select(OutboxMessage.id).where(OutboxMessage.key == key)).first():
        return None
    row = OutboxMessage(
        key=key,
        transport=transport,
        address=address,
        text=text,
        choices=json.dumps([list(c) for c in choices], ensure_ascii=False),
        person_id=person_id,
        reminder_id=reminder_id,
        inbox_id=inbox_id,
        attachment=json.dumps(attachment, ensure_ascii=False) if attachment else None,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def primary_account(session: Session, person_id: int) -> Account | None:
    """The account a person used last: where they will read a message soonest."""
    query = (
        select(Account)
        .where(Account.person_id == person_id, Account.status == "active")
        .order_by(nulls_last(col(Account.last_seen).desc()), col(Account.id))
    )
    return session.exec(query).first()


def station_groups(
    session: Session, station_id: int, purpose: str = "volunteers"
) -> list[ChatGroup]:
    query = select(ChatGroup).where(
        ChatGroup.station_id == station_id, ChatGroup.purpose == purpose
    )
    return list(session.exec(query.order_by(col(ChatGroup.id))))


def decode_choices(row: OutboxMessage) -> list[tuple[str, str]]:
    return [(str(k), str(label)) for k, label in json.loads(row.choices)]
