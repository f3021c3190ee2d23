"""Services from the catalog (点单 → 派单 → 接单 → 评单), in the words people use in chat.

Askers order, look up, move and cancel; volunteers claim, set out, finish or give back, in
the station's group or in private, by button or by typing "接单 K7Q2".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, or_, select

import nlp
from bot.storage.models import CatalogItem, ChatGroup, Kinship, Order, Person, Visit, VisitPlan
from handlers import booking, cases, dispatch, texts
from handlers.context import Context, Pending, forget, pending, remember
from handlers.dispatch import CLAIMED, OPEN, Outbox
from nlp.types import Understanding, When

STAFF = ("volunteer", "counsellor", "legal", "coordinator")
# How far back 我的申请到哪了 looks for orders already finished.
RECENT = timedelta(days=14)
COMMAND = re.compile(
    r"^(接单|抢单|出发|已出发|完成|已完成|退回|退单)\s*[::]?\s*([0-9A-Za-z]{4})(?![0-9A-Za-z])"
    r"\s*[,,::]?\s*(.*)$",
    re.S,
)
VERBS = {
    "接单": "claim",
    "抢单": "claim",
    "出发": "on_the_way",
    "已出发": "on_the_way",
    "完成": "done",
    "已完成": "done",
    "退回": "return",
    "退单": "return",
}
# Words that plainly call something off; without them a "cancel" reading is asked about first.
SAYS_CANCEL = re.compile(
    r"取消|不约|不要了|不用了|不用.{0,6}了|算了|不去了|不来了|别来了|不用来|不需要了|不办了|不做了"
    r"|退掉|撤销|不视频了|不打视频|不连线了"
)
# A cancel with nothing else said: it can only mean the one thing there is.
BARE_CANCEL = re.compile(
    r"^(?:那就|那|还是|我)?(?:取消(?:吧|了|掉)?|不约了|不要了|不用了|算了|不去了|不来了|不办了|不做了"
    r"|别来了|不需要了)[。.!!吧啦了]*$"
)
CALL_WORDS = re.compile(r"视频|连线|通话|预约|约的|约好")
# 我的单 / 我手上有哪些单: what the person holds, asked for, or staffs.
MY_ORDERS = re.compile(
    r"^(?:我的单子?|我(?:手上|手里|接)的单子?|我(?:手上|手里)?(?:有|还有)?(?:哪些|什么|几个)单子?)"
    r"[??呢吗啊。.!!]*$"
)
# The same words typed without a reference: 接单, 完成.
BARE = re.compile(r"^(接单|抢单|出发|已出发|完成|已完成|退回|退单)\s*[。.!!]?$")
# A reference quoted in a message: four letters and digits standing alone.
QUOTED = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z]{4})(?![0-9A-Za-z])")
# Marks a volunteer may add to a visit note: 健康好 / 心情一般 / 健康:差.
MARK = re.compile(r"(健康|身体|心情|情绪)\s*[::]?\s*(好|一般|差)")
# Answers in free text the bot waits for from a volunteer.
NOTE_STATES = ("order_note", "order_return")


def outbox_for(ctx: Context, order: Order) -> Outbox:
    return Outbox(ctx.session, f"in:{ctx.inbox_id}:o{order.id}", ctx.now, ctx.tz, ctx.inbox_id)


def _account_id(ctx: Context) -> int | None:
    return ctx.account.id if ctx.account else None


# --- asking for a service ------------------------------------------------------------------


def start(
    ctx: Context,
    person: Person,
    kind: str,
    item: str | None,
    relation: str | None,
    when: When | None,
    text: str,
) -> None:
    """Fill in who it is for from the ledger; ask only when the family leaves it open."""
    catalog = ctx.session.get(CatalogItem, item) if item else None
    if kind == "service" and (catalog is None or not catalog.active):
        ctx.reply(texts.NOT_YET.format(phone=booking._station_phone(ctx)))
        return
    wanted = when.date if when else None
    candidates = _for_whom(ctx, person, relation, text)
    if not candidates:
        if person.role in STAFF:
            ctx.reply(texts.ORDER_NAME_WHO)
        else:
            phone = booking._station_phone(ctx)
            ctx.reply(texts.family_not_on_ledger(relation, phone, then="再来下单"))
        return
    if len(candidates) > 1:
        choices = [(str(p.id), _label(p, word)) for p, word in candidates]
        data = {
            "kind": kind,
            "item": item,
            "text": text[:500],
            "wanted": wanted.isoformat() if wanted else None,
        }
        ctx.ask(texts.order_for_whom(_name(catalog, kind)), choices, "order_for", data)
        return
    resident, word = candidates[0]
    place(ctx, person, resident, kind, item, text, wanted, who=word)


def _name(catalog: CatalogItem | None, kind: str) -> str:
    if catalog is not None:
        return catalog.name
    return dispatch.VISIT.name if kind == "visit" else dispatch.VOICE.name


def _for_whom(
    ctx: Context, person: Person, relation: str | None, text: str
) -> list[tuple[Person, str]]:
    """Who on the ledger the order is for, with the word the asker would use for them."""
    if person.role == "resident":
        if person.station_id is None:
            return []
        # 帮我奶奶买点药 from a child: the grandmother may be on the ledger too. Residents who
        # share a relative away with the sender are offered beside the sender, never guessed.
        others = _household(ctx, person) if relation else []
        return [(person, "您"), *((p, p.name) for p in others)]
    if person.role in STAFF:
        query = select(Person).where(
            Person.role == "resident", Person.station_id == person.station_id
        )
        named = [p for p in ctx.session.exec(query) if p.name and p.name in text]
        return [(p, p.name) for p in named]
    found = []
    for tie in booking.family_of(ctx, person):
        if tie.relative_id != person.id:
            continue
        if relation and not booking._matches(relation, tie.relation):
            continue
        resident = ctx.session.get(Person, tie.resident_id)
        if resident is not None and resident.station_id is not None:
            found.append((resident, tie.word))
    return found


def _label(person: Person, word: str) -> str:
    return person.name if word == person.name else f"{word}({person.name})"


def _household(ctx: Context, person: Person) -> list[Person]:
    """Other residents of the sender's station who share a relative away with them."""
    theirs = select(Kinship.relative_id).where(Kinship.resident_id == person.id)
    query = (
        select(Person)
        .join(Kinship, col(Kinship.resident_id) == col(Person.id))
        .where(
            col(Kinship.relative_id).in_(theirs),
            Person.id != person.id,
            Person.role == "resident",
            Person.station_id == person.station_id,
        )
        .distinct()
        .order_by(col(Person.id))
    )
    return list(ctx.session.exec(query))


