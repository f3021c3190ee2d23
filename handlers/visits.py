"""Home visits: asked for by family (能去看看我爸吗), or planned from the ledger by risk.

A visit is an order of kind `visit`: dispatched, claimed, reminded and escalated the same way.
The volunteer's note is kept with health and mood marks and moves the next planned visit.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.storage.models import Order, Person, VisitPlan
from handlers import dispatch, orders, texts
from handlers.context import Context
from handlers.dispatch import OPEN, Outbox
from nlp.types import When

log = logging.getLogger("qinqing.orders")

EVERY = {"high": timedelta(days=7), "key": timedelta(days=30), "normal": timedelta(days=91)}
AFTER_EVENT = timedelta(hours=24)
# A planned visit is put out this long before it is due, so someone can fit it in.
AHEAD = timedelta(days=1)
# What the ledger's risk level (风险等级, filled in by the stations) may say, in either language.
HIGH_WORDS = ("high", "高", "红")
KEY_WORDS = ("key", "重点", "中", "黄", "关注")


def request(
    ctx: Context, person: Person, relation: str | None, when: When | None, text: str
) -> None:
    orders.start(ctx, person, "visit", None, relation, when, text)


def care_of(session: Session, person: Person) -> str:
    plan = session.get(VisitPlan, person.id)
    if plan is not None and plan.care in EVERY:
        return plan.care
    level = (person.risk_level or "").strip().lower()
    if any(word in level for word in HIGH_WORDS):
        return "high"
    if any(word in level for word in KEY_WORDS):
        return "key"
    return "normal"


def due_at(session: Session, person: Person) -> tuple[datetime, str]:
    """When the next visit is due, and why: the plan's rhythm, or a reported major event."""
    plan = session.get(VisitPlan, person.id)
    care = care_of(session, person)
    last = plan.last_visit_at if plan and plan.last_visit_at else None
    since = last or (plan.created_at if plan else person.created_at)
    due = since + EVERY[care]
    if plan is not None and plan.event_at is not None and (last is None or plan.event_at >= last):
        return min(due, plan.event_at + AFTER_EVENT), "event"
    return due, care


def report_event(session: Session, resident_id: int, now: datetime) -> None:
    plan = session.get(VisitPlan, resident_id)
    if plan is None:
        plan = VisitPlan(resident_id=resident_id, created_at=now)
    plan.event_at = now
    session.add(plan)


def generate(session: Session, now: datetime, tz: ZoneInfo) -> list[Order]:
    """Put out a visit for everyone on the ledger whose next visit is near, once."""
    busy = set(
        session.exec(
            select(Order.for_id).where(Order.kind == "visit", col(Order.status).in_(OPEN))
        )
    )
    made = []
    residents = select(Person).where(
        Person.role == "resident", col(Person.station_id).is_not(None)
    )
    for person in session.exec(residents.order_by(col(Person.id))).all():
        if person.id in busy:
            continue
        due, why = due_at(session, person)
        # A major event is put out at once: the visit must happen within the day.
        lead = AHEAD if why != "event" else AFTER_EVENT
        if due - lead > now:
            continue
        request_text = (
            texts.EVENT_VISIT_REQUEST if why == "event" else texts.planned_visit_request(why)
        )
        order = dispatch.create(
            session,
            kind="visit",
            item=None,
            resident=person,
            asked_by=None,
            request=request_text,
            wanted_on=max(due, now).astimezone(tz).date(),
            now=now,
        )
        if why == "event":
            # The visit itself must happen within the day, whatever the usual time allowed.
            dispatch.drop_deadlines(session, order.id or 0)
            dispatch.plan_deadline(session, order, "claim", 1, now + AFTER_EVENT / 4, now)
        out = Outbox(session, f"visitplan:{order.id}", now, tz)
        dispatch.post_open(out, order, "new")
        log.info("order %s: planned visit (%s)", order.id, why)
        made.append(order)
    return made
