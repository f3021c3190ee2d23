"""Orders shared by the chat flows and the clock: creating, posting, claiming, finishing.

Every function here takes the session it works in and an outbox key prefix, so the same step
can be taken for a message (keys from the inbox row) or for a deadline (keys from its row),
and a replayed cause sends nothing twice.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

import nlp
from bot.ledger import privacy
from bot.storage import outbox
from bot.storage.models import (
    Appointment,
    CaseStaff,
    CatalogItem,
    Deadline,
    Order,
    OrderEvent,
    Person,
    Station,
    VolunteerHours,
)
from handlers import texts
from handlers.context import buttons, remember

log = logging.getLogger("qinqing.orders")

REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
OPEN = ("open", "claimed", "on_the_way")
CLAIMED = ("claimed", "on_the_way")
# Who may take an order, by the catalog's `may_claim`.
CLAIMERS = {
    "volunteers": ("volunteer", "counsellor", "legal"),
    "counsellors": ("counsellor",),
    "legal": ("legal",),
}
# A home visit or a voice note is not in the catalog; these stand in for its settings.
VISIT = CatalogItem(
    code="",
    name="上门探访",
    category="",
    claim_minutes=240,
    done_minutes=1440,
    served_minutes=60,
)
VOICE = CatalogItem(
    code="",
    name="语音待听",
    category="",
    claim_minutes=60,
    done_minutes=240,
    served_minutes=15,
)
# After the volunteer is nudged about an unfinished order, this long before it is taken back.
NUDGE_GRACE = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class Outbox:
    """Where a step's messages go into the outbox: keys under one prefix, counted."""

    session: Session
    prefix: str
    now: datetime
    tz: ZoneInfo
    inbox_id: int | None = None

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def tell(
        self,
        person_id: int,
        name: str,
        text: str,
        choices: list[tuple[str, str]] | None = None,
        state: str | None = None,
        data: dict[str, object] | None = None,
    ) -> bool:
        """A private message; with `state`, the person's answer to `choices` is remembered."""
        account = outbox.primary_account(self.session, person_id)
        if account is None:
            return False
        payloads: list[tuple[str, str]] = []
        if state is not None:
            nonce = remember(
                self.session, account.id, state, choices or [], dict(data or {}), self.now
            )
            payloads = buttons(nonce, choices or [])
        outbox.enqueue(
            self.session,
            key=self.key(name),
            transport=account.transport,
            address=account.address,
            text=text,
            choices=payloads,
            person_id=person_id,
            inbox_id=self.inbox_id,
            now=self.now,
        )
        return True

    def post(
        self,
        station_id: int,
        name: str,
        text: str,
        choices: list[tuple[str, str]] | None = None,
        attachment: dict[str, object] | None = None,
    ) -> int:
        """To the station's volunteer groups on every linked platform."""
        groups = outbox.station_groups(self.session, station_id)
        for group in groups:
            outbox.enqueue(
                self.session,
                key=self.key(f"{name}:{group.id}"),
                transport=group.transport,
                address=group.address,
                text=text,
                choices=choices or [],
                inbox_id=self.inbox_id,
                now=self.now,
                attachment=attachment,
            )
        return len(groups)


def item_of(session: Session, order: Order) -> CatalogItem:
    if order.kind == "visit":
        return VISIT
    if order.kind == "voice" or order.item is None:
        return VOICE
    item = session.get(CatalogItem, order.item)
    return item if item is not None else VOICE


def new_ref(session: Session) -> str:
    """Four characters nobody misreads, unique across orders and family calls alike."""
    while True:
        ref = "".join(secrets.choice(REF_ALPHABET) for _ in range(4))
        taken = session.exec(select(Order.id).where(Order.ref == ref)).first()
        if taken is None:
            taken = session.exec(select(Appointment.id).where(Appointment.ref == ref)).first()
        if taken is None:
            return ref


def by_ref(session: Session, ref: str) -> Order | None:
    return session.exec(select(Order).where(Order.ref == ref.upper())).first()


def event(session: Session, order: Order, what: str, now: datetime, **fields: object) -> None:
    assert order.id is not None
    person_id = fields.get("person_id")
    session.add(
        OrderEvent(
            order_id=order.id,
            what=what,
            person_id=int(person_id) if isinstance(person_id, int) else None,
            detail=str(fields.get("detail", "")),
            at=now,
        )
    )


