"""Finding the header in a station's sheet and knowing each column by its common names.

Stations put a title row or two above the header, merge a group title (父亲情况) over its
sub-columns (姓名, 电话, 务工地) and order columns as they like; a column is known by its
words, never by its position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Field → the header words stations use for it, after `normalise`.
FIELDS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "no"),
    "name": ("姓名", "儿童姓名", "老人姓名", "留守儿童姓名", "留守老人姓名", "名字", "本人姓名"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码"),
    "category": ("类别", "人员类别", "类型", "对象类别", "人员类型", "对象类型"),
    "role": ("角色", "身份", "人员身份"),
    "station": ("站点", "所属站点", "实践站", "所在村", "村", "村名", "村社区", "所属村"),
    "address": ("住址", "家庭住址", "地址", "居住地址", "现住址", "家庭地址"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "本人电话", "联系方式"),
    "guardian_name": ("监护人", "监护人姓名", "委托监护人"),
    "guardian_relation": ("与监护人关系", "监护人关系", "监护人与儿童关系", "与儿童关系"),
    "guardian_phone": ("监护人电话", "监护人联系电话", "监护人手机", "监护人联系方式"),
    "father_name": ("父亲姓名", "父亲"),
    "father_phone": ("父亲电话", "父亲联系电话", "父亲手机", "父亲联系方式"),
    "father_work": ("父亲务工地", "父亲务工地点", "父亲工作地", "父亲务工地址"),
    "mother_name": ("母亲姓名", "母亲"),
    "mother_phone": ("母亲电话", "母亲联系电话", "母亲手机", "母亲联系方式"),
    "mother_work": ("母亲务工地", "母亲务工地点", "母亲工作地", "母亲务工地址"),
    "parents_phone": ("父母电话", "父母联系电话", "父母联系方式"),
    "parents_work": ("父母务工地", "父母务工地点", "父母外出务工地", "务工地点", "务工地"),
    "relative_name": (
        "外出亲属姓名",
        "亲属姓名",
        "子女姓名",
        "外出务工人员",
        "外出子女",
        "外出务工子女",
    ),
    "relative_relation": ("亲属关系", "与本人关系", "关系", "与老人关系"),
    "relative_phone": ("亲属电话", "子女电话", "外出亲属电话", "亲属联系电话", "子女联系电话"),
    "relative_work": ("亲属务工地", "子女务工地", "外出地点", "子女务工地点", "亲属务工地点"),
    "health": ("健康状况", "身体状况", "健康", "身体健康状况"),
    "disability": ("残疾情况", "残疾", "残疾类别", "是否残疾"),
    "mobility": ("行动能力", "能否行走", "行动是否便利", "自理能力", "行动情况", "行动不便"),
    "lives_alone": ("是否独居", "独居", "独居情况"),
    "mood": ("心理状况", "情绪", "心理情绪", "心理健康", "情绪状况", "心理情况"),
    "notes": ("家庭情况", "家庭状况", "备注", "家庭情况及备注", "其他", "家庭情况说明"),
    "school": ("就读学校", "学校"),
    "grade": ("年级", "就读年级", "年级班级", "班级"),
    "risk_level": ("风险等级", "关爱等级", "预警等级", "风险", "关注等级"),
    "team": ("队伍", "服务队", "志愿服务队", "所在队伍"),
    "skills": ("特长", "技能", "专长", "服务特长"),
    "availability": ("服务时间", "可服务时间", "空闲时间", "值班时间"),
    "area": ("负责区域", "所在区域", "负责范围", "辖区"),
}
WORDS = {word: field for field, words in FIELDS.items() for word in words}
# Header words that only mean something under a group title such as 父亲 or 监护人.
SUB_HEADERS = {"姓名", "电话", "联系电话", "手机", "务工地", "务工地点", "关系", "联系方式"}

NOISE = re.compile(r"[\s\u3000*※:：]+|[((][^))]*[))]")
GROUP_SUFFIX = re.compile(r"(?:基本)?(?:情况|信息)$")
SCAN_ROWS = 12


def normalise(cell: object) -> str:
    if cell is None:
        return ""
    return NOISE.sub("", str(cell)).lower()


def field_of(label: str) -> str | None:
    return WORDS.get(normalise(label))


@dataclass(frozen=True, slots=True)
class Header:
    """Where the data starts and which field each column holds (None: not ours)."""

    rows: int
    data_starts: int
    fields: tuple[str | None, ...]
    labels: tuple[str, ...]

    @property
    def ignored(self) -> list[str]:
        return [
            label
            for label, field in zip(self.labels, self.fields, strict=True)
            if label and not field
        ]

    def duplicated(self) -> list[str]:
        seen: set[str] = set()
        twice = []
        for field in self.fields:
            if field is not None and field in seen:
                twice.append(field)
            seen.add(field or "")
        return twice


def _one_row(row: Sequence[object]) -> list[str]:
    return [normalise(cell) for cell in row]


def _two_rows(
    upper: Sequence[object], lower: Sequence[object], words: dict[str, str]
) -> list[str]:
    """A merged group title holds its text in its first cell only: carry it to the right
    over the sub-columns below it."""
    width = max(len(upper), len(lower))
    labels, group = [], ""
    for index in range(width):
        top = normalise(upper[index]) if index < len(upper) else ""
        bottom = normalise(lower[index]) if index < len(lower) else ""
        if top:
            group = GROUP_SUFFIX.sub("", top)
        elif not bottom:
            group = ""
        if bottom and top and top in words and bottom not in SUB_HEADERS:
            labels.append(bottom)
        elif bottom:
            candidates = (group + bottom, bottom)
            labels.append(next((c for c in candidates if c in words), group + bottom))
        else:
            labels.append(top)
    return labels


def _score(labels: Sequence[str], words: dict[str, str]) -> int:
    return len({words[label] for label in labels if label in words})


def find(rows: Sequence[Sequence[object]], words: dict[str, str] = WORDS) -> Header | None:
    """The header among the first rows: the row (or pair of rows) that names most fields."""
    best: Header | None = None
    best_score = 1
    for index, row in enumerate(rows[:SCAN_ROWS]):
        options = [(1, _one_row(row))]
        if index + 1 < len(rows):
            options.append((2, _two_rows(row, rows[index + 1], words)))
        for height, labels in options:
            score = _score(labels, words)
            if score > best_score:
                best_score = score
                best = Header(
                    rows=height,
                    data_starts=index + height,
                    fields=tuple(words.get(label) for label in labels),
                    labels=tuple(labels),
                )
    return best
