"""Counselling cases: opened by the risk check, taken, relayed, handed back, closed.

A crisis is answered at once with the hotlines and paged (see scheduler/paging.py) until a
counsellor or coordinator takes it. From then on the person's messages go to that counsellor
and the counsellor's answers come back through the bot, under "老师" and never their account,
until the counsellor hands the person back to the other flows or closes the case with a note.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlmodel import Session, col, select

import nlp
from bot.storage import outbox
from bot.storage.cases import Case, CaseAudit, CaseMessage, CasePage, CaseStaff
from bot.storage.models import ChatGroup, Kinship, OutboxMessage, Person, Station
from handlers import texts
from handlers.context import Context, pending
from nlp.types import Risk, Understanding
from scheduler import paging
from scheduler.plan import QuietHours

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger("qinqing.cases")

STAFF = ("counsellor", "coordinator")
BUTTON = re.compile(r"^([0-9a-f]{6})\.1$")
ONE = re.compile(r"^\s*(?:1|一)\s*[。.!!]?\s*$")
# 我来, alone or naming the case before or after: 我来 C12345, 接手 #C12345, #C12345 我来.
TAKE = re.compile(
    r"^\s*(?:#?(C\d{5})\s*)?(?:我来接手|我来处理|我来|我接手|我接|接手|接了)"
    r"(?:\s*#?(C\d{5}))?\s*[。.!!]*\s*$",
    re.I,
)
CLOSE = re.compile(r"^\s*结案\s*[::,,]?\s*(.*)$", re.S)
HAND_BACK = re.compile(r"^\s*(?:交回|交还)\s*[。.!!]*\s*$")
PICK = re.compile(r"^\s*#([A-Za-z0-9]+)\s*(.*)$", re.S)

# Harm to a child: a child named as the one hurt, or a sender who talks like a child.
_HARM = re.compile(
    r"打|揍|踢|掐|踹|扇|抽|摸|亲我|脱|性侵|强奸|猥亵|虐待|家暴|欺负|不准告诉|不能告诉|别告诉|"
    r"不让(?:我|她|他)?告诉|秘密|"
    r"锁在|关起来|饿着|不给.{0,2}饭"
)
_CHILD_HURT = re.compile(
    r"(?:打|揍|踢|掐|摸|虐待|欺负|性侵|猥亵|关|锁|饿)着?(?:孩子|小孩|娃|孙子|孙女|外孙|学生|女孩|男孩)"
)
_CHILD_VOICE = re.compile(
    r"叔叔|伯伯|舅舅|姑父|姨父|阿姨|爸爸|妈妈|后妈|后爸|继父|继母|老师|同学|上学|放学|年级|小学|初中|"
    r"我(?:才|今年)?(?:[1-9]|1[0-7]|[一二三四五六七八九]|十[一二三四五六七]?)岁"
    # A child's age given by whoever reports it: 她才12岁.
    r"|(?<![0-9])(?:[1-9]|1[0-7])岁"
)
_ADULT_VOICE = re.compile(r"老公|老婆|丈夫|媳妇|儿媳|女婿|公公|婆婆")
_SCHOOL = re.compile(r"年级|小学|初中|学生|[1-9]岁|1[0-7]岁")

HOTLINES: list[tuple[str, str]] = [
    ("全国心理援助热线", "12356"),
    ("希望24热线", "400-161-9995"),
    ("青少年服务台", "12355"),
    ("有危险报警", "110"),
    ("急病急救", "120"),
]


def configure(settings: Settings) -> None:
    global HOTLINES
    HOTLINES = parse_hotlines(settings.crisis_hotlines) or HOTLINES
    paging.configure(
        paging.Rules(
            page_every=timedelta(minutes=settings.page_minutes),
            concern_deadline=timedelta(hours=settings.concern_hours),
            retention=timedelta(days=settings.case_retention_days),
            quiet=QuietHours.parse(settings.quiet_start, settings.quiet_end),
        )
    )


def parse_hotlines(spec: str) -> list[tuple[str, str]]:
    pairs = []
    for item in spec.split(";"):
        label, _, number = item.partition("=")
        if label.strip() and number.strip():
            pairs.append((label.strip(), number.strip()))
    return pairs


# --- opening ------------------------------------------------------------------------------


def respond(ctx: Context, risk: Risk, text: str) -> None:
    """Answer the person and open a case, or raise an open concern to a crisis."""
    incoming = ctx.incoming
    if not incoming.is_group:
        existing = _case_for_chat(ctx.session, incoming.transport, incoming.chat)
        if existing is not None and not existing.relay and risk == "crisis":
            # Handed back to the bot: a new crisis pages the chain again from the start.
            existing = None
        if existing is not None:
            _note(ctx, existing, "in", text, risk)
            if risk == "crisis" and existing.severity == "concern" and existing.status == "open":
                _raise_to_crisis(ctx, existing, text)
            else:
                ctx.reply(_crisis_reply(text) if risk == "crisis" else texts.CONCERN_NOTED)
            return

    case = _open(ctx, risk, text)
    if not incoming.is_group:
        ctx.reply(_crisis_reply(text) if risk == "crisis" else texts.CONCERN)
    _first_round(ctx, case)
    if case.mandatory_report:
        _tell_mandatory_report(ctx, case)
    log.info("case %s: opened (%s)", case.id, case.severity)


def _crisis_reply(text: str) -> str:
    """119 or 120 first when someone is hurt or something burns; otherwise the hotlines."""
    kind = nlp.emergency(text)
    return texts.emergency_reply(kind, HOTLINES) if kind else texts.crisis_reply(HOTLINES)


def _open(
    ctx: Context,
    risk: Risk,
    text: str,
    about: Person | None = None,
    station_id: int | None = None,
) -> Case:
    """A case about the sender, or, for a group message or a note, about whoever it concerns:
    then there is nobody to relay to, and the pages say who reported it."""
    incoming = ctx.incoming
    reported = incoming.is_group or about is not None
    subject = about if reported else ctx.person
    case = Case(
        ref=_new_ref(ctx.session),
        severity="crisis" if risk == "crisis" else "concern",
        person_id=subject.id if subject else None,
        station_id=station_id if station_id is not None else _station_of(ctx),
        transport=incoming.transport,
        address=incoming.chat,
        from_group=reported,
        nonce=secrets.token_hex(3),
        mandatory_report=risk == "crisis" and harms_a_child(text, subject),
        relay=not reported,
        inbox_id=ctx.inbox_id,
        opened_at=ctx.now,
    )
    ctx.session.add(case)
    ctx.session.flush()
    _note(ctx, case, "in", text, risk)
    return case


def report(ctx: Context, risk: Risk, text: str, about_id: int, station_id: int | None) -> Case:
    """Open a case from what a volunteer wrote about someone else, such as a visit note.

    The writer is not the one at risk, so nothing is relayed and nobody is answered here: the
    flow that took the note answers its writer.
    """
    case = _open(ctx, risk, text, ctx.session.get(Person, about_id), station_id)
    _first_round(ctx, case)
    if case.mandatory_report:
        _tell_mandatory_report(ctx, case)
    log.info("case %s: opened from a note (%s)", case.id, case.severity)
    return case


def _first_round(ctx: Context, case: Case) -> None:
    """Sent with the reply, not left to the clock, so the first page is as fast as the answer."""
    assert case.id is not None
    sent = paging.send_round(ctx.session, case, 0, ctx.now, ctx.inbox_id)
    ctx.session.add(
        CasePage(
            case_id=case.id,
            round=0,
            due_at=ctx.now,
            status="sent",
            recipients=sent,
            sent_at=ctx.now,
        )
    )


def _raise_to_crisis(ctx: Context, case: Case, text: str) -> None:
    assert case.id is not None
    case.severity = "crisis"
    newly_reportable = not case.mandatory_report and harms_a_child(text, ctx.person)
    case.mandatory_report = case.mandatory_report or newly_reportable
    ctx.session.add(case)
    _cancel_rounds(ctx.session, case.id)
    ctx.reply(texts.crisis_reply(HOTLINES))
    _first_round(ctx, case)
    if newly_reportable:
        _tell_mandatory_report(ctx, case)
    log.info("case %s: raised to crisis", case.id)


def harms_a_child(text: str, person: Person | None) -> bool:
    """Whether a crisis message tells of harm done to a minor (mandatory reporting)."""
    if not _HARM.search(text):
        return False
    if _CHILD_HURT.search(text):
        return True
    if person is not None and person.role == "resident" and _SCHOOL.search(person.notes):
        return True
    return _CHILD_VOICE.search(text) is not None and not _ADULT_VOICE.search(text)


def _new_ref(session: Session) -> str:
    while True:
        ref = f"C{secrets.randbelow(100_000):05d}"
        if session.exec(select(Case.id).where(Case.ref == ref)).first() is None:
            return ref


def _station_of(ctx: Context) -> int | None:
    incoming = ctx.incoming
    if incoming.is_group:
        group = ctx.session.exec(
            select(ChatGroup).where(
                ChatGroup.transport == incoming.transport, ChatGroup.address == incoming.chat
            )
        ).first()
        if group is not None:
            return group.station_id
    person = ctx.person
    if person is None:
        return None
    if person.station_id is not None:
        return person.station_id
    # A relative far away belongs to the station of the family at home.
    for tie in ctx.session.exec(select(Kinship).where(Kinship.relative_id == person.id)):
        resident = ctx.session.get(Person, tie.resident_id)
        if resident is not None and resident.station_id is not None:
            return resident.station_id
    return None


def _tell_mandatory_report(ctx: Context, case: Case) -> None:
    station = ctx.session.get(Station, case.station_id) if case.station_id else None
    place = station.name if station else texts.UNKNOWN_STATION
    for person, _ in paging.staff_for(ctx.session, station):
        if person.role == "coordinator" and person.id is not None:
            ctx.tell(person.id, texts.mandatory_report(case.ref, place))


# --- messages from people with a case, and from counsellors -------------------------------


def intercept(ctx: Context, text: str, understanding: Understanding | None) -> bool:
    """Take a message that belongs to a case: a page answered, a command, or a relay.

    Returns False when the message is for the other flows.
    """
    incoming = ctx.incoming
    if incoming.choice is not None:
        button = BUTTON.match(incoming.choice)
        if button is not None:
            case = ctx.session.exec(select(Case).where(Case.nonce == button.group(1))).first()
            if case is not None:
                take(ctx, case)
                return True
    if incoming.is_group:
        return False

    person = ctx.person
    if person is not None and person.role in STAFF and _staff_message(ctx, person, text):
        return True

    case = _case_for_chat(ctx.session, incoming.transport, incoming.chat)
    if case is None or not case.relay or (case.severity == "concern" and case.status == "open"):
        if person is not None and person.role not in STAFF and _counsellors_words(text):
            ctx.reply(texts.FOR_COUNSELLORS)
            return True
        return False
    risk = understanding.risk if understanding is not None else "none"
    _relay_in(ctx, case, text, risk)
    return True


def _counsellors_words(text: str) -> bool:
    """结案 / 交回 typed by someone who is not a counsellor: an answer, not a greeting."""
    closing = CLOSE.match(text)
    return HAND_BACK.match(text) is not None or (
        closing is not None and len(closing.group(1).strip()) <= 20
    )


def relay_media(ctx: Context) -> bool:
    """A voice note or photo from someone talking to a counsellor goes to the counsellor only."""
    incoming = ctx.incoming
    if incoming.is_group:
        return False
    case = _case_for_chat(ctx.session, incoming.transport, incoming.chat)
    if case is None or not case.relay or case.status != "taken" or case.taken_by is None:
        return False
    assert case.id is not None
    caption = " ".join(incoming.text.split())[:200]
    risk = nlp.assess_risk(caption) if caption else "none"
    _note(ctx, case, "in", f"[{incoming.kind}] {caption}".strip(), risk)
    name = _name(ctx.session, case)
    text = texts.relay_media_to_counsellor(case.ref, name, incoming.kind)
    if caption:
        text = f"{text}\n{texts.relay_to_counsellor(case.ref, name, caption, risk)}"
    _to_person(ctx, case, case.taken_by, text, "in", attachment=incoming.attachment)
    return True


def _staff_message(ctx: Context, person: Person, text: str) -> bool:
    account_id = ctx.account.id if ctx.account else None
    waiting = pending(ctx.session, account_id, ctx.now)
    answering_page = waiting is not None and waiting.state == paging.TAKE_STATE
    naming = TAKE.match(text)
    ref = naming.group(1) or naming.group(2) if naming is not None else None
    if answering_page and (ONE.match(text) or (naming is not None and ref is None)):
        assert waiting is not None
        case = ctx.session.get(Case, int(waiting.data["case"]))
        # A page already answered (by this counsellor or another) leaves 我来 for the next one.
        if case is not None and (case.status == "open" or ONE.match(text)):
            take(ctx, case)
            return True
    if naming is not None:
        if ref is None:
            case = _latest_open_for(ctx.session, person)
        else:
            case = ctx.session.exec(select(Case).where(Case.ref == ref.upper())).first()
        if case is None or case.status == "closed":
            ctx.reply(texts.no_such_case(ref) if ref else texts.NOTHING_TO_TAKE)
        else:
            take(ctx, case)
        return True

    picked = PICK.match(text)
    mine = _taken_by(ctx.session, person)
    if picked is not None:
        chosen = [c for c in mine if c.ref.upper() == picked.group(1).upper()]
        if not chosen and re.fullmatch(r"C\d{5}", picked.group(1), re.I):
            # A case named that this counsellor does not hold: nothing is relayed anywhere.
            ctx.reply(texts.not_holding(picked.group(1).upper()))
            return True
        if chosen:
            mine, text = chosen, picked.group(2)
    closing = CLOSE.match(text)
    if closing is not None:
        if not mine:
            ctx.reply(texts.NO_CASE_TO_CLOSE)
        elif not closing.group(1).strip():
            ctx.reply(texts.CLOSE_NEEDS_NOTE)
        else:
            close(ctx, mine[0], person, closing.group(1).strip())
        return True
    if HAND_BACK.match(text):
        relaying = [c for c in mine if c.relay]
        if not relaying:
            ctx.reply(texts.NO_CASE_TO_CLOSE)
        else:
            hand_back(ctx, relaying[0])
        return True
    relaying = [c for c in mine if c.relay]
    if relaying and text:
        _relay_out(ctx, relaying[0], text)
        return True
    return False


def _relay_in(ctx: Context, case: Case, text: str, risk: Risk) -> None:
    _note(ctx, case, "in", text, risk)
    if case.status == "open" or case.taken_by is None:
        ctx.reply(texts.still_paging(HOTLINES))
        return
    said = texts.relay_to_counsellor(case.ref, _name(ctx.session, case), text, risk)
    _to_person(ctx, case, case.taken_by, said, "in")


def _relay_out(ctx: Context, case: Case, text: str) -> None:
    assert case.id is not None
    _note(ctx, case, "out", text, "none")
    _send(
        ctx, case, f"out:{ctx.inbox_id}", case.transport, case.address, texts.from_counsellor(text)
    )


# --- taking, handing back, closing --------------------------------------------------------


def take(ctx: Context, case: Case) -> None:
    person = ctx.person
    assert case.id is not None
    if person is None or not may_handle(ctx.session, person, case):
        _to_staff(ctx, texts.NOT_YOUR_CASE)
        return
    taken = ctx.session.exec(
        update(Case)
        .where(col(Case.id) == case.id, col(Case.status) == "open")
        .values(status="taken", taken_by=person.id, taken_at=ctx.now)
    )
    if taken.rowcount != 1:
        _to_staff(ctx, texts.already_taken(case.ref))
        return
    ctx.session.refresh(case)

    _cancel_rounds(ctx.session, case.id)
    _tell_paged_it_is_taken(ctx, case, person)
    backlog = ctx.session.exec(
        select(CaseMessage)
        .where(CaseMessage.case_id == case.id, CaseMessage.direction == "in")
        .order_by(col(CaseMessage.id))
    ).all()
    station = ctx.session.get(Station, case.station_id) if case.station_id else None
    place = station.name if station else texts.UNKNOWN_STATION
    said = [" ".join(m.text.split())[:200] for m in backlog]
    subject = ctx.session.get(Person, case.person_id) if case.person_id else None
    phone = subject.phone if subject else None
    told = texts.you_took(case.ref, _name(ctx.session, case), place, case.relay, said, phone)
    _to_staff(ctx, told, case)
    audit(ctx.session, case.id, person.id, "taken", ctx.now)
    if case.relay:
        _send(ctx, case, "human", case.transport, case.address, texts.HUMAN_ON_LINE)
    log.info("case %s: taken", case.id)


def hand_back(ctx: Context, case: Case) -> None:
    case.relay = False
    ctx.session.add(case)
    _send(ctx, case, f"back:{ctx.inbox_id}", case.transport, case.address, texts.HANDED_BACK)
    ctx.reply(texts.handed_back(case.ref))
    log.info("case %s: handed back", case.id)


def close(ctx: Context, case: Case, person: Person, note: str) -> None:
    was_relaying = case.relay
    case.status = "closed"
    case.relay = False
    case.closed_by = person.id
    case.closed_at = ctx.now
    case.closing_note = note[:2000]
    ctx.session.add(case)
    if was_relaying:
        bye = texts.case_closed_for_person(HOTLINES)
        _send(ctx, case, f"closed:{ctx.inbox_id}", case.transport, case.address, bye)
    ctx.reply(texts.case_closed(case.ref))
    log.info("case %s: closed", case.id)


def _cancel_rounds(session: Session, case_id: int) -> None:
    session.exec(
        update(CasePage)
        .where(col(CasePage.case_id) == case_id, col(CasePage.status) == "scheduled")
        .values(status="cancelled")
    )
    # Pages still waiting in the outbox (a transport down or rate-limited) are no longer news.
    session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.key).startswith(f"case:{case_id}:page:")
            | col(OutboxMessage.key).startswith(f"case:{case_id}:room:"),
            col(OutboxMessage.status) == "pending",
        )
        .values(status="cancelled")
    )


def _tell_paged_it_is_taken(ctx: Context, case: Case, taker: Person) -> None:
    """Every account and room that was paged hears it is taken, on whatever transport."""
    pages = ctx.session.exec(
        select(OutboxMessage)
        .where(
            col(OutboxMessage.key).startswith(f"case:{case.id}:page:")
            | col(OutboxMessage.key).startswith(f"case:{case.id}:room:")
        )
        .order_by(col(OutboxMessage.id))
    ).all()
    # The taker hears it where they answered; their other accounts are told like everyone's.
    told = {(ctx.incoming.transport, ctx.incoming.sender)}
    for page in pages:
        where = (page.transport, page.address)
        if where in told:
            continue
        told.add(where)
        _send(
            ctx,
            case,
            f"taken:{page.id}",
            page.transport,
            page.address,
            texts.case_taken(case.ref, taker.name),
            person_id=page.person_id,
        )


# --- helpers ------------------------------------------------------------------------------


def _case_for_chat(session: Session, transport: str, address: str) -> Case | None:
    query = (
        select(Case)
        .where(
            Case.transport == transport,
            Case.address == address,
            Case.from_group == False,  # noqa: E712
            col(Case.status).in_(("open", "taken")),
        )
        .order_by(col(Case.id).desc())
    )
    return session.exec(query).first()


def _taken_by(session: Session, person: Person) -> list[Case]:
    query = (
        select(Case)
        .where(Case.taken_by == person.id, Case.status == "taken")
        .order_by(col(Case.taken_at).desc(), col(Case.id).desc())
    )
    return list(session.exec(query))


def _latest_open_for(session: Session, person: Person) -> Case | None:
    # A crisis before a concern, then the newest: 我来 with no page to answer takes the worst.
    query = (
        select(Case)
        .where(Case.status == "open")
        .order_by((col(Case.severity) == "crisis").desc(), col(Case.id).desc())
    )
    for case in session.exec(query):
        if may_handle(session, person, case):
            return case
    return None


def may_handle(session: Session, person: Person, case: Case) -> bool:
    station = session.get(Station, case.station_id) if case.station_id else None
    return paging.answers_for(session.get(CaseStaff, person.id), person, station)


def _name(session: Session, case: Case) -> str:
    person = session.get(Person, case.person_id) if case.person_id else None
    return person.name if person else texts.UNLINKED_PERSON


def _note(ctx: Context, case: Case, direction: str, text: str, risk: Risk) -> None:
    assert case.id is not None
    ctx.session.add(
        CaseMessage(
            case_id=case.id,
            direction=direction,
            # A long paste keeps the part that raised the case, wherever it was.
            text=text if len(text) <= 2000 else nlp.risky_excerpt(text, risk, 2000),
            risk=risk,
            inbox_id=ctx.inbox_id,
            at=ctx.now,
        )
    )


def _send(
    ctx: Context,
    case: Case,
    what: str,
    transport: str,
    address: str,
    text: str,
    person_id: int | None = None,
    attachment: dict[str, object] | None = None,
) -> None:
    """Case messages carry the case in their key, so they can be found and deleted later."""
    outbox.enqueue(
        ctx.session,
        key=f"case:{case.id}:{what}",
        transport=transport,
        address=address,
        text=text,
        person_id=person_id if person_id is not None else case.person_id,
        inbox_id=ctx.inbox_id,
        now=ctx.now,
        attachment=attachment,
    )


def _to_person(
    ctx: Context,
    case: Case,
    person_id: int,
    text: str,
    what: str,
    attachment: dict[str, object] | None = None,
) -> None:
    account = outbox.primary_account(ctx.session, person_id)
    if account is None:
        log.warning("case %s: counsellor has no active account", case.id)
        return
    key = f"{what}:{ctx.inbox_id}"
    _send(ctx, case, key, account.transport, account.address, text, person_id, attachment)


def _to_staff(ctx: Context, text: str, case: Case | None = None) -> None:
    """Answers to a button pressed in a room go to the presser, not the room. What quotes the
    person goes under the case's key, to be deleted with the rest of it."""
    person = ctx.person
    incoming = ctx.incoming
    if case is not None:
        where: tuple[str, str] | None = (incoming.transport, incoming.chat)
        if incoming.is_group:
            account = (
                outbox.primary_account(ctx.session, person.id) if person and person.id else None
            )
            where = (account.transport, account.address) if account else None
        if where is not None:
            person_id = person.id if person else None
            _send(ctx, case, f"took:{ctx.inbox_id}", *where, text, person_id=person_id)
    elif incoming.is_group and person is not None and person.id is not None:
        ctx.tell(person.id, text)
    else:
        ctx.reply(text)


def audit(session: Session, case_id: int, reader_id: int | None, how: str, now: datetime) -> None:
    """Every read of a case leaves a row: who, how, when."""
    session.add(CaseAudit(case_id=case_id, reader_id=reader_id, how=how, at=now))
