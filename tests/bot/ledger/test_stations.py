"""The organisation from a spreadsheet: areas, stations, room hours and linked groups."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session, col, select

from bot.ledger import stations
from bot.ledger.cleaning import Unusable
from bot.storage.db import transaction
from bot.storage.ledger import Area
from bot.storage.models import ChatGroup, RoomHours, Station
from tests.helpers import Harness


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["松岭县新时代文明实践站一览表"])
    sheet.append(
        ["省", "市", "县(区)", "乡镇(街道)", "站点名称", "站点编号", "地址", "开放时间", "群"]
    )
    sheet.append(
        ["江西省", "赣州市", "松岭县", "云溪镇", "青禾村新时代文明实践站", "QH01",
         "青禾村村委会", "周一至周五 14:00-21:00;周六、周日 9:00-21:00", "console:青禾村志愿者群"]
    )  # fmt: skip
    sheet.append(
        ["江西省", "赣州市", "松岭县", "石门镇", "白石村新时代文明实践站", "BS01", "白石村",
         "每天 08:30-20:00", "telegram:-1001234; console:白石村群"]
    )  # fmt: skip
    sheet.append([None] * 9)
    sheet.append(
        ["江西省", "赣州市", "松岭县", "石门镇", "坏时间村", "HT01", "", "周一 晚上", ""]
    )  # fmt: skip
    book.save(path)
    return path


def run(bot: Harness, path: Path, apply: bool) -> stations.Report:
    with transaction(bot.app.engine) as session:
        report = stations.import_stations(session, path, apply=apply)
        if not apply:
            session.rollback()
    return report


def test_areas_stations_hours_and_groups(bot: Harness, tmp_path: Path) -> None:
    path = workbook(tmp_path / "stations.xlsx")

    report = run(bot, path, apply=False)
    assert [(o.row, o.action) for o in report.outcomes] == [
        (3, "update"),
        (4, "create"),
        (6, "reject"),
    ]
    assert "时间段" in report.outcomes[2].reasons[0]
    with Session(bot.app.engine) as session:
        assert session.exec(select(Area)).all() == []

    run(bot, path, apply=True)

    with Session(bot.app.engine) as session:
        tree = {a.name: a for a in session.exec(select(Area))}
        assert tree["赣州市"].parent_id == tree["江西省"].id
        assert tree["云溪镇"].parent_id == tree["松岭县"].id and tree["云溪镇"].level == "township"
        white = session.exec(select(Station).where(Station.code == "BS01")).one()
        assert white.area_id == tree["石门镇"].id and white.township == "石门镇"
        hours = session.exec(
            select(RoomHours)
            .where(RoomHours.station_id == white.id)
            .order_by(col(RoomHours.weekday))
        ).all()
        assert [(h.weekday, h.opens, h.closes) for h in hours] == [
            (d, "08:30", "20:00") for d in range(7)
        ]
        groups = session.exec(select(ChatGroup).where(ChatGroup.station_id == white.id)).all()
        assert {(g.transport, g.address) for g in groups} == {
            ("telegram", "-1001234"),
            ("console", "白石村群"),
        }
        green = session.exec(select(Station).where(Station.code == "QH01")).one()
        weekend = session.exec(
            select(RoomHours).where(RoomHours.station_id == green.id, RoomHours.weekday == 6)
        ).one()
        assert (weekend.opens, weekend.closes) == ("09:00", "21:00")

    again = run(bot, path, apply=True)
    assert [o.action for o in again.outcomes] == ["unchanged", "unchanged", "reject"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每天 9:00-21:00", [(d, "09:00", "21:00") for d in range(7)]),
        ("周一至周三 14:00-18:00", [(d, "14:00", "18:00") for d in range(3)]),
        ("星期六 8:00~12:00;星期日 8:00~12:00", [(5, "08:00", "12:00"), (6, "08:00", "12:00")]),
    ],
)
def test_room_hours_as_stations_write_them(
    text: str, expected: list[tuple[int, str, str]]
) -> None:
    assert stations.parse_hours(text) == expected


def test_room_hours_that_end_before_they_start_are_refused() -> None:
    with pytest.raises(Unusable):
        stations.parse_hours("周一 21:00-09:00")
