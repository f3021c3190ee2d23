"""Ledger commands in chat: a coordinator issues a binding code, staff and family look up a
record. Every look-up by staff is audited; answers with personal details go to a private chat."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import select

import nlp
from bot.ledger import privacy
from bot.storage.models import Person, Station
from handlers import linking, scope, texts
from handlers.context import Context

# A name is at most a dozen characters; an ID tail is the last four of the ID number. In
# groups Telegram adds the bot's name to a command: /code@qinqing_bot.
ISSUE = re.compile(
    r"^(?:/code(?:@\w+)?|发绑定码|开绑定码|生成绑定码)\s*[::]?\s*(\S{1,12}?)(?:\s+(\w{4}))?$"
)
LOOK_UP = re.compile(
    r"^(?:/ledger(?:@\w+)?|/person(?:@\w+)?|查台账|看台账)\s*[::]?\s*(\S{1,12}?)(?:\s+(\w{4}))?$"
)
LOOKERS = ("relative", "resident", *scope.STAFF)
PREFIXES = (
    "/code",
    "/ledger",
    "/person",
    "发绑定码",
    "开绑定码",
    "生成绑定码",
    "查台账",
    "看台账",
)


def intercept(ctx: Context, text: str) -> bool:
    """Handle the message if it is a ledger command; False leaves it to the other flows."""
    if not text.startswith(PREFIXES):
        return False
    # Commands come before the router's risk check; a cry for help dressed as one goes on to it.
    if nlp.parse(text, ctx.now).risk != "none":
        return False
    issue = ISSUE.match(text)
    if issue is not None:
        _issue(ctx, issue.group(1), issue.group(2))
        return True
    look = LOOK_UP.match(text)
    if look is not None:
        _look_up(ctx, look.group(1), look.group(2))
        return True
    return False


def _answer_privately(ctx: Context, text: str) -> None:
    """Personal details never go to a group: to the sender's own chat, and a word in the group."""
    if not ctx.incoming.is_group:
        ctx.reply(text)
        return
    assert ctx.person is not None and ctx.person.id is not None
    if ctx.tell(ctx.person.id, text):
        ctx.reply(texts.SENT_PRIVATELY)
    else:
        ctx.reply(texts.NEED_PRIVATE_CHAT)


def _candidates(ctx: Context, name: str, id_tail: str | None) -> list[Person]:
    people = ctx.session.exec(select(Person).where(Person.name == name)).all()
    if id_tail is not None:
        people = [p for p in people if (p.id_number or "").endswith(id_tail.upper())]
    return list(people)


def _issue(ctx: Context, name: str, id_tail: str | None) -> None:
    refused = scope.refusal(ctx, ("coordinator",))
    if refused is not None:
        ctx.reply(refused)
        return
    viewer = ctx.person
    assert viewer is not None
    found = [
        p for p in _candidates(ctx, name, id_tail) if scope.may_issue_code(ctx.session, viewer, p)
    ]
    if not found:
        ctx.reply(texts.not_in_your_area(name))
        return
    if len(found) > 1:
        ctx.reply(texts.same_name(name))
        return
    person = found[0]
    row = linking.issue(ctx.session, ctx.now, person_id=person.id)
    privacy.audit(ctx.session, person.id, "code", ctx.now, viewer.role, viewer.id)
    expires = ctx.local(row.expires_at)
    _answer_privately(ctx, texts.code_issued(person.name, row.code, texts.clock(expires)))


def _look_up(ctx: Context, name: str, id_tail: str | None) -> None:
    if ctx.incoming.is_group and ctx.person is not None and ctx.person.role in scope.FAMILY:
        refused: str | None = texts.command_needs_role(scope.STAFF)
    else:
        refused = scope.refusal(ctx, LOOKERS)
    if refused is not None:
        ctx.reply(refused)
        return
    viewer = ctx.person
    assert viewer is not None
    found = [p for p in _candidates(ctx, name, id_tail) if scope.may_see(ctx.session, viewer, p)]
    if not found:
        ctx.reply(texts.not_in_your_area(name))
        return
    if len(found) > 1:
        ctx.reply(texts.same_name(name))
        return
    person = found[0]
    if viewer.role in scope.STAFF:
        privacy.audit(ctx.session, person.id, "read", ctx.now, viewer.role, viewer.id)
    station = ctx.session.get(Station, person.station_id) if person.station_id else None
    record = privacy.ledger_record(ctx.session, person)
    _answer_privately(
        ctx, texts.ledger_card(record, station.name if station else "", _age(person, ctx))
    )


def _age(person: Person, ctx: Context) -> int | None:
    born = person.birth_date
    if born is None:
        return None
    today: date = ctx.local(ctx.now).date()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
