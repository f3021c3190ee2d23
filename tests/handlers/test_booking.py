"""The family-call flow, message by message, against a real database file and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers import Harness

RELATIVE = "王建国"  # son of 张桂英 (walks), father of 王小雨
DAUGHTER = "王秀兰"  # daughter of 王老根 (cannot walk)
GROUP = "青禾村志愿者群"


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def test_a_named_time_is_booked_confirmed_posted_and_reminded(bot: Harness) -> None:
    sent = bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")

    [appointment] = bot.appointments()
    assert appointment.starts_at == utc("2026-12-05T20:00:00+08:00")
    assert appointment.kind == "room"
    assert appointment.status == "booked"
    to_relative = [m for m in sent if m.to == RELATIVE]
    to_group = [m for m in sent if m.to == GROUP]
    assert len(to_relative) == 1 and len(to_group) == 1
    assert "12月5日(周六)晚上8:00" in to_relative[0].text
    assert "张桂英" in to_relative[0].text and appointment.ref in to_relative[0].text
    assert appointment.ref in to_group[0].text and "李晓华" in to_group[0].text

    due = {(r.purpose, r.due_at) for r in bot.reminders()}
    assert due == {
        ("evening_before", utc("2026-12-04T20:00:00+08:00")),
        ("soon", utc("2026-12-05T19:30:00+08:00")),
        ("volunteer_soon", utc("2026-12-05T19:30:00+08:00")),
        ("outcome", utc("2026-12-05T20:35:00+08:00")),
        ("rating", utc("2026-12-05T20:40:00+08:00")),
    }


def test_no_time_offers_free_slots_and_takes_a_number(bot: Harness) -> None:
    offer = bot.reply(RELATIVE, "我想跟我妈视频")
    assert len(offer.choices) >= 2
    assert bot.appointments() == []

    confirmation = bot.reply(RELATIVE, "2")

    [appointment] = bot.appointments()
    assert offer.choices[1] in confirmation.text
    assert appointment.ref in confirmation.text


def test_no_time_then_an_answer_in_words(bot: Harness) -> None:
    bot.say(RELATIVE, "想跟我妈视频")
    bot.say(RELATIVE, "周六晚上八点")

    [appointment] = bot.appointments()
    assert appointment.starts_at == utc("2026-12-05T20:00:00+08:00")


def test_two_family_members_means_asking_which(bot: Harness) -> None:
    question = bot.reply(RELATIVE, "周六晚上八点想视频一下")
    assert any("张桂英" in c for c in question.choices)
    assert any("王小雨" in c for c in question.choices)

    number = 1 + next(i for i, c in enumerate(question.choices) if "王小雨" in c)
    bot.say(RELATIVE, str(number))

    [appointment] = bot.appointments()
    assert appointment.starts_at == utc("2026-12-05T20:00:00+08:00")
    assert "王小雨" in bot.say(RELATIVE, "我约的视频是几点")[0].text


def test_someone_who_cannot_walk_gets_a_tablet_at_home(bot: Harness) -> None:
    sent = bot.say(DAUGHTER, "周六下午三点跟我爸视频")

    [appointment] = bot.appointments()
    assert appointment.kind == "home"
    [reply] = [m for m in sent if m.to == DAUGHTER]
    [post] = [m for m in sent if m.to == GROUP]
    assert "平板" in reply.text and "家里" in reply.text
    assert "平板" in post.text and "青禾村5组" in post.text


def test_a_taken_slot_is_refused_with_other_times(bot: Harness) -> None:
    bot.say(RELATIVE, "周六晚上八点跟我妈视频")
    before = bot.snapshot()

    reply = bot.reply(RELATIVE, "周六晚上八点跟我女儿视频")

    assert "已经有人约了" in reply.text
    assert reply.choices and all("8:00" not in c or "周六" not in c for c in reply.choices)
    assert len(bot.appointments()) == 1
    assert bot.snapshot()[:2] == before[:2]


def test_a_time_in_the_past_is_refused(bot: Harness) -> None:
    reply = bot.reply(RELATIVE, "今天早上八点跟我妈视频")
    assert "已经过去了" in reply.text
    assert bot.appointments() == []


def test_outside_opening_hours_is_refused(bot: Harness) -> None:
    reply = bot.reply(RELATIVE, "今天晚上十点半跟我妈视频")
    assert "没开门" in reply.text and "14:00–21:00" in reply.text
    assert bot.appointments() == []


def test_a_stranger_is_told_how_to_get_linked(bot: Harness) -> None:
    before = bot.snapshot()
    reply = bot.reply("路人甲", "我想周六晚上八点跟我妈视频")
    assert "绑定码" in reply.text
    assert bot.snapshot() == before


def test_family_not_on_the_ledger(bot: Harness) -> None:
    reply = bot.reply(RELATIVE, "周六晚上八点跟我爸视频")
    assert "名册上还没有您的爸爸" in reply.text
    assert bot.appointments() == []


def test_status_move_and_cancel_in_words(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")

    status = bot.reply(RELATIVE, "我约的视频是几点")
    assert "12月5日(周六)晚上8:00" in status.text

    moved = bot.reply(RELATIVE, "改到周日晚上八点")
    [appointment] = bot.appointments()
    assert appointment.starts_at == utc("2026-12-06T20:00:00+08:00")
    assert "12月6日(周日)晚上8:00" in moved.text
    assert "志愿者:" in moved.text
    live = [r for r in bot.reminders() if r.status == "scheduled"]
    assert {r.due_at for r in live if r.purpose == "soon"} == {utc("2026-12-06T19:30:00+08:00")}
    assert all(r.due_at >= utc("2026-12-05T20:00:00+08:00") for r in live)

    cancelled = bot.reply(RELATIVE, "不约了")
    [appointment] = bot.appointments()
    assert appointment.status == "cancelled"
    assert "已取消" in cancelled.text
    assert not [r for r in bot.reminders() if r.status == "scheduled"]


def test_moving_without_a_time_offers_that_evening(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")

    offer = bot.reply(RELATIVE, "改到周日晚上")
    assert offer.choices and all("12月6日" in c and "晚上" in c for c in offer.choices)

    bot.say(RELATIVE, "1")
    [appointment] = bot.appointments()
    assert appointment.starts_at.astimezone().date().isoformat() == "2026-12-06"


def test_bad_input_changes_nothing(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")
    before = bot.snapshot()

    for text, expected in [
        ("", "请直接说"),
        ("   ", "请直接说"),
        ("视频" * 25_000, "太长"),
        ("😀😀😀", "您好"),
        ("asdfgh qwer", "没太明白"),
        ("3", "没有在等您选数字"),
        ("\x00\x07", "请直接说"),
    ]:
        reply = bot.reply(RELATIVE, text)
        assert expected in reply.text, (text[:10], reply.text)
    assert bot.snapshot() == before


def test_a_number_out_of_range_keeps_the_question_open(bot: Harness) -> None:
    offer = bot.reply(RELATIVE, "我想跟我妈视频")
    assert "数字" in bot.reply(RELATIVE, "9").text
    bot.say(RELATIVE, str(len(offer.choices)))
    assert len(bot.appointments()) == 1


def test_never_mind_while_choosing(bot: Harness) -> None:
    bot.say(RELATIVE, "我想跟我妈视频")
    reply = bot.reply(RELATIVE, "不约了")
    assert "先不约了" in reply.text
    assert "没有在等您选数字" in bot.reply(RELATIVE, "1").text
    assert bot.appointments() == []


def test_the_other_side_of_the_call_hears_of_a_booking_a_move_and_a_cancel_at_once(
    bot: Harness,
) -> None:
    # 王小雨 (a child with her own account) books with her father.
    booked = bot.say("王小雨", "我想周六上午十点跟爸爸视频")
    [appointment] = bot.appointments()
    [told] = [m for m in booked if m.to == RELATIVE]
    assert "王小雨" in told.text and "12月5日(周六)上午10:00" in told.text
    assert appointment.ref in told.text and "青禾村亲情连线工作室" in told.text

    # When the father moves it, she is told; the one who made the change gets only the reply.
    moved = bot.say(RELATIVE, "改到周日上午十点")
    [to_child] = [m for m in moved if m.to == "王小雨"]
    assert "王建国" in to_child.text and "12月6日(周日)上午10:00" in to_child.text
    assert len([m for m in moved if m.to == RELATIVE]) == 1

    cancelled = bot.say(RELATIVE, "不约了")
    [to_child] = [m for m in cancelled if m.to == "王小雨"]
    assert "取消" in to_child.text and "12月6日(周日)上午10:00" in to_child.text


def test_someone_who_cannot_walk_is_told_the_tablet_comes_to_them(bot: Harness) -> None:
    sent = bot.say(DAUGHTER, "明天下午三点跟我爸视频")
    [told] = [m for m in sent if m.to == "王老根"]
    assert "王秀兰" in told.text and "带平板上门" in told.text


def test_a_past_evening_is_answered_with_evenings_still_to_come(bot: Harness) -> None:
    reply = bot.reply(RELATIVE, "昨天晚上八点跟我妈视频")
    assert "已经过去了" in reply.text
    assert reply.choices and all("晚上" in choice for choice in reply.choices)


def test_a_past_date_in_another_year_names_the_year(bot: Harness) -> None:
    reply = bot.reply(RELATIVE, "2025年1月1日晚上8点跟我妈视频")
    assert "2025年" in reply.text and "已经过去了" in reply.text
