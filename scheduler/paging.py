"""Paging for counselling cases: rounds that repeat and climb the chain until someone takes it.

A crisis pages the on-call counsellors and the station's coordinator at once, then every few
minutes again, adding the township and then the county coordinators, day or night. A concern
goes to the counsellors and climbs a level each time its first-response deadline passes, quiet
hours respected. Rounds are rows (scheduled → sent, or cancelled when the case is taken), so
a restart neither loses a page nor sends one early.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

import nlp
from bot.faults import crash_point
from bot.storage import outbox
from bot.storage.cases import Case, CaseMessage, CasePage, CaseStaff
from bot.storage.db import transaction
from bot.storage.models import Account, Conversation, InboxMessage, OutboxMessage, Person, Station
from handlers import texts
from nlp.types import Risk
from scheduler.plan import QuietHours

log = logging.getLogger("qinqing.scheduler")

LEVELS = ("station", "township", "county")
TAKE_STATE = "take_case"
TAKE_CHOICE = "我来接手"
ANSWER_VALID = timedelta(days=2)


@dataclass
class Rules:
    page_every: timedelta = timedelta(minutes=5)
    concern_deadline: timedelta = timedelta(hours=24)
    retention: timedelta = timedelta(days=30)
    quiet: QuietHours = field(default_factory=lambda: QuietHours(time(22), time(7)))
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))


RULES = Rules()


def configure(rules: Rules) -> None:
    global RULES
    RULES = rules


def covers(staff: CaseStaff | None, person: Person, station: Station | None) -> bool:
    """Whether this counsellor or coordinator answers for the station (None: no station known,
    which only the county level answers for)."""
    level = staff.level if staff is not None else "station"
    if station is None:
        return level == "county"
    if level == "township":
        return staff is not None and staff.area == station.township
    if level == "county":
        return staff is not None and staff.area == station.county
    return person.station_id == station.id


def staff_for(session: Session, station: Station | None) -> list[tuple[Person, CaseStaff | None]]:
    """Everyone who may see and take a case from this station."""
    query = (
        select(Person, CaseStaff)
        .join(CaseStaff, col(CaseStaff.person_id) == col(Person.id), isouter=True)
        .where(col(Person.role).in_(("counsellor", "coordinator")))
        .order_by(col(Person.id))
    )
    return [
        (person, staff)
        for person, staff in session.exec(query)
        if answers_for(staff, person, station)
    ]


def answers_for(staff: CaseStaff | None, person: Person, station: Station | None) -> bool:
    if person.role not in ("counsellor", "coordinator"):
        return False
    if covers(staff, person, station):
        return True
    # Nobody knows where a stranger lives: every counsellor on call may help.
    return station is None and person.role == "counsellor" and _on_call(staff)


def _on_call(staff: CaseStaff | None) -> bool:
    return staff is None or staff.on_call


def _levels_reached(case: Case, round_: int) -> int:
    """How many coordinator levels a round reaches: a concern starts with counsellors only."""
    return round_ + 1 if case.severity == "crisis" else round_


def recipients(session: Session, case: Case, round_: int) -> list[Person]:
    station = session.get(Station, case.station_id) if case.station_id else None
    everyone = staff_for(session, station)
    reached = _levels_reached(case, round_)
    if station is None:
        reached = max(reached, len(LEVELS))
    chosen = []
    for person, staff in everyone:
        if person.role == "counsellor":
            if _on_call(staff) or reached >= len(LEVELS):
                chosen.append(person)
        else:
            level = staff.level if staff is not None else "station"
            if LEVELS.index(level) < reached:
                chosen.append(person)
    if not any(_reachable(session, p) for p in chosen) and reached < len(LEVELS):
        # Nobody to tell at this level: the next level hears at once rather than minutes later.
        return recipients(session, case, round_ + 1)
    return chosen


def _reachable(session: Session, person: Person) -> bool:
    query = select(Account.id).where(Account.person_id == person.id, Account.status == "active")
    return session.exec(query).first() is not None


def send_round(
    session: Session, case: Case, round_: int, now: datetime, inbox_id: int | None = None
) -> int:
    """Page everyone this round reaches, on every account they have; plan the next round."""
    assert case.id is not None
    people = recipients(session, case, round_)
    text = page_text(session, case, round_)
    sent = 0
    for person in people:
        for account in _accounts(session, person):
            assert account.id is not None
            row = outbox.enqueue(
                session,
                key=f"case:{case.id}:page:{case.severity}:{round_}:{account.id}",
                transport=account.transport,
                address=account.address,
                text=text,
                choices=[(f"{case.nonce}.1", TAKE_CHOICE)],
                person_id=person.id,
                inbox_id=inbox_id,
                now=now,
            )
            if row is not None:
                _await_answer(session, account.id, case, now)
                sent += 1
    if case.severity == "concern" and round_ == 0 and case.station_id is not None:
        for group in outbox.station_groups(session, case.station_id, "counsellors"):
            outbox.enqueue(
                session,
                key=f"case:{case.id}:room:{group.id}",
                transport=group.transport,
                address=group.address,
                text=text,
                choices=[(f"{case.nonce}.1", TAKE_CHOICE)],
                inbox_id=inbox_id,
                now=now,
            )
            sent += 1
    session.add(
        CasePage(
            case_id=case.id,
            round=round_ + 1,
            due_at=_next_due(case, now),
        )
    )
    return sent


def _next_due(case: Case, now: datetime) -> datetime:
    if case.severity == "crisis":
        return now + RULES.page_every
    due = now + RULES.concern_deadline
    local = due.astimezone(RULES.tz)
    if RULES.quiet.contains(local):
        due = RULES.quiet.move_later(local).astimezone(now.tzinfo)
    return due


def _accounts(session: Session, person: Person) -> list[Account]:
    query = (
        select(Account)
        .where(Account.person_id == person.id, Account.status == "active")
        .order_by(col(Account.id))
    )
    return list(session.exec(query))


def _await_answer(session: Session, account_id: int, case: Case, now: datetime) -> None:
    """So that a typed "1" after the page takes the case, as a pressed button does."""
    payload = {"keys": ["take"], "data": {"case": case.id}, "nonce": case.nonce}
    row = session.get(Conversation, account_id)
    if row is None:
        row = Conversation(account_id=account_id, state=TAKE_STATE, expires_at=now)
    row.state = TAKE_STATE
    row.data = json.dumps(payload)
    row.expires_at = now + ANSWER_VALID
    session.add(row)


def page_text(session: Session, case: Case, round_: int) -> str:
    person = session.get(Person, case.person_id) if case.person_id else None
    station = session.get(Station, case.station_id) if case.station_id else None
    first = session.get(InboxMessage, case.inbox_id) if case.inbox_id else None
    severity: Risk = "crisis" if case.severity == "crisis" else "concern"
    said = nlp.risky_excerpt(_what_raised(session, case, first), severity)
    name = person.name if person else texts.UNLINKED_PERSON
    place = station.name if station else texts.UNKNOWN_STATION
    if case.from_group:
        reporter = _reporter(session, first)
        text = texts.reported_page(
            case.ref, case.severity, reporter, person.name if person else None, place, said, round_
        )
    elif case.severity == "crisis":
        text = texts.crisis_page(case.ref, name, place, said, round_)
    else:
        text = texts.concern_page(case.ref, name, place, said, round_)
    if case.mandatory_report:
        text = f"{text}\n{texts.MANDATORY_REPORT_MARK}"
    return text


def _what_raised(session: Session, case: Case, first: InboxMessage | None) -> str:
    """The latest message at the case's severity: a concern case raised to crisis quotes the
    message that raised it, not the sad one that opened it."""
    latest = session.exec(
        select(CaseMessage.text)
        .where(
            CaseMessage.case_id == case.id,
            CaseMessage.direction == "in",
            CaseMessage.risk == case.severity,
        )
        .order_by(col(CaseMessage.id).desc())
    ).first()
    if latest is not None:
        return latest
    return first.text if first else ""


def _reporter(session: Session, first: InboxMessage | None) -> str:
    if first is None:
        return texts.UNLINKED_PERSON
    account = session.exec(
        select(Account).where(
            Account.transport == first.transport, Account.address == first.sender
        )
    ).first()
    person = session.get(Person, account.person_id) if account else None
    return person.name if person else texts.UNLINKED_PERSON


def due_ids(engine: Engine, now: datetime) -> list[int]:
    with Session(engine) as session:
        query = (
            select(CasePage.id)
            .where(CasePage.status == "scheduled", col(CasePage.due_at) <= now)
            .order_by(col(CasePage.due_at))
        )
        return [pid for pid in session.exec(query) if pid is not None]


def upcoming(engine: Engine, now: datetime, within: timedelta) -> list[tuple[int, datetime]]:
    with Session(engine) as session:
        query = select(CasePage.id, CasePage.due_at).where(
            CasePage.status == "scheduled",
            col(CasePage.due_at) > now,
            col(CasePage.due_at) <= now + within,
        )
        return [(pid, due) for pid, due in session.exec(query) if pid is not None]


def fire(engine: Engine, page_id: int, now: datetime) -> str | None:
    """Claim one due round and put its pages in the outbox, in one transaction."""
    with transaction(engine) as session:
        claimed = session.exec(
            update(CasePage)
            .where(
                col(CasePage.id) == page_id,
                col(CasePage.status) == "scheduled",
                col(CasePage.due_at) <= now,
            )
            .values(status="sending")
        )
        if claimed.rowcount != 1:
            return None
        page = session.get(CasePage, page_id)
        assert page is not None
        # Locked so a round and a counsellor taking the case never both think it still open.
        case = session.get(Case, page.case_id, with_for_update=True)
        assert case is not None
        if case.status != "open":
            page.status = "cancelled"
        else:
            page.recipients = send_round(session, case, page.round, now)
            page.status = "sent"
            page.sent_at = now
        session.add(page)
        crash_point("paging.claimed")
    log.info("case %s: round %s %s", page.case_id, page.round, page.status)
    return page.status


def sweep(engine: Engine, now: datetime) -> int:
    """Fire every due round and forget relayed messages whose time is up; returns rounds sent."""
    sent = sum(1 for page_id in due_ids(engine, now) if fire(engine, page_id, now) == "sent")
    purge(engine, now)
    return sent


def purge(engine: Engine, now: datetime) -> int:
    """Delete what was said in cases closed longer ago than the retention period."""
    with Session(engine) as session:
        ids = [
            cid
            for cid in session.exec(
                select(Case.id).where(
                    Case.status == "closed",
                    col(Case.purged_at).is_(None),
                    col(Case.closed_at) <= now - RULES.retention,
                )
            )
            if cid is not None
        ]
    for case_id in ids:
        with transaction(engine) as session:
            case = session.get(Case, case_id)
            assert case is not None
            said = session.exec(select(CaseMessage).where(CaseMessage.case_id == case_id)).all()
            inbox_ids = {m.inbox_id for m in said if m.inbox_id is not None}
            if case.inbox_id is not None:
                inbox_ids.add(case.inbox_id)
            for message in said:
                session.delete(message)
            session.exec(
                update(InboxMessage)
                .where(col(InboxMessage.id).in_(inbox_ids))
                .values(text=texts.DELETED)
            )
            session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.key).startswith(f"case:{case_id}:"))
                .values(text=texts.DELETED)
            )
            case.purged_at = now
            session.add(case)
        log.info("case %s: relayed messages deleted", case_id)
    return len(ids)
