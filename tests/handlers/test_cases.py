"""Counselling cases: the crisis reply, paging up the chain, taking, relaying, closing."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlmodel import Session, col, select

from bot import cli_cases
from bot.storage.cases import Case, CaseAudit, CaseMessage, CasePage, CaseStaff
from bot.storage.db import transaction
from bot.storage.models import Account, ChatGroup, InboxMessage, OutboxMessage, Person, Station
from bot.transports import console
from handlers import cases as case_flow
from handlers import texts
from handlers.messages import Incoming
from scheduler import paging
from tests.helpers import Harness, Sent, _sent

CHILD = "王小雨"  # a fourth-year pupil at home with her grandmother
GRANDMA = "张桂英"
SON = "王建国"
COUNSELLOR = "周文静"
STATION = "刘玉梅"
TOWNSHIP = "黄志明"
COUNTY = "吴建军"
VOLUNTEER = "李晓华"
GROUP = "青禾村志愿者群"
ROOM = "青禾村心理辅导室"
HOTLINES = ("12356", "400-161-9995", "12355", "110", "120")


def pages(sent: list[Sent]) -> list[Sent]:
    return [m for m in sent if "个案" in m.text and "我来接手" in m.choices]


def tick(bot: Harness) -> list[Sent]:
    """Fire due paging rounds as the clock's sweep would; returns what they sent."""
    with Session(bot.app.engine) as session:
        last = session.exec(select(OutboxMessage.id).order_by(col(OutboxMessage.id).desc()))
        before = last.first() or 0
    paging.sweep(bot.app.engine, bot.clock.now())
    with Session(bot.app.engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id) > before)
            .order_by(col(OutboxMessage.id))
        ).all()
        return [_sent(row) for row in rows]


def cases(bot: Harness) -> list[Case]:
    with Session(bot.app.engine) as session:
        return list(session.exec(select(Case).order_by(col(Case.id))))


