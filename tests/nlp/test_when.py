from datetime import date, time

import pytest

from nlp import When, parse, parse_move, parse_when
from tests.nlp.conftest import at

WED = at("2026-11-18T09:30")  # a Wednesday morning
MON_EVENING = at("2026-12-28T19:00")
SAT = at("2027-01-30T14:00")


def day(text: str, now: object = WED) -> date | None:
    when = parse_when(text, now)  # type: ignore[arg-type]
    return when.date if when else None


def full(text: str, now: object = WED) -> tuple[object, object, object] | None:
    when = parse_when(text, now)  # type: ignore[arg-type]
    if when is None:
        return None
    return (when.date, when.time, when.period)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("星期五去看看", date(2026, 11, 20)),
        ("礼拜二来", date(2026, 11, 24)),  # Tuesday has passed this week
        ("周日有空", date(2026, 11, 22)),
        ("礼拜天有空", date(2026, 11, 22)),
        ("周三来", date(2026, 11, 18)),  # today has not passed
        ("本周一那次", date(2026, 11, 16)),
        ("这周二", date(2026, 11, 17)),
        ("下周二", date(2026, 11, 24)),
        ("下礼拜五", date(2026, 11, 27)),
        ("下下周四", date(2026, 12, 3)),
        ("周末", date(2026, 11, 21)),
        ("下周末", date(2026, 11, 28)),
    ],
)
def test_weekdays(text: str, expected: date) -> None:
    assert day(text) == expected


def test_next_week_crosses_the_year() -> None:
    assert day("下周三", MON_EVENING) == date(2027, 1, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天下午", (date(2026, 11, 18), None, "afternoon")),
        ("今晚", (date(2026, 11, 18), None, "evening")),
        ("明天", (date(2026, 11, 19), None, None)),
        ("明早", (date(2026, 11, 19), None, "morning")),
        ("明晚九点", (date(2026, 11, 19), time(21, 0), "evening")),
        ("后天中午", (date(2026, 11, 20), None, "noon")),
        ("大后天", (date(2026, 11, 21), None, None)),
        ("6天后", (date(2026, 11, 24), None, None)),
        ("十天以后", (date(2026, 11, 28), None, None)),
        ("两天之后", (date(2026, 11, 20), None, None)),
        ("一个星期后", (date(2026, 11, 25), None, None)),
        ("一周后", (date(2026, 11, 25), None, None)),
        ("半小时后", (date(2026, 11, 18), time(10, 0), None)),
        ("3个小时以后", (date(2026, 11, 18), time(12, 30), None)),
        ("45分钟后", (date(2026, 11, 18), time(10, 15), None)),
        ("一小时五十分后", (date(2026, 11, 18), time(11, 20), None)),
        ("一个半小时后", (date(2026, 11, 18), time(11, 0), None)),
    ],
)
def test_relative_days_and_spans(text: str, expected: tuple[object, ...]) -> None:
    assert full(text) == expected


def test_span_crosses_midnight() -> None:
    assert full("两个小时后", MON_EVENING.replace(hour=23)) == (
        date(2026, 12, 29),
        time(1, 0),
        None,
    )


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("25号", WED, date(2026, 11, 25)),
        ("18号", WED, date(2026, 11, 18)),
        ("10号", WED, date(2026, 12, 10)),
        ("2日", MON_EVENING, date(2027, 1, 2)),
        ("十二月八号", WED, date(2026, 12, 8)),
        ("3月1号", WED, date(2027, 3, 1)),
        ("11月20日", WED, date(2026, 11, 20)),
        ("下个月2号", WED, date(2026, 12, 2)),
        ("下个月20号", MON_EVENING, date(2027, 1, 20)),
        ("12.25", WED, date(2026, 12, 25)),
        ("1/9", WED, date(2027, 1, 9)),
        ("2027-02-03", WED, date(2027, 2, 3)),
        ("2027年3月3日", WED, date(2027, 3, 3)),
    ],
)
def test_days_of_the_month(text: str, now: object, expected: date) -> None:
    assert day(text, now) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下午两点", (time(14, 0), "afternoon")),
        ("下午两点半", (time(14, 30), "afternoon")),
        ("上午十点一刻", (time(10, 15), "morning")),
        ("下午四点三刻", (time(16, 45), "afternoon")),
        ("晚上7:30", (time(19, 30), "evening")),
        ("下午3点30", (time(15, 30), "afternoon")),
        ("下午三点二十", (time(15, 20), "afternoon")),
        ("中午12点", (time(12, 0), "noon")),
        ("中午一点", (time(13, 0), "noon")),
        ("凌晨五点", (time(5, 0), "night")),
        ("傍晚六点", (time(18, 0), "evening")),
        ("三点", (time(15, 0), "afternoon")),
        ("十点", (time(10, 0), "morning")),
        ("12点", (time(12, 0), "noon")),
        ("4:30", (time(16, 30), "afternoon")),
        ("16:00", (time(16, 0), "afternoon")),
    ],
)
def test_clock_times_and_the_bare_hour_rule(text: str, expected: tuple[object, ...]) -> None:
    when = parse_when(text, WED)
    assert when is not None
    assert (when.time, when.period) == expected