def place(
    ctx: Context,
    person: Person,
    resident: Person,
    kind: str,
    item: str | None,
    text: str,
    wanted: date | None,
    attachment: dict[str, object] | None = None,
    who: str | None = None,
) -> Order:
    same = _same_open_order(ctx, resident, kind, item) if attachment is None else None
    if same is not None:
        # 张桂英 asked for phone lessons and her son asks again: one order, not two posts.
        forget(ctx.session, _account_id(ctx))
        ctx.reply(texts.already_ordered(dispatch.label(ctx.session, same), same.ref))
        return same
    order = dispatch.create(
        ctx.session,
        kind=kind,
        item=item,
        resident=resident,
        asked_by=person.id,
        request=text,
        wanted_on=wanted,
        now=ctx.now,
    )
    forget(ctx.session, _account_id(ctx))
    out = outbox_for(ctx, order)
    if attachment is not None:
        posted = out.post(
            order.station_id,
            "voice",
            texts.group_voice(order.ref, resident.name),
            dispatch.claim_choice(order),
            attachment,
        )
    else:
        posted = dispatch.post_open(out, order, "new")
    if resident.id == person.id:
        who = "您"
    elif who is None or who == resident.name:
        who = resident.name
    else:
        who = f"{who}({resident.name})"
    what = dispatch.label(ctx.session, order)
    if posted and attachment is not None:
        ctx.reply(texts.voice_ordered(order.ref))
    elif posted:
        ctx.reply(texts.ordered(what, who, order.ref, texts.wanted(wanted)))
    else:
        ctx.reply(texts.ordered_nobody(what, who, order.ref, booking._station_phone(ctx)))
    return order