def outbox(bot: Harness) -> list[OutboxMessage]:
    with Session(bot.app.engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def add_account(bot: Harness, name: str, transport: str, address: str) -> None:
    with transaction(bot.app.engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
        assert person.id is not None
        session.add(Account(person_id=person.id, transport=transport, address=address))


def press(bot: Harness, transport: str, address: str, choice: str) -> list[Sent]:
    incoming = Incoming(
        transport=transport,
        external_id=uuid.uuid4().hex,
        sender=address,
        chat=address,
        choice=choice,
    )
    return bot._sent_for(bot.app.core.receive(incoming))


def test_a_crisis_is_answered_and_paged_within_two_seconds(bot: Harness) -> None:
    started = time.monotonic()
    sent = bot.say(CHILD, "我不想活了")
    elapsed = time.monotonic() - started

    assert elapsed < 2.0
    [reply] = [m for m in sent if m.to == CHILD]
    assert all(number in reply.text for number in HOTLINES)
    paged = pages(sent)
    assert sorted(m.to for m in paged) == sorted([COUNSELLOR, STATION])
    assert "王小雨" in paged[0].text and "我不想活了" in paged[0].text
    [case] = cases(bot)
    assert case.severity == "crisis" and case.status == "open"


def test_an_unanswered_page_repeats_and_climbs_the_chain_on_time(bot: Harness) -> None:
    bot.clock.set("2026-12-03T23:30:00+08:00")  # quiet hours do not hold a crisis back
    bot.say(CHILD, "我不想活了")

    bot.clock.set("2026-12-03T23:34:59+08:00")
    assert tick(bot) == []
    bot.clock.set("2026-12-03T23:35:00+08:00")
    second = tick(bot)
    assert sorted(m.to for m in pages(second)) == sorted([COUNSELLOR, STATION, TOWNSHIP])
    assert "第2次呼叫" in second[0].text
    assert tick(bot) == []

    bot.clock.set("2026-12-03T23:39:59+08:00")
    assert tick(bot) == []
    bot.clock.set("2026-12-03T23:40:00+08:00")
    third = tick(bot)
    assert sorted(m.to for m in pages(third)) == sorted([COUNSELLOR, STATION, TOWNSHIP, COUNTY])
    bot.clock.set("2026-12-03T23:45:00+08:00")
    assert len(pages(tick(bot))) == 4


def test_the_first_taker_stops_the_paging_on_every_platform(bot: Harness) -> None:
    add_account(bot, STATION, "telegram", "5001")
    add_account(bot, COUNSELLOR, "telegram", "5002")
    first = bot.say(CHILD, "我不想活了")
    assert {(m.to) for m in pages(first)} == {COUNSELLOR, STATION, "5001", "5002"}

    taken = bot.say(COUNSELLOR, "我来")

    to_counsellor = [m for m in taken if m.to == COUNSELLOR]
    assert len(to_counsellor) == 1 and "您已接手" in to_counsellor[0].text
    told = {m.to for m in taken if "已接手" in m.text and m.to != COUNSELLOR}
    assert told == {STATION, "5001", "5002"}
    rows = outbox(bot)
    telegram_pages = [r for r in rows if r.transport == "telegram" and ":page:" in r.key]
    assert {r.status for r in telegram_pages} == {"cancelled"}
    assert [m for m in taken if m.to == CHILD and "真人" in m.text]

    bot.clock.advance(minutes=30)
    assert tick(bot) == []
    [case] = cases(bot)
    assert case.status == "taken"
    with Session(bot.app.engine) as session:
        statuses = {(p.round, p.status) for p in session.exec(select(CasePage))}
    assert statuses == {(0, "sent"), (1, "cancelled")}

    late = press(bot, "telegram", "5001", f"{case.nonce}.1")
    assert len(late) == 1 and "已经有人接手" in late[0].text


def test_a_button_press_takes_the_case(bot: Harness) -> None:
    add_account(bot, STATION, "telegram", "5001")
    bot.say(CHILD, "我不想活了")
    [case] = cases(bot)

    sent = press(bot, "telegram", "5001", f"{case.nonce}.1")

    assert any("您已接手" in m.text for m in sent if m.to == "5001")
    assert cases(bot)[0].taken_by is not None


def test_a_typed_number_after_the_page_takes_the_case(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(STATION, "1")
    [case] = cases(bot)
    assert case.status == "taken"


def test_the_relay_works_both_ways_and_hides_the_counsellor(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(CHILD, "奶奶不在家")  # while still paging: kept for whoever takes it
    taken = bot.say(COUNSELLOR, "我来")
    assert "奶奶不在家" in next(m.text for m in taken if m.to == COUNSELLOR)

    to_counsellor = bot.say(CHILD, "我想周六晚上跟爸爸视频")
    assert [m.to for m in to_counsellor] == [COUNSELLOR]
    assert "王小雨" in to_counsellor[0].text and "跟爸爸视频" in to_counsellor[0].text
    assert bot.appointments() == []

    to_child = bot.say(COUNSELLOR, "我在,你现在安全吗?")
    assert [m.to for m in to_child] == [CHILD]
    assert "我在,你现在安全吗?" in to_child[0].text
    child_saw = " ".join(r.text for r in outbox(bot) if r.address == CHILD)
    assert COUNSELLOR not in child_saw and "13800000004" not in child_saw


def test_closing_ends_the_relay(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(COUNSELLOR, "我来")

    assert "备注" in bot.reply(COUNSELLOR, "结案").text
    closed = bot.say(COUNSELLOR, "结案 已联系奶奶和班主任,今晚有人陪")
    assert any(m.to == CHILD for m in closed)
    [case] = cases(bot)
    assert case.status == "closed" and case.closing_note == "已联系奶奶和班主任,今晚有人陪"

    after = bot.say(CHILD, "谢谢老师")
    assert all(m.to == CHILD for m in after)
    assert all(m.to != CHILD for m in bot.say(COUNSELLOR, "在吗"))


def test_handing_back_returns_the_person_to_the_other_flows(bot: Harness) -> None:
    bot.say(SON, "我不想活了")
    bot.say(COUNSELLOR, "我来")

    bot.say(COUNSELLOR, "交回")
    bot.say(SON, "我想这周六晚上八点跟我妈视频")

    assert len(bot.appointments()) == 1
    assert cases(bot)[0].status == "taken"
    assert "已结案" in bot.reply(COUNSELLOR, "结案 已转介当地医院").text


def test_a_counsellor_asking_about_suicide_opens_no_case(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(COUNSELLOR, "我来")
    bot.say(COUNSELLOR, "你是不是想自杀?")
    assert len(cases(bot)) == 1


def test_harm_to_a_child_is_marked_for_mandatory_reporting(bot: Harness) -> None:
    sent = bot.say(CHILD, "叔叔摸我,还不准我告诉别人")
    [case] = cases(bot)
    assert case.mandatory_report
    assert any(m.to == STATION and "强制报告" in m.text for m in sent)

    bot.say(GRANDMA, "儿子喝了酒就打我")
    assert not cases(bot)[1].mandatory_report


@pytest.mark.parametrize(
    "who, text",
    [
        ("路人甲", "隔壁伯伯摸我 不让我告诉别人 说是我们两个的秘密"),
        (VOLUNTEER, "走访时孩子说有个亲戚晚上进她房间摸她 她才11岁"),
    ],
)
def test_a_secret_kept_or_an_age_given_marks_harm_to_a_child(
    bot: Harness, who: str, text: str
) -> None:
    bot.say(who, text)
    [case] = cases(bot)
    assert case.severity == "crisis" and case.mandatory_report


def test_an_elders_age_is_not_a_childs(bot: Harness) -> None:
    bot.say(GRANDMA, "我78岁了 儿子喝了酒就打我")
    [case] = cases(bot)
    assert not case.mandatory_report


def test_a_concern_waits_a_day_then_climbs(bot: Harness) -> None:
    first = bot.say(GRANDMA, "老伴走了以后晚上老是睡不着,心里空落落的")
    assert [m.to for m in pages(first)] == [COUNSELLOR]
    [case] = cases(bot)
    assert case.severity == "concern"
    bot.say(GRANDMA, "下周六晚上八点跟我儿子视频")  # not held back by the open concern

    bot.clock.advance(hours=23, minutes=59)
    assert tick(bot) == []
    bot.clock.advance(minutes=1)
    assert sorted(m.to for m in pages(tick(bot))) == sorted([COUNSELLOR, STATION])


def test_a_concern_raised_to_a_crisis_pages_at_once(bot: Harness) -> None:
    bot.say(GRANDMA, "心里难受,睡不着")
    sent = bot.say(GRANDMA, "活着没意思,不想活了")
    [case] = cases(bot)
    assert case.severity == "crisis"
    assert sorted(m.to for m in pages(sent)) == sorted([COUNSELLOR, STATION])
    # The pages quote what made it a crisis, now and in the rounds that follow.
    bot.clock.advance(minutes=5)
    for page in pages(sent) + pages(tick(bot)):
        assert "不想活了" in page.text and "睡不着" not in page.text


def test_taking_answers_the_page_not_another_case(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.clock.advance(minutes=4)
    bot.say(GRANDMA, "心里难受,睡不着")  # a newer concern the township is not paged for
    bot.clock.advance(minutes=1)
    assert TOWNSHIP in {m.to for m in pages(tick(bot))}

    taken = bot.reply(TOWNSHIP, "我来")

    crisis, concern = cases(bot)
    assert crisis.status == "taken" and concern.status == "open"
    assert crisis.ref in taken.text


def test_a_call_asked_for_to_talk_with_family_is_booked_not_a_concern(bot: Harness) -> None:
    sent = bot.say(SON, "这周六晚上八点跟我妈视频说说话")
    assert cases(bot) == []
    assert [a.status for a in bot.appointments()] == ["booked"]
    assert not pages(sent)


def test_a_visit_note_in_the_group_opens_a_case(bot: Harness) -> None:
    sent = bot.say_in_group(VOLUNTEER, GROUP, "今天去王老根家,他说活够了不想活了")
    assert all(m.to != GROUP for m in sent)
    assert sorted(m.to for m in pages(sent)) == sorted([COUNSELLOR, STATION])
    assert "李晓华 反映有人可能有危险" in pages(sent)[0].text
    [case] = cases(bot)
    assert case.from_group and not case.relay


def test_a_stranger_in_crisis_reaches_the_county(bot: Harness) -> None:
    sent = bot.say("路人甲", "我被他打得流血了")
    assert any(m.to == "路人甲" and "110" in m.text for m in sent)
    assert sorted(m.to for m in pages(sent)) == sorted([COUNSELLOR, COUNTY])


def test_a_long_message_is_still_checked(bot: Harness) -> None:
    sent = bot.say(CHILD, "今天" * 1500 + "我不想活了")
    assert len(cases(bot)) == 1
    assert any("我不想活了" in m.text for m in pages(sent))


def test_relayed_messages_go_after_the_retention_period(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(COUNSELLOR, "我来")
    bot.say(CHILD, "我家住在青禾村3组")
    bot.say(COUNSELLOR, "结案 已上门")

    bot.clock.advance(days=29)
    tick(bot)
    with Session(bot.app.engine) as session:
        assert session.exec(select(CaseMessage)).all() != []
    bot.clock.advance(days=1)
    tick(bot)

    with Session(bot.app.engine) as session:
        assert session.exec(select(CaseMessage)).all() == []
        texts = [r.text for r in session.exec(select(InboxMessage))]
    assert not any("3组" in t or "不想活" in t for t in texts)
    assert not any("3组" in r.text or "不想活" in r.text for r in outbox(bot))
    [case] = cases(bot)
    assert case.closing_note == "已上门"


@pytest.mark.parametrize("who", [GRANDMA, VOLUNTEER, TOWNSHIP])
def test_only_staff_of_the_area_may_take_a_case(bot: Harness, who: str) -> None:
    bot.say(CHILD, "我不想活了")
    [case] = cases(bot)
    add_account(bot, who, "telegram", "6001")
    sent = press(bot, "telegram", "6001", f"{case.nonce}.1")
    if who == TOWNSHIP:
        assert cases(bot)[0].status == "taken"
    else:
        assert cases(bot)[0].status == "open" and "不在您负责" in sent[0].text


def test_taking_is_audited(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(COUNSELLOR, "我来")
    with Session(bot.app.engine) as session:
        [row] = session.exec(select(CaseAudit)).all()
    assert row.how == "taken"


def test_case_records_are_for_the_area_only_and_every_read_is_audited(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.clock.advance(minutes=5)
    tick(bot)
    bot.say(TOWNSHIP, "我来")
    bot.say(CHILD, "我在学校门口")
    with transaction(bot.app.engine) as session:
        other = Station(code="XX02", name="别村实践站", township="别镇", county="别县")
        session.add(other)
        session.flush()
        session.add(
            Person(
                name="别村协调员",
                role="coordinator",
                station_id=other.id,
                created_at=bot.clock.now(),
            )
        )

    [record] = cli_cases.read(bot.app, COUNTY)

    rounds = [(p["round"], p["status"]) for p in record["pages"]]
    assert rounds == [(0, "sent"), (1, "sent"), (2, "cancelled")]
    assert record["pages"][0]["to"] == sorted([COUNSELLOR, STATION])
    assert record["taken_by"] == TOWNSHIP
    assert [m["text"] for m in record["messages"]] == ["我不想活了", "我在学校门口"]
    assert cli_cases.read(bot.app, "别村协调员") == []
    with pytest.raises(PermissionError):
        cli_cases.read(bot.app, VOLUNTEER)
    with Session(bot.app.engine) as session:
        reads = session.exec(select(CaseAudit).where(CaseAudit.how == "cli")).all()
    assert len(reads) == 1


def test_a_voice_note_during_the_relay_goes_to_the_counsellor_only(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(COUNSELLOR, "我来")
    incoming = Incoming(
        transport="console",
        external_id=uuid.uuid4().hex,
        sender=CHILD,
        chat=CHILD,
        kind="voice",
        text="我不想活了",
        attachment={"kind": "voice", "transport": "console", "chat": CHILD, "message_id": 7},
    )

    sent = bot._sent_for(bot.app.core.receive(incoming))

    assert [m.to for m in sent] == [COUNSELLOR]
    assert "语音" in sent[0].text and "【危险】" in sent[0].text


def test_a_crisis_after_handing_back_pages_again(bot: Harness) -> None:
    bot.say(SON, "心里难受,睡不着")
    bot.say(COUNSELLOR, "我来")
    bot.say(COUNSELLOR, "交回")

    sent = bot.say(SON, "我不想活了")

    assert sorted(m.to for m in pages(sent)) == sorted([COUNSELLOR, STATION])
    assert [c.severity for c in cases(bot)] == ["concern", "crisis"]


def test_a_concern_deadline_in_quiet_hours_waits_for_the_morning(bot: Harness) -> None:
    bot.clock.set("2026-12-03T23:00:00+08:00")
    bot.say(GRANDMA, "晚上一个人睡不着,心里空落落的")

    bot.clock.set("2026-12-04T23:00:00+08:00")
    assert tick(bot) == []
    bot.clock.set("2026-12-05T06:59:00+08:00")
    assert tick(bot) == []
    bot.clock.set("2026-12-05T07:00:00+08:00")
    assert sorted(m.to for m in pages(tick(bot))) == sorted([COUNSELLOR, STATION])


def test_a_concern_is_posted_to_the_counsellors_room_and_taken_from_it(bot: Harness) -> None:
    with transaction(bot.app.engine) as session:
        station = session.exec(select(Station)).one()
        assert station.id is not None
        session.add(
            ChatGroup(
                station_id=station.id, transport="console", address=ROOM, purpose="counsellors"
            )
        )
    first = bot.say(GRANDMA, "老伴走了以后晚上老是睡不着")
    assert [m.to for m in pages(first)] == [COUNSELLOR, ROOM]
    [case] = cases(bot)

    incoming = Incoming(
        transport="console",
        external_id=uuid.uuid4().hex,
        sender=COUNSELLOR,
        chat=ROOM,
        choice=f"{case.nonce}.1",
        is_group=True,
    )
    sent = bot._sent_for(bot.app.core.receive(incoming))

    assert any(m.to == COUNSELLOR and "您已接手" in m.text for m in sent)
    assert any(m.to == ROOM and "已接手" in m.text for m in sent)
    assert all(GRANDMA not in m.text for m in sent if m.to == ROOM)


def test_a_note_about_someone_else_opens_a_case_about_them(bot: Harness) -> None:
    note = "王老根今天说活够了,不想活了"
    incoming = console.incoming(VOLUNTEER, note)
    inbox_id = bot.app.core.accept(incoming)
    assert inbox_id is not None
    with transaction(bot.app.engine) as session:
        ctx = bot.app.core._context(session, incoming, inbox_id, bot.clock.now())
        grandpa = session.exec(select(Person).where(Person.name == "王老根")).one()
        case_flow.report(ctx, "crisis", note, grandpa.id or 0, grandpa.station_id)

    [case] = cases(bot)
    assert case.person_id == grandpa.id and not case.relay
    paged = pages(bot._sent_for(inbox_id))
    assert sorted(m.to for m in paged) == sorted([COUNSELLOR, STATION])
    assert "李晓华 反映王老根可能有危险" in paged[0].text
    assert "这是别人代为反映的" in bot.reply(COUNSELLOR, "我来").text
    assert all(m.to == VOLUNTEER for m in bot.say(VOLUNTEER, "好的"))


def test_a_counsellor_off_call_is_paged_only_once_the_county_is(bot: Harness) -> None:
    with transaction(bot.app.engine) as session:
        counsellor = session.exec(select(Person).where(Person.name == COUNSELLOR)).one()
        session.add(CaseStaff(person_id=counsellor.id or 0, level="station", on_call=False))
    first = bot.say(CHILD, "我不想活了")
    assert [m.to for m in pages(first)] == [STATION]

    bot.clock.advance(minutes=5)
    assert COUNSELLOR not in [m.to for m in pages(tick(bot))]
    bot.clock.advance(minutes=5)
    assert COUNSELLOR in [m.to for m in pages(tick(bot))]


@pytest.mark.parametrize("who", [SON, VOLUNTEER])
def test_counsellors_words_from_someone_else_get_a_plain_answer(bot: Harness, who: str) -> None:
    for text in ("结案", "交回", "结案 已联系"):
        assert bot.reply(who, text).text == texts.FOR_COUNSELLORS
    assert cases(bot) == []


def test_one_who_holds_a_case_takes_the_next_crisis_before_being_paged_for_it(
    bot: Harness,
) -> None:
    bot.say(CHILD, "我不想活了")
    bot.clock.advance(minutes=5)
    assert TOWNSHIP in {m.to for m in pages(tick(bot))}
    bot.say(TOWNSHIP, "1")
    bot.say(SON, "我不想活了")  # its first round does not reach the township

    taken = bot.reply(TOWNSHIP, "我来")

    first, second = cases(bot)
    assert first.status == second.status == "taken"
    assert second.ref in taken.text and "已经有人接手" not in taken.text


def test_a_case_named_is_the_case_taken(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(SON, "我不想活了")
    first, second = cases(bot)

    bot.say(COUNSELLOR, f"我来 {first.ref}")
    assert [c.status for c in cases(bot)] == ["taken", "open"]
    bot.say(COUNSELLOR, f"#{second.ref} 我来")
    assert [c.status for c in cases(bot)] == ["taken", "taken"]
    assert "没有找到" in bot.reply(COUNSELLOR, "接手 C00000").text


def test_words_for_a_case_not_held_are_not_relayed_to_another(bot: Harness) -> None:
    bot.say(CHILD, "我不想活了")
    bot.say(COUNSELLOR, "我来")
    bot.say(SON, "我不想活了")
    _, other = cases(bot)

    said = bot.say(COUNSELLOR, f"#{other.ref} 王先生,我是周老师")

    assert [m.to for m in said] == [COUNSELLOR]
    assert "不在您手上" in said[0].text
    assert all("周老师" not in r.text for r in outbox(bot) if r.address in (CHILD, SON))


def test_someone_down_is_told_to_call_120_first(bot: Harness) -> None:
    reply = bot.reply(CHILD, "奶奶倒在厨房地上 叫不醒")
    assert reply.text.startswith("请马上打120")
    assert "伤害自己" not in reply.text
    assert all(number in reply.text for number in HOTLINES)
    assert [c.severity for c in cases(bot)] == ["crisis"]


def test_a_wish_to_die_gets_the_hotlines_first(bot: Harness) -> None:
    reply = bot.reply(CHILD, "我不想活了")
    assert "120叫救护车" not in reply.text
    assert all(number in reply.text for number in HOTLINES)
