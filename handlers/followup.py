"""After a call: did it happen (asked of the volunteer), and how was it (asked of the asker)."""

from __future__ import annotations

from sqlmodel import select

from bot.storage.models import Appointment, Person
from handlers import texts
from handlers.context import Context, forget


def on_outcome(ctx: Context, key: str, appointment_id: int) -> None:
    appointment = ctx.session.get(Appointment, appointment_id)
    if appointment is None or appointment.status not in ("booked", "held", "no_show"):
        ctx.reply(texts.STALE_CHOICE)
        return
    appointment.status = "held" if key == "held" else "no_show"
    appointment.updated_at = ctx.now
    ctx.session.add(appointment)
    forget(ctx.session, ctx.account.id if ctx.account else None)
    ctx.reply(texts.OUTCOME_HELD if key == "held" else texts.OUTCOME_NO_SHOW)


def on_rating(ctx: Context, key: str, appointment_id: int) -> None:
    appointment = ctx.session.get(Appointment, appointment_id)
    if appointment is None or appointment.status == "cancelled":
        ctx.reply(texts.STALE_CHOICE)
        return
    score = int(key)
    appointment.rating = score
    appointment.updated_at = ctx.now
    ctx.session.add(appointment)
    forget(ctx.session, ctx.account.id if ctx.account else None)
    if score >= 3:
        ctx.reply(texts.THANKS_RATING)
        return
    ctx.reply(texts.SORRY_RATING)
    relative = ctx.session.get(Person, appointment.booked_by)
    coordinators = ctx.session.exec(
        select(Person).where(
            Person.role == "coordinator", Person.station_id == appointment.station_id
        )
    ).all()
    for coordinator in coordinators:
        assert coordinator.id is not None
        ctx.tell(
            coordinator.id,
            texts.low_rating(appointment.ref, score, relative.name if relative else ""),
        )