def create(
    session: Session,
    *,
    kind: str,
    item: str | None,
    resident: Person,
    asked_by: int | None,
    request: str,
    wanted_on: date | None,
    now: datetime,
) -> Order:
    assert resident.id is not None and resident.station_id is not None
    order = Order(
        ref=new_ref(session),
        kind=kind,
        item=item,
        station_id=resident.station_id,
        for_id=resident.id,
        asked_by=asked_by,
        request=request[:500],
        wanted_on=wanted_on,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    session.flush()
    event(session, order, "ordered", now, person_id=asked_by, detail=request[:200])
    plan_deadline(session, order, "claim", 1, now + minutes(item_of(session, order), "claim"), now)
    log.info("order %s: %s created", order.id, kind)
    return order


def minutes(item: CatalogItem, which: str) -> timedelta:
    return timedelta(minutes=item.claim_minutes if which == "claim" else item.done_minutes)


def plan_deadline(
    session: Session, order: Order, kind: str, step: int, due: datetime, now: datetime
) -> None:
    assert order.id is not None
    session.add(Deadline(order_id=order.id, kind=kind, step=step, due_at=due, created_at=now))
    session.flush()


def drop_deadlines(session: Session, order_id: int) -> None:
    session.exec(
        update(Deadline)
        .where(col(Deadline.order_id) == order_id, col(Deadline.status) == "scheduled")
        .values(status="cancelled")
    )


def label(session: Session, order: Order) -> str:
    item = item_of(session, order)
    return item.name


def claim_choice(order: Order) -> list[tuple[str, str]]:
    """The payload is the command itself, so a button and typed words do the same thing."""
    command = f"接单 {order.ref}"
    return [(command, command)]


# What a whole volunteers' group should not read about a neighbour: health of the mind, family
# trouble, the law. The one who claims the order still sees the words.
_PRIVATE = re.compile(
    r"想不开|抑郁|自杀|轻生|寻短见|精神|心理|住院|离婚|坐牢|劳改|吸毒|赌|怀孕|打胎|流产|艾滋|病史|"
    r"家暴|打老婆|性侵|猥亵|欠债|讨债"
)


def shareable(request: str) -> bool:
    """Whether the asker's words may be quoted to the whole volunteers' group."""
    return _PRIVATE.search(request) is None and nlp.assess_risk(request) == "none"


def post_open(out: Outbox, order: Order, name: str, again: bool = False) -> int:
    """Show an open order to the volunteers, with its claim button; no address, no phone, and
    the asker's words only when they say nothing private."""
    session = out.session
    resident = session.get(Person, order.for_id)
    station = session.get(Station, order.station_id)
    item = item_of(session, order)
    text = texts.group_order(
        order.ref,
        label(session, order),
        resident.name if resident else "",
        station.name if station else "",
        order.request if shareable(order.request) else "",
        texts.wanted(order.wanted_on),
        texts.duration(minutes(item, "claim")),
        again,
    )
    return out.post(order.station_id, name, text, claim_choice(order))


def may_claim(session: Session, person: Person, order: Order) -> bool:
    roles = CLAIMERS.get(item_of(session, order).may_claim, CLAIMERS["volunteers"])
    return person.role in roles and person.station_id == order.station_id


def claim(out: Outbox, order: Order, volunteer: Person) -> bool:
    """First claim wins: the database decides, with one conditional update."""
    session = out.session
    assert order.id is not None and volunteer.id is not None
    won = session.exec(
        update(Order)
        .where(col(Order.id) == order.id, col(Order.status) == "open")
        .values(
            status="claimed", volunteer_id=volunteer.id, claimed_at=out.now, updated_at=out.now
        )
    )
    if won.rowcount != 1:
        session.refresh(order)
        return False
    session.refresh(order)
    drop_deadlines(session, order.id)
    item = item_of(session, order)
    plan_deadline(session, order, "done", 1, out.now + minutes(item, "done"), out.now)
    event(session, order, "claimed", out.now, person_id=volunteer.id)
    log.info("order %s: claimed", order.id)

    resident = session.get(Person, order.for_id)
    assert resident is not None
    # The claimer is shown the address and phone from the ledger: that is a read of the record.
    privacy.audit(
        session, resident.id, "read", out.now, volunteer.role, volunteer.id, f"order {order.ref}"
    )
    out.tell(
        volunteer.id,
        "claimed",
        texts.claimed_details(
            order.ref,
            label(session, order),
            resident.name,
            resident.address,
            resident.phone or "",
            order.request,
            texts.duration(minutes(item, "done")),
        ),
        list(texts.PROGRESS_CHOICES),
        "order_progress",
        {"order": order.id},
    )
    out.post(order.station_id, "taken", texts.group_taken(order.ref, volunteer.name))
    if order.asked_by is not None and order.asked_by != volunteer.id:
        out.tell(order.asked_by, "asker", texts.asker_claimed(order.ref, volunteer.name))
    return True


def on_the_way(out: Outbox, order: Order, volunteer: Person) -> None:
    order.status = "on_the_way"
    order.updated_at = out.now
    out.session.add(order)
    event(out.session, order, "on_the_way", out.now, person_id=volunteer.id)
    if order.asked_by is not None and order.asked_by != volunteer.id:
        out.tell(order.asked_by, "asker", texts.asker_on_the_way(order.ref, volunteer.name))


def give_back(out: Outbox, order: Order, reason: str, by: int | None) -> None:
    """Back to the pool: unclaimed again, shown to the volunteers again, a new claim clock."""
    session = out.session
    assert order.id is not None
    held_by = session.get(Person, order.volunteer_id) if order.volunteer_id else None
    order.status = "open"
    order.volunteer_id = None
    order.claimed_at = None
    order.updated_at = out.now
    session.add(order)
    drop_deadlines(session, order.id)
    due = out.now + minutes(item_of(session, order), "claim")
    plan_deadline(session, order, "claim", 1, due, out.now)
    event(session, order, "returned", out.now, person_id=by, detail=reason[:200])
    log.info("order %s: returned to the pool", order.id)
    post_open(out, order, "reopened", again=True)
    # The asker was told who took it; they must not go on waiting for that person.
    if order.asked_by is not None and order.asked_by != by and held_by is not None:
        out.tell(order.asked_by, "asker", texts.asker_returned(order.ref, held_by.name))


def finish(
    out: Outbox, order: Order, volunteer: Person, note: str, passed_on: bool = False
) -> None:
    """Done: the note kept, the time credited, the asker asked for a rating.

    A note that was `passed_on` to safeguarding is not quoted to the asker: a counsellor, not a
    rating request, brings that news.
    """
    session = out.session
    assert order.id is not None and volunteer.id is not None
    order.status = "done"
    order.note = note[:1000]
    order.done_at = out.now
    order.updated_at = out.now
    session.add(order)
    drop_deadlines(session, order.id)
    event(session, order, "done", out.now, person_id=volunteer.id, detail=note[:200])
    session.add(
        VolunteerHours(
            volunteer_id=volunteer.id,
            order_id=order.id,
            minutes=item_of(session, order).served_minutes,
            served_at=out.now,
        )
    )
    log.info("order %s: done", order.id)
    out.post(order.station_id, "done", texts.group_done(order.ref, volunteer.name))
    if order.asked_by is not None and order.asked_by != volunteer.id:
        out.tell(
            order.asked_by,
            "rating",
            texts.order_rating(
                order.ref, label(session, order), volunteer.name, "" if passed_on else note
            )
            + (f"\n{texts.NOTE_PASSED_ON}" if passed_on else ""),
            list(texts.RATING_CHOICES),
            "order_rating",
            {"order": order.id},
        )


def cancel(out: Outbox, order: Order, by: int | None) -> None:
    assert order.id is not None
    order.status = "cancelled"
    order.updated_at = out.now
    out.session.add(order)
    drop_deadlines(out.session, order.id)
    event(out.session, order, "cancelled", out.now, person_id=by)
    out.post(order.station_id, "cancelled", texts.group_order_cancelled(order.ref))
    if order.volunteer_id is not None and order.volunteer_id != by:
        out.tell(order.volunteer_id, "volunteer", texts.volunteer_order_cancelled(order.ref))


def coordinators(session: Session, station_id: int, level: str = "station") -> list[Person]:
    """The coordinators of a station, or of its township or county (as safeguarding records
    them: a level and the name of the area)."""
    station = session.get(Station, station_id)
    if station is None:
        return []
    query = (
        select(Person, CaseStaff)
        .join(CaseStaff, col(CaseStaff.person_id) == col(Person.id), isouter=True)
        .where(Person.role == "coordinator")
        .order_by(col(Person.id))
    )
    found = []
    for person, staff in session.exec(query):
        if level == "station":
            at_station = staff is None or staff.level == "station"
            if at_station and person.station_id == station_id:
                found.append(person)
        elif staff is not None and staff.level == level:
            area = station.township if level == "township" else station.county
            if area and staff.area == area:
                found.append(person)
    return found
