"""The risk check every message passes, whatever flow it arrives in."""

from __future__ import annotations

from sqlmodel import col, select

from bot.storage.models import Person, Station
from handlers import texts
from handlers.context import Context
from nlp.types import Risk


def respond(ctx: Context, risk: Risk, text: str) -> None:
    """Answer a crisis at once and tell the people who can help; note a concern for follow-up."""
    person = ctx.person
    station = ctx.session.get(Station, person.station_id) if person and person.station_id else None
    name = person.name if person else (ctx.incoming.sender_name or "一位未登记的用户")
    place = station.name if station else "未登记"
    if risk == "crisis":
        if not ctx.incoming.is_group:
            ctx.reply(texts.CRISIS)
        note = texts.crisis_page(name, place, text[:200])
    else:
        if not ctx.incoming.is_group:
            ctx.reply(texts.CONCERN)
        note = texts.concern_note(name, place, text[:200])
    query = select(Person).where(Person.role.in_(("coordinator", "counsellor")))  # type: ignore[attr-defined]
    if station is not None:
        query = query.where(Person.station_id == station.id)
    for helper in ctx.session.exec(query.order_by(col(Person.id))):
        assert helper.id is not None
        if person is None or helper.id != person.id:
            ctx.tell(helper.id, note)
