import pytest

from nlp import assess_risk, parse
from tests.nlp.conftest import at


@pytest.mark.parametrize(
    "text",
    [
        "我不想活了",
        "活着还有什么意思 不如死了",
        "俺想死",
        "药我都攒好了 过两天就吃",
        "我想从楼上跳下去",
        "又拿刀片划了手",
        "我继父喝了酒就拿棍子打我",
        "有个大人老摸我 还叫我别跟妈妈说",
        "我奶奶倒在地上 叫不醒",
        "我明天要离家出走 去找我爸",
        "想死 想死 想死",
    ],
)
def test_crisis(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "想死你了",
        "外婆 想死你们了",
        "累死了",
        "热死人了",
        "笑死我了",
        "气死了",
        "饿死了",
        "烦死了",
    ],
)
def test_si_as_an_intensifier_is_not_crisis(text: str) -> None:
    assert assess_risk(text) == "none"


def test_intensifier_does_not_hide_a_real_crisis_in_the_same_message() -> None:
    assert assess_risk("累死了 我真的不想活了") == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "电视剧里的人跳楼了",
        "小说里他最后自杀了",
        "新闻说河里淹死了一个人",
        "《活着》这本书借我看看",
    ],
)
def test_fiction_and_news_are_not_crisis(text: str) -> None:
    assert assess_risk(text) == "none"


@pytest.mark.parametrize(
    "text", ["明天去田里打农药", "帮我买两瓶杀虫的农药", "打完农药手要洗几遍"]
)
def test_farm_pesticide_is_not_crisis(text: str) -> None:
    assert assess_risk(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "孙女想学跳舞",
        "跳绳比赛得了奖",
        "菜刀钝了要磨",
        "帮我爸买点药",
        "借根绳子捆柴",
        "屋里跳闸了",
    ],
)
def test_ordinary_requests_with_alarming_words_are_not_crisis(text: str) -> None:
    assert assess_risk(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "晚上总是睡不着",
        "一个人在家好孤单",
        "爷爷走了 我好想他",
        "儿子最近不说话",
        "跟老公天天吵架",
    ],
)
def test_concern(text: str) -> None:
    assert assess_risk(text) == "concern"


def test_crisis_makes_any_message_counselling() -> None:
    result = parse("明天下午帮我跟我妈视频 我不想活了", at("2026-11-18T09:30"))
    assert (result.intent, result.risk) == ("counselling", "crisis")
