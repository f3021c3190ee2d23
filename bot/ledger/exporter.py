"""The ledger back out to .xlsx, in columns the importer reads again unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot.ledger.importer import RELATION_WORDS
from bot.storage.ledger import Area
from bot.storage.models import Kinship, Person, Station

ROLE_WORDS = {"volunteer": "志愿者", "counsellor": "心理辅导员", "coordinator": "协调员"}
CATEGORY_WORDS = {"child": "留守儿童", "elder": "留守老人"}
RELATIVE_SLOTS = ("father", "mother")

COLUMNS: tuple[tuple[str, Callable[[Person, dict[str, Any]], Any]], ...] = (
    ("站点", lambda p, x: x["station"]),
    ("姓名", lambda p, x: p.name),
    ("身份", lambda p, x: ROLE_WORDS.get(p.role, "")),
    ("类别", lambda p, x: CATEGORY_WORDS.get(p.category, "")),
    ("性别", lambda p, x: p.sex),
    ("出生日期", lambda p, x: p.birth_date),
    ("身份证号", lambda p, x: p.id_number),
    ("家庭住址", lambda p, x: p.address),
    ("联系电话", lambda p, x: p.phone),
    ("监护人姓名", lambda p, x: p.guardian_name),
    ("与监护人关系", lambda p, x: p.guardian_relation),
    ("监护人电话", lambda p, x: p.guardian_phone),
    ("健康状况", lambda p, x: p.health),
    ("残疾情况", lambda p, x: p.disability),
    ("行动能力", lambda p, x: "能行走" if p.can_walk else "行动不便"),
    (
        "是否独居",
        lambda p, x: None if p.lives_alone is None else ("是" if p.lives_alone else "否"),
    ),
    ("心理状况", lambda p, x: p.mood),
    ("家庭情况", lambda p, x: p.notes),
    ("就读学校", lambda p, x: p.school),
    ("年级", lambda p, x: p.grade),
    ("风险等级", lambda p, x: p.risk_level),
    ("队伍", lambda p, x: p.team),
    ("特长", lambda p, x: p.skills),
    ("服务时间", lambda p, x: p.availability),
    ("负责区域", lambda p, x: x["area"]),
)
RELATIVE_COLUMNS = (
    "父亲姓名",
    "父亲电话",
    "父亲务工地",
    "母亲姓名",
    "母亲电话",
    "母亲务工地",
    "亲属姓名",
    "亲属关系",
    "亲属电话",
    "亲属务工地",
)
TEXT_COLUMNS = {"身份证号", "联系电话", "监护人电话", "父亲电话", "母亲电话", "亲属电话"}


def export(session: Session, path: Path, station_id: int | None = None) -> int:
    """Every person but relatives (they ride along with their family). Returns the count."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    stations = {s.id: s.name for s in session.exec(select(Station))}
    areas = {a.id: a.name for a in session.exec(select(Area))}
    query = select(Person).where(Person.role != "relative").order_by(col(Person.id))
    if station_id is not None:
        query = query.where(Person.station_id == station_id)
    relatives: dict[int, list[tuple[Kinship, Person]]] = {}
    ties = select(Kinship, Person).join(Person, col(Person.id) == Kinship.relative_id)
    for kin, relative in session.exec(ties.order_by(col(Kinship.id))):
        relatives.setdefault(kin.resident_id, []).append((kin, relative))

    # Opened first: a write-only sheet left half built when the file cannot be made
    # complains again when it is collected.
    with path.open("wb") as target:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("台账")
        names = [name for name, _ in COLUMNS] + list(RELATIVE_COLUMNS)
        sheet.append(names)
        count = 0
        for person in session.exec(query):
            extra = {
                "station": stations.get(person.station_id, ""),
                "area": areas.get(person.area_id, ""),
            }
            values = [getter(person, extra) for _, getter in COLUMNS]
            values += _relative_cells(relatives.get(person.id or 0, []))
            row = []
            for name, value in zip(names, values, strict=True):
                cell = WriteOnlyCell(sheet, value=None if value == "" else value)
                if name in TEXT_COLUMNS:
                    # Text, so Excel keeps all 18 digits of an ID number when the file is reopened.
                    cell.number_format = "@"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                row.append(cell)
            sheet.append(row)
            count += 1
        book.save(target)
    return count


def _relative_cells(ties: list[tuple[Kinship, Person]]) -> list[Any]:
    slots: dict[str, Person] = {}
    others: list[tuple[Kinship, Person]] = []
    for kin, relative in ties:
        if kin.relative_is in RELATIVE_SLOTS and kin.relative_is not in slots:
            slots[kin.relative_is] = relative
        else:
            others.append((kin, relative))
    cells: list[Any] = []
    for slot in RELATIVE_SLOTS:
        parent = slots.get(slot)
        cells += [parent.name, parent.phone, parent.workplace] if parent else [None] * 3
    if others:
        kin, relative = others[0]
        word = RELATION_WORDS.get(kin.relative_is, "亲属")
        cells += [relative.name, word, relative.phone, relative.workplace]
    else:
        cells += [None] * 4
    return cells