def _same_open_order(ctx: Context, resident: Person, kind: str, item: str | None) -> Order | None:
    if item is None:
        return None
    return ctx.session.exec(
        select(Order)
        .where(Order.for_id == resident.id, Order.kind == kind, Order.item == item)
        .where(col(Order.status).in_(OPEN))
    ).first()


def from_voice(ctx: Context, person: Person, caption: str) -> None:
    """A resident's voice note becomes an order for a volunteer to listen to."""
    attachment = ctx.incoming.attachment or {"kind": "voice"}
    place(ctx, person, person, "voice", None, caption or texts.VOICE_REQUEST, None, attachment)


# --- what volunteers type: 接单 / 出发 / 完成 / 退回 ------------------------------------------


def intercept(ctx: Context, text: str) -> bool:
    """Volunteers' commands and the notes they were asked for, before anything else.

    A note is checked for risk here rather than by the router, so it is kept as well as
    passed on: a visit note about an elder in danger must not be lost.
    """
    command = COMMAND.match(ctx.incoming.choice or text)
    if command is not None:
        verb, ref, rest = VERBS[command.group(1)], command.group(2).upper(), command.group(3)
        act(ctx, verb, ref, rest.strip())
        return True
    if ctx.person is None or not text:
        return False
    waiting = None if ctx.incoming.is_group else _pending(ctx)
    taking_note = waiting is not None and waiting.state in NOTE_STATES
    if MY_ORDERS.match(text) and not taking_note and not ctx.incoming.is_group:
        status(ctx, ctx.person)
        return True
    bare = BARE.match(text)
    if bare is not None and ctx.person.role in STAFF and not taking_note:
        _bare(ctx, ctx.person, VERBS[bare.group(1)], bare.group(1))
        return True
    if waiting is None or not taking_note:
        return False
    if re.fullmatch(r"[1-9]", text):
        return False
    order = ctx.session.get(Order, int(waiting.data["order"]))
    if order is None or order.volunteer_id != ctx.person.id or order.status not in CLAIMED:
        forget(ctx.session, _account_id(ctx))
        ctx.reply(texts.STALE_CHOICE)
        return True
    if waiting.state == "order_note":
        _finish(ctx, ctx.person, order, text)
    else:
        _return(ctx, ctx.person, order, text)
    return True


def _bare(ctx: Context, person: Person, verb: str, word: str) -> None:
    """A command without its reference: the one order it can mean, or the ones to choose from."""
    if verb == "claim":
        waiting = ctx.session.exec(
            select(Order)
            .where(Order.station_id == person.station_id, Order.status == "open")
            .order_by(col(Order.id))
            .limit(8)
        )
        ctx.reply(
            texts.which_to_claim([(order.ref, _order_line(ctx, order)) for order in waiting])
        )
        return
    held = [order for order in mine(ctx, person) if order.volunteer_id == person.id]
    if len(held) == 1:
        act(ctx, verb, held[0].ref, "")
        return
    ctx.reply(texts.which_held(word, [(order.ref, _order_line(ctx, order)) for order in held]))


def _pending(ctx: Context) -> Pending | None:
    return pending(ctx.session, _account_id(ctx), ctx.now)


