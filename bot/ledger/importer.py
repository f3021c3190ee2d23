"""Importing a station's ledger: read every row, plan what it means, then apply all or nothing.

Planning reads the database but writes nothing, so a dry run and a real run print the same
report; applying happens in one transaction.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy
from sqlalchemy import Executable, Row, RowMapping
from sqlmodel import Session, col, insert, select, update

from bot.ledger import LedgerError, cleaning, headers
from bot.ledger.cleaning import Unusable
from bot.ledger.sheets import open_sheets
from bot.storage.ledger import Area, LedgerAudit
from bot.storage.models import Kinship, Person, Station

log = logging.getLogger("qinqing.ledger")

ROLES = {
    "志愿者": "volunteer",
    "心理辅导员": "counsellor",
    "辅导员": "counsellor",
    "儿童主任": "counsellor",
    "协调员": "coordinator",
    "负责人": "coordinator",
    "站长": "coordinator",
    "留守儿童": "resident",
    "留守老人": "resident",
    "居民": "resident",
}
RELATIONS = {
    "父亲": "father",
    "爸爸": "father",
    "父": "father",
    "母亲": "mother",
    "妈妈": "mother",
    "母": "mother",
    "儿子": "son",
    "子": "son",
    "女儿": "daughter",
    "女": "daughter",
    "子女": "child",
    "爷爷": "grandfather",
    "祖父": "grandfather",
    "外公": "grandfather",
    "外祖父": "grandfather",
    "奶奶": "grandmother",
    "祖母": "grandmother",
    "外婆": "grandmother",
    "外祖母": "grandmother",
    "孙子": "grandson",
    "外孙": "grandson",
    "孙女": "granddaughter",
    "外孙女": "granddaughter",
    "丈夫": "spouse",
    "妻子": "spouse",
    "配偶": "spouse",
    "老伴": "spouse",
}
# What the resident is to a relative who is <key> to them, by the resident's sex.
INVERSE = {
    "father": ("son", "daughter", "child"),
    "mother": ("son", "daughter", "child"),
    "son": ("father", "mother", "parent"),
    "daughter": ("father", "mother", "parent"),
    "child": ("father", "mother", "parent"),
    "grandfather": ("grandson", "granddaughter", "grandchild"),
    "grandmother": ("grandson", "granddaughter", "grandchild"),
    "grandson": ("grandfather", "grandmother", "grandparent"),
    "granddaughter": ("grandfather", "grandmother", "grandparent"),
    "spouse": ("spouse", "spouse", "spouse"),
}
RELATION_WORDS = {
    "father": "父亲",
    "mother": "母亲",
    "son": "儿子",
    "daughter": "女儿",
    "child": "子女",
    "grandfather": "祖父",
    "grandmother": "祖母",
    "grandson": "孙子",
    "granddaughter": "孙女",
    "spouse": "配偶",
    "relative": "亲属",
}
# The person's fields a file may set, in the order the report names them.
LEDGER_FIELDS = (
    "name",
    "role",
    "category",
    "sex",
    "birth_date",
    "id_number",
    "address",
    "phone",
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
    "health",
    "disability",
    "can_walk",
    "lives_alone",
    "mood",
    "notes",
    "school",
    "grade",
    "risk_level",
    "team",
    "skills",
    "availability",
    "area_id",
)
FIELD_WORDS = {
    "name": "姓名",
    "role": "身份",
    "category": "类别",
    "sex": "性别",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "address": "住址",
    "phone": "电话",
    "guardian_name": "监护人",
    "guardian_relation": "与监护人关系",
    "guardian_phone": "监护人电话",
    "health": "健康状况",
    "disability": "残疾情况",
    "can_walk": "行动能力",
    "lives_alone": "是否独居",
    "mood": "心理状况",
    "notes": "家庭情况",
    "school": "学校",
    "grade": "年级",
    "risk_level": "风险等级",
    "team": "队伍",
    "skills": "特长",
    "availability": "服务时间",
    "area_id": "负责区域",
    "station_id": "站点",
}
TEXT_FIELDS = (
    "address",
    "guardian_name",
    "guardian_relation",
    "health",
    "disability",
    "mood",
    "notes",
    "school",
    "grade",
    "risk_level",
    "team",
    "skills",
    "availability",
)
CHUNK = 500

ACTION_WORDS = {
    "create": "新建",
    "update": "更新",
    "unchanged": "不变",
    "merged": "合并",
    "reject": "拒绝",
}


class ImportRefused(LedgerError):
    """Nothing was applied; the message says why."""


@dataclass(slots=True)
class Relative:
    relative_is: str
    name: str
    phone: str | None = None
    workplace: str = ""


@dataclass(slots=True)
class Record:
    """One person as a row gives them, cleaned."""

    sheet: str
    row: int
    fields: dict[str, Any]
    station_label: str
    area_label: str
    relatives: list[Relative] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.fields.get("name", ""))


@dataclass(slots=True)
class Outcome:
    sheet: str
    row: int
    action: str
    name: str
    id_number: str | None
    reasons: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = f"{self.sheet} 第{self.row}行" if self.sheet else f"第{self.row}行"
        who = self.name or "(无姓名)"
        if self.id_number:
            who += f" {cleaning.mask_id(self.id_number)}"
        said = ";".join(self.reasons)
        return f"{where}  {ACTION_WORDS[self.action]}  {who}" + (f"  {said}" if said else "")


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def summary(self) -> str:
        parts = [f"{ACTION_WORDS[a]} {self.count(a)}" for a in ACTION_WORDS]
        return "合计:" + ",".join(parts)

    def lines(self) -> Iterator[str]:
        yield from self.notes
        for outcome in self.outcomes:
            yield outcome.line()
        yield self.summary()


@dataclass(slots=True)
class _Plan:
    outcome: Outcome
    station_id: int
    person_id: int | None
    sex: str  # as the database has it; this import may change it
    changes: dict[str, Any]
    relatives: list[tuple[Relative, int | None, dict[str, Any], bool]]


Progress = Callable[[int], None]


# --- reading ---------------------------------------------------------------------------------


def read(path: Path, today: date, report: Report) -> Iterator[Record | Outcome]:
    """Every row of every sheet that has a ledger header: a record, or why it was rejected."""
    for sheet in open_sheets(path):
        head: list[tuple[Any, ...]] = []
        for row in sheet.rows:
            head.append(row)
            if len(head) >= headers.SCAN_ROWS:
                break
        header = headers.find(head)
        if header is None or "name" not in header.fields:
            if any(any(not cleaning.is_blank(c) for c in row) for row in head):
                report.notes.append(f"工作表“{sheet.name}”没找到表头(要有“姓名”等列),跳过")
            continue
        if header.ignored:
            report.notes.append(
                f"工作表“{sheet.name}”不认识的列(没有导入):" + "、".join(header.ignored)
            )
        label = sheet.name if path.suffix.lower() != ".csv" else ""
        numbered = enumerate(_chain(head, sheet.rows), start=1)
        for number, row in numbered:
            if number <= header.data_starts:
                continue
            if all(cleaning.is_blank(cell) for cell in row):
                continue
            found = _record(label, number, header, row, today)
            if found is not None:
                yield found


def _chain(
    head: list[tuple[Any, ...]], rest: Iterator[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    yield from head
    yield from rest


def _cells(header: headers.Header, row: tuple[Any, ...]) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for index, name in enumerate(header.fields):
        if name is None or index >= len(row) or cleaning.is_blank(row[index]):
            continue
        cells.setdefault(name, row[index])
    return cells


def _record(
    sheet: str, number: int, header: headers.Header, row: tuple[Any, ...], today: date
) -> Record | Outcome | None:
    cells = _cells(header, row)
    name = cleaning.name(cells.get("name"))
    problems: list[str] = []
    fields: dict[str, Any] = {"name": name}
    if not name:
        problems.append("没有姓名")
    if set(cells) <= {"seq"}:
        # Templates come with 序号 filled in down the page, and a 填表人 line at the foot.
        return None

    def clean(key: str, target: str, fn: Callable[[Any], Any]) -> None:
        if key not in cells:
            return
        try:
            value = fn(cells[key])
        except Unusable as error:
            problems.append(f"{FIELD_WORDS.get(target, target)}:{error}")
            return
        if value is not None and value != "":
            fields[target] = value

    clean("id_number", "id_number", cleaning.id_number)
    clean("sex", "sex", cleaning.sex)
    clean("birth_date", "birth_date", lambda v: cleaning.date_value(v, today))
    clean("phone", "phone", cleaning.phone)
    clean("guardian_phone", "guardian_phone", cleaning.phone)
    clean("mobility", "can_walk", cleaning.can_walk)
    clean("lives_alone", "lives_alone", cleaning.yes_no)
    for key in TEXT_FIELDS:
        clean(key, key, _text)
    clean("guardian_name", "guardian_name", cleaning.name)

    role_word = cleaning.text(cells.get("role"))
    if role_word:
        role = ROLES.get(role_word)
        if role is None:
            problems.append(f"身份“{role_word}”看不懂(可写:志愿者、心理辅导员、协调员)")
        else:
            fields["role"] = role
    else:
        fields["role"] = "resident"

    idn = fields.get("id_number")
    if idn is not None:
        from_id = cleaning.birth_from_id(idn)
        if fields.get("birth_date") not in (None, from_id):
            problems.append(
                f"出生日期 {fields['birth_date'].isoformat()} 与身份证号里的"
                f" {from_id.isoformat()} 不一致"
            )
        fields["birth_date"] = from_id
        if fields.get("sex") not in (None, cleaning.sex_from_id(idn)):
            problems.append("性别与身份证号不一致")
        fields["sex"] = cleaning.sex_from_id(idn)

    if fields["role"] == "resident":
        fields["category"] = _category(cleaning.text(cells.get("category")), fields, today)

    relatives: list[Relative] = []
    try:
        relatives = _relatives(cells)
    except Unusable as error:
        problems.append(str(error))

    if problems:
        return Outcome(sheet, number, "reject", name, idn, problems)
    return Record(
        sheet=sheet,
        row=number,
        fields=fields,
        station_label=_text(cells.get("station")),
        area_label=_text(cells.get("area")),
        relatives=relatives,
    )


def _text(value: object) -> str:
    # A county's rows repeat a few villages, schools, grades and workplaces: one string each.
    return sys.intern(cleaning.text(value))


def _category(word: str, fields: dict[str, Any], today: date) -> str:
    if any(w in word for w in ("儿童", "学生", "未成年", "少年")):
        return "child"
    if any(w in word for w in ("老人", "老年")):
        return "elder"
    born = fields.get("birth_date")
    if born is None:
        return ""
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 18:
        return "child"
    return "elder" if age >= 60 else ""


def _relatives(cells: dict[str, Any]) -> list[Relative]:
    found = []
    shared_phone = cleaning.phones(cells.get("parents_phone"))
    shared_work = _text(cells.get("parents_work"))
    for index, slot in enumerate(("father", "mother")):
        name = cleaning.name(cells.get(f"{slot}_name"))
        if not name:
            continue
        try:
            phone = cleaning.phone(cells.get(f"{slot}_phone"))
        except Unusable as error:
            raise Unusable(f"{RELATION_WORDS[slot]}电话:{error}") from error
        if phone is None and len(shared_phone) > index:
            phone = shared_phone[index]
        work = _text(cells.get(f"{slot}_work")) or shared_work
        found.append(Relative(slot, name, phone, work))

    name = cleaning.name(cells.get("relative_name"))
    if name:
        word = cleaning.text(cells.get("relative_relation"))
        relation = RELATIONS.get(word.replace(" ", ""), "relative") if word else "relative"
        try:
            phone = cleaning.phone(cells.get("relative_phone"))
        except Unusable as error:
            raise Unusable(f"亲属电话:{error}") from error
        work = _text(cells.get("relative_work")) or shared_work
        found.append(Relative(relation, name, phone, work))
    return found


# --- planning --------------------------------------------------------------------------------


class Known(NamedTuple):
    """Someone already in the database, as much of them as finding a row's person needs."""

    id: int
    birth_date: date | None
    id_number: str | None


