"""The organisation from a spreadsheet: province → city → county → township → station, each
station with its room hours and the chat groups linked to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from bot.ledger import cleaning, headers
from bot.ledger.importer import ImportRefused, Outcome, Report
from bot.ledger.sheets import open_sheets
from bot.storage.ledger import AREA_LEVELS, Area
from bot.storage.models import ChatGroup, RoomHours, Station

FIELDS: dict[str, tuple[str, ...]] = {
    "province": ("省", "省份"),
    "city": ("市", "设区市", "地市"),
    "county": ("县", "县区", "县市区", "区县", "县(市、区)"),
    "township": ("乡镇", "乡镇街道", "乡镇(街道)", "乡镇街道名称"),
    "name": ("站点名称", "实践站", "站点", "实践站名称", "村站点"),
    "code": ("站点编号", "编号", "站点代码"),
    "address": ("地址", "站点地址", "详细地址"),
    "room_name": ("工作室名称", "亲情连线工作室"),
    "hours": ("开放时间", "工作室开放时间"),
    "groups": ("群", "绑定群", "志愿者群", "聊天群"),
}
WORDS = {headers.normalise(w): f for f, words in FIELDS.items() for w in words}

WEEKDAY_WORDS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
SPAN = re.compile(r"(\d{1,2})[::](\d{2})\s*[-—~\uff5e至到]\s*(\d{1,2})[::](\d{2})")
DAYS = re.compile(
    r"(?:周|星期)([一二三四五六日天七])(?:\s*[至到\-—~\uff5e]\s*(?:周|星期)?([一二三四五六日天七]))?"
)
TRANSPORTS = ("telegram", "matrix", "console")


@dataclass
class StationRow:
    row: int
    areas: list[str]
    fields: dict[str, str]
    hours: list[tuple[int, str, str]] = field(default_factory=list)
    groups: list[tuple[str, str]] = field(default_factory=list)


def parse_hours(text: str) -> list[tuple[int, str, str]]:
    """周一至周五 14:00-21:00;周六、周日 09:00-21:00 → (weekday, opens, closes) rows."""
    found: dict[int, tuple[str, str]] = {}
    for part in re.split(r"[;;\n]", text):
        span = SPAN.search(part)
        if not part.strip():
            continue
        if span is None:
            raise cleaning.Unusable(f"开放时间“{part.strip()}”里没有时间段(如 14:00-21:00)")
        opens = f"{int(span.group(1)):02d}:{span.group(2)}"
        closes = f"{int(span.group(3)):02d}:{span.group(4)}"
        if closes <= opens:
            raise cleaning.Unusable(f"开放时间 {opens}-{closes} 结束早于开始")
        days: set[int] = set()
        if "每天" in part or "每日" in part or not DAYS.search(part):
            days = set(range(7))
        for match in DAYS.finditer(part):
            first = WEEKDAY_WORDS[match.group(1)]
            last = WEEKDAY_WORDS[match.group(2)] if match.group(2) else first
            days.update(range(first, last + 1))
        for day in days:
            found[day] = (opens, closes)
    return [(day, *found[day]) for day in sorted(found)]


def parse_groups(text: str) -> list[tuple[str, str]]:
    groups = []
    for part in re.split(r"[;;,,\n]", text):
        part = part.strip()
        if not part:
            continue
        transport, _, address = part.partition(":")
        if transport.lower() not in TRANSPORTS or not address.strip():
            raise cleaning.Unusable(
                f"群“{part}”请写成 telegram:群号、matrix:房间号 或 console:群名"
            )
        groups.append((transport.lower(), address.strip()))
    return groups


def read(path: Path) -> Iterator[StationRow | Outcome]:
    for sheet in open_sheets(path):
        rows = list(sheet.rows)
        header = headers.find(rows, WORDS)
        if header is None or "name" not in header.fields:
            continue
        for number, row in enumerate(rows, start=1):
            if number <= header.data_starts or all(cleaning.is_blank(c) for c in row):
                continue
            cells: dict[str, Any] = {}
            for index, name in enumerate(header.fields):
                if name and index < len(row) and not cleaning.is_blank(row[index]):
                    cells.setdefault(name, cleaning.text(row[index]))
            name = cells.get("name", "")
            if not name:
                yield Outcome("", number, "reject", "", None, ["没有站点名称"])
                continue
            item = StationRow(
                number,
                [cells.get(level, "") for level in AREA_LEVELS],
                {k: cells[k] for k in ("code", "address", "room_name") if k in cells},
            )
            item.fields["name"] = name
            try:
                item.hours = parse_hours(cells.get("hours", ""))
                item.groups = parse_groups(cells.get("groups", ""))
            except cleaning.Unusable as error:
                yield Outcome("", number, "reject", name, None, [str(error)])
                continue
            yield item


def import_stations(session: Session, path: Path, apply: bool) -> Report:
    """Plan and, when asked, apply in the caller's transaction. Codes default to the name."""
    report = Report()
    areas = {(a.parent_id, a.name): a for a in session.exec(select(Area))}
    stations = {s.code: s for s in session.exec(select(Station))}
    seen: set[str] = set()
    for item in read(path):
        if isinstance(item, Outcome):
            report.outcomes.append(item)
            continue
        code = item.fields.get("code") or item.fields["name"][:32]
        if code in seen:
            report.outcomes.append(
                Outcome(
                    "", item.row, "reject", item.fields["name"], None, [f"站点编号 {code} 重复"]
                )
            )
            continue
        seen.add(code)
        parent_id: int | None = None
        changes: list[str] = []
        for level, area_name in zip(AREA_LEVELS, item.areas, strict=True):
            if not area_name:
                continue
            area = areas.get((parent_id, area_name))
            if area is None:
                changes.append(f"新地区 {area_name}")
                area = Area(name=area_name, level=level, parent_id=parent_id)
                areas[(parent_id, area_name)] = area
                if apply:
                    session.add(area)
                    session.flush()
            parent_id = area.id
        station = stations.get(code)
        action = "create" if station is None else "update"
        if station is None:
            station = Station(code=code, name=item.fields["name"])
        wanted: dict[str, Any] = dict(item.fields, code=code, area_id=parent_id)
        wanted["county"] = item.areas[2] or station.county
        wanted["township"] = item.areas[3] or station.township
        for key, value in wanted.items():
            if getattr(station, key) != value:
                if action == "update":
                    changes.append(key)
                setattr(station, key, value)
        if apply:
            session.add(station)
            session.flush()
        changes += _hours_and_groups(session, station, item, apply)
        if action == "update" and not changes:
            action = "unchanged"
        reasons = ["改:" + "、".join(changes)] if action == "update" and changes else []
        report.outcomes.append(Outcome("", item.row, action, station.name, None, reasons))
        stations[code] = station
    return report


