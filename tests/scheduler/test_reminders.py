"""Reminders and follow-ups: at the right moment, once, with quiet hours and late starts."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from scheduler.plan import QuietHours
from tests.helpers import Harness

RELATIVE = "王建国"
VOLUNTEER = "李晓华"
COORDINATOR = "刘玉梅"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def book_saturday_evening(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点跟我妈视频")


def test_each_reminder_goes_out_at_its_moment_and_only_once(bot: Harness) -> None:
    book_saturday_evening(bot)

    bot.clock.set("2026-12-04T19:59:00+08:00")
    assert bot.tick() == []
    bot.clock.set("2026-12-04T20:00:00+08:00")
    [evening] = bot.tick()
    assert evening.to == RELATIVE and "明天晚上8:00" in evening.text
    assert bot.tick() == []

    bot.clock.set("2026-12-05T19:30:00+08:00")
    soon = bot.tick()
    # The mother has an account of her own, so she is told too.
    assert sorted(m.to for m in soon) == sorted([RELATIVE, VOLUNTEER, "张桂英"])
    assert all("晚发" not in m.text for m in soon)

    bot.clock.set("2026-12-05T20:35:00+08:00")
    [outcome] = bot.tick()
    assert outcome.to == VOLUNTEER and outcome.choices == ["视频已完成", "没有进行"]
    bot.clock.set("2026-12-05T20:40:00+08:00")
    [rating] = bot.tick()
    assert rating.to == RELATIVE and len(rating.choices) == 5

    assert "完成" in bot.reply(VOLUNTEER, "1").text
    assert "谢谢" in bot.reply(RELATIVE, "5").text
    [appointment] = bot.appointments()
    assert appointment.status == "held" and appointment.rating == 5
    assert {r.status for r in bot.reminders()} == {"sending"}


def test_a_low_rating_reaches_the_coordinator(bot: Harness) -> None:
    book_saturday_evening(bot)
    bot.clock.set("2026-12-05T21:00:00+08:00")
    bot.tick()

    sent = bot.say(RELATIVE, "2")

    assert any(m.to == COORDINATOR and "2 分" in m.text for m in sent)
    assert bot.appointments()[0].rating == 2


def test_a_reminder_found_late_is_sent_with_a_note_if_the_call_is_ahead(bot: Harness) -> None:
    book_saturday_evening(bot)
    bot.clock.set("2026-12-05T10:00:00+08:00")

    [late] = bot.tick()

    assert late.to == RELATIVE and "晚发" in late.text
    statuses = {r.purpose: r.status for r in bot.reminders() if r.person_id}
    assert statuses["evening_before"] == "sending"


def test_a_reminder_whose_call_has_passed_is_recorded_missed(bot: Harness) -> None:
    book_saturday_evening(bot)
    bot.clock.set("2026-12-05T20:20:00+08:00")

    sent = bot.tick()

    by_purpose = {r.purpose: r.status for r in bot.reminders()}
    assert by_purpose["evening_before"] == "missed"
    assert by_purpose["soon"] == "missed"
    assert by_purpose["volunteer_soon"] == "missed"
    assert sent == []


def test_a_cancelled_call_sends_nothing(bot: Harness) -> None:
    book_saturday_evening(bot)
    bot.say(RELATIVE, "不约了")
    bot.clock.set("2026-12-06T10:00:00+08:00")
    assert bot.tick() == []


def test_a_stale_rating_button_is_refused_politely(bot: Harness) -> None:
    book_saturday_evening(bot)
    bot.clock.set("2026-12-05T21:00:00+08:00")
    bot.tick()
    bot.say(RELATIVE, "4")

    again = bot.reply(RELATIVE, "1")

    assert "没有在等您选数字" in again.text
    assert bot.appointments()[0].rating == 4


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 5, hour, minute, tzinfo=SHANGHAI)


def test_quiet_hours_move_reminders_out_of_the_night() -> None:
    quiet = QuietHours(time(22, 0), time(7, 0))
    assert quiet.contains(at(22, 0)) and quiet.contains(at(6, 59)) and quiet.contains(at(0))
    assert not quiet.contains(at(7, 0)) and not quiet.contains(at(21, 59))
    assert quiet.move_earlier(at(6, 30)) == datetime(2026, 12, 4, 21, 45, tzinfo=SHANGHAI)
    assert quiet.move_earlier(at(23, 0)) == at(21, 45)
    assert quiet.move_later(at(22, 30)) == datetime(2026, 12, 6, 7, 0, tzinfo=SHANGHAI)
    assert quiet.move_later(at(3, 0)) == at(7, 0)


def test_follow_ups_after_a_late_call_wait_for_the_morning(bot: Harness) -> None:
    bot.say(RELATIVE, "我想这周六晚上八点半跟我妈视频")
    [appointment] = bot.appointments()
    assert appointment.starts_at == datetime(2026, 12, 5, 12, 30, tzinfo=UTC)

    by_purpose = {r.purpose: r.due_at.astimezone(SHANGHAI) for r in bot.reminders()}
    # The call ends at 21:00, so both follow-ups land before quiet hours start.
    assert by_purpose["rating"] == at(21, 10)
    bot.clock.set("2026-12-05T21:59:00+08:00")
    assert len(bot.tick()) == 2


def test_the_one_at_home_is_told_where_to_be_and_the_relative_to_ready_the_phone(
    bot: Harness,
) -> None:
    book_saturday_evening(bot)
    bot.clock.set("2026-12-05T19:30:00+08:00")
    soon = {m.to: m.text for m in bot.tick()}

    assert "手机" in soon[RELATIVE]
    assert "青禾村亲情连线工作室" in soon["张桂英"] and "手机" not in soon["张桂英"]
