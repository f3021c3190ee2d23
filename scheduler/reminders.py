"""Turning due reminders into messages, each exactly once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.models import Appointment, Kinship, Person, Reminder, Station
from handlers import texts
from handlers.context import buttons, remember
from scheduler.plan import AFTER

log = logging.getLogger("qinqing.scheduler")

ON_TIME = timedelta(minutes=2)
FOLLOW_UP_VALID = timedelta(days=2)


def due_ids(engine: Engine, now: datetime, within: timedelta = timedelta(0)) -> list[int]:
    with Session(engine) as session:
        query = (
            select(Reminder.id)
            .where(Reminder.status == "scheduled", col(Reminder.due_at) <= now + within)
            .order_by(col(Reminder.due_at))
        )
        return [rid for rid in session.exec(query) if rid is not None]


def upcoming(engine: Engine, now: datetime, within: timedelta) -> list[tuple[int, datetime]]:
    """Reminders due soon, for the clock to wake up at exactly their moment."""
    with Session(engine) as session:
        query = select(Reminder.id, Reminder.due_at).where(
            Reminder.status == "scheduled",
            col(Reminder.due_at) > now,
            col(Reminder.due_at) <= now + within,
        )
        return [(rid, due) for rid, due in session.exec(query) if rid is not None]


def fire(engine: Engine, reminder_id: int, now: datetime, tz: ZoneInfo) -> str | None:
    """Claim one due reminder and put its message in the outbox, in one transaction."""
    with transaction(engine) as session:
        claimed = session.exec(
            update(Reminder)
            .where(
                col(Reminder.id) == reminder_id,
                col(Reminder.status) == "scheduled",
                col(Reminder.due_at) <= now,
            )
            .values(status="sending")
        )
        if claimed.rowcount != 1:
            return None
        reminder = session.get(Reminder, reminder_id)
        assert reminder is not None
        outcome = _compose(session, reminder, now, tz)
        reminder.status = outcome
        session.add(reminder)
    log.info("reminder %s: %s (%s)", reminder_id, outcome, reminder.purpose)
    return outcome


def _compose(session: Session, reminder: Reminder, now: datetime, tz: ZoneInfo) -> str:
    appointment = session.get(Appointment, reminder.appointment_id)
    assert appointment is not None and reminder.id is not None
    late = now - reminder.due_at > ON_TIME
    if reminder.purpose in AFTER:
        if appointment.status == "cancelled" or (
            reminder.purpose == "rating" and appointment.status == "no_show"
        ):
            return "cancelled"
        if now - reminder.due_at > FOLLOW_UP_VALID:
            return "missed"
    else:
        if appointment.status != "booked":
            return "cancelled"
        if appointment.starts_at <= now:
            return "missed"

    account = outbox.primary_account(session, reminder.person_id)
    if account is None:
        return "missed"
    text, choices, state = _words(session, reminder, appointment, tz)
    if late and reminder.purpose not in AFTER:
        text = f"{text}\n{texts.LATE_NOTE}"
    payloads: list[tuple[str, str]] = []
    if state is not None:
        nonce = remember(session, account.id, state, choices, {"appointment": appointment.id}, now)
        payloads = buttons(nonce, choices)
    outbox.enqueue(
        session,
        key=f"reminder:{reminder.id}",
        transport=account.transport,
        address=account.address,
        text=text,
        choices=payloads,
        person_id=reminder.person_id,
        reminder_id=reminder.id,
        now=now,
    )
    reminder.late = late
    return "sending"


def _words(
    session: Session, reminder: Reminder, appointment: Appointment, tz: ZoneInfo
) -> tuple[str, list[tuple[str, str]], str | None]:
    start = appointment.starts_at.astimezone(tz)
    resident = session.get(Person, appointment.resident_id)
    relative = session.get(Person, appointment.relative_id)
    assert resident is not None and relative is not None
    home = appointment.kind == "home"
    who = _who(session, appointment, reminder.person_id)
    moment = texts.time_of_day(start)
    if reminder.purpose == "evening_before":
        return texts.remind_evening(moment, who, home), [], None
    if reminder.purpose == "soon":
        if reminder.person_id == appointment.resident_id:
            room = None if home else _room(session, appointment) or "村里的亲情连线室"
            return texts.remind_soon_resident(moment, who, room), [], None
        return texts.remind_soon(moment, who), [], None
    if reminder.purpose == "volunteer_soon":
        if home:
            text = texts.remind_volunteer_home(moment, resident.name, resident.address)
            return text, [], None
        place = _room(session, appointment)
        return texts.remind_volunteer(moment, resident.name, relative.name, place), [], None
    if reminder.purpose == "outcome":
        question = texts.ask_outcome(appointment.ref, texts.short_day(start), resident.name)
        return question, list(texts.ASK_OUTCOME_CHOICES), "outcome"
    return texts.ask_rating(who), list(texts.RATING_CHOICES), "rating"


def _room(session: Session, appointment: Appointment) -> str:
    station = session.get(Station, appointment.station_id)
    return station.room_name if station else ""


def _who(session: Session, appointment: Appointment, person_id: int) -> str:
    """The other side of the call, in the words of the person being reminded."""
    kin = session.exec(
        select(Kinship).where(
            Kinship.resident_id == appointment.resident_id,
            Kinship.relative_id == appointment.relative_id,
        )
    ).first()
    if kin is None:
        return "家人"
    if person_id == appointment.relative_id:
        return texts.relation_word(kin.relation)
    return texts.relation_word(kin.relative_is)
