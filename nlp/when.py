"""Dates and clock times in a message, resolved against the moment it arrived.

Extraction runs in stages over a copy of the text; each stage blanks what it consumed so that
a later, looser pattern cannot read the same digits again (a year as a clock, a house number
as a day of the month).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from nlp.numbers import CN_NUMERAL, normalize, to_int
from nlp.types import Period, When

SHANGHAI = ZoneInfo("Asia/Shanghai")
_BLANK = "\x00"

_N = rf"(?:\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})"
_ONES = "一二三四五六七八九"
_CN_DAY = rf"(?:初[{_ONES}十]|二十[{_ONES}]?|廿[{_ONES}]?|三十|十[{_ONES}]?|[{_ONES}])"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"

# Phrases that contain a period word but name no time.
_GREETINGS = re.compile(
    r"(早上好|早安|早晨好|上午好|中午好|下午好|晚上好|晚安|夜班|夜宵|早饭|午饭|晚饭|早餐|午餐|晚餐)"
)

_LONE_ONE = re.compile(r"\s*(?:一|1)\s*点\s*钟?\s*[?？。.!！]*\s*")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d(?:[ -]?\d){8}(?!\d)")
_LONG_NUMBER = re.compile(r"\d{5,}")
_READING = re.compile(
    r"(血压|血糖|体温|心率|体重|血脂|尿酸|温度|气温|度数|视力|分数|考了|得了|型号|版本|价格|工资|"
    r"一共|总共|花了|转了|给了|收了|欠了?|借了?|赔)\s*[是有为:]?\s*[\d./]+"
)
_QUANTITY = re.compile(
    r"[\d.]+\s*(块|元|万|千|百|角|毛|斤|公斤|克|千克|米|公里|里|度|岁|个|%|g|k|m|寸|亩|平|层|楼|床|室|户|人|只|瓶|盒|袋|包)"
)
_ADDRESS = re.compile(
    rf"(?:{_N}|\d+)\s*(?:组|栋|单元|幢|巷|弄|排|室)\s*{_N}?\s*号?|[路街巷道村弄里组]\s*\d+\s*号"
)
_SLASH_MODEL = re.compile(r"\d+/\d+\s*[a-z]")

_ISO = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)")
_NUMERIC_MD = re.compile(
    r"(?<![\d.])(1[0-2]|0?[1-9])\s*[./]\s*([12]\d|3[01]|0?[1-9])(?![\d./])"
    # 2.5斤 and 1.5个小时 are amounts, not dates.
    r"(?!\s*(?:块|元|万|千|斤|公斤|克|千克|米|公里|度|倍|%|亩|岁|个|小时|分钟|天|年|g|k|m))"
)

_LUNAR = re.compile(
    rf"(?P<lp>农历|阴历|老历|旧历)?\s*(?P<mon>正|冬|腊|{_MONTH})月(?:份)?\s*(?P<day>{_CN_DAY}|\d{{1,2}})\s*[日号]?"
)
_LUNAR_NEW_YEAR = re.compile(r"大?年(?P<day>初[一二三四五六七八九十]|三十)")
_FESTIVALS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"元旦"), "solar:1:1"),
    (re.compile(r"除夕|大年夜|年三十"), "eve"),
    (re.compile(r"春节"), "lunar:1:1"),
    (re.compile(r"元宵"), "lunar:1:15"),
    (re.compile(r"清明"), "term:清明"),
    (re.compile(r"劳动节|五一(?!\d)"), "solar:5:1"),
    (re.compile(r"端午"), "lunar:5:5"),
    (re.compile(r"七夕"), "lunar:7:7"),
    (re.compile(r"中秋"), "lunar:8:15"),
    (re.compile(r"国庆"), "solar:10:1"),
    (re.compile(r"重阳"), "lunar:9:9"),
    (re.compile(r"腊八"), "lunar:12:8"),
    (re.compile(r"冬至"), "term:冬至"),
    (re.compile(r"小年"), "lunar:12:23"),
    (re.compile(r"儿童节|六一(?!\d)"), "solar:6:1"),
    (re.compile(r"妇女节|三八节"), "solar:3:8"),
    (re.compile(r"教师节"), "solar:9:10"),
    (re.compile(r"平安夜"), "solar:12:24"),
    (re.compile(r"圣诞"), "solar:12:25"),
    (re.compile(r"母亲节"), "nth:5:2"),
    (re.compile(r"父亲节"), "nth:6:3"),
]

_ANY_FESTIVAL = re.compile("|".join(pattern.pattern for pattern, _ in _FESTIVALS))
_YEAR_MD = re.compile(
    rf"(?:(?P<year>\d{{4}})\s*年|(?P<yrel>今年|明年|后年|去年))?\s*"
    rf"(?:(?<![\d十])(?P<mon>{_MONTH})\s*月份?|(?P<mrel>下下个?|下个?|这个?|本|上个?)\s*月)\s*"
    rf"(?P<day>[12]\d|3[01]|0?[1-9]|三十一|{_CN_DAY})\s*(?P<suf>[日号])?"
)
_NO_SUCH_MONTH = re.compile(
    rf"(?<![\d十.])(?:1[3-9]|[2-9]\d|十[三四五六七八九])\s*月份?\s*"
    rf"(?:[12]\d|3[01]|0?[1-9]|三十一|{_CN_DAY})\s*[日号]?"
)
# A month named without its day: 明年三月, 下个月, 三月份. Not a span (一月后) nor a count.
_MONTH_ONLY = re.compile(
    r"(?:(?:\d{4}\s*年|今年|明年|后年)\s*)?"
    rf"(?:(?<![\d十个几每]){_MONTH}\s*月份?"
    r"|(?:下下个?|下个?|这个?|本|上个?)\s*月)"
    r"(?!\s*(?:以后|之后|过后|后|多|半|饼|子|亮|光))"
)
_DAY_OF_MONTH = re.compile(
    rf"(?P<day>[12]\d|3[01]|0?[1-9]|二十[{_ONES}]?|三十一?|十[{_ONES}]?|[{_ONES}])\s*(?P<suf>号|日)"
)
_WEEKDAY = re.compile(
    r"(?P<pre>下下个?|下个?|这个?|本|上个?|今)?\s*(?:周|星期|礼拜|礼拜)(?P<day>[一二三四五六日天1-7]|末)"
)
_RELATIVE_DAY = re.compile(
    r"大后天|大前天|后天|前天|明天|明儿|明日|明早|明晚|明晨|今天|今儿|今日|今早|今晚|今夜|昨天|昨日|昨晚|昨儿"
)
_DAY_SPAN = re.compile(
    rf"(?:(?P<n>{_N}|半)\s*个?\s*(?P<unit>天|日|星期|礼拜|周|月)(?P<more>多|半)?\s*(?:以后|之后|过后|后)"
    rf"|再?过\s*(?P<n2>{_N})\s*天)"
)
_CLOCK_SPAN = re.compile(
    rf"(?:(?P<h>{_N}|半)\s*个?\s*(?P<hh>半)?\s*(?:小时|钟头|钟(?=以后|之后|后|过后)))?\s*"
    rf"(?:(?P<m>{_N}|一刻)\s*(?:分钟|分)?)?\s*(?:以后|之后|过后|后)"
)
_COLON_CLOCK = re.compile(r"(?<![\d.])([01]?\d|2[0-4])\s*:\s*([0-5]\d)(?![\d])")
_CLOCK = re.compile(
    rf"(?P<h>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})\s*(?:点|點|时(?<=\d时)|时(?<=\d\s时))\s*"
    rf"(?:(?P<half>半)|(?P<quarter>一刻|1刻)|(?P<three>三刻|3刻)|(?P<m>[0-5]?\d|[{CN_NUMERAL}]{{1,3}})\s*(?P<fen>分)?)?"
    r"(?P<tail>钟|整)?"
)

_PERIOD_WORDS: list[tuple[str, Period]] = [
    ("后半夜", "night"),
    ("半夜", "night"),
    ("凌晨", "night"),
    ("深夜", "night"),
    ("午夜", "night"),
    ("大清早", "morning"),
    ("一大早", "morning"),
    ("清早", "morning"),
    ("一早", "morning"),
    ("早上", "morning"),
    ("早晨", "morning"),
    ("上午", "morning"),
    ("明早", "morning"),
    ("今早", "morning"),
    ("明晨", "morning"),
    ("早起", "morning"),
    ("中午", "noon"),
    ("晌午", "noon"),
    ("正午", "noon"),
    ("下午", "afternoon"),
    ("午后", "afternoon"),
    ("下半天", "afternoon"),
    ("傍晚", "evening"),
    ("晚上", "evening"),
    ("今晚", "evening"),
    ("明晚", "evening"),
    ("昨晚", "evening"),
    ("今夜", "evening"),
    ("夜里", "evening"),
    ("夜晚", "evening"),
    ("晚间", "evening"),
    ("黑夜", "evening"),
    ("天黑", "evening"),
]
_PERIOD = re.compile("|".join(re.escape(word) for word, _ in _PERIOD_WORDS))
# Every pattern that finds a date, clock time, period or festival needs one of these characters;
# a message with none of them (about half of all messages) names no moment.
_MOMENT_CHARS = re.compile(r"[\d年月号日周星礼明今昨天后夜晨早午晚点點时元除节五夕秋庆阳腊冬六诞]")
_PERIOD_OF = dict(_PERIOD_WORDS)
# The hour after which a period word with no day has gone by for today.
_PERIOD_END = {"morning": 12, "noon": 14, "afternoon": 18, "evening": 24, "night": 6}

_WEEKDAY_INDEX = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}
_RELATIVE_OFFSET = {
    "大前天": -3,
    "前天": -2,
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨儿": -1,
    "今天": 0,
    "今儿": 0,
    "今日": 0,
    "今早": 0,
    "今晚": 0,
    "今夜": 0,
    "明天": 1,
    "明儿": 1,
    "明日": 1,
    "明早": 1,
    "明晚": 1,
    "明晨": 1,
    "后天": 2,
    "大后天": 3,
}


@dataclass
class _Found:
    """A day named at `start`; `day` is None when the text names one that cannot be known."""

    start: int
    day: date | None = None
    clock: time | None = None
    exact: bool = False
    # A month without its day: it counts only when nothing else in the message names a day.
    vague: bool = False


# Characters a pattern cannot match without (one of them); "0" stands for any digit. Blanking
# only removes characters, so what the original text lacks no later stage can find. Keyed by
# id: a pattern's own hash is recomputed on every call.
_DIGIT = re.compile(r"\d")
_NEEDS: dict[int, frozenset[str]] = {
    id(pattern): frozenset(chars)
    for pattern, chars in [
        (_PHONE, "0"),
        (_LONG_NUMBER, "0"),
        (_READING, "0./"),
        (_SLASH_MODEL, "/"),
        (_ADDRESS, "组栋单幢巷弄排室号"),
        (_QUANTITY, "0."),
        (_ISO, "0"),
        (_LUNAR_NEW_YEAR, "年"),
        (_LUNAR, "月"),
        (_YEAR_MD, "月"),
        (_NO_SUCH_MONTH, "月"),
        (_MONTH_ONLY, "月"),
        (_NUMERIC_MD, "0"),
        (_DAY_OF_MONTH, "号日"),
        (_WEEKDAY, "周星礼"),
        (_RELATIVE_DAY, "明今昨天"),
        (_DAY_SPAN, "后天"),
        (_CLOCK_SPAN, "后"),
        (_PERIOD, "夜晨早午天晚"),
        (_COLON_CLOCK, ":"),
        (_CLOCK, "点點时"),
    ]
}


class _Scratch:
    """The message text with consumed stretches blanked out."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.present = set(text)
        if _DIGIT.search(text):
            self.present.add("0")

    def blank(self, start: int, end: int) -> None:
        self.text = self.text[:start] + _BLANK * (end - start) + self.text[end:]

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        needs = _NEEDS.get(id(pattern))
        if needs is not None and self.present.isdisjoint(needs):
            return []
        return [m for m in pattern.finditer(self.text) if m.end() > m.start()]


