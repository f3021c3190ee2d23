"""Linking a chat account (or a group) to the ledger with a one-time code from the station."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.storage.models import Account, BindingAttempt, BindingCode, ChatGroup, Person, Station
from handlers import texts
from handlers.context import Context

PERSON_CODE_TTL = timedelta(days=7)
GROUP_CODE_TTL = timedelta(days=1)
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=30)

# A bare code, "绑定 123456", or Telegram's deep link "/start 123456".
CODE = re.compile(r"^(?:绑定|绑定码|/start|/link|/bind)?\s*[::]?\s*(\d{6})$")


class UnknownPerson(LookupError):
    pass


def issue(
    session: Session,
    now: datetime,
    *,
    person_id: int | None = None,
    station_id: int | None = None,
) -> BindingCode:
    """A fresh code for a person (their account) or a station (one of its groups)."""
    if (person_id is None) == (station_id is None):
        raise ValueError("a code is for a person or for a station's group, not both")
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        if session.exec(select(BindingCode.id).where(BindingCode.code == code)).first() is None:
            break
    row = BindingCode(
        code=code,
        person_id=person_id,
        station_id=station_id,
        purpose="person" if person_id is not None else "group",
        expires_at=now + (PERSON_CODE_TTL if person_id is not None else GROUP_CODE_TTL),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def code_in(text: str) -> str | None:
    match = CODE.match(text.strip())
    return match.group(1) if match else None


def redeem(ctx: Context, code: str) -> None:
    incoming = ctx.incoming
    attempt = _attempts(ctx)
    if attempt.locked_until is not None and attempt.locked_until > ctx.now:
        minutes = int((attempt.locked_until - ctx.now).total_seconds() // 60) + 1
        ctx.reply(texts.binding_locked(minutes))
        return

    row = ctx.session.exec(select(BindingCode).where(BindingCode.code == code)).first()
    wanted = "group" if incoming.is_group else "person"
    if (
        row is None
        or row.used_at is not None
        or row.expires_at <= ctx.now
        or row.purpose != wanted
    ):
        _failed(ctx, attempt)
        return

    if incoming.is_group:
        _link_group(ctx, row, attempt)
    else:
        _link_person(ctx, row, attempt)


def _attempts(ctx: Context) -> BindingAttempt:
    incoming = ctx.incoming
    attempt = ctx.session.exec(
        select(BindingAttempt).where(
            BindingAttempt.transport == incoming.transport,
            BindingAttempt.address == incoming.sender,
        )
    ).first()
    if attempt is None:
        attempt = BindingAttempt(transport=incoming.transport, address=incoming.sender)
    return attempt


def _failed(ctx: Context, attempt: BindingAttempt) -> None:
    attempt.failures += 1
    if attempt.failures >= MAX_FAILURES:
        attempt.locked_until = ctx.now + LOCKOUT
        attempt.failures = 0
        ctx.session.add(attempt)
        ctx.reply(texts.binding_locked(int(LOCKOUT.total_seconds() // 60)))
        return
    ctx.session.add(attempt)
    ctx.reply(texts.BINDING_WRONG)


def _link_person(ctx: Context, row: BindingCode, attempt: BindingAttempt) -> None:
    incoming = ctx.incoming
    person = ctx.session.get(Person, row.person_id)
    if person is None or person.id is None:
        _failed(ctx, attempt)
        return
    account = ctx.account or Account(
        person_id=person.id, transport=incoming.transport, address=incoming.sender
    )
    account.person_id = person.id
    account.status = "active"
    account.last_seen = ctx.now
    row.used_at = ctx.now
    attempt.failures = 0
    attempt.locked_until = None
    ctx.session.add_all([account, row, attempt])
    ctx.session.flush()
    ctx.account, ctx.person = account, person
    ctx.reply(texts.linked(person.name))


def _link_group(ctx: Context, row: BindingCode, attempt: BindingAttempt) -> None:
    incoming = ctx.incoming
    person = ctx.person
    if person is None or person.role != "coordinator":
        ctx.reply(texts.GROUP_NEEDS_COORDINATOR)
        return
    station = ctx.session.get(Station, row.station_id)
    assert station is not None and station.id is not None
    group = ctx.session.exec(
        select(ChatGroup).where(
            ChatGroup.transport == incoming.transport, ChatGroup.address == incoming.chat
        )
    ).first()
    if group is None:
        group = ChatGroup(
            station_id=station.id,
            transport=incoming.transport,
            address=incoming.chat,
            title=f"{station.name}志愿者群",
        )
    group.station_id = station.id
    row.used_at = ctx.now
    attempt.failures = 0
    ctx.session.add_all([group, row, attempt])
    ctx.reply(texts.group_linked(station.name))


def find_person(session: Session, name: str) -> Person:
    people = session.exec(select(Person).where(Person.name == name)).all()
    if len(people) != 1:
        raise UnknownPerson(name)
    return people[0]
