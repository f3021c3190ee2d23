"""Cells as clerks type them, cleaned or refused with a reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ledger import cleaning
from bot.ledger.cleaning import Unusable
from tests.bot.ledger.messy import id_number

TODAY = date(2026, 12, 3)
births = st.dates(min_value=date(1920, 1, 1), max_value=TODAY)


@st.composite
def ids(draw: st.DrawFn) -> str:
    born = draw(births)
    serial = draw(st.integers(min_value=0, max_value=999))
    region = draw(st.sampled_from(["360124", "360702", "361102", "110105"]))
    return id_number(region, born.strftime("%Y%m%d"), f"{serial:03d}")


@given(ids(), st.sampled_from(["", " ", "  "]))
def test_a_valid_id_number_comes_through_however_spaced(number: str, gap: str) -> None:
    typed = gap.join((number[:6], number[6:14], number[14:])).lower()
    assert cleaning.id_number(typed) == number
    assert cleaning.birth_from_id(number).strftime("%Y%m%d") == number[6:14]


@given(ids())
def test_an_id_number_excel_made_a_number_is_refused(number: str) -> None:
    digits = number[:17] + ("0" if number[17] == "X" else number[17])
    with pytest.raises(Unusable, match="科学计数法"):
        cleaning.id_number(float(digits))
    with pytest.raises(Unusable, match="科学计数法"):
        cleaning.id_number(f"{float(digits):.5E}")


@given(ids(), st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_one_wrong_digit_is_caught(number: str, position: int, shift: int) -> None:
    changed = str((int(number[position]) + shift) % 10)
    typo = number[:position] + changed + number[position + 1 :]
    with pytest.raises(Unusable):
        cleaning.id_number(typo)


DATE_SPELLINGS = [
    "{y}.{m}.{d}",
    "{y}-{m:02d}-{d:02d}",
    "{y}/{m}/{d}",
    "{y}年{m}月{d}日",
    "{y}{m:02d}{d:02d}",
    "{y} 年 {m} 月 {d} 日",
]


@given(births, st.sampled_from(DATE_SPELLINGS))
def test_dates_as_clerks_write_them(born: date, pattern: str) -> None:
    text = pattern.format(y=born.year, m=born.month, d=born.day)
    assert cleaning.date_value(text, TODAY) == born
    assert cleaning.date_value(datetime(born.year, born.month, born.day), TODAY) == born
    serial = (born - date(1899, 12, 30)).days
    assert cleaning.date_value(serial, TODAY) == born
    assert cleaning.date_value(float(serial), TODAY) == born


@pytest.mark.parametrize("text", ["2015.3", "三月十二", "2015-02-30", "2030-01-01", "1850-01-01"])
def test_dates_that_cannot_be_right_are_refused(text: str) -> None:
    with pytest.raises(Unusable):
        cleaning.date_value(text, TODAY)


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["{a} {b} {c}", "{a}-{b}-{c}", "+86 {a}{b}{c}", "{a}{b}{c}.0", "({a}){b}{c}"]),
)
def test_mobile_numbers_with_spaces_dashes_and_prefixes(number: str, pattern: str) -> None:
    typed = pattern.format(a=number[:3], b=number[3:7], c=number[7:])
    assert cleaning.phone(typed) == number


def test_phone_cells_as_they_come() -> None:
    assert cleaning.phone(13912345678) == "13912345678"
    assert cleaning.phone(13912345678.0) == "13912345678"
    assert cleaning.phone("0797-1234567") == "07971234567"
    assert cleaning.phones("13600000151、13600000152") == ["13600000151", "13600000152"]
    assert cleaning.phone("  ") is None
    for bad in ("1381234", "1.38E+10", "138001380001"):
        with pytest.raises(Unusable):
            cleaning.phone(bad)


def test_sex_walking_and_yes_no_words() -> None:
    assert [cleaning.sex(v) for v in ("男", "女", "M", "f", "")] == ["男", "女", "男", "女", ""]
    assert [cleaning.can_walk(v) for v in ("能", "行动不便", "卧床", "正常", None)] == [
        True,
        False,
        False,
        True,
        None,
    ]
    assert [cleaning.yes_no(v) for v in ("是", "否", "√", "", "独居")] == [
        True,
        False,
        True,
        None,
        True,
    ]
    with pytest.raises(Unusable):
        cleaning.yes_no("也许")


def test_masks_keep_too_little_to_identify() -> None:
    assert cleaning.mask_id("36012420150312654X") == "3601**********654X"
    assert cleaning.name(" 王  小雨 ") == "王小雨"
    assert cleaning.birth_from_id("360124201503126545") == date(2015, 3, 12)
