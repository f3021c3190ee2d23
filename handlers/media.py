"""Voice notes, photos, videos and files: thank the sender and pass them to the volunteers.

Many older residents speak rather than type. The bot does not try to understand the media; it
tells the station's volunteer group who sent what, and each transport shows the media itself
where it can (Telegram copies the message) or just the words where it cannot.
"""

from __future__ import annotations

import nlp
from bot.storage.models import Person
from handlers import booking, orders, safety, texts
from handlers.context import Context

MAX_CAPTION = 200


def forward(ctx: Context) -> None:
    incoming = ctx.incoming
    caption = " ".join(incoming.text.split())[:MAX_CAPTION]
    if caption:
        understanding = nlp.parse(caption, ctx.now)
        if understanding.risk != "none":
            safety.respond(ctx, understanding.risk, caption)
    if incoming.is_group:
        return
    person = ctx.person
    if person is None:
        ctx.reply(texts.not_linked(booking._station_phone(ctx)))
        return
    if incoming.kind == "voice" and person.role == "resident" and person.station_id is not None:
        orders.from_voice(ctx, person, caption)
        return

    station_id = _station_of(ctx, person)
    posted = 0
    if station_id is not None:
        text = texts.media_post(incoming.kind, person.name, caption)
        posted = ctx.post(station_id, text, attachment=incoming.attachment)
    if posted:
        ctx.reply(texts.media_received(incoming.kind))
    else:
        ctx.reply(texts.media_nobody(booking._station_phone(ctx)))


def _station_of(ctx: Context, person: Person) -> int | None:
    """A relative far away may be on the ledger only through the family at home."""
    if person.station_id is not None:
        return person.station_id
    for tie in booking.family_of(ctx, person):
        resident = ctx.session.get(Person, tie.resident_id)
        if resident is not None and resident.station_id is not None:
            return resident.station_id
    return None