class KnownRelative(NamedTuple):
    id: int
    name: str
    phone: str | None
    workplace: str


# A county's ledger as ORM objects takes gigabytes: whole stations are read as these few
# columns, and the rest of a person (and their relatives) only for one chunk of rows at a time.
INDEX_COLUMNS = (
    col(Person.id),
    col(Person.role),
    col(Person.station_id),
    col(Person.name),
    col(Person.birth_date),
    col(Person.id_number),
    col(Person.phone),
)
DETAIL_COLUMNS = (
    col(Person.id),
    col(Person.station_id),
    *(col(getattr(Person, name)) for name in LEDGER_FIELDS),
)
RELATIVE_COLUMNS = (col(Person.id), col(Person.name), col(Person.phone), col(Person.workplace))

# A row of some of a table's columns, as the database gave it.
Columns = Row[*tuple[Any, ...]]


class Ledger:
    """What the database already holds that an import can match against."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.stations = list(session.exec(select(Station)))
        self.areas = list(session.exec(select(Area)))
        self.by_id_number: dict[str, Known] = {}
        self.by_key: dict[tuple[int | None, str, date | None], Known] = {}
        self.by_name: dict[tuple[int | None, str], list[Known]] = {}
        self.relatives_by_phone: dict[str, int] = {}
        self.loaded: set[int] = set()
        self.station_labels: dict[str, Station | None] = {}
        # What `fetch` read for the chunk of rows being planned.
        self.people: dict[int, RowMapping] = {}
        self.kin: dict[int, list[KnownRelative]] = {}
        self.relatives: dict[int, KnownRelative] = {}

    def load(self, station_ids: Iterable[int], id_numbers: Iterable[str]) -> None:
        wanted = [s for s in set(station_ids) if s not in self.loaded]
        index = sqlalchemy.select(*INDEX_COLUMNS)
        if not self.loaded:
            unplaced = index.where(col(Person.station_id).is_(None))
            self._know(self._rows(unplaced.where(col(Person.role) != "relative")))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            self._know(self._rows(index.where(col(Person.station_id).in_(chunk))))
        self.loaded.update(wanted)
        numbers = [n for n in set(id_numbers) if n not in self.by_id_number]
        for start in range(0, len(numbers), CHUNK):
            some = numbers[start : start + CHUNK]
            self._know(self._rows(index.where(col(Person.id_number).in_(some))))

    def _rows(self, statement: Executable) -> Iterator[Columns]:
        return iter(self.session.connection().execute(statement))

    def _know(self, rows: Iterable[Columns]) -> None:
        for person_id, role, station_id, name, birth_date, id_number, phone in rows:
            if role == "relative":
                if phone:
                    self.relatives_by_phone.setdefault(phone, person_id)
                continue
            person = Known(person_id, birth_date, id_number)
            if id_number:
                self.by_id_number[id_number] = person
            self.by_key.setdefault((station_id, name, birth_date), person)
            self.by_name.setdefault((station_id, name), []).append(person)

    def find(self, station_id: int, fields: dict[str, Any]) -> Known | None:
        idn = fields.get("id_number")
        if idn and idn in self.by_id_number:
            return self.by_id_number[idn]
        found = self.by_key.get((station_id, fields["name"], fields.get("birth_date")))
        if found is not None and (not idn or not found.id_number):
            return found
        # Someone entered by hand before the ledger came, with only a name: the row completes
        # them, unless the name is shared.
        bare = self.by_name.get((station_id, fields["name"]), [])
        if len(bare) == 1 and bare[0].birth_date is None and not bare[0].id_number:
            return bare[0]
        return None

    def fetch(self, person_ids: Iterable[int], phones: Iterable[str]) -> None:
        """Read these people's columns, their relatives, and the relatives with these phones."""
        self.people, self.kin, self.relatives = {}, {}, {}
        ids = list(dict.fromkeys(person_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            people = sqlalchemy.select(*DETAIL_COLUMNS).where(col(Person.id).in_(chunk))
            self.people.update((row.id, row._mapping) for row in self._rows(people))
            ties = (
                sqlalchemy.select(col(Kinship.resident_id), *RELATIVE_COLUMNS)
                .select_from(Kinship)
                .join(Person, col(Person.id) == col(Kinship.relative_id))
                .where(col(Kinship.resident_id).in_(chunk))
                .order_by(col(Kinship.id))
            )
            for resident_id, *columns in self._rows(ties):
                relative = KnownRelative(*columns)
                self.relatives.setdefault(relative.id, relative)
                self.kin.setdefault(resident_id, []).append(relative)

        by_phone = (self.relatives_by_phone.get(phone) for phone in phones)
        others = list(
            dict.fromkeys(i for i in by_phone if i is not None and i not in self.relatives)
        )
        for start in range(0, len(others), CHUNK):
            some = others[start : start + CHUNK]
            query = sqlalchemy.select(*RELATIVE_COLUMNS).where(col(Person.id).in_(some))
            for row in self._rows(query):
                self.relatives[row.id] = KnownRelative(*row)

    def station_for(self, label: str, default: Station | None) -> Station | None:
        if not label:
            return default
        if label not in self.station_labels:
            self.station_labels[label] = self._station_named(label)
        return self.station_labels[label]

    def _station_named(self, label: str) -> Station | None:
        wanted = headers.normalise(label)
        exact = [
            s
            for s in self.stations
            if wanted in (headers.normalise(s.code), headers.normalise(s.name), _short(s.name))
        ]
        if len(exact) == 1:
            return exact[0]
        loose = [
            s
            for s in self.stations
            if _short(s.name).startswith(wanted) or wanted.startswith(_short(s.name))
        ]
        return loose[0] if len(loose) == 1 else None

    def area_for(self, label: str) -> Area | None:
        wanted = headers.normalise(label)
        found = [a for a in self.areas if headers.normalise(a.name) == wanted]
        return found[0] if len(found) == 1 else None


def _short(name: str) -> str:
    return headers.normalise(name.replace("新时代文明实践站", "").replace("实践站", ""))


def _key(station_id: int, fields: dict[str, Any]) -> tuple[Any, ...]:
    if fields.get("id_number"):
        return ("id", fields["id_number"])
    return ("name", station_id, fields["name"], fields.get("birth_date"))


def _merge(first: Record, later: Record) -> list[str]:
    """Fill the first row's blanks from a repeated row; the fields where the two disagree."""
    clashes = [
        FIELD_WORDS.get(k, k)
        for k, v in later.fields.items()
        if k in first.fields and first.fields[k] != v
    ]
    if clashes:
        return clashes
    for key, value in later.fields.items():
        first.fields.setdefault(key, value)
    known = {(r.relative_is, r.name) for r in first.relatives}
    first.relatives += [r for r in later.relatives if (r.relative_is, r.name) not in known]
    return []


def plan(
    session: Session,
    path: Path,
    today: date,
    default_station: Station | None = None,
    progress: Progress | None = None,
) -> tuple[Report, list[_Plan]]:
    report = Report()
    # The whole file is read before the first query: on SQLite every transaction holds the
    # write lock, and the bot must not wait while a large file is parsed.
    items = []
    for item in read(path, today, report):
        items.append(item)
        if progress is not None:
            progress(1)

    ledger = Ledger(session)
    if default_station is None and len(ledger.stations) == 1:
        default_station = ledger.stations[0]
    rows: list[tuple[Record, int] | Outcome] = []
    station_ids: list[int] = []
    firsts: dict[tuple[Any, ...], Record] = {}
    for item in items:
        if isinstance(item, Outcome):
            rows.append(item)
            continue
        station = ledger.station_for(item.station_label, default_station)
        if station is None or station.id is None:
            why = (
                f"站点“{item.station_label}”对不上" if item.station_label else "不知道是哪个站点的"
            )
            rows.append(
                Outcome(
                    item.sheet,
                    item.row,
                    "reject",
                    item.name,
                    item.fields.get("id_number"),
                    [why + ",请加“站点”列或用 --station"],
                )
            )
            continue
        if item.area_label:
            area = ledger.area_for(item.area_label)
            if area is None:
                rows.append(
                    Outcome(
                        item.sheet,
                        item.row,
                        "reject",
                        item.name,
                        item.fields.get("id_number"),
                        [f"负责区域“{item.area_label}”对不上,请先导入站点表"],
                    )
                )
                continue
            item.fields["area_id"] = area.id
        station_ids.append(station.id)
        key = _key(station.id, item.fields)
        first = firsts.get(key)
        if first is not None:
            clashes = _merge(first, item)
            where = f"与第{first.row}行是同一人"
            if clashes:
                rows.append(
                    Outcome(
                        item.sheet,
                        item.row,
                        "reject",
                        item.name,
                        item.fields.get("id_number"),
                        [where + ",但" + "、".join(clashes) + "不同,请核对"],
                    )
                )
            else:
                rows.append(
                    Outcome(
                        item.sheet,
                        item.row,
                        "merged",
                        item.name,
                        item.fields.get("id_number"),
                        [where + ",已合并"],
                    )
                )
            continue
        firsts[key] = item
        rows.append((item, station.id))

    fields = (row[0].fields for row in rows if not isinstance(row, Outcome))
    ledger.load(station_ids, [f["id_number"] for f in fields if "id_number" in f])
    # Rows are let go as they are planned: a county's records and its plans are never all
    # held at once.
    items.clear()
    firsts.clear()
    plans: list[_Plan] = []
    while rows:
        chunk = rows[:CHUNK]
        del rows[:CHUNK]
        records = [row for row in chunk if not isinstance(row, Outcome)]
        found = {id(record): _person(ledger, station_id, record) for record, station_id in records}
        ledger.fetch(
            (person.id for person in found.values() if person is not None),
            (r.phone for record, _ in records for r in record.relatives if r.phone),
        )
        for row in chunk:
            if isinstance(row, Outcome):
                report.outcomes.append(row)
                continue
            record, station_id = row
            step = _plan_row(ledger, record, station_id, found[id(record)])
            plans.append(step)
            report.outcomes.append(step.outcome)

    report.outcomes.sort(key=lambda o: (o.sheet, o.row))
    return report, plans


def _person(ledger: Ledger, station_id: int, record: Record) -> Known | None:
    person = ledger.find(station_id, record.fields)
    if person is None and not record.station_label:
        # Area coordinators and the like are on the ledger without a station of their own.
        person = ledger.by_key.get((None, record.fields["name"], record.fields.get("birth_date")))
    return person


def _plan_row(ledger: Ledger, record: Record, station_id: int, person: Known | None) -> _Plan:
    fields = record.fields
    outcome = Outcome(record.sheet, record.row, "create", record.name, fields.get("id_number"))
    if person is None:
        # The row's own fields are the new person: a copy of each would double a county.
        changes = fields
        changes["station_id"] = station_id
        sex = ""
    else:
        existing = ledger.people[person.id]
        changes = {name: value for name, value in fields.items() if existing[name] != value}
        if record.station_label and existing["station_id"] != station_id:
            changes["station_id"] = station_id
        sex = existing["sex"]
    relatives = _plan_relatives(ledger, person, record)

    if person is not None:
        words = [FIELD_WORDS.get(k, k) for k in changes]
        for relative, relative_id, rel_changes, linked in relatives:
            who = RELATION_WORDS.get(relative.relative_is, "亲属")
            if relative_id is None:
                words.append(f"新增{who}")
            elif rel_changes or not linked:
                words.append(f"{who}信息")
        outcome.action = "update" if words else "unchanged"
        if words:
            outcome.reasons.append("改:" + "、".join(words))
    return _Plan(
        outcome, station_id, person.id if person is not None else None, sex, changes, relatives
    )


def _plan_relatives(
    ledger: Ledger,
    person: Known | None,
    record: Record,
) -> list[tuple[Relative, int | None, dict[str, Any], bool]]:
    planned = []
    ties = ledger.kin.get(person.id, []) if person is not None else []
    for relative in record.relatives:
        existing: KnownRelative | None = None
        linked = False
        for other in ties:
            if other.name == relative.name or (relative.phone and other.phone == relative.phone):
                existing, linked = other, True
                break
        if existing is None and relative.phone:
            other_id = ledger.relatives_by_phone.get(relative.phone)
            if other_id is not None:
                existing = ledger.relatives[other_id]
        changes: dict[str, Any] = {}
        if existing is not None:
            if relative.phone and existing.phone != relative.phone:
                changes["phone"] = relative.phone
            if relative.workplace and existing.workplace != relative.workplace:
                changes["workplace"] = relative.workplace
            if existing.name != relative.name:
                changes["name"] = relative.name
        planned.append((relative, existing.id if existing is not None else None, changes, linked))
    return planned


# --- applying --------------------------------------------------------------------------------


def apply(
    session: Session,
    plans: list[_Plan],
    now: datetime,
    actor: str,
    progress: Progress | None = None,
) -> None:
    """Write a plan in the caller's transaction: everything, or (on any error) nothing.

    New people go in as bulk inserts that return their ids, and changed people as bulk updates
    by id: building an ORM object per row takes minutes and gigabytes for a county's ledger.
    """
    started = time.monotonic()
    base = Person(name="", role="resident", created_at=now, updated_at=now).model_dump(
        exclude={"id"}
    )
    new = [step for step in plans if step.person_id is None]
    ids = _insert(session, (dict(base, **step.changes) for step in new), progress)
    resident_ids = {id(step): person_id for step, person_id in zip(new, ids, strict=True)}
    # Rows that change the same person (a resident found twice, parents shared by siblings)
    # are applied in order, the later winning field by field, as one update.
    updates: dict[int, dict[str, Any]] = {}
    for step in plans:
        if step.person_id is not None:
            resident_ids[id(step)] = step.person_id
            if step.changes:
                updates.setdefault(step.person_id, {}).update(step.changes)

    # Brothers and sisters on separate rows share their parents: one person each.
    made: dict[tuple[Any, ...], int] = {}
    rows: list[tuple[Relative, int]] = []
    links: list[tuple[int, tuple[str, int], Relative, str]] = []
    for step in plans:
        resident_id = resident_ids[id(step)]
        # Ties say what the resident is by their sex once every row has been applied.
        now_sex = updates.get(resident_id, {}).get("sex", step.sex)
        sex = str(step.changes.get("sex") or now_sex)
        for relative, existing, changes, linked in step.relatives:
            key = (
                ("phone", relative.phone)
                if relative.phone
                else ("name", step.station_id, relative.name)
            )
            target: tuple[str, int]
            if existing is not None:
                target = ("id", existing)
                if changes:
                    updates.setdefault(existing, {}).update(changes)
            elif key in made:
                target = ("new", made[key])
            else:
                made[key] = len(rows)
                target = ("new", made[key])
                rows.append((relative, step.station_id))
            if not linked:
                links.append((resident_id, target, relative, sex))
    _update(session, updates, now)
    relative_ids = _insert(
        session,
        (
            dict(
                base,
                name=relative.name,
                role="relative",
                station_id=station_id,
                phone=relative.phone,
                workplace=relative.workplace,
            )
            for relative, station_id in rows
        ),
        None,
    )

    ties: dict[tuple[int, int], dict[str, Any]] = {}
    for resident_id, (kind, value), relative, sex in links:
        relative_id = value if kind == "id" else relative_ids[value]
        male, female, other = INVERSE.get(relative.relative_is, ("relative",) * 3)
        ties.setdefault(
            (relative_id, resident_id),
            {
                "relative_id": relative_id,
                "resident_id": resident_id,
                "relation": male if sex == "男" else female if sex == "女" else other,
                "relative_is": relative.relative_is,
            },
        )
    tie_rows = list(ties.values())
    for first in range(0, len(tie_rows), CHUNK * 4):
        session.exec(insert(Kinship), params=tie_rows[first : first + CHUNK * 4])
    session.add(LedgerAudit(actor=actor, action="import", detail=f"{len(plans)} rows", at=now))
    session.flush()
    log.info(
        "ledger import: %d rows, %d new people, %d new relatives, applied in %.0f ms",
        len(plans),
        len(new),
        len(rows),
        (time.monotonic() - started) * 1000,
    )


def _insert(
    session: Session, rows: Iterable[dict[str, Any]], progress: Progress | None
) -> list[int]:
    ids: list[int] = []
    statement = insert(Person).returning(col(Person.id), sort_by_parameter_order=True)
    pending = iter(rows)
    while chunk := list(islice(pending, CHUNK * 4)):
        ids += [row[0] for row in session.exec(statement, params=chunk)]
        if progress is not None:
            progress(len(chunk))
    return ids


def _update(session: Session, updates: dict[int, dict[str, Any]], now: datetime) -> None:
    # By id, checking each person is still there, and in the order of their ids, as the unit of
    # work did: PostgreSQL returns a station's rows in the order they were last written, and
    # which of two relatives sharing a phone a row finds depends on it.
    params = (
        dict(changes, id=person_id, updated_at=now)
        for person_id, changes in sorted(updates.items())
    )
    while chunk := list(islice(params, CHUNK * 4)):
        session.exec(update(Person), params=chunk)


def refuse_if_rejected(report: Report, skip_rejected: bool) -> None:
    rejected = report.count("reject")
    if rejected and not skip_rejected:
        raise ImportRefused(
            f"有 {rejected} 行被拒绝,这次什么都没有导入。改好后重新导入,"
            "或加 --skip-rejected 只导入没有问题的行。"
        )
