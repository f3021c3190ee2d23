"""The first slice end to end: separate processes, a clock the test moves, SIGKILL restarts."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.console import Station, wait_for

pytestmark = pytest.mark.slow

RELATIVE = "王建国"
MOTHER = "张桂英"
SATURDAY_VOLUNTEER = "李晓华"
SUNDAY_VOLUNTEER = "陈志强"
GROUP = "青禾村志愿者群"


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    place = Station(tmp_path, "2026-12-03T10:00:00+08:00")
    yield place
    place.stop_all()


def no_repeats(station: Station) -> None:
    counts = Counter(message["outbox"] for message in station.sent())
    assert all(count == 1 for count in counts.values()), counts


def test_booking_reminders_move_cancel_and_rating(station: Station) -> None:
    service = station.start()

    said = station.chat(RELATIVE, "我想这周六晚上八点跟我妈视频")
    assert "约好了" in said and "12月5日(周六)晚上8:00" in said
    assert f"[群] {GROUP}" in said and station.sent_to(GROUP, "新预约")

    station.set_clock("2026-12-04T19:59:30+08:00")
    time.sleep(1)
    assert station.sent_to(RELATIVE, "提醒") == []
    station.set_clock("2026-12-04T20:00:00+08:00")
    wait_for(lambda: len(station.sent_to(RELATIVE, "明天晚上8:00")) == 1, 10, service)

    said = station.chat(RELATIVE, "我约的视频是几点", "改到周日晚上八点")
    assert "12月5日(周六)晚上8:00" in said and "改好了" in said
    assert station.sent_to(GROUP, "改时间")

    station.set_clock("2026-12-05T19:30:00+08:00")
    time.sleep(1.5)
    assert station.sent_to(RELATIVE, "半小时后") == []
    station.set_clock("2026-12-05T20:00:00+08:00")
    wait_for(lambda: len(station.sent_to(RELATIVE, "明天晚上8:00")) == 2, 10, service)

    station.set_clock("2026-12-06T19:30:00+08:00")
    wait_for(lambda: len(station.sent_to(SUNDAY_VOLUNTEER, "值班提醒")) == 1, 10, service)
    wait_for(lambda: len(station.sent_to(RELATIVE, "半小时后")) == 1, 10, service)
    assert len(station.sent_to(MOTHER, "半小时后")) == 1
    assert station.sent_to(SATURDAY_VOLUNTEER, "值班提醒") == []

    station.set_clock("2026-12-06T20:40:00+08:00")
    wait_for(lambda: len(station.sent_to(RELATIVE, "满意")) == 1, 10, service)
    wait_for(lambda: len(station.sent_to(SUNDAY_VOLUNTEER, "进行了吗")) == 1, 10, service)
    assert "已记下视频完成" in station.chat(SUNDAY_VOLUNTEER, "1")
    assert "谢谢您的评价" in station.chat(RELATIVE, "5")

    [appointment] = station.report()
    assert appointment["status"] == "held" and appointment["rating"] == 5
    statuses = Counter(r["status"] for r in appointment["reminders"])
    # Saturday's five were cancelled by the move; Sunday's seven went out.
    assert statuses == Counter({"sent": 7, "cancelled": 5})
    assert not station.sent_to(RELATIVE, "晚发")

    said = station.chat(RELATIVE, "下周六晚上八点跟我妈视频", "不约了")
    assert "约好了" in said and "已取消" in said
    second = station.report()[1]
    assert second["status"] == "cancelled"
    assert {r["status"] for r in second["reminders"]} == {"cancelled"}
    no_repeats(station)


def test_killed_between_booking_and_reminder(station: Station) -> None:
    service = station.start()
    station.chat(RELATIVE, "我想这周六晚上八点跟我妈视频")
    station.kill(service)

    station.set_clock("2026-12-04T20:00:00+08:00")
    service = station.start()
    wait_for(lambda: len(station.sent_to(RELATIVE, "明天晚上8:00")) == 1, 10, service)
    station.kill(service)

    station.set_clock("2026-12-04T20:30:00+08:00")
    service = station.start()
    time.sleep(1.5)
    assert len(station.sent_to(RELATIVE, "明天晚上8:00")) == 1
    no_repeats(station)


@pytest.mark.parametrize("fault", ["outbox.claimed", "outbox.sent"])
def test_killed_while_the_reminder_is_being_sent(station: Station, fault: str) -> None:
    station.chat(RELATIVE, "我想这周六晚上八点跟我妈视频")
    service = station.start(QINQING_FAULT=fault)

    station.set_clock("2026-12-04T20:00:00+08:00")
    service.wait(timeout=30)
    assert service.returncode == -9
    before = len(station.sent_to(RELATIVE, "明天晚上8:00"))
    assert before == (1 if fault == "outbox.sent" else 0)

    service = station.start()
    wait_for(lambda: len(station.sent_to(RELATIVE, "明天晚上8:00")) == 1, 10, service)
    time.sleep(1)
    assert len(station.sent_to(RELATIVE, "明天晚上8:00")) == 1
    [appointment] = station.report()
    evening = next(r for r in appointment["reminders"] if r["purpose"] == "evening_before")
    assert evening["status"] == "sent"
    no_repeats(station)


def test_a_reminder_missed_while_down_is_sent_late_with_a_note(station: Station) -> None:
    station.chat(RELATIVE, "我想这周六晚上八点跟我妈视频")
    station.set_clock("2026-12-05T09:00:00+08:00")

    service = station.start()

    wait_for(lambda: len(station.sent_to(RELATIVE, "晚发")) == 1, 10, service)


def test_a_stranger_and_bad_input_in_the_console(station: Station) -> None:
    said = station.chat("路人甲", "我想跟我妈视频")
    assert "绑定码" in said
    said = station.chat(RELATIVE, "", "😀", "x" * 50_000)
    assert said.count(f"→ {RELATIVE}:") == 3
    assert "请直接说" in said and "太长" in said
    assert station.report() == []
