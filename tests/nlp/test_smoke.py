from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import nlp

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_booking_message_is_understood_end_to_end() -> None:
    result = nlp.parse("明天下午三点帮我跟我女儿连个线", NOW)

    assert result.intent == "book_call"
    assert result.relation == "daughter"
    assert result.when == nlp.When(date(2026, 11, 19), time(15, 0), "afternoon")
    assert result.risk == "none"


def test_crisis_is_counselling() -> None:
    result = nlp.parse("明天下午三点帮我跟我女儿视频 我不想活了", NOW)

    assert result.intent == "counselling"
    assert result.risk == "crisis"
