"""Turning what stations type into Excel into clean values, or a reason why not.

Every function takes a raw cell (str, int, float, datetime or None) and returns the clean value,
None for an empty cell, or raises `Unusable` with a sentence a station clerk can act on.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.ledger import LedgerError

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# Excel counts days from 1899-12-30 (its 1900 leap-year bug is before any birth we keep).
EXCEL_EPOCH = date(1899, 12, 30)
EARLIEST = date(1900, 1, 1)

SPACES = re.compile(r"[\s\u3000\xa0]+")
TEXT_DATE = re.compile(
    r"^(\d{4})\s*[年./\-\\]\s*(\d{1,2})\s*[月./\-\\]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")
PHONE_SPLIT = re.compile(r"[,,;;/、\n]|或")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{9,11}$")
LOCAL = re.compile(r"^[2-9]\d{6,7}$")

YES = {"是", "有", "√", "✓", "y", "yes", "1", "独居", "true", "对"}
NO = {"否", "无", "没有", "×", "x", "n", "no", "0", "false", "不是", "非独居"}
MALE = {"男", "m", "male", "1", "男性"}
FEMALE = {"女", "f", "female", "2", "女性"}
CANNOT_WALK = ("不能", "不便", "卧床", "瘫", "轮椅", "失能", "否", "无法", "需要照顾", "拄拐")


class Unusable(LedgerError, ValueError):
    """A cell that cannot be used as it is; the message says what to fix."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not SPACES.sub("", value))


def text(value: object) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return SPACES.sub(" ", str(value)).strip()


def name(value: object) -> str:
    """Clerks pad two-character names to line up (张  三); the padding is not part of it."""
    return SPACES.sub("", text(value))


def id_number(value: object) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) or (isinstance(value, str) and SCIENTIFIC.match(value.strip())):
        raise Unusable(
            "身份证号被 Excel 当成数字存成了科学计数法(如 3.6E+17),后几位已经丢失;"
            "请把这一列设为“文本”后重新填写"
        )
    raw = SPACES.sub("", str(value)).upper().lstrip("'")
    if len(raw) == 15 and raw.isdigit():
        raise Unusable("这是15位的老身份证号,请换成18位的新号码")
    if len(raw) != 18 or not raw[:17].isdigit() or raw[17] not in "0123456789X":
        raise Unusable(f"身份证号应为18位(最后一位可以是X),这里是{len(raw)}位")
    total = sum(int(digit) * weight for digit, weight in zip(raw[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != raw[17]:
        raise Unusable("身份证号校验位不对,可能抄错了一位")
    try:
        birth_from_id(raw)
    except ValueError as error:
        raise Unusable("身份证号里的出生日期不存在,可能抄错了") from error
    return raw


def birth_from_id(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_from_id(number: str) -> str:
    return "男" if int(number[16]) % 2 else "女"


def date_value(value: object, today: date) -> date | None:
    if is_blank(value):
        return None
    found: date | None = None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found = _serial(float(value))
    else:
        raw = SPACES.sub(" ", str(value)).strip()
        match = TEXT_DATE.match(raw) or COMPACT_DATE.match(raw)
        if match is not None:
            try:
                found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError as error:
                raise Unusable(f"日期“{raw}”不存在") from error
        elif raw.isdigit() and len(raw) == 5:
            found = _serial(float(raw))
    if found is None:
        raise Unusable(f"看不懂日期“{text(value)}”,请写成 2015-03-12 或 2015年3月12日")
    if not EARLIEST <= found <= today:
        raise Unusable(f"日期 {found.isoformat()} 不合理(早于1900年或晚于今天)")
    return found


def _serial(number: float) -> date:
    if not 1 <= number < 2_958_466:
        raise Unusable(f"看不懂日期“{number:g}”")
    return EXCEL_EPOCH + timedelta(days=int(number))


def phones(value: object) -> list[str]:
    """Every number in a cell: clerks write two in one cell, with spaces, dashes or +86."""
    if is_blank(value):
        return []
    if isinstance(value, float):
        if not value.is_integer():
            raise Unusable(f"电话号码“{value}”不对")
        value = int(value)
    found = []
    raw = str(value).strip()
    # A number column saved to CSV by Excel comes back as 13912345678.0.
    raw = re.sub(r"^(\d+)\.0+$", r"\1", raw)
    if SCIENTIFIC.match(raw):
        raise Unusable(
            "电话号码被 Excel 存成了科学计数法,数字已经丢失;请把这一列设为“文本”后重新填写"
        )
    for part in PHONE_SPLIT.split(raw):
        digits = re.sub(r"\D", "", part)
        if not digits:
            continue
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if not (MOBILE.match(digits) or LANDLINE.match(digits) or LOCAL.match(digits)):
            raise Unusable(f"电话号码位数不对({len(digits)}位),手机应为11位")
        found.append(digits)
    return found


def phone(value: object) -> str | None:
    found = phones(value)
    return found[0] if found else None


def sex(value: object) -> str:
    raw = text(value).lower()
    if not raw:
        return ""
    if raw in MALE:
        return "男"
    if raw in FEMALE:
        return "女"
    raise Unusable(f"性别“{text(value)}”看不懂,请写“男”或“女”")


def yes_no(value: object) -> bool | None:
    raw = text(value).lower()
    if not raw:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise Unusable(f"“{text(value)}”请写“是”或“否”")


def can_walk(value: object) -> bool | None:
    raw = text(value)
    if not raw:
        return None
    return not any(word in raw for word in CANNOT_WALK)


def mask_id(number: str | None) -> str:
    if not number:
        return ""
    return number[:4] + "*" * 10 + number[-4:]