def act(ctx: Context, verb: str, ref: str, rest: str) -> None:
    person = ctx.person
    order = dispatch.by_ref(ctx.session, ref)
    if person is None or person.role not in STAFF:
        ctx.reply(texts.BUTTON_NOT_YOURS)
        return
    if order is None:
        ctx.reply(texts.no_such_order(ref))
        return
    if ctx.incoming.is_group and not _group_of(ctx, order.station_id):
        ctx.reply(texts.NOT_THIS_STATIONS_GROUP)
        return
    if verb == "claim":
        if not dispatch.may_claim(ctx.session, person, order):
            ctx.reply(texts.not_for_you(order.ref, person.station_id == order.station_id))
            return
        if order.status in CLAIMED and order.volunteer_id == person.id:
            ctx.reply(texts.already_yours(order.ref))
            return
        if order.status != "open":
            ctx.reply(texts.order_taken(order.ref, _volunteer_name(ctx, order)))
            return
        if dispatch.claim(outbox_for(ctx, order), order, person):
            ctx.reply(texts.you_claimed(order.ref, person.name, ctx.incoming.is_group))
        else:
            ctx.reply(texts.order_taken(order.ref, _volunteer_name(ctx, order)))
        return
    if order.volunteer_id != person.id or order.status not in CLAIMED:
        ctx.reply(texts.not_your_order(order.ref))
        return
    if verb == "on_the_way":
        _on_the_way(ctx, person, order)
    elif verb == "done":
        if rest:
            _finish(ctx, person, order, rest)
        else:
            _ask_note(ctx, order)
    elif rest:
        _return(ctx, person, order, rest)
    else:
        _ask_reason(ctx, order)


def _group_of(ctx: Context, station_id: int) -> bool:
    """Is this chat one of the station's groups?"""
    group = ctx.session.exec(
        select(ChatGroup).where(
            ChatGroup.transport == ctx.incoming.transport, ChatGroup.address == ctx.incoming.chat
        )
    ).first()
    return group is not None and group.station_id == station_id


def _volunteer_name(ctx: Context, order: Order) -> str:
    volunteer = ctx.session.get(Person, order.volunteer_id) if order.volunteer_id else None
    return volunteer.name if volunteer else ""


def _ask_private(ctx: Context, order: Order, text: str, state: str, choices: Any = ()) -> None:
    """Questions about an order go to the volunteer in private, whichever chat they typed in."""
    person = ctx.person
    assert person is not None and person.id is not None
    if not ctx.incoming.is_group:
        if choices:
            ctx.ask(text, list(choices), state, {"order": order.id})
        else:
            remember(ctx.session, _account_id(ctx), state, [], {"order": order.id}, ctx.now)
            ctx.reply(text)
        return
    out = outbox_for(ctx, order)
    out.tell(person.id, state, text, list(choices), state, {"order": order.id})
    ctx.reply(texts.SEE_PRIVATE)


def _on_the_way(ctx: Context, person: Person, order: Order) -> None:
    dispatch.on_the_way(outbox_for(ctx, order), order, person)
    # The same three choices as before, so 2 still means 已完成 and 3 still 退回.
    _ask_private(ctx, order, texts.on_the_way(order.ref), "order_progress", texts.PROGRESS_CHOICES)


def _ask_note(ctx: Context, order: Order) -> None:
    ask = texts.ask_visit_note(order.ref) if order.kind == "visit" else texts.ask_note(order.ref)
    _ask_private(ctx, order, ask, "order_note")


def _ask_reason(ctx: Context, order: Order) -> None:
    _ask_private(ctx, order, texts.ask_reason(order.ref), "order_return")


def _finish(ctx: Context, person: Person, order: Order, note: str) -> None:
    note = note.strip()[:1000]
    risk = nlp.parse(note, ctx.now).risk if note else "none"
    passed_on = risk != "none"
    dispatch.finish(outbox_for(ctx, order), order, person, note, passed_on)
    forget(ctx.session, _account_id(ctx))
    if order.kind == "visit":
        _record_visit(ctx, person, order, note, risk)
    if passed_on:
        cases.report(ctx, risk, note, order.for_id, order.station_id)
    thanks = texts.thanks_done(order.ref, dispatch.item_of(ctx.session, order).served_minutes)
    ctx.reply(f"{thanks}\n{texts.NOTE_TO_COUNSELLORS}" if passed_on else thanks)


