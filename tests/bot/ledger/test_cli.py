"""The console commands: dry runs change nothing, a refused import applies nothing, and the
administrator's views carry the whole record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from bot import cli
from bot.settings import get_settings
from bot.storage.ledger import LedgerAudit
from bot.storage.models import Account, Appointment, Kinship, Person
from tests.bot.ledger import messy
from tests.helpers import Harness, make_harness

NOW = "2026-12-03T10:00:00+08:00"


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QINQING_DB", str(tmp_path / "qinqing.db"))
    monkeypatch.setenv("QINQING_CLOCK", f"fixed:{NOW}")
    get_settings.cache_clear()
    harness = make_harness(tmp_path, NOW)
    yield harness
    harness.app.engine.dispose()
    get_settings.cache_clear()


def qinqing(*args: str) -> int:
    return cli.main(list(args))


def people(bot: Harness) -> int:
    with Session(bot.app.engine) as session:
        return session.exec(select(func.count()).select_from(Person)).one()


def test_a_dry_run_reports_and_changes_nothing(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = people(demo)
    path = messy.children_workbook(tmp_path / "children.xlsx")

    assert qinqing("ledger", "import", str(path), "--dry-run") == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("留守儿童 第5行  新建  王小雪")
    assert out[-2] == "合计:新建 3,更新 0,不变 0,合并 1,拒绝 3"
    assert "试运行" in out[-1]
    assert people(demo) == before


def test_any_rejected_row_stops_the_whole_import(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = people(demo)
    path = messy.children_workbook(tmp_path / "children.xlsx")

    assert qinqing("ledger", "import", str(path)) == 1
    assert "什么都没有导入" in capsys.readouterr().err
    assert people(demo) == before

    assert qinqing("ledger", "import", str(path), "--skip-rejected") == 0
    assert people(demo) == before + 3 + 4  # three children, their four parents


def test_unknown_files_and_stations_are_told_plainly(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert qinqing("ledger", "import", str(tmp_path / "old.xls")) == 2
    assert ".xlsx" in capsys.readouterr().err
    path = messy.children_workbook(tmp_path / "children.xlsx")
    assert qinqing("ledger", "import", str(path), "--station", "NOPE") == 2
    assert "NOPE" in capsys.readouterr().err


def test_people_json_carries_every_ledger_field_normalised(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qinqing(
        "ledger", "import", str(messy.children_workbook(tmp_path / "c.xlsx")), "--skip-rejected"
    )
    qinqing("ledger", "import", str(messy.elders_workbook(tmp_path / "e.xlsx")), "--skip-rejected")
    capsys.readouterr()

    assert qinqing("people", "--json") == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}

    girl = rows["王小雪"]
    assert girl["birth_date"] == "2015-03-12" and girl["id_number"] == messy.XIAOYU
    assert girl["guardian_phone"] == "13800000111" and girl["category"] == "child"
    assert {(r["name"], r["relation"], r["phone"], r["workplace"]) for r in girl["relatives"]} == {
        ("王建业", "father", "13800000121", "广东东莞"),
        ("李红", "mother", "13900000131", "广东东莞"),
    }
    elder = rows["赵桂花"]
    assert (elder["phone"], elder["lives_alone"], elder["can_walk"]) == (
        "07977654321",
        True,
        False,
    )
    for field in (
        "sex",
        "address",
        "health",
        "disability",
        "mood",
        "school",
        "grade",
        "risk_level",
    ):
        assert field in girl


def test_person_export_gives_everything_and_is_audited(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo.say("王建国", "我想这周六晚上八点跟我妈视频")
    capsys.readouterr()

    assert qinqing("person", "export", "王建国", "--out", str(tmp_path / "out.json")) == 0

    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["ledger"]["phone"] == "13800000021"
    assert {r["name"] for r in data["ledger"]["relatives"]} == {"张桂英", "王小雨"}
    assert data["accounts"] == [{"transport": "console", "address": "王建国"}]
    assert any("视频" in m["text"] for m in data["messages"])
    assert len(data["calls"]) == 1
    with Session(demo.app.engine) as session:
        audit = session.exec(select(LedgerAudit).where(LedgerAudit.action == "export")).all()
    assert [a.actor for a in audit] == ["console"]


def test_person_delete_keeps_only_nameless_work_records(
    demo: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    demo.say("王建国", "我想这周六晚上八点跟我妈视频")
    capsys.readouterr()

    assert qinqing("person", "delete", "王建国", "--yes") == 0

    said = capsys.readouterr().out
    assert "appointment" in said and "保留" in said
    with Session(demo.app.engine) as session:
        assert session.exec(select(Person).where(Person.name == "王建国")).all() == []
        [call] = session.exec(select(Appointment)).all()
        stub = session.get(Person, call.relative_id)
        assert stub is not None and stub.name.startswith("已删除") and stub.phone is None
        assert session.exec(select(Account).where(Account.person_id == stub.id)).all() == []
        assert session.exec(select(Kinship).where(Kinship.relative_id == stub.id)).all() == []
    # Someone with no work records at all goes entirely.
    assert qinqing("person", "delete", "王秀兰", "--yes") == 0
    assert "整条删除" in capsys.readouterr().out
    with Session(demo.app.engine) as session:
        assert session.exec(select(Person).where(Person.name.startswith("已删除"))).all() != []  # type: ignore[attr-defined]
        assert session.exec(select(Person).where(Person.name == "王秀兰")).all() == []


def test_export_then_import_is_unchanged(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qinqing(
        "ledger", "import", str(messy.children_workbook(tmp_path / "c.xlsx")), "--skip-rejected"
    )
    assert qinqing("ledger", "export", str(tmp_path / "out.xlsx")) == 0
    capsys.readouterr()

    assert qinqing("ledger", "import", str(tmp_path / "out.xlsx"), "--dry-run") == 0
    summary = capsys.readouterr().out.splitlines()[-2]
    assert summary.startswith("合计:新建 0,更新 0,") and summary.endswith("合并 0,拒绝 0")


def test_export_makes_a_missing_folder(
    demo: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "folder" / "ledger.xlsx"

    assert qinqing("ledger", "export", str(path)) == 0

    assert path.is_file()
    assert qinqing("person", "export", "王建国", "--out", str(tmp_path / "new2" / "p.json")) == 0
    assert (tmp_path / "new2" / "p.json").is_file()


@pytest.mark.parametrize("where", ["plain/out.xlsx", "folder"])
@pytest.mark.parametrize(
    "command",
    [("ledger", "export", "{}"), ("person", "export", "王建国", "--out", "{}")],
)
def test_a_file_that_cannot_be_written_gives_one_line_not_a_traceback(
    demo: Harness,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    where: str,
) -> None:
    (tmp_path / "plain").write_text("a file, not a folder")
    (tmp_path / "folder").mkdir()
    target = str(tmp_path / where)

    code = qinqing(*(part.format(target) for part in command))

    err = capsys.readouterr().err
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and target in err
    assert "Traceback" not in err
    with Session(demo.app.engine) as session:
        audit = session.exec(select(LedgerAudit).where(LedgerAudit.action == "export")).all()
    assert audit == []
