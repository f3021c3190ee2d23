from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

import nlp

moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2090, 12, 31),
    timezones=st.just(UTC),
)
_ALPHABET = (
    "今明后天周礼拜星期一二三四五六日号月点半刻农历腊正初十"
    "下午晚上想死不活打我药跳0123456789:./-年岁组 "
)
chinese = st.text(
    alphabet=st.sampled_from(list(_ALPHABET)),
    max_size=40,
)
anything = st.one_of(st.text(max_size=200), chinese)


@settings(max_examples=300, deadline=None)
@given(anything, moments)
def test_parse_never_raises_and_keeps_the_contract(text: str, now: datetime) -> None:
    result = nlp.parse(text, now)
    assert 0.0 <= result.confidence <= 1.0
    assert result.risk in ("crisis", "concern", "none")
    assert (result.item is None) or result.intent == "service"
    assert result.as_json()["text"] == text


@settings(max_examples=200, deadline=None)
@given(chinese, moments)
def test_resolved_dates_are_near_now(text: str, now: datetime) -> None:
    when = nlp.parse_when(text, now)
    if when is not None and when.date is not None:
        assert abs(when.date - now.date()) < timedelta(days=800)


def test_edge_inputs() -> None:
    now = datetime(2026, 11, 18, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    for text in ["", " ", "\x00\x01\x02", "😀" * 50, "明天" * 50_000, "a\u202eb\ufeff", "𠀀𠀁"]:
        nlp.parse(text, now)
