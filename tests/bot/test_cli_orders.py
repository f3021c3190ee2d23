"""`qinqing catalog`, `qinqing orders` and `qinqing hours` on a scratch database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot import cli, cli_orders


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    for name in ("QINQING_DB", "QINQING_CLOCK", "QINQING_DEMO"):
        monkeypatch.delenv(name, raising=False)
    return str(tmp_path / "qinqing.db")


def run(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", db, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_catalog_has_32_items_and_a_coordinator_can_change_one(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(db, capsys, "catalog", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) == 32
    assert sum(item["kind"] == "everyday" for item in items) == 22
    assert {i["code"] for i in items if i["may_claim"] == "legal"} == {"J1", "J2"}

    code, out, _ = run(db, capsys, "catalog", "m2", "--claim-minutes", "45", "--json")
    [item] = json.loads(out)
    assert code == 0 and item["code"] == "M2" and item["claim_minutes"] == 45

    code, _, err = run(db, capsys, "catalog", "Z9", "--claim-minutes", "45")
    assert code == 1 and "Z9" in err
    code, _, err = run(db, capsys, "catalog", "M2", "--done-minutes", "0")
    assert code == 2


def test_orders_are_empty_and_hours_need_a_month(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(db, capsys, "orders", "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(db, capsys, "hours", "--month", "December")
    assert code == 2 and "2026-12" in err


def test_the_hours_spreadsheet_sums_per_volunteer(tmp_path: Path) -> None:
    rows = [
        {"volunteer": "甲", "station": "站", "date": "2026-12-01", "ref": "AAAA",
         "service": "代购送药", "minutes": 60},
        {"volunteer": "甲", "station": "站", "date": "2026-12-02", "ref": "BBBB",
         "service": "上门探访", "minutes": 90},
        {"volunteer": "乙", "station": "站", "date": "2026-12-02", "ref": "CCCC",
         "service": "代缴费用", "minutes": 30},
    ]  # fmt: skip
    sheet = tmp_path / "hours.xlsx"

    cli_orders.write_xlsx(sheet, "2026-12", rows)

    book = load_workbook(sheet)
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary == [("志愿者", "次数", "时长(小时)"), ("乙", 1, 0.5), ("甲", 2, 2.5)]
    assert len(list(book["明细"].iter_rows(values_only=True))) == 4


def test_hours_that_cannot_be_written_give_one_line_not_a_traceback(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plain").write_text("a file, not a folder")
    target = str(tmp_path / "plain" / "hours.xlsx")

    code, _, err = run(db, capsys, "hours", "--month", "2026-12", "--xlsx", target)

    assert code != 0
    assert len(err.strip().splitlines()) == 1 and target in err