def test_clock_time_that_has_passed_means_tomorrow() -> None:
    assert full("八点", WED) == (date(2026, 11, 19), time(8, 0), "morning")
    assert full("十一点", WED) == (date(2026, 11, 18), time(11, 0), "morning")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天上午十点到十一点", (date(2026, 11, 19), time(10, 0), "morning")),
        ("下周三到周五", (date(2026, 11, 25), None, None)),
        ("晚上七点到九点之间", (date(2026, 11, 18), time(19, 0), "evening")),
    ],
)
def test_ranges_give_their_start(text: str, expected: tuple[object, ...]) -> None:
    assert full(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("农历十一月初一", date(2026, 12, 9)),
        ("阴历腊月廿三", date(2027, 1, 30)),
        ("正月初六", date(2027, 2, 11)),
        ("大年初一", date(2027, 2, 6)),
        ("大年三十", date(2027, 2, 5)),
        ("除夕", date(2027, 2, 5)),
        ("春节", date(2027, 2, 6)),
        ("元宵节", date(2027, 2, 20)),
        ("端午", date(2027, 6, 9)),
        ("中秋节", date(2027, 9, 15)),
        ("重阳节", date(2027, 10, 8)),
        ("腊八", date(2027, 1, 15)),
        ("冬至", date(2026, 12, 22)),
        ("清明", date(2027, 4, 5)),
        ("元旦", date(2027, 1, 1)),
        ("五一", date(2027, 5, 1)),
        ("国庆", date(2027, 10, 1)),
        ("七夕", date(2027, 8, 8)),
    ],
)
def test_lunar_dates_and_festivals(text: str, expected: date) -> None:
    assert day(text) == expected


def test_festival_on_its_own_day_is_today() -> None:
    assert day("冬至", at("2026-12-22T08:00")) == date(2026, 12, 22)


@pytest.mark.parametrize(
    "text",
    [
        "我电话13912345678",
        "号码 139 1234 5678",
        "我奶奶83岁",
        "住在石桥村3组12号",
        "人民路18号2栋",
        "家里3个孩子",
        "买2斤肉 30块",
        "血压150/95",
        "血糖7.8",
        "想买个4/5g手机",
        "订单号2026111800123",
        "帮我多带一点米",
        "快一点",
        "转了500",
        "体温37.5度",
        "帮我称2.5斤五花肉",
        "路上要1.5个小时",
    ],
)
def test_numbers_that_are_not_dates_stay_out(text: str) -> None:
    assert parse_when(text, WED) is None


@pytest.mark.parametrize(
    "text",
    [
        "2月30号晚上跟我爸视频",
        "4月31号",
        "四月三十一号",
        "2027-02-29",
        "2027年2月29日",
        "明年2月30号",
        "13月5号",
        "2.30",
        "4/31",
        "2月30号晚上八点",
    ],
)
def test_a_date_that_cannot_exist_gives_no_date(text: str) -> None:
    when = parse_when(text, WED)
    assert when is None or (when.date, when.time) == (None, None)


def test_a_date_that_cannot_exist_keeps_its_period() -> None:
    assert parse_when("2月30号晚上跟我爸视频", WED) == When(None, None, "evening")


def test_the_next_february_29_is_in_a_leap_year() -> None:
    assert day("2月29号", WED) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "明年三月跟我爸视频",
        "明年三月份下午跟我爸视频",
        "下个月晚上跟我妈视频",
        "三月份晚上八点",
        "这个月下午",
        "下下个月",
    ],
)
def test_a_month_without_a_day_gives_no_date(text: str) -> None:
    when = parse_when(text, WED)
    assert when is None or (when.date, when.time) == (None, None)


def test_a_month_without_a_day_gives_way_to_a_named_day() -> None:
    assert day("上个月去过了,今天下午再来", WED) == date(2026, 11, 18)


def test_greetings_name_no_time() -> None:
    assert parse_when("早上好", WED) is None
    assert parse_when("晚安", WED) is None


def test_naive_now_is_read_as_shanghai() -> None:
    assert parse_when("明天", WED.replace(tzinfo=None)) == When(date(2026, 11, 19), None, None)


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("明天的视频改到后天", (date(2026, 11, 19), None, None), (date(2026, 11, 20), None, None)),
        (
            "周六的改成周日晚上八点",
            (date(2026, 11, 21), None, None),
            (date(2026, 11, 22), time(20), "evening"),
        ),
        # The new hour keeps the old day and period when it names neither.
        (
            "周五晚上8点的视频 改成9点",
            (date(2026, 11, 20), time(20), "evening"),
            (date(2026, 11, 20), time(21), "evening"),
        ),
        ("把上门提前到周四上午", None, (date(2026, 11, 19), None, "morning")),
        ("明天的视频改个时间", (date(2026, 11, 19), None, None), None),
    ],
)
def test_a_move_names_the_new_moment(text: str, before: object, after: object) -> None:
    old, new = parse_move(text, WED)
    assert ((old.date, old.time, old.period) if old else None) == before
    assert ((new.date, new.time, new.period) if new else None) == after


def test_a_reschedule_points_when_at_the_new_moment() -> None:
    result = parse("明天的视频改到后天下午三点", WED)
    assert result.intent == "reschedule"
    assert result.when == When(date(2026, 11, 20), time(15), "afternoon")
    assert result.previous_when == When(date(2026, 11, 19), None, None)


def test_other_intents_keep_the_first_moment() -> None:
    result = parse("明天下午三点跟我妈视频", WED)
    assert result.previous_when is None
    assert result.when == When(date(2026, 11, 19), time(15), "afternoon")


def test_one_oclock_alone_is_a_time() -> None:
    assert full("一点", WED) == (date(2026, 11, 18), time(13), "afternoon")
    assert full("多吃一点", WED) is None


def test_a_bare_moment_is_where_to_move_to() -> None:
    assert parse_move("周六晚上八点", WED) == (None, When(date(2026, 11, 21), time(20), "evening"))
