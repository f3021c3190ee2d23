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


@pytest.mark.parametrize(
    "text",
    [
        "我想去找我妈 她在天上等我",
        "家里没有我会更好过",
        "我一直在想怎么死才不疼",
        "要是我死了 奶奶会哭吗",
        "我偷偷拿了家里的敌敌畏",
        "我吞了大半瓶药",
        "我想掐死自己",
        "外婆突然半边身子动不了了",
        "孙子放学没回来 人找不到了",
        "我妹妹被陌生人抱走了",
        "我打算偷偷坐班车去福建 不告诉外婆",
        "后爹拿着斧头追我",
        "老人被儿子推倒在地上",
        "我被一个人锁在屋里",
    ],
)
def test_more_crisis_wordings(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "我想去找我妈 她在东莞那边打工",
        "放假了想去找我爸 他在那边上班",
        "农药瓶子咋回收",
        "防性侵的讲座什么时候开",
        "楼顶上晒的被子收一下",
        "钥匙锁在屋里了 找个开锁的",
        "我先走了啊 明天见",
        "要是我死了 保险怎么赔",
    ],
)
def test_errands_beside_crisis_words_are_not_crisis(text: str) -> None:
    assert assess_risk(text) != "crisis"


@pytest.mark.parametrize(
    "text", ["班上同学给我起了个外号", "他们说我是捡来的", "有个高年级的天天堵我"]
)
def test_teased_and_cornered_at_school_is_concern(text: str) -> None:
    assert assess_risk(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "这个家待不下去了 刀我都准备好了",
        "活着冇得意思 老鼠药就在床底下",
        "真想四了算了",
        "睡过去莫醒了最好",
        "爸爸不要我了 没人会想我的 我去塘边坐坐",
        "老头子走了半年 我想早些去下面陪他",
        "伢留了封信说不读了 衣服都不见了 手机也关机",
        "存折给孙女留下了 这辈子够了 以后不麻烦大家了",
        "他叫我莫讲出去 还给我看光身子的视频",
        "班主任扇了我女儿几个耳光",
        "孩子把自己关在屋里 刚才咚的一声 喊也不应",
    ],
)
def test_dialect_and_new_wordings_of_crisis(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "莫老师讲明天开家长会",
        "我想四点去镇上买菜",
        "农药放在柜子里面 记得锁好",
        "孩子留了张纸条说去同学家写作业了",
        "学校元旦演小品 他演一个落水的小孩",
        "医生例行问一下有没有想不开的念头",
        "在广东上班 想去那边陪她几天",
    ],
)
def test_errands_names_and_plays_are_not_crisis(text: str) -> None:
    assert assess_risk(text) != "crisis"


@pytest.mark.parametrize(
    "text", ["我家鸭子前天被狗咬死了两只", "猪瘟死了三头猪 有没有补贴", "隔壁家的牛病死了"]
)
def test_dead_livestock_is_not_concern(text: str) -> None:
    assert assess_risk(text) == "none"


@pytest.mark.parametrize("text", ["女儿饭量越来越小 人也瘦了", "孙女老是嫌自己丑 不肯出门"])
def test_eating_less_and_hating_ones_body_is_concern(text: str) -> None:
    assert assess_risk(text) == "concern"


@pytest.mark.parametrize(
    "text", ["下周一晚上七点跟我爸视频说说话", "我想跟我妈说说话", "帮我连一下我儿子 想跟他聊聊天"]
)
def test_asking_for_a_call_to_talk_with_family_is_not_concern(text: str) -> None:
    assert assess_risk(text) == "none"


@pytest.mark.parametrize("text", ["想找人说说话", "没人陪我说说话", "想跟我妈说说话 心里好难受"])
def test_wanting_someone_to_talk_to_is_still_concern(text: str) -> None:
    assert assess_risk(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        # A child left with nothing to eat while the grown-up is gone for days.
        "外婆去镇上两天了都没回 家里没吃的了",
        "妈妈走了三天了还没回来 饭早没了 妹妹一直哭",
        # A means set up, waiting for the moment.
        "梁上的绳子我挂好了 就等夜里",
        # Outside the railing of a bridge or a roof.
        "我翻到桥的护栏外面了",
        # Pills that are someone else's, swallowed by the handful.
        "把爷爷的一瓶安神的药全吞了",
        "刚吃了一大把外婆的降糖药 好想睡",
        # Cuts told with the place first.
        "今天又在胳膊上划了几道",
        "手腕上划了好几道 才好受点",
        # Held down and beaten.
        "放学被高年级的按在墙角打",
        # Going into the water after a loss.
        "老头子不在了 我干脆去水库了",
        # Affairs put in order and a leave-taking.
        "钥匙放门口砖头底下了 帮我跟孙女说一声 我先走一步",
    ],
)
def test_neglect_means_set_up_and_farewells_in_new_wordings(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "爸爸出差三天了还没回来 我好想他",
        "外婆去镇上两天了 家里的米快吃完了 帮我买一袋",
        "护士在我手臂上扎了一针",
        "干活时胳膊上划了一道口子 贴了创可贴",
        "把钉子按在墙上打进去",
        "我先走一步了 你们慢慢吃",
        "我准备去塘里摸鱼",
        "晒衣服的绳子系好了",
        "手机卡死了 点什么都没反应",
        "狼人杀我第一局就被刀了",
        "奥特曼被怪兽打倒了 弟弟哭了",
    ],
)
def test_traps_beside_those_wordings_are_not_crisis(text: str) -> None:
    assert assess_risk(text) != "crisis"


@pytest.mark.parametrize(
    "text", ["孙子自从他爸妈走了就不怎么吃饭了", "闺女瘦了好多 也不说话", "他逃课 管也管不住"]
)
def test_eating_less_and_skipping_school_are_concern(text: str) -> None:
    assert assess_risk(text) == "concern"
