"""Services from the catalog, message by message: order, claim, progress, rating, deadlines."""

from __future__ import annotations

import json
import re
import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bot.storage.cases import Case
from bot.storage.db import transaction
from bot.storage.ledger import LedgerAudit
from bot.storage.models import (
    CatalogItem,
    Deadline,
    Order,
    OrderEvent,
    OutboxMessage,
    Person,
    Visit,
    VisitPlan,
    VolunteerHours,
)
from bot.transports import console
from handlers import texts
from handlers.messages import Incoming
from scheduler import deadlines
from tests.helpers import Harness, Sent, _sent

RELATIVE = "王建国"  # son of 张桂英
DAUGHTER = "王秀兰"  # daughter of 王老根
GRANDMA = "张桂英"
LI = "李晓华"
CHEN = "陈志强"
COORDINATOR = "刘玉梅"
TOWNSHIP = "黄志明"
COUNTY = "吴建军"
GROUP = "青禾村志愿者群"


def orders(bot: Harness) -> list[Order]:
    with Session(bot.app.engine) as session:
        return list(session.exec(select(Order).order_by(col(Order.id))))


def only_order(bot: Harness) -> Order:
    [order] = orders(bot)
    return order


def last_outbox_id(bot: Harness) -> int:
    with Session(bot.app.engine) as session:
        rows = session.exec(select(OutboxMessage.id).order_by(col(OutboxMessage.id).desc()))
        return rows.first() or 0


def sweep(bot: Harness) -> list[Sent]:
    """Fire due deadlines and planned visits, as the clock would; returns what they sent."""
    before = last_outbox_id(bot)
    deadlines.sweep(bot.app.engine, bot.clock.now(), bot.app.tz)
    with Session(bot.app.engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id) > before)
            .order_by(col(OutboxMessage.id))
        ).all()
        return [_sent(row) for row in rows]


def to(sent: list[Sent], who: str) -> list[Sent]:
    return [m for m in sent if m.to == who]


def order_medicine(bot: Harness) -> tuple[Order, list[Sent]]:
    sent = bot.say(RELATIVE, "帮我妈买点药")
    return only_order(bot), sent


def claim(bot: Harness, who: str, order: Order) -> list[Sent]:
    return bot.say_in_group(who, GROUP, f"接单 {order.ref}")


def test_an_order_from_message_to_rating(bot: Harness) -> None:
    order, sent = order_medicine(bot)
    assert order.item == "M2" and order.status == "open"
    with Session(bot.app.engine) as session:
        grandma = session.exec(select(Person).where(Person.name == GRANDMA)).one()
    assert order.for_id == grandma.id
    [confirmation] = to(sent, RELATIVE)
    assert order.ref in confirmation.text and "代购送药" in confirmation.text
    assert "妈妈(张桂英)" in confirmation.text
    [post] = to(sent, GROUP)
    assert order.ref in post.text and post.choices == [f"接单 {order.ref}"]
    assert "青禾村3组" not in post.text and "13800000011" not in post.text

    sent = claim(bot, LI, order)
    order = only_order(bot)
    assert order.status == "claimed"
    with Session(bot.app.engine) as session:
        [read] = session.exec(select(LedgerAudit)).all()
    assert read.person_id == grandma.id and read.action == "read" and order.ref in read.detail
    [details] = to(sent, LI)
    assert "青禾村3组" in details.text and "13800000011" in details.text
    assert details.choices == [label for _, label in texts.PROGRESS_CHOICES]
    assert any("已接单" in m.text for m in to(sent, GROUP))
    assert all("13800000011" not in m.text for m in to(sent, GROUP))
    assert any(LI in m.text for m in to(sent, RELATIVE))

    assert any("出发" in m.text for m in to(bot.say(LI, "1"), RELATIVE))
    assert only_order(bot).status == "on_the_way"
    # The menu keeps its numbers after 出发: 1 is still 出发了, 2 is 已完成.
    assert bot.reply(LI, "1").text == texts.already_on_the_way(only_order(bot).ref)
    assert "一句话" in bot.reply(LI, "2").text
    sent = bot.say(LI, "药已经送到了,老人身体还好")
    order = only_order(bot)
    assert order.status == "done" and "药已经送到" in order.note
    [question] = to(sent, RELATIVE)
    assert len(question.choices) == 5 and "药已经送到" in question.text

    thanks = bot.reply(RELATIVE, "5")
    assert "谢谢" in thanks.text
    assert only_order(bot).rating == 5
    bot.say(RELATIVE, "志愿者很耐心,谢谢")
    assert "耐心" in only_order(bot).comment
    with Session(bot.app.engine) as session:
        [served] = session.exec(select(VolunteerHours)).all()
        item = session.get(CatalogItem, "M2")
    assert item is not None and served.minutes == item.served_minutes
    assert [d.status for d in deadlines_of(bot)] == ["cancelled", "cancelled"]


