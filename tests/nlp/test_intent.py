import pytest

from nlp import parse
from tests.nlp.conftest import at

NOW = at("2026-11-18T09:30")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("想跟在广州的儿子视频一下", "book_call"),
        ("我姥姥一直不接电话 麻烦去她家看看", "home_visit"),
        ("一个人在外面 心里苦得很", "counselling"),
        ("我和我哥为了老屋吵起来了 请人来调解", "mediation"),
        ("包工头欠了工钱不给 能告他吗", "legal"),
        ("养老保险今年交多少钱", "policy"),
        ("明天的视频改到周五吧", "reschedule"),
        ("周六的上门取消吧", "cancel"),
        ("我约的视频几点开始", "status"),
        ("送饭的小刘人很好 谢谢她", "feedback"),
        ("你们能帮忙做什么", "help"),
        ("谢谢你", "smalltalk"),
        ("明天吉安下雨不", "other"),
    ],
)
def test_intent(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("帮我奶奶去镇上买点米和油", "L1"),
        ("我爸家的灯泡坏了 能来换一个吗", "L5"),
        ("帮我妈交一下电费", "E2"),
        ("能帮我外公量下血压吗", "M1"),
        ("帮我爷爷买点降压药", "M2"),
        ("想申请低保 怎么弄", "H1"),
    ],
)
def test_service_item(text: str, item: str) -> None:
    result = parse(text, NOW)
    assert (result.intent, result.item) == ("service", item)


def test_item_is_only_set_for_service() -> None:
    assert parse("想跟我妈视频", NOW).item is None


def test_confidence_is_a_probability_and_lower_for_vague_text() -> None:
    clear = parse("帮我预约明天跟我儿子视频", NOW).confidence
    vague = parse("那个", NOW).confidence
    assert 0.0 <= vague < clear <= 1.0


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("请问怎么取消预约", "help"),
        ("预约的视频要怎么改时间", "help"),
        ("在哪里可以撤销我的单子", "help"),
        ("取消下周三的视频", "cancel"),
        ("下周三的视频改到周五", "reschedule"),
    ],
)
def test_asking_how_to_cancel_is_help_not_cancel(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent


@pytest.mark.parametrize(
    "text", ["不约了", "我约的视频是几点", "周六晚上跟我妈视频", "谢谢", "取消明天的上门"]
)
def test_clear_short_messages_are_confident(text: str) -> None:
    assert parse(text, NOW).confidence >= 0.6


@pytest.mark.parametrize(
    "text", ["我妈手机不会用", "外婆的手机不会用", "我不会用智能手机", "爷爷手机弄不来"]
)
def test_not_managing_a_phone_is_phone_teaching_not_help_with_the_bot(text: str) -> None:
    understood = parse(text, NOW)
    assert (understood.intent, understood.item) == ("service", "E1")


@pytest.mark.parametrize("text", ["我不会用这个", "这个怎么用", "不会用 教教我"])
def test_not_managing_the_bot_is_still_help(text: str) -> None:
    assert parse(text, NOW).intent == "help"


def test_a_phone_named_beside_a_bill_is_the_bill() -> None:
    result = parse("电费怎么交 我不会弄手机 帮我交一下", NOW)
    assert (result.intent, result.item) == ("service", "E2")
