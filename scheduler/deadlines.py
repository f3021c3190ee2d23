"""Orders that did not move in time: repost and escalate, nudge, take back. Each exactly once.

A deadline row is claimed with a conditional update and its messages are written to the
outbox in the same transaction, under keys made from the row's id: a crash before the commit
leaves it due, a crash after leaves it fired, and nothing is sent twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.faults import crash_point
from bot.storage.db import transaction
from bot.storage.models import Deadline, Order, Person, Station
from handlers import dispatch, texts, visits
from handlers.dispatch import CLAIMED, Outbox
from scheduler import paging

log = logging.getLogger("qinqing.scheduler")

# Items whose deadlines run through quiet hours: crisis intervention cannot wait for morning.
URGENT = ("P2",)
# Planned visits are looked for at most this often; they are due by the day, not the minute.
PLAN_EVERY = timedelta(minutes=10)
_planned: dict[int, datetime] = {}


def due_ids(engine: Engine, now: datetime, urgent_only: bool = False) -> list[int]:
    with Session(engine) as session:
        query = (
            select(Deadline.id)
            .where(Deadline.status == "scheduled", col(Deadline.due_at) <= now)
            .order_by(col(Deadline.due_at), col(Deadline.id))
        )
        if urgent_only:
            query = query.join(Order, col(Order.id) == Deadline.order_id).where(
                col(Order.item).in_(URGENT)
            )
        return [did for did in session.exec(query) if did is not None]


def sweep(engine: Engine, now: datetime, tz: ZoneInfo) -> int:
    """Plan visits that came due, then fire every due deadline; returns how many acted."""
    acted = 0
    last = _planned.get(id(engine))
    if last is None or now - last >= PLAN_EVERY or now < last:
        with transaction(engine) as session:
            acted += len(visits.generate(session, now, tz))
        _planned[id(engine)] = now
    # Escalations and nudges wait for the morning, as reminders do; crisis work does not.
    quiet = paging.RULES.quiet.contains(now.astimezone(tz))
    for deadline_id in due_ids(engine, now, urgent_only=quiet):
        try:
            if fire(engine, deadline_id, now, tz):
                acted += 1
        except Exception:
            log.exception("deadline %s: could not be handled", deadline_id)
    return acted


def fire(engine: Engine, deadline_id: int, now: datetime, tz: ZoneInfo) -> str | None:
    with transaction(engine) as session:
        claimed = session.exec(
            update(Deadline)
            .where(
                col(Deadline.id) == deadline_id,
                col(Deadline.status) == "scheduled",
                col(Deadline.due_at) <= now,
            )
            .values(status="firing", fired_at=now)
        )
        if claimed.rowcount != 1:
            return None
        crash_point("deadline.claimed")
        deadline = session.get(Deadline, deadline_id)
        assert deadline is not None
        order = session.get(Order, deadline.order_id)
        assert order is not None
        outcome = _act(Outbox(session, f"deadline:{deadline_id}", now, tz), deadline, order)
        deadline.status = "fired"
        session.add(deadline)
    log.info("deadline %s: %s (order %s)", deadline_id, outcome, deadline.order_id)
    return outcome


def _act(out: Outbox, deadline: Deadline, order: Order) -> str:
    session = out.session
    item = dispatch.item_of(session, order)
    what = dispatch.label(session, order)
    if deadline.kind == "claim":
        if order.status != "open":
            return "moot"
        station = session.get(Station, order.station_id)
        level = "township" if deadline.step == 1 else "county"
        waited = texts.duration(out.now - order.updated_at)
        words = texts.escalate_unclaimed(
            order.ref, what, station.name if station else "", waited, deadline.step
        )
        told = 0
        for coordinator in dispatch.coordinators(session, order.station_id, level):
            assert coordinator.id is not None
            told += out.tell(coordinator.id, f"coordinator:{coordinator.id}", words)
        if deadline.step == 1:
            dispatch.post_open(out, order, "repost", again=True)
            due = out.now + dispatch.minutes(item, "claim")
            dispatch.plan_deadline(session, order, "claim", 2, due, out.now)
        dispatch.event(session, order, f"escalated_{level}", out.now, detail=str(told))
        return f"escalated to {level} ({told})"

    if order.status not in CLAIMED or order.volunteer_id is None:
        return "moot"
    if deadline.step == 1:
        out.tell(order.volunteer_id, "nudge", texts.nudge_volunteer(order.ref, what))
        dispatch.plan_deadline(session, order, "done", 2, out.now + dispatch.NUDGE_GRACE, out.now)
        dispatch.event(session, order, "nudged", out.now, person_id=order.volunteer_id)
        return "nudged"
    volunteer = session.get(Person, order.volunteer_id)
    out.tell(order.volunteer_id, "taken_back", texts.taken_back(order.ref))
    dispatch.give_back(out, order, "overdue", volunteer.id if volunteer else None)
    return "taken back"