def _record_visit(ctx: Context, person: Person, order: Order, note: str, risk: str) -> None:
    """The visit updates the ledger: when they were last seen, and how they were."""
    assert order.id is not None and person.id is not None
    marks: dict[str, str | None] = {"health": None, "mood": None}
    words = {"好": "good", "一般": "fair", "差": "poor"}
    for what, value in MARK.findall(note):
        marks["health" if what in ("健康", "身体") else "mood"] = words[value]
    ctx.session.add(
        Visit(
            order_id=order.id,
            resident_id=order.for_id,
            volunteer_id=person.id,
            note=note,
            health=marks["health"],
            mood=marks["mood"],
            risk=risk,
            visited_at=ctx.now,
        )
    )
    plan = ctx.session.get(VisitPlan, order.for_id)
    if plan is None:
        plan = VisitPlan(resident_id=order.for_id, created_at=ctx.now)
    plan.last_visit_at = ctx.now
    plan.event_at = ctx.now if risk != "none" else None
    plan.health = marks["health"] or plan.health
    plan.mood = marks["mood"] or plan.mood
    ctx.session.add(plan)


def _return(ctx: Context, person: Person, order: Order, reason: str) -> None:
    reason = reason.strip()[:1000]
    risk = nlp.parse(reason, ctx.now).risk if reason else "none"
    if risk != "none":
        cases.report(ctx, risk, reason, order.for_id, order.station_id)
    dispatch.give_back(outbox_for(ctx, order), order, reason, person.id)
    forget(ctx.session, _account_id(ctx))
    ctx.reply(texts.returned(order.ref))


# --- answers to the bot's questions --------------------------------------------------------

CHOICE_STATES = ("order_for", "order_progress", "order_rating", "pick_request")


def on_choice(ctx: Context, person: Person, waiting: Pending, key: str) -> None:
    data = waiting.data
    if waiting.state == "order_for":
        resident = ctx.session.get(Person, int(key))
        if resident is None:
            ctx.reply(texts.STALE_CHOICE)
            return
        wanted = date.fromisoformat(data["wanted"]) if data.get("wanted") else None
        place(ctx, person, resident, data["kind"], data.get("item"), data["text"], wanted)
        return
    if waiting.state == "pick_request":
        _on_pick_request(ctx, person, key, data)
        return
    order = ctx.session.get(Order, int(data["order"]))
    if order is None:
        ctx.reply(texts.STALE_CHOICE)
        return
    if waiting.state == "order_rating":
        _rate(ctx, person, order, int(key))
        return
    if order.volunteer_id != person.id or order.status not in CLAIMED:
        forget(ctx.session, _account_id(ctx))
        ctx.reply(texts.STALE_CHOICE)
        return
    if key == "on_the_way" and order.status == "claimed":
        _on_the_way(ctx, person, order)
    elif key == "on_the_way":
        ctx.reply(texts.already_on_the_way(order.ref))
    elif key == "done":
        _ask_note(ctx, order)
    elif key == "return":
        _ask_reason(ctx, order)
    else:
        ctx.reply(texts.STALE_CHOICE)


def _rate(ctx: Context, person: Person, order: Order, score: int) -> None:
    if order.status != "done" or order.asked_by != person.id:
        ctx.reply(texts.STALE_CHOICE)
        return
    order.rating = score
    order.updated_at = ctx.now
    ctx.session.add(order)
    dispatch.event(ctx.session, order, "rated", ctx.now, person_id=person.id, detail=str(score))
    remember(ctx.session, _account_id(ctx), "order_comment", [], {"order": order.id}, ctx.now)
    if score >= 3:
        ctx.reply(texts.THANKS_RATING + texts.MAY_COMMENT)
        return
    ctx.reply(texts.SORRY_RATING + texts.MAY_COMMENT)
    out = outbox_for(ctx, order)
    for coordinator in dispatch.coordinators(ctx.session, order.station_id):
        assert coordinator.id is not None
        out.tell(
            coordinator.id,
            f"low:{coordinator.id}",
            texts.low_order_rating(
                order.ref,
                dispatch.label(ctx.session, order),
                score,
                person.name,
                _volunteer_name(ctx, order),
            ),
        )


NEW_REQUESTS = (
    "book_call",
    "service",
    "home_visit",
    "status",
    "help",
    "mediation",
    "legal",
    "policy",
)


