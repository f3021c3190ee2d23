"""Importing stations' own spreadsheets: the report row by row, all or nothing, and again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from bot.ledger import exporter, importer
from bot.ledger.importer import Report
from bot.storage.db import transaction
from bot.storage.models import Kinship, Person
from tests.bot.ledger import messy
from tests.helpers import Harness

TODAY = date(2026, 12, 3)


def plan(bot: Harness, path: Path) -> tuple[Report, list[importer._Plan]]:
    with Session(bot.app.engine) as session:
        return importer.plan(session, path, TODAY)


def apply(bot: Harness, path: Path) -> Report:
    report, plans = plan(bot, path)
    with transaction(bot.app.engine) as session:
        importer.apply(session, plans, bot.clock.now(), "test")
    return report


def table(report: Report) -> list[tuple[str, int, str, str]]:
    return [(o.sheet, o.row, o.action, o.name) for o in report.outcomes]


def reasons(report: Report, row: int) -> str:
    return ";".join(next(o for o in report.outcomes if o.row == row).reasons)


def world(bot: Harness) -> list[str]:
    """Every person and tie, as text, to compare before and after."""
    with Session(bot.app.engine) as session:
        people = [
            json.dumps(p.model_dump(exclude={"updated_at", "created_at"}), default=str)
            for p in session.exec(select(Person).order_by(col(Person.id)))
        ]
        ties = [
            json.dumps(k.model_dump())
            for k in session.exec(select(Kinship).order_by(col(Kinship.id)))
        ]
    return people + ties


def test_the_childrens_sheet_reports_every_row_as_it_is(bot: Harness, tmp_path: Path) -> None:
    report, _ = plan(bot, messy.children_workbook(tmp_path / "children.xlsx"))

    assert table(report) == [
        ("留守儿童", 5, "create", "王小雪"),
        ("留守儿童", 6, "reject", "王小明"),
        ("留守儿童", 8, "create", "刘晨"),
        ("留守儿童", 10, "merged", "王小雪"),
        ("留守儿童", 11, "reject", "陈可"),
        ("留守儿童", 12, "reject", "刘晨"),
        ("留守儿童", 13, "create", "周琳琳"),
    ]
    assert "科学计数法" in reasons(report, 6)
    assert "与第5行是同一人" in reasons(report, 10)
    assert "校验位" in reasons(report, 11)
    assert "与第8行是同一人" in reasons(report, 12) and "住址" in reasons(report, 12)
    assert report.summary() == "合计:新建 3,更新 0,不变 0,合并 1,拒绝 3"
    lines = list(report.lines())
    assert messy.XIAOYU not in "\n".join(lines)
    assert any(messy.XIAOYU[:4] + "*" * 10 + messy.XIAOYU[-4:] in line for line in lines)


def test_the_elders_sheet_with_other_words_and_order(bot: Harness, tmp_path: Path) -> None:
    report, _ = plan(bot, messy.elders_workbook(tmp_path / "elders.xlsx"))

    assert table(report) == [
        ("留守老人", 2, "create", "赵桂花"),
        ("留守老人", 4, "reject", "孙大爷"),
    ]
    assert "白石村" in reasons(report, 4)
    assert any("填表说明" in note for note in report.notes)


def test_a_gbk_csv_with_numbers_excel_mangled(bot: Harness, tmp_path: Path) -> None:
    report, _ = plan(bot, messy.children_csv(tmp_path / "children.csv"))

    assert table(report) == [("", 3, "reject", "黄小兵"), ("", 4, "create", "黄小花")]
    assert "身份证号" in reasons(report, 3) and "电话" in reasons(report, 3)


def test_cleaned_values_land_in_the_ledger(bot: Harness, tmp_path: Path) -> None:
    for build in (messy.children_workbook, messy.elders_workbook, messy.children_csv):
        apply(
            bot,
            build(tmp_path / f"{build.__name__}.{'csv' if 'csv' in build.__name__ else 'xlsx'}"),
        )

    with Session(bot.app.engine) as session:

        def one(name: str) -> Person:
            return session.exec(select(Person).where(Person.name == name)).one()

        girl = one("王小雪")
        assert (girl.id_number, girl.birth_date, girl.sex) == (
            messy.XIAOYU,
            date(2015, 3, 12),
            "女",
        )
        assert (girl.guardian_name, girl.guardian_phone) == ("张桂花", "13800000111")
        assert (girl.category, girl.school, girl.grade) == ("child", "青禾小学", "四年级")
        boy = one("刘晨")
        assert (boy.birth_date, boy.guardian_phone, boy.address) == (
            date(2016, 9, 20),
            "07971234567",
            "青禾村5组",
        )
        assert one("周琳琳").id_number == messy.LINLIN
        elder = one("赵桂花")
        assert (elder.phone, elder.lives_alone, elder.can_walk) == ("07977654321", True, False)
        assert (elder.category, elder.mood, elder.notes) == ("elder", "有时孤单", "老伴去世三年")

        ties = {
            (session.get(Person, k.relative_id).name, session.get(Person, k.resident_id).name): k  # type: ignore[union-attr]
            for k in session.exec(select(Kinship))
        }
        father = ties[("王建业", "王小雪")]
        assert (father.relative_is, father.relation) == ("father", "daughter")
        assert (ties[("赵建平", "赵桂花")].relative_is, ties[("赵建平", "赵桂花")].relation) == (
            "son",
            "mother",
        )
        son = one("赵建平")
        assert (son.phone, son.workplace, son.role) == ("13600000151", "福建厦门", "relative")
        assert one("王建业").workplace == "广东东莞"
        # 黄小花's father comes from a CSV where Excel wrote his phone as 13800000161.0.
        assert one("黄勇").phone == "13800000161"


def test_importing_again_changes_nothing(bot: Harness, tmp_path: Path) -> None:
    files = [
        messy.children_workbook(tmp_path / "children.xlsx"),
        messy.elders_workbook(tmp_path / "elders.xlsx"),
        messy.children_csv(tmp_path / "children.csv"),
    ]
    for path in files:
        apply(bot, path)
    before = world(bot)

    for path in files:
        report = apply(bot, path)
        assert report.count("create") == report.count("update") == 0, list(report.lines())
        assert report.count("unchanged") > 0

    assert world(bot) == before


def test_a_changed_row_is_an_update_naming_what_changed(bot: Harness, tmp_path: Path) -> None:
    apply(bot, messy.elders_workbook(tmp_path / "elders.xlsx"))
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "elders.xlsx")
    sheet = book.active
    assert sheet is not None
    sheet["K2"] = "心情好多了"
    sheet["I2"] = "136 0000 0159"
    book.save(tmp_path / "elders2.xlsx")

    report = apply(bot, tmp_path / "elders2.xlsx")
    assert table(report)[0] == ("留守老人", 2, "update", "赵桂花")
    assert "心理状况" in reasons(report, 2) and "儿子信息" in reasons(report, 2)
    with Session(bot.app.engine) as session:
        son = session.exec(select(Person).where(Person.name == "赵建平")).one()
        assert son.phone == "13600000159"


def test_the_export_reads_back_unchanged(bot: Harness, tmp_path: Path) -> None:
    apply(bot, messy.children_workbook(tmp_path / "children.xlsx"))
    apply(bot, messy.elders_workbook(tmp_path / "elders.xlsx"))
    before = world(bot)

    with Session(bot.app.engine) as session:
        count = exporter.export(session, tmp_path / "out.xlsx")
    report = apply(bot, tmp_path / "out.xlsx")

    assert report.count("unchanged") == count and report.count("reject") == 0, list(report.lines())
    assert world(bot) == before


def test_a_row_completes_someone_entered_by_name_only(bot: Harness, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "出生日期", "就读学校"])
    sheet.append(["王小雨", "2016.4.2", "青禾小学"])
    book.save(tmp_path / "one.xlsx")

    report = apply(bot, tmp_path / "one.xlsx")

    assert table(report) == [("Sheet", 2, "update", "王小雨")]
    with Session(bot.app.engine) as session:
        [girl] = session.exec(select(Person).where(Person.name == "王小雨")).all()
        assert (girl.birth_date, girl.school) == (date(2016, 4, 2), "青禾小学")


def test_two_rows_completing_one_person_tie_a_parent_by_the_sex_either_gives(
    bot: Harness, tmp_path: Path
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "母亲姓名", "母亲电话"])
    sheet.append(["王小雨", messy.XIAOYU, None, None])
    sheet.append(["王小雨", None, "刘芳", "13600000181"])
    book.save(tmp_path / "two.xlsx")

    report = apply(bot, tmp_path / "two.xlsx")

    assert table(report) == [("Sheet", 2, "update", "王小雨"), ("Sheet", 3, "update", "王小雨")]
    with Session(bot.app.engine) as session:
        mother = session.exec(select(Person).where(Person.name == "刘芳")).one()
        tie = session.exec(select(Kinship).where(Kinship.relative_id == mother.id)).one()
        assert (tie.relative_is, tie.relation) == ("mother", "daughter")


def test_planning_a_reimport_keeps_no_person_in_the_session(bot: Harness, tmp_path: Path) -> None:
    path = messy.children_workbook(tmp_path / "children.xlsx")
    apply(bot, path)

    with Session(bot.app.engine) as session:
        report, _ = importer.plan(session, path, TODAY)
        held = [o for o in session.identity_map.values() if isinstance(o, Person | Kinship)]

    assert report.count("unchanged") == 3 and held == []
