"""The characters `nlp.when` checks for before running a pattern are ones every match holds."""

import json
import re
from pathlib import Path

from nlp import when
from nlp.numbers import normalize

DATA = Path(__file__).parent / "data"

_TEXTS = [
    "2026年12月3日",
    "12/3",
    "12.3号下午3:30",
    "腊月初八 正月十五 大年初二 年三十",
    "下下个月5号",
    "下周三晚上8点半",
    "后天早上七点一刻",
    "3个小时后",
    "两天以后",
    "再过三天",
    "半个月后",
    "十点钟 9點 21时",
    "中秋 国庆 五一 六一 圣诞 母亲节 清明 冬至",
    "电话13812345678 门牌3栋2单元 血压是140/90 花了25.5块",
]


def _corpus() -> list[str]:
    texts = list(_TEXTS)
    for path in sorted(DATA.glob("**/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return [normalize(text) for text in texts]


def _holds(matched: str, chars: frozenset[str]) -> bool:
    digit = "0" in chars and re.search(r"\d", matched) is not None
    return digit or not chars.isdisjoint(matched)


def test_every_match_holds_a_character_its_pattern_needs() -> None:
    patterns = [
        value
        for value in vars(when).values()
        if isinstance(value, re.Pattern) and id(value) in when._NEEDS
    ]
    assert len(patterns) == len(when._NEEDS)
    for text in _corpus():
        for pattern in patterns:
            for match in pattern.finditer(text):
                assert _holds(match.group(0), when._NEEDS[id(pattern)]), (pattern, text)


def test_every_moment_holds_a_moment_character() -> None:
    finders = [
        when._ISO,
        when._LUNAR_NEW_YEAR,
        when._LUNAR,
        when._YEAR_MD,
        when._NUMERIC_MD,
        when._DAY_OF_MONTH,
        when._WEEKDAY,
        when._RELATIVE_DAY,
        when._DAY_SPAN,
        when._CLOCK_SPAN,
        when._PERIOD,
        when._COLON_CLOCK,
        when._CLOCK,
        *(pattern for pattern, _ in when._FESTIVALS),
    ]
    for text in _corpus():
        for pattern in finders:
            for match in pattern.finditer(text):
                assert when._MOMENT_CHARS.search(match.group(0)), (pattern, text)
