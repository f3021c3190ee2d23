"""When a family call can happen: room hours, the room itself, and a volunteer on duty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from bot.storage.models import Appointment, Person, RoomHours, Station, VolunteerDuty

CALL_LENGTH = timedelta(minutes=30)
STEP = timedelta(minutes=30)
LEAD = {"room": timedelta(minutes=30), "home": timedelta(minutes=60)}
TRAVEL = timedelta(minutes=30)
HORIZON_DAYS = 14

PERIODS: dict[str, tuple[time, time]] = {
    "morning": (time(6, 0), time(12, 0)),
    "noon": (time(11, 0), time(14, 0)),
    "afternoon": (time(12, 0), time(18, 0)),
    "evening": (time(18, 0), time(23, 59)),
    "night": (time(0, 0), time(6, 0)),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str | None = None
    volunteer_id: int | None = None


def _hhmm(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def hours_text(session: Session, station_id: int) -> str:
    rows = session.exec(
        select(RoomHours)
        .where(RoomHours.station_id == station_id)
        .order_by(col(RoomHours.weekday))
    ).all()
    spans: dict[str, list[int]] = {}
    for row in rows:
        spans.setdefault(f"{row.opens}–{row.closes}", []).append(row.weekday)
    names = "一二三四五六日"
    parts = []
    for span, days in spans.items():
        label = "、".join(f"周{names[d]}" for d in days) if len(days) < 7 else "每天"
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            label = f"周{names[days[0]]}至周{names[days[-1]]}"
        parts.append(f"{label} {span}")
    return ";".join(parts) or "暂未开放"


class Availability:
    """Answers "can a call start here and then?" for one station, against the database."""

    def __init__(self, session: Session, station: Station, tz: ZoneInfo) -> None:
        assert station.id is not None
        self.session = session
        self.station = station
        self.station_id: int = station.id
        self.tz = tz
        self.hours = {
            row.weekday: (_hhmm(row.opens), _hhmm(row.closes))
            for row in session.exec(select(RoomHours).where(RoomHours.station_id == station.id))
        }

    def check(
        self, kind: str, start: datetime, now: datetime, moving: int | None = None
    ) -> Verdict:
        if start <= now:
            return Verdict(False, "past")
        if start < now + LEAD[kind]:
            return Verdict(False, "too_soon")
        if not self._open(start):
            return Verdict(False, "closed")
        end = start + CALL_LENGTH
        if kind == "room" and self._room_busy(start, end, moving):
            return Verdict(False, "taken")
        volunteer = self._volunteer(kind, start, end, moving)
        if volunteer is None:
            return Verdict(False, "no_volunteer")
        return Verdict(True, volunteer_id=volunteer)

    def free(
        self,
        kind: str,
        now: datetime,
        *,
        day: date | None = None,
        period: str | None = None,
        near: datetime | None = None,
        moving: int | None = None,
        limit: int = 4,
    ) -> list[datetime]:
        """The next free starts, on `day` and in `period` when given, closest to `near` first."""
        local_now = now.astimezone(self.tz)
        first_day = day or local_now.date()
        last_day = day or first_day + timedelta(days=HORIZON_DAYS)
        found: list[datetime] = []
        current = first_day
        while current <= last_day and (near is not None or len(found) < limit):
            for start in self._starts(current, period):
                if self.check(kind, start, now, moving).ok:
                    found.append(start)
            if near is not None and len(found) >= limit and current > near.date():
                break
            current += timedelta(days=1)
        if near is not None:
            found.sort(key=lambda s: (s.date() != near.date(), abs(s - near)))
            found = sorted(found[:limit])
        return found[:limit]

    def _starts(self, day: date, period: str | None) -> list[datetime]:
        span = self.hours.get(day.weekday())
        if span is None:
            return []
        opens, closes = span
        if period in PERIODS:
            low, high = PERIODS[period]
            opens, closes = max(opens, low), min(closes, high)
        moment = datetime.combine(day, opens, self.tz)
        last = datetime.combine(day, closes, self.tz) - CALL_LENGTH
        starts = []
        while moment <= last:
            starts.append(moment.astimezone(ZoneInfo("UTC")))
            moment += STEP
        return starts

    def _open(self, start: datetime) -> bool:
        local = start.astimezone(self.tz)
        span = self.hours.get(local.weekday())
        if span is None:
            return False
        end = local + CALL_LENGTH
        return span[0] <= local.time() and end.date() == local.date() and end.time() <= span[1]

    def _room_busy(self, start: datetime, end: datetime, moving: int | None) -> bool:
        query = select(Appointment.id).where(
            Appointment.station_id == self.station_id,
            Appointment.status == "booked",
            Appointment.kind == "room",
            col(Appointment.starts_at) < end,
            col(Appointment.ends_at) > start,
        )
        if moving is not None:
            query = query.where(Appointment.id != moving)
        return self.session.exec(query).first() is not None

    def _volunteer(
        self, kind: str, start: datetime, end: datetime, moving: int | None
    ) -> int | None:
        local = start.astimezone(self.tz)
        local_end = end.astimezone(self.tz)
        duties = self.session.exec(
            select(VolunteerDuty)
            .join(Person, col(Person.id) == VolunteerDuty.volunteer_id)
            .where(Person.station_id == self.station_id, VolunteerDuty.weekday == local.weekday())
        ).all()
        candidates = sorted(
            {
                duty.volunteer_id
                for duty in duties
                if _hhmm(duty.starts) <= local.time() and local_end.time() <= _hhmm(duty.ends)
            }
        )
        pad = TRAVEL if kind == "home" else timedelta(0)
        day_start = datetime.combine(local.date(), time(0), self.tz)
        best: tuple[int, int] | None = None
        for volunteer in candidates:
            clash = select(Appointment.id).where(
                Appointment.volunteer_id == volunteer,
                Appointment.status == "booked",
                col(Appointment.starts_at) < end + pad,
                col(Appointment.ends_at) > start - pad,
            )
            if moving is not None:
                clash = clash.where(Appointment.id != moving)
            if self.session.exec(clash).first() is not None:
                continue
            load = self.session.exec(
                select(func.count())
                .select_from(Appointment)
                .where(
                    Appointment.volunteer_id == volunteer,
                    Appointment.status == "booked",
                    col(Appointment.starts_at) >= day_start,
                    col(Appointment.starts_at) < day_start + timedelta(days=1),
                )
            ).one()
            if best is None or load < best[0]:
                best = (load, volunteer)
        return best[1] if best else None