def on_comment(
    ctx: Context, person: Person, waiting: Pending, understanding: Understanding, text: str
) -> bool:
    """Words after a rating are a comment, unless they are plainly a new request.

    The order is finished, so words that read as cancelling, moving or needing to talk
    (人没来 打电话也不接, 手机弄好了 会用了) are about the service just rated."""
    if understanding.intent in NEW_REQUESTS and understanding.confidence >= 0.6:
        return False
    if understanding.intent == "smalltalk" and len(text) <= 4:
        return False
    order = ctx.session.get(Order, int(waiting.data["order"]))
    if order is None or order.asked_by != person.id:
        return False
    order.comment = text[:1000]
    ctx.session.add(order)
    dispatch.event(ctx.session, order, "comment", ctx.now, person_id=person.id, detail=text[:200])
    forget(ctx.session, _account_id(ctx))
    ctx.reply(texts.THANKS_COMMENT)
    if order.rating is not None and order.rating <= 2:
        out = outbox_for(ctx, order)
        for coordinator in dispatch.coordinators(ctx.session, order.station_id):
            assert coordinator.id is not None
            out.tell(
                coordinator.id, f"comment:{coordinator.id}", texts.low_comment(order.ref, text)
            )
    return True


# --- looking up, moving, cancelling: orders and family calls together ------------------------


def mine(ctx: Context, person: Person) -> list[Order]:
    query = (
        select(Order)
        .where(col(Order.status).in_(OPEN))
        .where(
            or_(
                Order.asked_by == person.id,
                Order.for_id == person.id,
                Order.volunteer_id == person.id,
            )
        )
        .order_by(col(Order.id))
    )
    return list(ctx.session.exec(query))


def _order_line(ctx: Context, order: Order) -> str:
    resident = ctx.session.get(Person, order.for_id)
    return texts.order_status_line(
        order.ref,
        dispatch.label(ctx.session, order),
        resident.name if resident else "",
        order.status,
        _volunteer_name(ctx, order),
        texts.wanted(order.wanted_on),
    )


def _quoted(ctx: Context, orders: list[Order]) -> list[Order]:
    """The orders whose reference the message quotes, if it quotes any."""
    words = {word.upper() for word in QUOTED.findall(ctx.incoming.text)}
    return [order for order in orders if order.ref in words]


def _recent(ctx: Context, person: Person) -> list[Order]:
    """Orders of theirs finished or called off in the last two weeks, newest first."""
    query = (
        select(Order)
        .where(col(Order.status).in_(("done", "cancelled")))
        .where(or_(Order.asked_by == person.id, Order.for_id == person.id))
        .where(col(Order.updated_at) > ctx.now - RECENT)
        .order_by(col(Order.updated_at).desc())
        .limit(3)
    )
    return list(ctx.session.exec(query))


def status(ctx: Context, person: Person) -> None:
    orders = mine(ctx, person)
    recent = _recent(ctx, person)
    quoted = _quoted(ctx, orders + recent)
    if quoted:
        ctx.reply(texts.requests_status([_order_line(ctx, order) for order in quoted]))
        return
    staff = person.role in STAFF
    appointments = booking.upcoming(ctx, person)
    if not orders:
        if staff and not appointments:
            ctx.reply(texts.NOTHING_HELD)
        elif recent and not appointments:
            ctx.reply(texts.requests_status([_order_line(ctx, order) for order in recent]))
        else:
            booking.status(ctx, person)
        return
    lines = [_order_line(ctx, order) for order in orders]
    lines += [booking.status_line(ctx, person, appointment) for appointment in appointments]
    ctx.reply(texts.requests_status(lines, held=staff))


def _asked(ctx: Context, person: Person) -> list[Order]:
    return [order for order in mine(ctx, person) if order.asked_by == person.id]


