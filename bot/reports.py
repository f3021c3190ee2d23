"""Read-only views for coordinators and for checking: what is booked, who is known."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from bot import tables
from bot.ledger.privacy import LEDGER_COLUMNS
from bot.storage.ledger import Area
from bot.storage.models import (
    Appointment,
    ChatGroup,
    Kinship,
    Person,
    Reminder,
    RoomHours,
    Station,
)

if TYPE_CHECKING:
    from bot.app import App


def appointments(app: App) -> list[dict[str, Any]]:
    with Session(app.engine) as session:
        names = {p.id: p.name for p in session.exec(select(Person))}
        rows = []
        for appointment in session.exec(select(Appointment).order_by(col(Appointment.starts_at))):
            reminders = session.exec(
                select(Reminder)
                .where(Reminder.appointment_id == appointment.id)
                .order_by(col(Reminder.due_at), col(Reminder.id))
            ).all()
            rows.append(
                {
                    "ref": appointment.ref,
                    "status": appointment.status,
                    "kind": appointment.kind,
                    "starts_at": appointment.starts_at.astimezone(app.tz).isoformat(),
                    "resident": names.get(appointment.resident_id),
                    "relative": names.get(appointment.relative_id),
                    "volunteer": names.get(appointment.volunteer_id),
                    "booked_by": names.get(appointment.booked_by),
                    "rating": appointment.rating,
                    "reminders": [
                        {
                            "purpose": r.purpose,
                            "to": names.get(r.person_id),
                            "due_at": r.due_at.astimezone(app.tz).isoformat(),
                            "status": r.status,
                            "late": r.late,
                        }
                        for r in reminders
                    ],
                }
            )
        return rows


def people(app: App) -> list[dict[str, Any]]:
    with Session(app.engine) as session:
        stations = {s.id: s.name for s in session.exec(select(Station))}
        persons = {p.id: p for p in session.exec(select(Person).order_by(col(Person.id)))}
        areas = {a.id: a.name for a in session.exec(select(Area))}
        family: dict[int, list[dict[str, Any]]] = {}
        for kin in session.exec(select(Kinship).order_by(col(Kinship.id))):
            resident, relative = persons[kin.resident_id], persons[kin.relative_id]
            family.setdefault(kin.relative_id, []).append(_tie(resident, kin.relation))
            family.setdefault(kin.resident_id, []).append(_tie(relative, kin.relative_is))
        return [
            {
                "name": person.name,
                "role": person.role,
                "station": stations.get(person.station_id),
                "can_walk": person.can_walk,
                "relatives": family.get(person.id or 0, []),
                # The whole ledger record, for a local administrator: dates ISO, phones digits.
                **{key: _iso(getattr(person, key)) for key in LEDGER_COLUMNS},
                "area": areas.get(person.area_id),
            }
            for person in persons.values()
        ]


WEEKDAYS = "一二三四五六日"


def stations(app: App) -> list[dict[str, Any]]:
    """Each station with the code that `qinqing code --group` and the ledger files use."""
    with Session(app.engine) as session:
        hours: dict[int, list[str]] = {}
        for row in session.exec(select(RoomHours).order_by(col(RoomHours.weekday))):
            hours.setdefault(row.station_id, []).append(
                f"周{WEEKDAYS[row.weekday]} {row.opens}-{row.closes}"
            )
        groups: dict[int, list[str]] = {}
        for group in session.exec(select(ChatGroup).order_by(col(ChatGroup.id))):
            label = f"{group.transport}:{group.title or group.address}"
            groups.setdefault(group.station_id, []).append(label)
        return [
            {
                "code": station.code,
                "name": station.name,
                "township": station.township,
                "county": station.county,
                "room": station.room_name,
                "hours": hours.get(station.id or 0, []),
                "groups": groups.get(station.id or 0, []),
            }
            for station in session.exec(select(Station).order_by(col(Station.code)))
        ]


BUILDERS = {"appointments": appointments, "people": people, "stations": stations}
TITLES = {"appointments": "预约", "people": "人员", "stations": "站点"}


def show(app: App, what: str, as_json: bool) -> None:
    tables.emit(what, TITLES[what], BUILDERS[what](app), as_json)


def _tie(other: Person, relation: str) -> dict[str, Any]:
    return {
        "name": other.name,
        "relation": relation,
        "phone": other.phone,
        "workplace": other.workplace,
    }


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