def _num(token: str | None) -> int | None:
    if token is None:
        return None
    return to_int(token.replace(" ", ""))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _next_month_day(today: date, day: int, months_ahead: int | None) -> date | None:
    """Day N of this month, or of the next month that has it when this month's has passed."""
    if months_ahead is not None:
        first = _add_months(today.replace(day=1), months_ahead)
        return _safe_date(first.year, first.month, day)
    first = today.replace(day=1)
    for step in range(0, 13):
        month_start = _add_months(first, step)
        candidate = _safe_date(month_start.year, month_start.month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _next_month_and_day(today: date, month: int, day: int) -> date | None:
    # Four years ahead always holds the next 29 February.
    for year in range(today.year, today.year + 5):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


@lru_cache(maxsize=1024)
def _lunar_to_solar(year: int, month: int, day: int) -> date | None:
    from lunar_python import Lunar

    try:
        solar = Lunar.fromYmd(year, month, day).getSolar()
    except Exception:
        return None
    candidate = date(solar.getYear(), solar.getMonth(), solar.getDay())
    # The library quietly rolls day 30 of a short month into the next month.
    back = _solar_to_lunar_md(candidate)
    if back != (month, day):
        return None
    return candidate


@lru_cache(maxsize=1024)
def _solar_to_lunar_md(day: date) -> tuple[int, int]:
    from lunar_python import Solar

    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    return abs(lunar.getMonth()), lunar.getDay()


def _next_lunar(today: date, month: int, day: int) -> date | None:
    for year in range(today.year - 1, today.year + 3):
        candidate = _lunar_to_solar(year, month, day)
        if candidate is None and day == 30:
            candidate = _lunar_to_solar(year, month, 29)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _next_new_year_eve(today: date) -> date | None:
    for year in range(today.year - 1, today.year + 3):
        new_year = _lunar_to_solar(year, 1, 1)
        if new_year is None:
            continue
        eve = new_year - timedelta(days=1)
        if eve >= today:
            return eve
    return None


@lru_cache(maxsize=1024)
def _solar_term(year: int, name: str) -> date | None:
    from lunar_python import Solar

    months = {"清明": (4, range(3, 7)), "冬至": (12, range(20, 24))}
    month, days = months[name]
    for day in days:
        if Solar.fromYmd(year, month, day).getLunar().getJieQi() == name:
            return date(year, month, day)
    return None


def _nth_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    offset = (6 - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (nth - 1))


def _festival(today: date, rule: str) -> date | None:
    kind, _, rest = rule.partition(":")
    if kind == "eve":
        return _next_new_year_eve(today)
    if kind == "lunar":
        month, day = (int(part) for part in rest.split(":"))
        return _next_lunar(today, month, day)
    for year in (today.year, today.year + 1):
        candidate: date | None
        if kind == "solar":
            month, day = (int(part) for part in rest.split(":"))
            candidate = date(year, month, day)
        elif kind == "term":
            candidate = _solar_term(year, rest)
        else:
            month, nth = (int(part) for part in rest.split(":"))
            candidate = _nth_sunday(year, month, nth)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _lunar_month(token: str) -> int | None:
    return {"正": 1, "冬": 11, "腊": 12}.get(token) or _num(token)


def _lunar_day(token: str) -> int | None:
    if token.startswith("初"):
        return _num(token[1:])
    return _num(token)


def _mask_non_dates(scratch: _Scratch) -> None:
    for pattern in (_PHONE, _LONG_NUMBER, _READING, _SLASH_MODEL, _ADDRESS, _GREETINGS):
        for match in scratch.take(pattern):
            scratch.blank(match.start(), match.end())


def _mask_quantities(scratch: _Scratch) -> None:
    for match in scratch.take(_QUANTITY):
        # 3个小时后 and 2个星期后 are spans, not counts.
        if match.group(1) == "个":
            continue
        scratch.blank(match.start(), match.end())


def _explicit_dates(scratch: _Scratch, today: date, found: list[_Found]) -> None:
    for match in scratch.take(_ISO):
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        if 1900 < year < 2200:
            # 2027-02-29 names no day; its 29 must not be read again as this month's.
            candidate = _safe_date(year, month, day)
            found.append(_Found(match.start(), candidate, exact=True))
            scratch.blank(match.start(), match.end())

    for match in scratch.take(_LUNAR_NEW_YEAR):
        token = match.group("day")
        lunar_day = _lunar_day(token)
        if lunar_day is None:
            continue
        if token == "三十":
            candidate = _next_new_year_eve(today)
        else:
            candidate = _next_lunar(today, 1, lunar_day)
        found.append(_Found(match.start(), candidate))
        scratch.blank(match.start(), match.end())

    for match in scratch.take(_LUNAR):
        mon_token, day_token = match.group("mon"), match.group("day")
        is_lunar = bool(match.group("lp")) or mon_token in "正冬腊" or day_token[0] in "初廿"
        if not is_lunar:
            continue
        lunar_month, lunar_day = _lunar_month(mon_token), _lunar_day(day_token)
        if lunar_month is None or lunar_day is None:
            continue
        if not (1 <= lunar_month <= 12 and 1 <= lunar_day <= 30):
            continue
        found.append(_Found(match.start(), _next_lunar(today, lunar_month, lunar_day)))
        scratch.blank(match.start(), match.end())

    festivals = _FESTIVALS if _ANY_FESTIVAL.search(scratch.text) else []
    for pattern, rule in festivals:
        for match in scratch.take(pattern):
            found.append(_Found(match.start(), _festival(today, rule)))
            scratch.blank(match.start(), match.end())

    for match in scratch.take(_YEAR_MD):
        _year_month_day(match, today, found, scratch)

    for match in scratch.take(_NO_SUCH_MONTH):
        found.append(_Found(match.start(), None, exact=True))
        scratch.blank(match.start(), match.end())

    for match in scratch.take(_MONTH_ONLY):
        found.append(_Found(match.start(), None, vague=True))
        scratch.blank(match.start(), match.end())

    for match in scratch.take(_NUMERIC_MD):
        before = scratch.text[max(0, match.start() - 1) : match.start()]
        if before.isdigit():
            continue
        month, day = int(match.group(1)), int(match.group(2))
        found.append(_Found(match.start(), _next_month_and_day(today, month, day), exact=True))
        scratch.blank(match.start(), match.end())

    for match in scratch.take(_DAY_OF_MONTH):
        token, suffix = match.group("day"), match.group("suf")
        if not token.isascii() and suffix == "日":
            continue
        before = scratch.text[max(0, match.start() - 1) : match.start()]
        after = scratch.text[match.end() : match.end() + 1]
        if before and (before.isdigit() or before in "组路街巷村弄栋楼室房床排号车第几每"):
            continue
        if after and after in "楼线床房门车位院码窗机桌":
            continue
        day_number = _num(token)
        if day_number is None or not 1 <= day_number <= 31:
            continue
        candidate = _next_month_day(today, day_number, None)
        found.append(_Found(match.start(), candidate, exact=True))
        scratch.blank(match.start(), match.end())


def _year_month_day(
    match: re.Match[str], today: date, found: list[_Found], scratch: _Scratch
) -> None:
    day_token = match.group("day")
    day = _lunar_day(day_token) if day_token.startswith("初") else _num(day_token)
    if day is None or not 1 <= day <= 31:
        return
    if not day_token.isascii() and match.group("suf") == "日" and not match.group("mon"):
        return
    if match.group("mrel") is not None:
        if match.group("suf") is None:
            return
        shift = {"下下": 2, "下": 1, "这": 0, "本": 0, "上": -1}[match.group("mrel").rstrip("个")]
        candidate = _next_month_day(today, day, shift)
    else:
        month = _num(match.group("mon"))
        if month is None or not 1 <= month <= 12:
            return
        after = scratch.text[match.end() : match.end() + 1]
        if match.group("suf") is None and after and (after.isdigit() or after in "个号"):
            return
        year = None
        if match.group("year"):
            year = int(match.group("year"))
        elif match.group("yrel"):
            year = today.year + {"今年": 0, "明年": 1, "后年": 2, "去年": -1}[match.group("yrel")]
        if year is not None:
            candidate = _safe_date(year, month, day)
        else:
            candidate = _next_month_and_day(today, month, day)
    # A None candidate is 2月30号 or 4月31号: no day, and not this month's 30th either.
    found.append(_Found(match.start(), candidate, exact=True))
    scratch.blank(match.start(), match.end())


def _week_dates(scratch: _Scratch, today: date, found: list[_Found]) -> None:
    monday = today - timedelta(days=today.weekday())
    for match in scratch.take(_WEEKDAY):
        prefix = (match.group("pre") or "").rstrip("个")
        token = match.group("day")
        before = scratch.text[max(0, match.start() - 1) : match.start()]
        if not prefix and before and (before in CN_NUMERAL + "每几" or before.isdigit()):
            continue
        weeks = {"下下": 2, "下": 1, "这": 0, "本": 0, "今": 0, "上": -1, "": 0}[prefix]
        index = 5 if token == "末" else _WEEKDAY_INDEX[token]
        candidate = monday + timedelta(days=7 * weeks + index)
        if not prefix and token != "末" and candidate < today:
            candidate += timedelta(days=7)
        found.append(_Found(match.start(), candidate))
        scratch.blank(match.start(), match.end())


def _relative_dates(scratch: _Scratch, now: datetime, found: list[_Found]) -> None:
    today = now.date()
    for match in scratch.take(_RELATIVE_DAY):
        offset = _RELATIVE_OFFSET[match.group(0)]
        found.append(_Found(match.start(), today + timedelta(days=offset)))
        # Keep 今晚/明早 visible to the period pass.
        if match.group(0)[-1] not in "早晚晨夜":
            scratch.blank(match.start(), match.end())

    for match in scratch.take(_DAY_SPAN):
        count: int | None
        if match.group("n2"):
            count = _num(match.group("n2"))
            unit = "天"
        else:
            token = match.group("n")
            count = 0 if token == "半" else _num(token)
            unit = match.group("unit")
        if count is None or count > 400:
            continue
        if unit in "天日":
            candidate = today + timedelta(days=count)
        elif unit == "月":
            candidate = (
                today + timedelta(days=15)
                if match.group("n") == "半"
                else _add_months(today, count)
            )
        else:
            candidate = today + timedelta(days=7 * count)
        found.append(_Found(match.start(), candidate))
        scratch.blank(match.start(), match.end())

    for match in scratch.take(_CLOCK_SPAN):
        minutes = _span_minutes(match)
        if minutes is None or minutes == 0:
            continue
        moment = now + timedelta(minutes=minutes)
        found.append(
            _Found(match.start(), moment.date(), moment.time().replace(second=0, microsecond=0))
        )
        scratch.blank(match.start(), match.end())


def _span_minutes(match: re.Match[str]) -> int | None:
    hours_token, minutes_token = match.group("h"), match.group("m")
    if hours_token is None and minutes_token is None:
        return None
    if minutes_token is not None and hours_token is None:
        # 20分后 needs its 分; a bare number before 后 is not a span.
        tail = match.group(0)
        if "分" not in tail and minutes_token != "一刻":
            return None
    total = 0
    if hours_token is not None:
        hours = 0.5 if hours_token == "半" else _num(hours_token)
        if hours is None:
            return None
        total += int(hours * 60)
        if match.group("hh"):
            total += 30
    if minutes_token is not None:
        value = 15 if minutes_token == "一刻" else _num(minutes_token)
        if value is None:
            return None
        total += value
    return total if total <= 72 * 60 else None


def _periods(scratch: _Scratch) -> list[tuple[int, int, Period]]:
    return [(m.start(), m.end(), _PERIOD_OF[m.group(0)]) for m in scratch.take(_PERIOD)]


def _clock_matches(scratch: _Scratch) -> list[tuple[int, int, int, int, bool]]:
    """(start, end, hour, minute, spelled) for each clock time.

    Spelled means digits with a colon, which already say 24-hour time when above 12.
    """
    clocks: list[tuple[int, int, int, int, bool]] = []
    for match in scratch.take(_COLON_CLOCK):
        clocks.append((match.start(), match.end(), int(match.group(1)), int(match.group(2)), True))
        scratch.blank(match.start(), match.end())

    for match in scratch.take(_CLOCK):
        hour_token = match.group("h")
        hour = _num(hour_token)
        if hour is None and len(hour_token) == 2 and not hour_token.isascii():
            # 八九点 means "eight or nine": the range gives its start.
            hour = _num(hour_token[0])
        if hour is None or hour > 24:
            continue
        minute = 0
        minute_token = match.group("m")
        has_detail = bool(match.group("half") or match.group("quarter") or match.group("three"))
        if match.group("half"):
            minute = 30
        elif match.group("quarter"):
            minute = 15
        elif match.group("three"):
            minute = 45
        elif minute_token is not None:
            value = _num(minute_token)
            after = scratch.text[match.end() : match.end() + 1]
            if (
                value is not None
                and value < 60
                and (match.group("fen") or not after or after not in "个块元斤人岁号次")
            ):
                minute = value
                has_detail = True
        bare_one = hour_token in ("一", "1") and not has_detail and not match.group("tail")
        if bare_one and not _looks_like_clock_context(scratch.text, match.start()):
            continue
        clocks.append((match.start(), match.end(), hour, minute, False))
        scratch.blank(match.start(), match.end())
    clocks.sort()
    return clocks


def _looks_like_clock_context(text: str, start: int) -> bool:
    """一点 is usually "a little"; it is a time only right after a day or period word."""
    before = text[max(0, start - 3) : start].strip()
    if not before:
        return False
    return before.endswith(_BLANK) or bool(_PERIOD.search(before)) or before[-1] in "到在约是等"


def _hour_in_period(hour: int, period: Period | None) -> tuple[int, Period]:
    if period is None:
        if 1 <= hour <= 6:
            return hour + 12, "afternoon"
        if 7 <= hour <= 11:
            return hour, "morning"
        if hour == 12:
            return 12, "noon"
        return hour % 24, _period_of_hour(hour % 24)
    if period in ("afternoon", "evening") and 1 <= hour <= 11:
        return hour + 12, period
    if period == "noon" and 1 <= hour <= 5:
        return hour + 12, period
    if period == "night" and hour == 12:
        return 0, period
    if period == "night" and 6 <= hour <= 11:
        return hour + 12, period
    return hour % 24, period


def _period_of_hour(hour: int) -> Period:
    if hour < 5:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 13:
        return "noon"
    if hour < 18:
        return "afternoon"
    return "evening"


@dataclass
class _Reading:
    """What one stretch of text names, before it is resolved into a `When`."""

    day: _Found | None
    clocks: list[tuple[int, int, int, int, bool]]
    periods: list[tuple[int, int, Period]]


def _read(text: str, now: datetime) -> _Reading:
    normalized = normalize(text)
    if _MOMENT_CHARS.search(normalized) is None:
        return _Reading(None, [], [])
    today = now.date()
    scratch = _Scratch(normalized)

    _mask_non_dates(scratch)
    found: list[_Found] = []
    _explicit_dates(scratch, today, found)
    _week_dates(scratch, today, found)
    _mask_quantities(scratch)
    _relative_dates(scratch, now, found)
    periods = _periods(scratch)
    clocks = _clock_matches(scratch)

    found.sort(key=lambda item: (item.vague, item.start))
    return _Reading(found[0] if found else None, clocks, periods)


def _resolve(
    reading: _Reading,
    now: datetime,
    default_day: date | None = None,
    default_period: Period | None = None,
) -> When | None:
    """The moment a reading names; the defaults stand in for a day or period it leaves out."""
    first_day, clocks, periods = reading.day, reading.clocks, reading.periods
    if first_day is not None and first_day.clock is not None:
        return When(first_day.day, first_day.clock, None)

    period: Period | None = periods[0][2] if periods else None
    if first_day is not None and first_day.day is None:
        # The handlers put a clock time without a day on today; leave both out so they ask.
        return When(None, None, period) if period is not None else None
    clock: time | None = None
    if clocks:
        start, _end, hour, minute, spelled = clocks[0]
        near = [p for p in periods if p[1] <= start]
        period_word = near[-1][2] if near else (periods[0][2] if periods else default_period)
        if spelled and hour > 12:
            period = period_word or _period_of_hour(hour)
        else:
            hour, period = _hour_in_period(hour, period_word)
        clock = time(hour % 24, minute)

    if first_day is None and clock is None and period is None:
        return None

    day = first_day.day if first_day is not None else default_day
    if day is None:
        today = now.date()
        day = today
        if clock is not None:
            if datetime.combine(today, clock, SHANGHAI) <= now:
                day = today + timedelta(days=1)
        elif period is not None and now.hour >= _PERIOD_END[period]:
            day = today + timedelta(days=1)
    return When(day, clock, period)


def _local(now: datetime) -> datetime:
    if now.tzinfo is None:
        now = now.replace(tzinfo=SHANGHAI)
    return now.astimezone(SHANGHAI)


def parse_when(text: str, now: datetime) -> When | None:
    """The first date and clock time the message names, or None when it names neither."""
    now = _local(now)
    when = _resolve(_read(text, now), now)
    if when is None and _LONE_ONE.fullmatch(normalize(text)):
        # 一点 alone is "one o'clock": inside a sentence it is usually "a little".
        return _resolve(_read("1点钟", now), now)
    return when


# Words that move a booking; what follows the first one that names a moment is the new moment.
_MOVE = re.compile(
    r"(?:改|换|挪|推|调|延|移|放|定|提前|推迟|延后|延期|顺延|往后推|往前挪|往后挪|往前提)"
    r"(?:到|成|为|在|去)?"
)


def parse_move(text: str, now: datetime) -> tuple[When | None, When | None]:
    """(from, to) for a request to move a booking: 周六的改成周日晚上八点.

    The new moment borrows the day or period it leaves out from the old one, so in
    "晚上8点的改成9点" the new time is 21:00 on the same day. `to` is None when the message
    names a move but no new moment ("明天的视频改个时间").
    """
    now = _local(now)
    normalized = normalize(text)
    markers = list(_MOVE.finditer(normalized))
    if not markers:
        # A bare moment ("周六晚上八点") answering "to when?" is the new one.
        return None, parse_when(text, now)
    for marker in markers:
        tail = _read(normalized[marker.end() :], now)
        if tail.day is None and not tail.clocks and not tail.periods:
            continue
        head = _read(normalized[: marker.start()], now)
        before = _resolve(head, now)
        default_day = before.date if before is not None and head.day is not None else None
        default_period = head.periods[0][2] if head.periods else None
        if tail.periods:
            default_period = None
        return before, _resolve(tail, now, default_day, default_period)
    return parse_when(text, now), None