def _hours_and_groups(
    session: Session, station: Station, item: StationRow, apply: bool
) -> list[str]:
    changes = []
    current = []
    if station.id is not None:
        current = sorted(
            (h.weekday, h.opens, h.closes)
            for h in session.exec(select(RoomHours).where(RoomHours.station_id == station.id))
        )
    if item.hours and current != item.hours:
        changes.append("开放时间")
        if apply:
            assert station.id is not None
            for old in session.exec(select(RoomHours).where(RoomHours.station_id == station.id)):
                session.delete(old)
            for weekday, opens, closes in item.hours:
                session.add(
                    RoomHours(station_id=station.id, weekday=weekday, opens=opens, closes=closes)
                )
    for transport, address in item.groups:
        group = session.exec(
            select(ChatGroup).where(ChatGroup.transport == transport, ChatGroup.address == address)
        ).first()
        if group is not None and group.station_id == station.id:
            continue
        changes.append(f"群 {transport}:{address}")
        if apply:
            assert station.id is not None
            group = group or ChatGroup(
                station_id=station.id,
                transport=transport,
                address=address,
                title=f"{station.name}志愿者群",
            )
            group.station_id = station.id
            session.add(group)
    return changes


def refuse_if_rejected(report: Report) -> None:
    if report.count("reject"):
        raise ImportRefused(f"有 {report.count('reject')} 行被拒绝,这次什么都没有导入。")
