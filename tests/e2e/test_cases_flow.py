"""Crisis paging across real processes: a clock file, SIGKILL at the worst moments, restarts."""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.console import QINQING, Station, wait_for

pytestmark = pytest.mark.slow

CHILD = "王小雨"
COUNSELLOR = "周文静"
STATION = "刘玉梅"
TOWNSHIP = "黄志明"
COUNTY = "吴建军"
CHAIN = (COUNSELLOR, STATION, TOWNSHIP, COUNTY)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    # Late at night: quiet hours hold reminders back, never a crisis page.
    place = Station(tmp_path, "2026-12-03T23:30:00+08:00")
    yield place
    place.stop_all()


def paged(station: Station) -> dict[str, int]:
    return {who: len(station.sent_to(who, "【紧急个案")) for who in CHAIN}


def no_repeats(station: Station) -> None:
    counts = Counter(message["outbox"] for message in station.sent())
    assert all(count == 1 for count in counts.values()), counts


def cases(station: Station, reader: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [QINQING, "cases", "--as", reader, "--json"],
        capture_output=True,
        text=True,
        cwd=station.root,
        env=station.env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("fault", ["paging.claimed", "outbox.claimed", "outbox.sent"])
def test_paging_survives_a_kill_without_losing_or_hurrying_a_page(
    station: Station, fault: str
) -> None:
    said = station.chat(CHILD, "我不想活了")
    assert "12356" in said and "400-161-9995" in said
    assert paged(station) == {COUNSELLOR: 1, STATION: 1, TOWNSHIP: 0, COUNTY: 0}

    service = station.start(QINQING_FAULT=fault)
    station.set_clock("2026-12-03T23:34:59+08:00")
    time.sleep(1)
    assert paged(station)[COUNSELLOR] == 1
    station.set_clock("2026-12-03T23:35:00+08:00")
    service.wait(timeout=30)
    assert service.returncode == -9

    service = station.start()
    second = {COUNSELLOR: 2, STATION: 2, TOWNSHIP: 1, COUNTY: 0}
    wait_for(lambda: paged(station) == second, 10, service)
    time.sleep(1)
    assert paged(station) == second
    station.kill(service)

    station.set_clock("2026-12-03T23:39:59+08:00")
    service = station.start()
    time.sleep(1.5)
    assert paged(station) == second
    station.set_clock("2026-12-03T23:40:00+08:00")
    third = {COUNSELLOR: 3, STATION: 3, TOWNSHIP: 2, COUNTY: 1}
    wait_for(lambda: paged(station) == third, 10, service)

    said = station.chat(COUNSELLOR, "我来")
    assert "您已接手" in said
    for who in (STATION, TOWNSHIP, COUNTY):
        assert len(station.sent_to(who, "【已接手")) == 1
    assert station.sent_to(CHILD, "真人")
    station.set_clock("2026-12-03T23:50:00+08:00")
    time.sleep(1.5)
    assert paged(station) == third

    station.chat(CHILD, "我现在在房间里")
    assert station.sent_to(COUNSELLOR, "我现在在房间里")
    station.chat(COUNSELLOR, "好,我陪着你")
    assert station.sent_to(CHILD, "老师:好,我陪着你")
    no_repeats(station)

    [case] = cases(station, COUNTY)
    assert case["status"] == "taken" and case["taken_by"] == COUNSELLOR
    assert [p["status"] for p in case["pages"]] == ["sent", "sent", "sent", "cancelled"]
