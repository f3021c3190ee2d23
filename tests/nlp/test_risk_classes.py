"""Crisis and concern meaning classes, each in several wordings, with the traps beside them."""

import pytest

from nlp import assess_risk


@pytest.mark.parametrize(
    "text",
    [
        "这条命俺不要了 谁爱要谁要",
        "俺这条老命不要了",
        "我的命也不想要了",
        "没活头了",
        "活着也是受罪 还不如死了",
        "活着有啥盼头",
    ],
)
def test_giving_up_ones_life_in_any_wording(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "隔壁叔叔把我带到甘蔗地里 脱我裤子",
        "他扯我裙子 我好害怕",
        "表哥晚上摸我下面",
        "他捂住我的嘴不让我喊",
        "有个人拍我没穿衣服的照片",
    ],
)
def test_sexual_abuse_of_a_child_in_plain_words(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "奶奶从楼梯上滚下来了 一动不动",
        "爸爸被木头砸到头 叫他也不应",
        "外公从树上掉下来 躺着起不来",
    ],
)
def test_injured_and_not_moving(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "等爷爷奶奶睡着了我就走 去一个没人认识我的地方",
        "我要跑得远远的 再也不回来",
        "趁外婆去赶集我就偷偷坐车走",
    ],
)
def test_leaving_for_somewhere_nobody_knows(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "安眠药我已经买到了 这回是真的",
        "绳子我都找好了 我是认真的 别拦我",
        "我偷偷买了一瓶百草枯 想好了",
    ],
)
def test_a_means_obtained_with_resolve(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "今天买到农药了 明天去打稻子",
        "绳子买好了 明天捆柴",
        "我是认真的 想报名书法班",
        "我是认真的 这次一定戒烟",
        "你开车不要命啦",
        "要命 手机又卡了",
        "命真苦啊这个剧",
        "羊从坡上摔下来 不动了",
        "鸡从架子上掉下来了",
        "狗把我衣服扯破了",
    ],
)
def test_traps_beside_the_new_classes_are_not_crisis(text: str) -> None:
    assert assess_risk(text) != "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "妈妈好几个月都没回家了",
        "爸妈都不给我打电话",
        "他们把我忘了",
        "夜里老是醒 翻来覆去睡不着",
        "同学给我起外号 我不敢去学校",
        "在学校被人欺负",
        "我觉得我是个累赘",
        "没有人在乎我",
        "孙子上了高中就不跟我说话了",
    ],
)
def test_concern_classes(text: str) -> None:
    assert assess_risk(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "我爸走了 到镇上赶集去了",
        "我妈走了 回厂里上班了",
        "奶奶从县城回来了",
        "好久没跟我妈视频了 帮我约一下",
    ],
)
def test_gone_for_the_day_is_not_concern(text: str) -> None:
    assert assess_risk(text) == "none"


def test_a_neighbours_death_told_in_passing_is_not_concern() -> None:
    assert assess_risk("隔壁的李奶奶去年走了 明天去她家帮忙") == "none"
    assert assess_risk("邻居家大爷走了 我心里好难过") == "concern"
