"""The one entry point: every message, from every transport, goes through `handle`."""

from __future__ import annotations

import re
import unicodedata

import nlp
from bot.storage.models import Person
from handlers import (
    booking,
    cases,
    followup,
    ledger,
    linking,
    media,
    orders,
    safety,
    texts,
    visits,
)
from handlers.context import Context, Pending, forget, pending

MAX_TEXT = 2000
CHINESE_DIGITS = "一二三四五六七八九"
NUMBERED = re.compile(r"^(?:第|选)?\s*([1-9]|[一二三四五六七八九])\s*(?:个|项)?\s*[。.!!]?$")
BUTTON = re.compile(r"^([0-9a-f]{6})\.([1-9][0-9]?)$")
SLOT_INTENTS = {"book_call", "reschedule", "other", "smalltalk", "help"}


def clean(text: str) -> str:
    """Drop control and format characters that chat apps and keyboards slip in."""
    kept = (ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    return "".join(kept).strip()


def _number(text: str) -> int | None:
    match = NUMBERED.match(text)
    if match is None:
        return None
    digit = match.group(1)
    return int(digit) if digit.isdigit() else CHINESE_DIGITS.index(digit) + 1


def handle(ctx: Context) -> None:
    incoming = ctx.incoming
    if incoming.kind != "text":
        if not cases.relay_media(ctx):
            media.forward(ctx)
        return
    text = clean(incoming.text)
    if len(text) > MAX_TEXT:
        ctx.reply(texts.TOO_LONG)
        risk = nlp.assess_risk(text)
        if risk != "none":
            safety.respond(ctx, risk, text)
        return
    if not text and incoming.choice is None:
        if not incoming.is_group:
            ctx.reply(texts.EMPTY)
        return
    code = linking.code_in(text)
    if code is not None:
        linking.redeem(ctx, code)
        return
    if ledger.intercept(ctx, text):
        return
    if orders.intercept(ctx, text):
        return

    understanding = nlp.parse(text, ctx.now) if text else None
    if cases.intercept(ctx, text, understanding):
        return
    if understanding is not None and understanding.risk != "none":
        safety.respond(ctx, understanding.risk, text)
        return
    if incoming.is_group:
        return

    person = ctx.person
    if person is None:
        ctx.reply(texts.not_linked(booking._station_phone(ctx)))
        return

    account_id = ctx.account.id if ctx.account else None
    waiting = pending(ctx.session, account_id, ctx.now)
    if incoming.choice is not None:
        button = BUTTON.match(incoming.choice)
        if waiting is None or button is None or button.group(1) != waiting.nonce:
            ctx.reply(texts.STALE_CHOICE)
            return
        _answer(ctx, waiting, int(button.group(2)))
        return
    number = _number(text)
    if number is not None:
        if waiting is None:
            ctx.reply(texts.NO_QUESTION)
            return
        _answer(ctx, waiting, number)
        return

    assert understanding is not None
    intent = understanding.intent
    answers_slot = waiting is not None and waiting.state == "pick_slot"
    if answers_slot and intent in SLOT_INTENTS and understanding.when is not None:
        assert waiting is not None
        booking.on_pick_slot(ctx, person, understanding.when, waiting.data)
        return
    if waiting is not None and intent == "cancel" and _still_asking(waiting):
        forget(ctx.session, account_id)
        ctx.reply(texts.NEVER_MIND)
        return
    if (
        waiting is not None
        and waiting.state == "order_comment"
        and orders.on_comment(ctx, person, waiting, understanding, text)
    ):
        return

    if intent == "book_call":
        booking.start(ctx, person, understanding.relation, understanding.when)
    elif intent == "service" and understanding.item is not None:
        orders.start(
            ctx,
            person,
            "service",
            understanding.item,
            understanding.relation,
            understanding.when,
            text,
        )
    elif intent == "home_visit":
        visits.request(ctx, person, understanding.relation, understanding.when, text)
    elif intent == "reschedule":
        orders.reschedule(ctx, person, understanding.when)
    elif intent == "cancel":
        orders.cancel(ctx, person, text)
    elif intent == "status":
        orders.status(ctx, person)
    elif intent == "help":
        ctx.reply(_help_for(person))
    elif intent == "smalltalk":
        ctx.reply(texts.smalltalk(text, staff=person.role in orders.STAFF))
    elif intent == "counselling":
        safety.respond(ctx, "concern", text)
    elif intent == "other" or understanding.confidence < 0.4:
        ctx.reply(texts.NOT_UNDERSTOOD)
    else:
        ctx.reply(texts.NOT_YET.format(phone=booking._station_phone(ctx)))


def _help_for(person: Person) -> str:
    if person.role == "coordinator":
        return texts.HELP_COORDINATOR
    if person.role == "counsellor":
        return texts.HELP_COUNSELLOR
    if person.role in orders.STAFF:
        return texts.HELP_STAFF
    return texts.HELP_RESIDENT if person.role == "resident" else texts.HELP


def _still_asking(waiting: Pending) -> bool:
    """A booking or order that is still being arranged, not one already made."""
    return waiting.state in ("pick_family", "order_for") or (
        waiting.state == "pick_slot" and not waiting.data.get("moving")
    )


def _answer(ctx: Context, waiting: Pending, number: int) -> None:
    if not 1 <= number <= len(waiting.keys):
        ctx.reply(texts.NOT_A_CHOICE)
        return
    key = waiting.keys[number - 1]
    person = ctx.person
    assert person is not None
    if waiting.state == "pick_family":
        booking.on_pick_family(ctx, person, key, waiting.data)
    elif waiting.state == "pick_slot":
        booking.on_pick_slot(ctx, person, booking.slot_when(ctx, key), waiting.data)
    elif waiting.state == "pick_appointment":
        booking.on_pick_appointment(ctx, person, key, waiting.data)
    elif waiting.state == "outcome":
        followup.on_outcome(ctx, key, int(waiting.data["appointment"]))
    elif waiting.state == "rating":
        followup.on_rating(ctx, key, int(waiting.data["appointment"]))
    elif waiting.state in orders.CHOICE_STATES:
        orders.on_choice(ctx, person, waiting, key)
    else:
        ctx.reply(texts.STALE_CHOICE)
