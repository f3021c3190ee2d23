"""Orders end to end: `qinqing chat` processes in private and in the group, `qinqing run` with
the clock file, deadlines across SIGKILL, and the reports on the command line."""

from __future__ import annotations

import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.console import QINQING, Station, wait_for

pytestmark = pytest.mark.slow

RELATIVE = "王建国"
VOLUNTEER = "李晓华"
TOWNSHIP = "黄志明"
COUNTY = "吴建军"
GROUP = "青禾村志愿者群"


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    place = Station(tmp_path, "2026-12-03T10:00:00+08:00")
    yield place
    place.stop_all()


def in_group(station: Station, name: str, *lines: str) -> str:
    done = subprocess.run(
        [QINQING, "chat", "--as", name, "--group", GROUP, "--no-clock"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=station.root,
        env=station.env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def ref_in(text: str) -> str:
    match = re.search(r"单号 ([0-9A-Z]{4})", text)
    assert match is not None, text
    return match.group(1)


def no_repeats(station: Station) -> None:
    counts = Counter(message["outbox"] for message in station.sent())
    assert all(count == 1 for count in counts.values()), counts


def test_an_order_from_message_to_rating_in_console_processes(station: Station) -> None:
    said = station.chat(RELATIVE, "帮我妈买点药")
    ref = ref_in(said)
    assert f"[群] {GROUP}" in said and f"接单 {ref}" in said

    said = in_group(station, VOLUNTEER, f"接单 {ref}")
    assert "青禾村3组" in said and f"归{VOLUNTEER}了" in said
    said = station.chat(VOLUNTEER, "1", "2", "药送到了")
    assert "已完成" in said
    said = station.chat(RELATIVE, "4")
    assert "谢谢您的评价" in said

    [order] = station.report("orders")
    assert order["ref"] == ref and order["status"] == "done" and order["rating"] == 4
    assert order["volunteer"] == VOLUNTEER
    sheet = station.root / "hours.xlsx"
    done = subprocess.run(
        [QINQING, "hours", "--month", "2026-12", "--xlsx", str(sheet)],
        capture_output=True,
        text=True,
        cwd=station.root,
        env=station.env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    book = load_workbook(sheet)
    rows = list(book["明细"].iter_rows(values_only=True))
    assert rows[1][0] == VOLUNTEER and rows[1][3] == ref and rows[1][5] == 1
    no_repeats(station)


@pytest.mark.parametrize("fault", ["deadline.claimed"])
def test_claim_deadlines_fire_once_across_sigkill(station: Station, fault: str) -> None:
    ref = ref_in(station.chat(RELATIVE, "帮我妈买点药"))
    service = station.start(QINQING_FAULT=fault)

    station.set_clock("2026-12-03T11:01:00+08:00")
    service.wait(timeout=30)
    assert service.returncode == -9

    service = station.start()
    wait_for(lambda: len(station.sent_to(TOWNSHIP, ref)) == 1, 15, service)
    wait_for(lambda: len(station.sent_to(GROUP, "还没人接")) == 1, 15, service)
    station.kill(service)

    station.set_clock("2026-12-03T12:02:00+08:00")
    service = station.start()
    wait_for(lambda: len(station.sent_to(COUNTY, ref)) == 1, 15, service)
    time.sleep(1)
    assert len(station.sent_to(TOWNSHIP, ref)) == 1
    assert len(station.sent_to(GROUP, "还没人接")) == 1
    [order] = station.report("orders")
    assert [(d["step"], d["status"]) for d in order["deadlines"]] == [(1, "fired"), (2, "fired")]
    no_repeats(station)
