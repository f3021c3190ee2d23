"""Nothing personal in the logs: numbers masked by the last guard, and none logged at all."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.ledger import importer
from bot.log import Redact, redact
from bot.storage.db import transaction
from tests.bot.ledger import messy
from tests.helpers import make_harness

DIGITS = re.compile(r"\d[\d\s-]{9,}\d")


@pytest.mark.parametrize(
    "text",
    [
        "13800000021",
        "138 0000 0021",
        "+86-138-0000-0021",
        "0797-1234567",
        messy.XIAOYU,
        f"{messy.LINLIN[:6]} {messy.LINLIN[6:14]} {messy.LINLIN[14:]}",
        messy.GUIHUA,
        "360124150312654",
    ],
)
def test_the_guard_masks_numbers_as_people_type_them(text: str) -> None:
    assert not re.search(r"\d{5}", redact(f"号码:{text}。").replace(" ", ""))


def test_the_guard_leaves_ids_durations_and_times_alone() -> None:
    line = "inbox 1234567: console message handled in 35 ms at 2026-12-03 10:00:00"
    assert redact(line) == line


def test_the_guard_masks_tracebacks_too() -> None:
    try:
        raise ValueError("bad row 13800000021")
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, True)
        record.exc_info = sys.exc_info()
    Redact().filter(record)
    assert record.exc_text is not None and "13800000021" not in record.exc_text


def test_a_booking_and_an_import_log_no_numbers_or_names(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = make_harness(tmp_path, "2026-12-03T10:00:00+08:00")
    try:
        bot.say("王建国", "我想这周六晚上八点跟我妈视频")
        bot.say("王建国", "我的电话是 138 0000 0021,身份证 " + messy.XIAOYU)
        bot.say("路人甲", "我叫赵桂花,电话13600000151")
        for build, name in (
            (messy.children_workbook, "c.xlsx"),
            (messy.elders_workbook, "e.xlsx"),
            (messy.children_csv, "c.csv"),
        ):
            path = build(tmp_path / name)
            with Session(bot.app.engine) as session:
                _, plans = importer.plan(session, path, bot.clock.now().date())
            with transaction(bot.app.engine) as session:
                importer.apply(session, plans, bot.clock.now(), "test")
        bot.clock.advance(days=3)
        bot.tick()
    finally:
        bot.app.engine.dispose()

    logged = [r.getMessage() + (r.exc_text or "") for r in caplog.records]
    assert any("ledger import" in line for line in logged)
    everything = "\n".join(logged)
    assert not DIGITS.search(everything.replace("2026-12-03", "")), everything
    for name in ("王建国", "张桂英", "赵桂花", "王小雪", "王建业", "刘晨"):
        assert name not in everything