def deadlines_of(bot: Harness) -> list[Deadline]:
    with Session(bot.app.engine) as session:
        return list(session.exec(select(Deadline).order_by(col(Deadline.id))))


def test_a_low_rating_reaches_the_station_coordinator(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    bot.say(LI, f"完成 {order.ref} 送到了")

    sent = bot.say(RELATIVE, "2")

    [complaint] = to(sent, COORDINATOR)
    assert order.ref in complaint.text and "2 分" in complaint.text
    assert to(sent, TOWNSHIP) == [] and to(sent, COUNTY) == []
    sent = bot.say(RELATIVE, "药买错了")
    assert any("药买错了" in m.text for m in to(sent, COORDINATOR))


def test_the_claim_deadline_passing_twice_reaches_township_then_county(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    item_minutes = 60
    bot.clock.advance(minutes=item_minutes - 1)
    assert sweep(bot) == []

    bot.clock.advance(minutes=2)
    sent = sweep(bot)
    assert [m.to for m in sent if "县级" in m.text] == []
    assert len(to(sent, TOWNSHIP)) == 1 and order.ref in to(sent, TOWNSHIP)[0].text
    assert to(sent, COUNTY) == []
    [repost] = to(sent, GROUP)
    assert "还没人接" in repost.text and repost.choices == [f"接单 {order.ref}"]
    assert sweep(bot) == []

    bot.clock.advance(minutes=item_minutes + 1)
    sent = sweep(bot)
    assert len(to(sent, COUNTY)) == 1 and to(sent, TOWNSHIP) == []
    bot.clock.advance(days=1)
    assert sweep(bot) == []
    assert [(d.kind, d.step, d.status) for d in deadlines_of(bot)] == [
        ("claim", 1, "fired"),
        ("claim", 2, "fired"),
    ]


def test_a_claimed_order_is_not_escalated(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    bot.clock.advance(minutes=61)
    assert sweep(bot) == []


def test_a_volunteer_returns_an_order_and_another_claims_it(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)

    sent = bot.say_in_group(LI, GROUP, f"退回 {order.ref} 家里临时有事")

    order = only_order(bot)
    assert order.status == "open" and order.volunteer_id is None
    [repost] = [m for m in to(sent, GROUP) if "还没人接" in m.text]
    assert repost.choices == [f"接单 {order.ref}"]
    # The asker was told 李晓华 had it; they hear it is being passed to someone else.
    [told] = to(sent, RELATIVE)
    assert order.ref in told.text and LI in told.text and "重新派单" in told.text
    with Session(bot.app.engine) as session:
        returned = session.exec(select(OrderEvent).where(OrderEvent.what == "returned")).one()
    assert returned.detail == "家里临时有事"
    claim(bot, CHEN, order)
    with Session(bot.app.engine) as session:
        chen = session.exec(select(Person).where(Person.name == CHEN)).one()
    assert only_order(bot).volunteer_id == chen.id


def test_a_return_reason_with_risk_opens_a_case_about_the_resident(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)

    sent = bot.say_in_group(LI, GROUP, f"退回 {order.ref} 老人把门反锁了说不想活了,我进不去")

    assert only_order(bot).status == "open"
    assert any("不想活" in m.text for m in to(sent, COORDINATOR))
    with Session(bot.app.engine) as session:
        [case] = session.exec(select(Case)).all()
        resident = session.get(Person, case.person_id)
    assert case.severity == "crisis" and resident is not None and resident.name == "张桂英"


def test_returning_by_button_asks_for_the_reason(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    assert "为什么" in bot.reply(LI, "3").text
    assert only_order(bot).status == "claimed"
    bot.say(LI, "腿扭了去不了")
    assert only_order(bot).status == "open"


def test_a_claim_not_done_in_time_nudges_then_goes_back_to_the_pool(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    bot.clock.advance(minutes=241)
    sent = sweep(bot)
    [nudge] = to(sent, LI)
    assert order.ref in nudge.text and only_order(bot).status == "claimed"

    bot.clock.advance(hours=2)
    sent = sweep(bot)
    assert only_order(bot).status == "open"
    assert any("收回" in m.text for m in to(sent, LI))
    assert any("还没人接" in m.text for m in to(sent, GROUP))


def test_only_the_stations_volunteers_may_claim_in_the_group(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    before = bot.snapshot()

    refusal = to(claim(bot, RELATIVE, order), GROUP)
    assert [m.text for m in refusal] == [texts.BUTTON_NOT_YOURS]
    stranger = to(claim(bot, "路人甲", order), GROUP)
    assert [m.text for m in stranger] == [texts.BUTTON_NOT_YOURS]
    assert only_order(bot).status == "open"
    assert bot.snapshot() == before
    wrong = to(bot.say_in_group(LI, GROUP, "接单 ZZZZ"), GROUP)
    assert "ZZZZ" in wrong[0].text


def test_an_item_for_counsellors_is_refused_to_other_volunteers(bot: Harness) -> None:
    with transaction(bot.app.engine) as session:
        item = session.get(CatalogItem, "M2")
        assert item is not None
        item.may_claim = "counsellors"
        session.add(item)
    order, _ = order_medicine(bot)

    sent = claim(bot, LI, order)

    assert "专门" in to(sent, GROUP)[0].text and only_order(bot).status == "open"


def test_a_button_press_in_the_group_claims(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    incoming = console.incoming(LI, "", group=GROUP)
    pressed = Incoming(**{**_fields(incoming), "choice": f"接单 {order.ref}"})
    bot.app.core.receive(pressed)
    assert only_order(bot).status == "claimed"


def _fields(incoming: Incoming) -> dict[str, object]:
    return {name: getattr(incoming, name) for name in Incoming.__slots__}


def race(bot: Harness, ref: str, names: tuple[str, ...]) -> dict[str, int | None]:
    """Each volunteer presses at the same moment, on a thread of their own."""
    barrier = threading.Barrier(len(names))
    replies: dict[str, int | None] = {}

    def press(name: str) -> None:
        incoming = console.incoming(name, f"接单 {ref}", group=GROUP)
        barrier.wait()
        replies[name] = bot.app.core.receive(incoming)

    threads = [threading.Thread(target=press, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return replies


def test_two_volunteers_claiming_at_once_one_wins(bot: Harness) -> None:
    """Real threads through the whole core, on the same database, several times over."""
    for _ in range(4):
        bot.say(RELATIVE, "帮我妈买点药")
    for order in orders(bot):
        replies = race(bot, order.ref, (LI, CHEN))

        with Session(bot.app.engine) as session:
            fresh = session.get(Order, order.id)
            claims = session.exec(
                select(OrderEvent).where(
                    OrderEvent.order_id == order.id, OrderEvent.what == "claimed"
                )
            ).all()
            winner = session.get(Person, fresh.volunteer_id) if fresh else None
        assert fresh is not None and fresh.status == "claimed" and winner is not None
        assert len(claims) == 1
        loser = CHEN if winner.name == LI else LI
        said = [bot._sent_for(replies[name]) for name in (winner.name, loser)]
        assert any(f"归{winner.name}了" in m.text for m in said[0])
        assert any("已经被" in m.text and winner.name in m.text for m in said[1])
        assert not any(m.to == loser and "13800000011" in m.text for m in said[1])


def test_status_change_and_cancel_by_message(bot: Harness) -> None:
    order, _ = order_medicine(bot)

    status = bot.reply(RELATIVE, "我的申请到哪了")
    assert order.ref in status.text and "等志愿者接单" in status.text
    claim(bot, LI, order)
    assert LI in bot.reply(RELATIVE, "帮我买药的事办了没有").text
    assert order.ref in bot.reply(LI, "我的申请到哪了").text

    moved = bot.say(RELATIVE, "改到明天")
    assert only_order(bot).wanted_on is not None
    assert str(only_order(bot).wanted_on) == "2026-12-04"
    assert any(order.ref in m.text for m in to(moved, LI))

    sent = bot.say(RELATIVE, "不用了")
    assert only_order(bot).status == "cancelled"
    assert any("取消" in m.text for m in to(sent, GROUP))
    assert any("取消" in m.text for m in to(sent, LI))
    assert {d.status for d in deadlines_of(bot)} == {"cancelled"}


def test_cancel_with_an_order_and_a_call_asks_which(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    order, _ = order_medicine(bot)

    question = bot.reply(RELATIVE, "不用了")
    assert len(question.choices) == 3 and question.choices[-1] == texts.KEEP_ALL_CHOICE
    number = 1 + next(i for i, c in enumerate(question.choices) if order.ref in c)
    bot.say(RELATIVE, str(number))

    assert only_order(bot).status == "cancelled"
    assert [a.status for a in bot.appointments()] == ["booked"]


def test_quoting_a_reference_picks_the_order(bot: Harness) -> None:
    bot.say(RELATIVE, "帮我妈买点药")
    bot.say(RELATIVE, "帮我妈交电费")
    first, second = orders(bot)

    status = bot.reply(RELATIVE, f"{second.ref.lower()} 到哪了")
    assert second.ref in status.text and first.ref not in status.text
    bot.say(RELATIVE, f"{first.ref} 不用了")

    assert [o.status for o in orders(bot)] == ["cancelled", "open"]


def test_a_relative_with_two_at_home_is_asked_who_for(bot: Harness) -> None:
    question = bot.reply(RELATIVE, "帮家里买点菜")
    assert orders(bot) == [] and len(question.choices) == 2
    number = 1 + next(i for i, c in enumerate(question.choices) if "王小雨" in c)
    bot.say(RELATIVE, str(number))
    assert only_order(bot).item == "L1"


def test_never_mind_while_asked_who_for_orders_nothing(bot: Harness) -> None:
    bot.say(RELATIVE, "帮家里买点菜")
    assert bot.reply(RELATIVE, "不用了").text == texts.NEVER_MIND
    assert orders(bot) == []
    assert bot.reply(RELATIVE, "1").text == texts.NO_QUESTION


def test_a_volunteer_orders_for_an_elder_without_a_phone(bot: Harness) -> None:
    bot.say(LI, "帮王老根买点药")
    order = only_order(bot)
    with Session(bot.app.engine) as session:
        elder = session.get(Person, order.for_id)
    assert elder is not None and elder.name == "王老根"


def test_a_requested_visit_is_dispatched_like_an_order(bot: Harness) -> None:
    sent = bot.say(DAUGHTER, "能去看看我爸吗")
    order = only_order(bot)
    assert order.kind == "visit"
    assert any("上门探访" in m.text for m in to(sent, GROUP))
    claim(bot, LI, order)
    bot.say(LI, f"完成 {order.ref} 老人挺好,健康一般,心情好")
    with Session(bot.app.engine) as session:
        [visit] = session.exec(select(Visit)).all()
        plan = session.get(VisitPlan, order.for_id)
    assert visit.health == "fair" and visit.mood == "good"
    assert plan is not None and plan.last_visit_at == bot.clock.now()


def set_care(bot: Harness, name: str, care: str, days_ago: int) -> int:
    with transaction(bot.app.engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
        assert person.id is not None
        session.add(
            VisitPlan(
                resident_id=person.id,
                care=care,
                created_at=bot.clock.now() - timedelta(days=days_ago),
            )
        )
        return person.id


def test_a_planned_visit_is_generated_and_reminded(bot: Harness) -> None:
    elder = set_care(bot, "王老根", "high", days_ago=5)
    set_care(bot, GRANDMA, "key", days_ago=5)
    assert sweep(bot) == []

    bot.clock.advance(days=1, minutes=1)
    sent = sweep(bot)
    [order] = orders(bot)
    assert order.kind == "visit" and order.for_id == elder and order.asked_by is None
    [post] = to(sent, GROUP)
    assert "每周" in post.text and post.choices == [f"接单 {order.ref}"]
    bot.clock.advance(minutes=30)
    assert sweep(bot) == []

    claim(bot, LI, order)
    bot.clock.advance(days=1, minutes=1)
    [nudge] = to(sweep(bot), LI)
    assert order.ref in nudge.text

    bot.say(LI, f"完成 {order.ref} 家里都好")
    # The next weekly visit is put out a day before it is due.
    bot.clock.advance(days=5, hours=23)
    assert sweep(bot) == []
    bot.clock.advance(days=1)
    sweep(bot)
    assert len([o for o in orders(bot) if o.status == "open"]) == 1


def test_a_visit_note_with_risk_alerts_and_brings_the_next_visit_within_a_day(
    bot: Harness,
) -> None:
    set_care(bot, "王老根", "normal", days_ago=100)
    sweep(bot)
    order = only_order(bot)
    claim(bot, LI, order)

    sent = bot.say(LI, f"完成 {order.ref} 老人说活着没意思,不想活了")

    [thanks] = to(sent, LI)
    assert order.ref in thanks.text and "已完成" in thanks.text
    assert any("不想活" in m.text for m in to(sent, COORDINATOR))
    with Session(bot.app.engine) as session:
        [visit] = session.exec(select(Visit)).all()
        [case] = session.exec(select(Case)).all()
        resident = session.get(Person, case.person_id)
    assert case.severity == "crisis" and resident is not None and resident.name == "王老根"
    assert visit.risk != "none" and only_order(bot).status == "done"
    bot.clock.advance(minutes=11)
    sent = sweep(bot)
    [again] = [o for o in orders(bot) if o.status == "open"]
    assert again.kind == "visit" and any("24小时" in m.text for m in to(sent, GROUP))


def test_a_voice_note_from_a_resident_becomes_an_order(bot: Harness) -> None:
    voice = Incoming(
        transport="console",
        external_id="voice-1",
        sender=GRANDMA,
        chat=GRANDMA,
        kind="voice",
        attachment={"kind": "voice", "transport": "console", "chat": GRANDMA, "message_id": 1},
    )
    inbox = bot.app.core.receive(voice)
    sent = bot._sent_for(inbox)

    order = only_order(bot)
    assert order.kind == "voice" and order.status == "open"
    [post] = to(sent, GROUP)
    assert post.choices == [f"接单 {order.ref}"]
    with Session(bot.app.engine) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.address == GROUP)).one()
    assert json.loads(row.attachment or "{}")["kind"] == "voice"
    assert re.search(order.ref, to(sent, GRANDMA)[0].text)


def test_the_ledgers_risk_level_sets_the_rhythm_of_planned_visits(bot: Harness) -> None:
    with transaction(bot.app.engine) as session:
        for person in session.exec(select(Person).where(Person.role == "resident")):
            person.risk_level = "高风险" if person.name == "王老根" else "低"
            person.created_at = bot.clock.now() - timedelta(days=6, hours=1)
            session.add(person)

    sweep(bot)

    [order] = orders(bot)
    with Session(bot.app.engine) as session:
        elder = session.get(Person, order.for_id)
    assert elder is not None and elder.name == "王老根" and order.kind == "visit"


def test_deadlines_wait_for_the_end_of_quiet_hours(bot: Harness) -> None:
    bot.clock.set("2026-12-03T21:30:00+08:00")
    order, _ = order_medicine(bot)
    bot.clock.set("2026-12-03T22:31:00+08:00")
    assert sweep(bot) == []

    bot.clock.set("2026-12-04T07:00:00+08:00")
    sent = sweep(bot)
    assert len(to(sent, TOWNSHIP)) == 1 and order.ref in to(sent, TOWNSHIP)[0].text


def test_a_child_ordering_for_her_grandmother_is_asked_who_it_is_for(bot: Harness) -> None:
    asked = bot.reply("王小雨", "帮我奶奶买点药")
    assert orders(bot) == []
    assert asked.choices[:2] == ["您(王小雨)", GRANDMA]

    bot.say("王小雨", "2")

    order = only_order(bot)
    with Session(bot.app.engine) as session:
        resident = session.get(Person, order.for_id)
    assert resident is not None and resident.name == GRANDMA


def test_a_resident_ordering_for_herself_is_not_asked(bot: Harness) -> None:
    bot.say(GRANDMA, "帮我买点降压药")
    with Session(bot.app.engine) as session:
        resident = session.get(Person, only_order(bot).for_id)
    assert resident is not None and resident.name == GRANDMA


def test_an_order_for_family_not_on_the_ledger_says_how_to_register(bot: Harness) -> None:
    answer = bot.reply(RELATIVE, "帮我奶奶买点药")
    assert orders(bot) == []
    assert "登记" in answer.text and "下单" in answer.text and "视频" not in answer.text


def test_a_bare_claim_in_the_group_lists_what_waits_and_claims_nothing(bot: Harness) -> None:
    order, _ = order_medicine(bot)

    sent = bot.say_in_group(LI, GROUP, "接单")

    [answer] = to(sent, GROUP)
    assert f"接单 {order.ref}" in answer.text and "代购送药" in answer.text
    assert only_order(bot).status == "open"


def test_a_bare_progress_word_acts_on_the_one_order_held(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)

    sent = bot.say_in_group(LI, GROUP, "出发")

    assert only_order(bot).status == "on_the_way"
    assert any("出发" in m.text for m in to(sent, RELATIVE))


def test_a_bare_progress_word_with_two_orders_held_asks_which(bot: Harness) -> None:
    bot.say(RELATIVE, "帮我妈买点药")
    bot.say(DAUGHTER, "帮我爸买点菜")
    first, second = orders(bot)
    claim(bot, LI, first)
    claim(bot, LI, second)

    answer = bot.reply(LI, "完成")

    assert first.ref in answer.text and second.ref in answer.text
    assert [o.status for o in orders(bot)] == ["claimed", "claimed"]


def test_a_bare_command_from_someone_not_staff_is_not_a_command(bot: Harness) -> None:
    assert "单号" not in bot.reply(RELATIVE, "完成").text


def test_words_after_a_rating_that_read_as_other_requests_are_the_comment(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    bot.say(LI, f"完成 {order.ref} 送到了")
    bot.say(RELATIVE, "5")

    thanks = bot.reply(RELATIVE, "手机弄好了 会用了")

    assert thanks.text == texts.THANKS_COMMENT
    assert only_order(bot).comment == "手机弄好了 会用了"
    assert only_order(bot).status == "done"


def test_asking_after_a_finished_order_says_it_was_done_and_by_whom(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    bot.say(LI, f"完成 {order.ref} 送到了")
    bot.say(RELATIVE, "4")

    answer = bot.reply(RELATIVE, "我的申请到哪了")

    assert order.ref in answer.text and "已完成" in answer.text and LI in answer.text
    bot.clock.advance(days=15)
    assert order.ref not in bot.reply(RELATIVE, "我的申请到哪了").text


def test_a_volunteer_asking_for_their_orders_sees_what_they_hold_and_the_calls_they_staff(
    bot: Harness,
) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    order, _ = order_medicine(bot)
    claim(bot, LI, order)

    answer = bot.reply(LI, "我手上有哪些单")

    assert order.ref in answer.text
    [call] = bot.appointments()
    assert f"值班:{RELATIVE} ↔ 张桂英" in answer.text and call.ref in answer.text
    assert "跟家人" not in answer.text


def test_a_volunteer_asking_for_help_gets_the_volunteers_commands(bot: Harness) -> None:
    assert "接单 K7Q2" in bot.reply(LI, "帮助").text
    assert "约亲情视频" in bot.reply(RELATIVE, "帮助").text


def test_a_volunteer_with_nothing_in_hand_is_told_so_in_a_volunteers_words(bot: Harness) -> None:
    assert bot.reply(CHEN, "我的单").text == texts.NOTHING_HELD


def test_a_claim_from_a_group_that_is_not_the_stations_says_which_group_to_use(
    bot: Harness,
) -> None:
    order, _ = order_medicine(bot)
    [refusal] = to(bot.say_in_group(LI, "没绑定的群", f"接单 {order.ref}"), "没绑定的群")
    assert refusal.text == texts.NOT_THIS_STATIONS_GROUP
    assert only_order(bot).status == "open"


def test_claiming_an_order_one_already_holds_says_it_is_theirs(bot: Harness) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    again = bot.reply(LI, f"接单 {order.ref}")
    assert again.text == texts.already_yours(order.ref)


def test_help_speaks_to_whoever_asks(bot: Harness) -> None:
    assert bot.reply("张桂英", "帮助").text == texts.HELP_RESIDENT
    assert bot.reply(RELATIVE, "帮助").text == texts.HELP
    assert bot.reply(LI, "帮助").text == texts.HELP_STAFF
    assert bot.reply("刘玉梅", "帮助").text == texts.HELP_COORDINATOR
    assert bot.reply("周文静", "帮助").text == texts.HELP_COUNSELLOR


def test_a_number_with_no_question_open_says_so(bot: Harness) -> None:
    assert bot.reply(RELATIVE, "3").text == texts.NO_QUESTION


def test_the_same_service_asked_twice_for_one_person_is_one_order(bot: Harness) -> None:
    bot.say("张桂英", "手机不会用")
    [first] = orders(bot)
    again = bot.say(RELATIVE, "我妈的手机不会用了,帮帮她")
    assert orders(bot) == [first]
    [answer] = to(again, RELATIVE)
    assert first.ref in answer.text and "已经有人申请过了" in answer.text
    assert to(again, GROUP) == []


@pytest.mark.parametrize("text", ["我腿不好使了", "网络不好用了", "我妈的电视不能用了"])
def test_a_complaint_read_as_cancel_calls_nothing_off_without_asking(
    bot: Harness, text: str
) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    order_medicine(bot)

    sent = bot.say(RELATIVE, text)

    assert only_order(bot).status == "open"
    assert [a.status for a in bot.appointments()] == ["booked"]
    assert to(sent, GROUP) == []
    [reply] = to(sent, RELATIVE)
    assert "已取消" not in reply.text


def test_choosing_to_keep_everything_calls_nothing_off(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    order_medicine(bot)
    question = bot.reply(RELATIVE, "不用了")
    answer = bot.reply(RELATIVE, str(len(question.choices)))
    assert answer.text == texts.KEPT_ALL
    assert only_order(bot).status == "open"
    assert [a.status for a in bot.appointments()] == ["booked"]


def test_a_plain_cancel_with_a_single_call_still_cancels_at_once(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    assert "已取消" in bot.reply(RELATIVE, "不约了").text
    assert [a.status for a in bot.appointments()] == ["cancelled"]


def test_the_other_side_hears_a_cancel_in_their_own_words(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    sent = bot.say("张桂英", "不约了")
    [told] = to(sent, RELATIVE)
    assert told.text.startswith("妈妈(张桂英)取消了")


def test_a_done_note_at_risk_goes_to_counsellors_not_word_for_word_to_the_asker(
    bot: Harness,
) -> None:
    order, _ = order_medicine(bot)
    claim(bot, LI, order)
    note = "药送到了 老人说活着没意思 不想活了"

    sent = bot.say(LI, f"完成 {order.ref} {note}")

    [asked] = to(sent, RELATIVE)
    assert "不想活" not in asked.text and texts.NOTE_PASSED_ON in asked.text
    [thanks] = to(sent, LI)
    assert texts.NOTE_TO_COUNSELLORS in thanks.text
    with Session(bot.app.engine) as session:
        assert session.exec(select(Case)).one().severity == "crisis"
    assert only_order(bot).note == note


def test_private_words_are_not_quoted_to_the_whole_group(bot: Harness) -> None:
    sent = bot.say(RELATIVE, "我妈前年有段时间想不开 现在好多了 想让她去跳广场舞 帮她报个名")
    order = only_order(bot)
    [post] = to(sent, GROUP)
    assert order.ref in post.text and "想不开" not in post.text

    sent = claim(bot, LI, order)
    assert any("想不开" in m.text for m in to(sent, LI))


def test_plain_words_are_quoted_to_the_group(bot: Harness) -> None:
    sent = bot.say(RELATIVE, "帮我妈买点降压药")
    [post] = to(sent, GROUP)
    assert "降压药" in post.text