def cancel(ctx: Context, person: Person, text: str) -> None:
    """Call something off: at once only when the words say so and what is meant is plain.

    Elders' complaints (我腿不好使了, 网络不好用了) can read as a cancel; they must not call off a
    video or an order without a question first.
    """
    orders = _asked(ctx, person)
    appointments = booking.upcoming(ctx, person)
    sure = SAYS_CANCEL.search(text) is not None
    quoted = _quoted(ctx, orders)
    if sure and len(quoted) == 1:
        _call_off(ctx, person, quoted[0])
        return
    if not orders and not appointments:
        ctx.reply(texts.NOTHING_BOOKED if sure else texts.NOT_UNDERSTOOD)
        return
    if sure and len(orders) + len(appointments) == 1:
        bare = BARE_CANCEL.match(text) is not None
        if orders and (bare or _names(ctx, text, orders[0])):
            _call_off(ctx, person, orders[0])
            return
        if appointments and (bare or CALL_WORDS.search(text)):
            booking.call_off(ctx, appointments[0])
            return
    _ask_which(ctx, person, orders, appointments, "cancel", None, sure)


def _names(ctx: Context, text: str, order: Order) -> bool:
    """The message names the order's service: 不用买药了 for 代购药品 shares 药."""
    label = dispatch.label(ctx.session, order)
    return any(ch in text for ch in label if ch not in "代服务帮助上门")


def reschedule(ctx: Context, person: Person, when: When | None) -> None:
    orders = _asked(ctx, person)
    quoted = _quoted(ctx, orders)
    if len(quoted) == 1:
        _move(ctx, quoted[0], when)
        return
    if not orders:
        booking.reschedule(ctx, person, when)
        return
    appointments = booking.upcoming(ctx, person)
    if len(orders) == 1 and not appointments:
        _move(ctx, orders[0], when)
        return
    _ask_which(ctx, person, orders, appointments, "move", when)


def _ask_which(
    ctx: Context,
    person: Person,
    orders: list[Order],
    appointments: list[Any],
    action: str,
    when: When | None,
    sure: bool = True,
) -> None:
    choices = [(f"o:{o.id}", f"{dispatch.label(ctx.session, o)} {o.ref}") for o in orders]
    choices += [(f"a:{a.id}", booking._label(ctx, person, a)) for a in appointments]
    if action == "cancel":
        choices.append(("keep", texts.KEEP_ALL_CHOICE))
        ask = texts.WHICH_TO_CANCEL if sure else texts.CANCEL_OR_NOT
    else:
        ask = texts.WHICH_TO_MOVE
    data = {"action": action, "when": booking._when_json(when)}
    ctx.ask(ask, choices, "pick_request", data)


def _on_pick_request(ctx: Context, person: Person, key: str, data: dict[str, Any]) -> None:
    if key == "keep":
        forget(ctx.session, _account_id(ctx))
        ctx.reply(texts.KEPT_ALL)
        return
    kind, _, number = key.partition(":")
    if kind == "a":
        booking.on_pick_appointment(ctx, person, number, data)
        return
    order = ctx.session.get(Order, int(number))
    if order is None or order.status not in OPEN or order.asked_by != person.id:
        forget(ctx.session, _account_id(ctx))
        ctx.reply(texts.STALE_CHOICE)
        return
    if data.get("action") == "cancel":
        _call_off(ctx, person, order)
    else:
        _move(ctx, order, booking._when_from(data.get("when")))


def _call_off(ctx: Context, person: Person, order: Order) -> None:
    dispatch.cancel(outbox_for(ctx, order), order, person.id)
    forget(ctx.session, _account_id(ctx))
    ctx.reply(texts.order_cancelled(order.ref, dispatch.label(ctx.session, order)))


def _move(ctx: Context, order: Order, when: When | None) -> None:
    forget(ctx.session, _account_id(ctx))
    if when is None or when.date is None:
        ctx.reply(texts.ask_order_day(order.ref))
        return
    order.wanted_on = when.date
    order.updated_at = ctx.now
    ctx.session.add(order)
    dispatch.event(ctx.session, order, "moved", ctx.now, detail=when.date.isoformat())
    day = texts.wanted(when.date)
    out = outbox_for(ctx, order)
    out.post(order.station_id, "moved", texts.group_order_moved(order.ref, day))
    if order.volunteer_id is not None:
        out.tell(order.volunteer_id, "moved", texts.group_order_moved(order.ref, day))
    ctx.reply(texts.order_moved(order.ref, day))
