"""Family calls (亲情连线): book, look up, move and cancel, in the person's own words."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import col, or_, select

from bot.storage.models import Appointment, Kinship, Person, Station
from handlers import texts
from handlers.context import Context, forget
from handlers.slots import CALL_LENGTH, Availability, hours_text
from nlp.types import When
from scheduler import plan

REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

# A general word matches its specific forms: "my child" may be a son or a daughter.
BROADER = {
    "child": {"son", "daughter"},
    "grandchild": {"grandson", "granddaughter"},
    "spouse": {"husband", "wife"},
}


@dataclass(frozen=True, slots=True)
class Tie:
    """One family member of the person talking, seen from that person."""

    resident_id: int
    relative_id: int
    other_id: int
    other_name: str
    relation: str

    @property
    def word(self) -> str:
        return texts.relation_word(self.relation)


def family_of(ctx: Context, person: Person) -> list[Tie]:
    ties = []
    as_relative = select(Kinship, Person).join(Person, col(Person.id) == Kinship.resident_id)
    for kin, resident in ctx.session.exec(as_relative.where(Kinship.relative_id == person.id)):
        assert resident.id is not None
        ties.append(Tie(resident.id, kin.relative_id, resident.id, resident.name, kin.relation))
    as_resident = select(Kinship, Person).join(Person, col(Person.id) == Kinship.relative_id)
    for kin, relative in ctx.session.exec(as_resident.where(Kinship.resident_id == person.id)):
        assert relative.id is not None
        ties.append(Tie(kin.resident_id, relative.id, relative.id, relative.name, kin.relative_is))
    return ties


def _matches(asked: str, relation: str) -> bool:
    return asked == relation or relation in BROADER.get(asked, set())


def _station_phone(ctx: Context) -> str:
    return "0797-0000000"


def _when_json(when: When | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {
        "date": when.date.isoformat() if when.date else None,
        "time": when.time.strftime("%H:%M") if when.time else None,
        "period": when.period,
    }


def _when_from(data: dict[str, Any] | None) -> When | None:
    if not data:
        return None
    return When(
        date.fromisoformat(data["date"]) if data.get("date") else None,
        time.fromisoformat(data["time"]) if data.get("time") else None,
        data.get("period"),
    )


# --- booking -------------------------------------------------------------------------------


def start(ctx: Context, person: Person, relation: str | None, when: When | None) -> None:
    ties = family_of(ctx, person)
    if relation:
        chosen = [tie for tie in ties if _matches(relation, tie.relation)]
        if not chosen:
            ctx.reply(texts.family_not_on_ledger(relation, _station_phone(ctx)))
            return
    else:
        chosen = ties
    if not chosen:
        ctx.reply(texts.family_not_on_ledger(None, _station_phone(ctx)))
        return
    if len(chosen) > 1:
        choices = [(str(tie.other_id), f"{tie.word}({tie.other_name})") for tie in chosen]
        names = [tie.other_name for tie in chosen]
        ctx.ask(texts.which_family(names), choices, "pick_family", {"when": _when_json(when)})
        return
    arrange(ctx, chosen[0], when)


def arrange(ctx: Context, tie: Tie, when: When | None, moving: Appointment | None = None) -> None:
    """Book (or move) at the named moment if it works, otherwise offer free times."""
    resident = ctx.session.get(Person, tie.resident_id)
    assert resident is not None and resident.station_id is not None
    station = ctx.session.get(Station, resident.station_id)
    assert station is not None
    kind = "room" if resident.can_walk else "home"
    slots = Availability(ctx.session, station, ctx.tz)
    moving_id = moving.id if moving else None

    target = _exact(ctx, when)
    if target is not None:
        verdict = slots.check(kind, target, ctx.now, moving_id)
        if verdict.ok and verdict.volunteer_id is not None:
            if moving is None:
                _book(ctx, tie, station, kind, target, verdict.volunteer_id)
            else:
                _move(ctx, moving, target, verdict.volunteer_id)
            return
        moment = texts.clock(ctx.local(target))
        if ctx.local(target).year != ctx.local(ctx.now).year:
            moment = f"{ctx.local(target).year}年{moment}"
        reasons = {
            "past": texts.time_past(moment),
            "too_soon": texts.too_soon(moment),
            "closed": texts.closed(moment, hours_text(ctx.session, station.id or 0)),
            "taken": texts.slot_taken(moment),
            "no_volunteer": texts.no_volunteer(moment),
        }
        lead = reasons[verdict.reason or "taken"]
        near: datetime | None = target
        if verdict.reason == "past":
            # 昨天晚上八点: the same hour on a day still to come is the likeliest wish.
            near = target + timedelta(days=max(1, (ctx.now - target).days + 1))
        elif verdict.reason == "too_soon":
            near = None
        offers = slots.free(kind, ctx.now, near=near, moving=moving_id)
    else:
        day = when.date if when else None
        period = when.period if when else None
        offers = slots.free(kind, ctx.now, day=day, period=period, moving=moving_id)
        if moving is not None:
            lead = texts.ask_new_time(texts.clock(ctx.local(moving.starts_at)))
        else:
            lead = texts.ask_time(tie.word)
        if not offers and day is not None:
            lead = texts.no_slots_on_day()
            offers = slots.free(kind, ctx.now, moving=moving_id)

    if not offers:
        ctx.reply(texts.NO_SLOTS)
        forget(ctx.session, ctx.account.id if ctx.account else None)
        return
    choices = [(s.isoformat(), texts.clock(ctx.local(s))) for s in offers]
    data = {"tie": tie.other_id, "moving": moving_id}
    ctx.ask(lead, choices, "pick_slot", data)


def _exact(ctx: Context, when: When | None) -> datetime | None:
    if when is None or when.time is None:
        return None
    day = when.date or ctx.local(ctx.now).date()
    return datetime.combine(day, when.time, ctx.tz).astimezone(ctx.now.tzinfo)


def _new_ref(ctx: Context) -> str:
    while True:
        ref = "".join(secrets.choice(REF_ALPHABET) for _ in range(4))
        if ctx.session.exec(select(Appointment.id).where(Appointment.ref == ref)).first() is None:
            return ref


def _book(
    ctx: Context, tie: Tie, station: Station, kind: str, start_at: datetime, volunteer_id: int
) -> None:
    assert ctx.person is not None and ctx.person.id is not None and station.id is not None
    appointment = Appointment(
        ref=_new_ref(ctx),
        station_id=station.id,
        resident_id=tie.resident_id,
        relative_id=tie.relative_id,
        volunteer_id=volunteer_id,
        booked_by=ctx.person.id,
        kind=kind,
        starts_at=start_at,
        ends_at=start_at + CALL_LENGTH,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(appointment)
    ctx.session.flush()
    plan.plan(ctx.session, appointment, ctx.now, ctx.tz, ctx.quiet)
    forget(ctx.session, ctx.account.id if ctx.account else None)

    resident = ctx.session.get(Person, tie.resident_id)
    relative = ctx.session.get(Person, tie.relative_id)
    volunteer = ctx.session.get(Person, volunteer_id)
    assert resident and relative and volunteer
    moment = texts.clock(ctx.local(start_at))
    if kind == "home":
        place = f"志愿者{volunteer.name}会带平板上门"
    else:
        place = texts.place_in_room(station.room_name)
    _tell_other_side(
        ctx, appointment, lambda who: texts.booked_for_you(who, moment, place, appointment.ref)
    )
    if kind == "home":
        ctx.reply(
            texts.booked_home(tie.word, tie.other_name, moment, volunteer.name, appointment.ref)
        )
        ctx.post(
            station.id,
            texts.group_new_home(
                appointment.ref,
                texts.short_day(ctx.local(start_at)),
                relative.name,
                resident.name,
                volunteer.name,
                resident.address,
            ),
        )
    else:
        ctx.reply(
            texts.booked(tie.word, tie.other_name, moment, place, volunteer.name, appointment.ref)
        )
        ctx.post(
            station.id,
            texts.group_new(
                appointment.ref,
                texts.short_day(ctx.local(start_at)),
                relative.name,
                resident.name,
                volunteer.name,
            ),
        )


def _move(ctx: Context, appointment: Appointment, start_at: datetime, volunteer_id: int) -> None:
    assert appointment.id is not None
    old = texts.clock(ctx.local(appointment.starts_at))
    old_short = texts.short_day(ctx.local(appointment.starts_at))
    appointment.starts_at = start_at
    appointment.ends_at = start_at + CALL_LENGTH
    appointment.volunteer_id = volunteer_id
    appointment.updated_at = ctx.now
    ctx.session.add(appointment)
    plan.cancel(ctx.session, appointment.id)
    plan.plan(ctx.session, appointment, ctx.now, ctx.tz, ctx.quiet)
    forget(ctx.session, ctx.account.id if ctx.account else None)

    volunteer = ctx.session.get(Person, volunteer_id)
    assert volunteer is not None
    new = texts.clock(ctx.local(start_at))
    ctx.reply(texts.moved(old, new, appointment.ref, volunteer.name))
    if ctx.person is not None:
        _tell_other_side(
            ctx, appointment, lambda who: texts.moved_for_you(who, old, new, appointment.ref)
        )
    ctx.post(
        appointment.station_id,
        texts.group_moved(
            appointment.ref, old_short, texts.short_day(ctx.local(start_at)), volunteer.name
        ),
    )


def _tell_other_side(ctx: Context, appointment: Appointment, say: Callable[[str], str]) -> None:
    """The resident or relative who did not make the change hears of it now, not first from a
    reminder, if they have a chat account; `say` gets the changer as that person calls them
    (妈妈(张桂英), or a volunteer's name)."""
    changer = ctx.person
    assert changer is not None
    for person_id in (appointment.resident_id, appointment.relative_id):
        if person_id == changer.id:
            continue
        who = changer.name
        other = ctx.session.get(Person, person_id)
        if other is not None:
            for tie in family_of(ctx, other):
                if tie.other_id == changer.id:
                    who = f"{tie.word}({changer.name})"
        ctx.tell(person_id, say(who))


# --- looking up, moving, cancelling --------------------------------------------------------


def upcoming(ctx: Context, person: Person) -> list[Appointment]:
    query = (
        select(Appointment)
        .where(
            Appointment.status == "booked",
            col(Appointment.ends_at) > ctx.now,
            or_(
                Appointment.booked_by == person.id,
                Appointment.relative_id == person.id,
                Appointment.resident_id == person.id,
                Appointment.volunteer_id == person.id,
            ),
        )
        .order_by(col(Appointment.starts_at))
    )
    return list(ctx.session.exec(query))


def _other(ctx: Context, person: Person, appointment: Appointment) -> tuple[str, str]:
    """Who the call is with, from the person's side: (relation word, name)."""
    for tie in family_of(ctx, person):
        if tie.other_id in (appointment.resident_id, appointment.relative_id):
            return tie.word, tie.other_name
    resident = ctx.session.get(Person, appointment.resident_id)
    return "家人", resident.name if resident else ""


def _label(ctx: Context, person: Person, appointment: Appointment) -> str:
    word, name = _other(ctx, person, appointment)
    return f"{texts.clock(ctx.local(appointment.starts_at))} 跟{word}({name})"


def status_line(ctx: Context, person: Person, appointment: Appointment) -> str:
    """One appointment as the person sees it: a call with family, or a call they staff."""
    moment = texts.clock(ctx.local(appointment.starts_at))
    home = appointment.kind == "home"
    family = (appointment.resident_id, appointment.relative_id, appointment.booked_by)
    if appointment.volunteer_id == person.id and person.id not in family:
        resident = ctx.session.get(Person, appointment.resident_id)
        relative = ctx.session.get(Person, appointment.relative_id)
        assert resident is not None and relative is not None
        return texts.duty_line(moment, relative.name, resident.name, appointment.ref, home)
    word, name = _other(ctx, person, appointment)
    return texts.status_line(moment, f"{word}({name})", appointment.ref, home)


def status(ctx: Context, person: Person) -> None:
    found = upcoming(ctx, person)
    if not found:
        ctx.reply(texts.NOTHING_BOOKED)
        return
    lines = [status_line(ctx, person, appointment) for appointment in found]
    ctx.reply(texts.status(lines, on_duty=all(a.volunteer_id == person.id for a in found)))


def reschedule(ctx: Context, person: Person, when: When | None) -> None:
    found = upcoming(ctx, person)
    if not found:
        ctx.reply(texts.NOTHING_BOOKED)
        return
    if len(found) > 1:
        choices = [(str(a.id), _label(ctx, person, a)) for a in found]
        ctx.ask(
            texts.WHICH_TO_MOVE,
            choices,
            "pick_appointment",
            {"action": "move", "when": _when_json(when)},
        )
        return
    move(ctx, person, found[0], when)


def move(ctx: Context, person: Person, appointment: Appointment, when: When | None) -> None:
    tie = next(
        (
            t
            for t in family_of(ctx, person)
            if t.other_id in (appointment.resident_id, appointment.relative_id)
        ),
        None,
    )
    if tie is None:
        tie = Tie(
            appointment.resident_id, appointment.relative_id, appointment.resident_id, "", ""
        )
    arrange(ctx, tie, when, moving=appointment)


def call_off(ctx: Context, appointment: Appointment) -> None:
    assert appointment.id is not None
    appointment.status = "cancelled"
    appointment.updated_at = ctx.now
    ctx.session.add(appointment)
    plan.cancel(ctx.session, appointment.id)
    forget(ctx.session, ctx.account.id if ctx.account else None)
    moment = texts.clock(ctx.local(appointment.starts_at))
    ctx.reply(texts.cancelled(moment))
    if ctx.person is not None:
        _tell_other_side(ctx, appointment, lambda who: texts.cancelled_for_you(who, moment))
    ctx.post(
        appointment.station_id,
        texts.group_cancelled(appointment.ref, texts.short_day(ctx.local(appointment.starts_at))),
    )


# --- answers to the bot's questions --------------------------------------------------------


def on_pick_family(ctx: Context, person: Person, key: str, data: dict[str, Any]) -> None:
    tie = next((t for t in family_of(ctx, person) if str(t.other_id) == key), None)
    if tie is None:
        ctx.reply(texts.STALE_CHOICE)
        return
    arrange(ctx, tie, _when_from(data.get("when")))


def on_pick_slot(ctx: Context, person: Person, when: When, data: dict[str, Any]) -> None:
    tie = next((t for t in family_of(ctx, person) if t.other_id == data.get("tie")), None)
    moving = ctx.session.get(Appointment, data["moving"]) if data.get("moving") else None
    if tie is None or (moving is not None and moving.status != "booked"):
        ctx.reply(texts.STALE_CHOICE)
        forget(ctx.session, ctx.account.id if ctx.account else None)
        return
    arrange(ctx, tie, when, moving=moving)


def on_pick_appointment(ctx: Context, person: Person, key: str, data: dict[str, Any]) -> None:
    appointment = ctx.session.get(Appointment, int(key))
    if appointment is None or appointment.status != "booked" or appointment.ends_at <= ctx.now:
        ctx.reply(texts.STALE_CHOICE)
        forget(ctx.session, ctx.account.id if ctx.account else None)
        return
    if data.get("action") == "cancel":
        call_off(ctx, appointment)
    else:
        move(ctx, person, appointment, _when_from(data.get("when")))


def slot_when(ctx: Context, key: str) -> When:
    local = ctx.local(datetime.fromisoformat(key))
    return When(local.date(), local.time(), None)
