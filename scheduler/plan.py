"""Which reminders an appointment needs, and when, with quiet hours respected."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select, update

from bot.storage.models import Account, Appointment, Reminder

EVENING = time(20, 0)
SOON = timedelta(minutes=30)
OUTCOME_AFTER = timedelta(minutes=5)
RATING_AFTER = timedelta(minutes=10)

BEFORE = frozenset({"evening_before", "soon", "volunteer_soon"})
AFTER = frozenset({"outcome", "rating"})


class QuietHours:
    def __init__(self, start: time, end: time) -> None:
        self.start = start
        self.end = end

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        return cls(time.fromisoformat(start), time.fromisoformat(end))

    def contains(self, local: datetime) -> bool:
        moment = local.time()
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def move_earlier(self, local: datetime) -> datetime:
        """To just before quiet hours begin, the evening before if need be."""
        day = local.date() if local.time() >= self.start else local.date() - timedelta(days=1)
        return datetime.combine(day, self.start, local.tzinfo) - timedelta(minutes=15)

    def move_later(self, local: datetime) -> datetime:
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, local.tzinfo)


def plan(
    session: Session,
    appointment: Appointment,
    now: datetime,
    tz: ZoneInfo,
    quiet: QuietHours,
) -> list[Reminder]:
    """Write the reminders for a booked appointment; only moments still ahead are kept."""
    assert appointment.id is not None
    start = appointment.starts_at.astimezone(tz)
    end = appointment.ends_at.astimezone(tz)
    wanted: list[tuple[int, str, datetime]] = [
        (
            appointment.relative_id,
            "evening_before",
            datetime.combine(start.date() - timedelta(days=1), EVENING, tz),
        ),
        (appointment.relative_id, "soon", start - SOON),
        (appointment.booked_by, "rating", end + RATING_AFTER),
    ]
    if appointment.booked_by != appointment.resident_id and _reachable(
        session, appointment.resident_id
    ):
        wanted.append((appointment.resident_id, "soon", start - SOON))
    if appointment.volunteer_id is not None:
        wanted.append((appointment.volunteer_id, "volunteer_soon", start - SOON))
        wanted.append((appointment.volunteer_id, "outcome", end + OUTCOME_AFTER))

    planned = []
    for person_id, purpose, moment in wanted:
        if quiet.contains(moment):
            moment = quiet.move_earlier(moment) if purpose in BEFORE else quiet.move_later(moment)
        due = moment.astimezone(now.tzinfo)
        if purpose in BEFORE and (due <= now or due >= appointment.starts_at):
            continue
        reminder = Reminder(
            appointment_id=appointment.id,
            person_id=person_id,
            purpose=purpose,
            due_at=due,
            created_at=now,
        )
        session.add(reminder)
        planned.append(reminder)
    session.flush()
    return planned


def cancel(session: Session, appointment_id: int) -> None:
    session.exec(
        update(Reminder)
        .where(col(Reminder.appointment_id) == appointment_id, col(Reminder.status) == "scheduled")
        .values(status="cancelled")
    )


def _reachable(session: Session, person_id: int) -> bool:
    query = select(Account.id).where(Account.person_id == person_id, Account.status == "active")
    return session.exec(query).first() is not None
