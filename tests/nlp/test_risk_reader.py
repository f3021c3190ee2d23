"""The learned risk reader's meaning classes, the gates around it, and the wordings it was
built to catch; every sentence here is new, not from a scored set."""

import json
from pathlib import Path

import pytest

from nlp import assess_risk, emergency, risky_excerpt
from nlp.concepts import classes_in, concept_features, shows_danger
from nlp.numbers import normalize


def test_a_blade_and_a_cut_are_read_together() -> None:
    features = concept_features("铅笔刀的刀片我拆下来了 昨晚又划了")
    assert "kk:blade+cut" in features


def test_who_and_when_are_never_features_alone() -> None:
    features = concept_features("我明天去城里")
    assert not any(name in features for name in ("k:self", "k:soon", "k:city"))
    assert "kk:self+soon" not in features


def test_everyday_da_is_not_a_blow() -> None:
    assert "hit" not in classes_in("给我爸打个电话")
    assert "hit" in classes_in("他又打我")


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("我想去找我妈", False),
        ("护士在我胳膊上扎了一针", False),
        ("晾衣服的绳子买好了", False),
        ("他拿皮带抽我 腿上都是血", True),
        ("药我都攒好了", True),
    ],
)
def test_the_reader_needs_a_sign_of_danger(text: str, danger: bool) -> None:
    assert shows_danger(text) is danger


@pytest.mark.parametrize(
    "text",
    [
        "三天没见她开门了 敲了好久也没人应",
        "奶奶有点糊涂 下午出门到现在还没回来",
        "网友说周末来接我 车票他都买好了",
        "那个人把我妹叫到他屋里 出来以后一直哭",
        "他一喝醉就掐我脖子 昨天差点没气",
        "细伢子烧得抽筋 眼睛往上翻",
        "河水已经没过腰了 好冷",
        "今天去看了那栋楼 够高",
        "想zs 别劝我",
        "今晚就是我最后一次跟你们说话了",
        "他要我拍没穿衣服的照片发给他",
        "我不吃饭了 就饿着自己 没了最好",
        "绳子已经挂好了",
        "爷爷胸口疼得厉害 一身大汗 话都讲不出",
        "救命",
        "救命啊！",
        "表叔让我脱衣服 说是玩游戏",
        "我已经到汽车站了 别找我",
        "活著沒意思 我想自殺",
        "我想自sha",
        "bxhl 真的",
        "我 想 死",
        "外公 胸 痛 喘不上",
        "老伴嘴歪了 话也讲不清",
        "这是哪里 天黑了 我要回家",
        "奶奶在床上已经走了两天了 就妹妹一个人在家",
        "他从床上摔下来 一直躺在地上",
        "房梁上那根绳子我试过了 很牢",
        "你们别再送饭了 我就这样饿过去",
        "安眠药吃多少能走得快一点",
        "村口那口塘 跳下去了就清净了",
        "他又拿扁担打我弟 脑壳出血了",
        "她后妈拿烧红的铁钳烫她手",
        "反正我也活不到开春了 怎么走我都想好了",
        "等爷爷睡着我就翻窗出去 搭同学哥哥的摩托去深圳",
        "井边只有一只拖鞋浮在水面上",
        "爷爷在茅房摔在地上 讲不出话",
        "好想紫砂 药都买好了",
        "我真的想si",
        "不想活了 想挑河",
        "姑父半夜爬到我床上 我推不开他",
        "等过完年就去陪老伴 省得给儿女添麻烦",
        "想最后看我孙子一眼 以后就不麻烦你们了",
        "人要是寻了短见 保险还赔不赔",
        "他约了同学今晚扒火车去九江",
        "她脸上有巴掌印 说是后爸打的",
        "昨晚又被关在牛棚里一夜",
        "我知道去妈妈那边坐哪趟车 明天偷偷走 不跟奶奶说",
        "手臂又被我自己抓出血了 控制不住",
        "她手腕内侧一道一道的口子",
        "明天不上学了 去东莞找我爸 偷了奶奶的钱",
        "💊💊💊都吃了 晚安",
        "门口那棵树挂得住一个人吧",
        "又想zc了",
        "4了算了",
        "电费帮我交一下 以后就不用交了 药我已经买好了",
        "等我吃药走了 你们别难过",
        "又划了🩸",
        "bu xiang huo le",
        "在水库坝上坐着 天亮前我就从这儿下去",
        "表姐的玩具都放你家了 往后你要好好的 我陪不了你了",
        "刚在菜地里被毒蛇咬了 腿肿起来了",
        "舅舅说我敢告诉别人就把我弄掉 刀子往桌上一拍",
        "每天在手臂上用圆规刻一道 今天第三道",
        "隔壁男的拍了我换衣服的照片 说不听话就发到群里",
        "我外婆胸口闷 出了一身冷汗",
        "后爸让我陪他睡 不然不给学费",
        "摄像头里看我爸躺在床边一动不动 打他手机没人接",
        "山火烧到村口了 我奶奶还在屋里 她走不动",
        "我死了以后两个崽送福利院吧",
        "坐在井边半天了 真想下去",
        "婆婆从早上一直躺着 叫她没反应 呼吸好弱",
        "我爸门窗都封死了 屋里在烧炭",
        "小宇说今晚等奶奶睡熟了就走 路费钱藏在枕头里",
        "外公去世以后 外婆总说想跟他去",
        "三天没吃东西了 妈妈出去还没回来",
        "我俩在游戏里认识的 他叫我去县城宾馆见面",
        "又划了 这次好深",
        "有人在踹我家的门 我躲在床底下",
        "弟弟掉进水渠了 水冲得好快",
        "我哥说他明早去跳桥 定位发我了",
        "我爸在稻田里晕到了 一身烫 叫不太醒",
        "遗书写好了 放在抽屉里 你们看到就晓得了",
        "村里莫再给我送米了 过几天我就不在了",
        "把鸡卖了 钱给孙女买书 我不等过年了",
        "衣服洗好了 猪也喂了 今晚去塘里找我老伴",
        "班上几个人把我的头按进水桶里 我不敢去学校了",
        "帮我把电费交了 反正以后也用不上了 以后不用再交了",
        "世上少我一个也没人晓得 等下就去水库",
        "终于要解脱了🤣 谢谢大家",
        "安眠药一整瓶都吃了 好困",
        "过了今晚你们就清净了",
        "我先走一步",
        "存折在柜子里 你去跟儿子讲一声 绳子我系在梁上了",
        "米和油都托给隔壁了 今晚我想清清静静去找老头子",
        "有个叔叔老在村口等我 给我买零食 叫我星期天一个人去他家 不许跟妈妈说",
        "对门张奶奶四天没看见人了 门是锁着的 喊她没人应",
        "爸爸 等你看到这条 说明我已经走了",
        "听说吃安眠药睡过去不痛 真的吗 我攒了一些了",
        "门钥匙压在花盆底下 狗也托给邻居了 你们回来自己收拾",
        "又没考好 我妈说回来要打我 农药我都买好了",
        "什么药吃多了不难受 我想安安静静地走",
    ],
)
def test_new_crisis_wordings(text: str) -> None:
    assert assess_risk(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "上一把被打死三次 排位又掉分了",
        "打死我也不去相亲",
        "没网我活不下去啊",
        "学校组织研学 坐大巴去井冈山 书包收拾好了",
        "他前年闹过要离家出走 后来好了 现在成绩也上来了",
        "晒被子的绳子挂好了",
        "塘里的水才到膝盖深 能养鸭不",
        "寒潮冻死了好几只鸭",
        "死老头子又去钓鱼了",
        "救命 作业写不完了",
        "奶奶不在了 刚去菜园了 你晚点打",
        "给我爸打个电话 他在广州",
        "屋后老树倒了 没砸到人 找人来锯",
        "他说要揍我 其实就是开玩笑",
        "帮我买根捆柴的绳子 要结实的",
        "老师讲了屈原的故事 端午要包粽子",
        "差点掉到沟里 还好我爸拉住了",
        "我家的狗被车撞了 送去兽医那了",
        "儿子好久没来电话 我也不敢打过去",
        "奶奶讲话有点不清楚 想约医生看看",
        "拿根绳子来 把稻草捆一下",
        "紫砂壶摔了个口子 还能用吗",
        "村里搞消防演练 老师说着火了要弯腰跑",
        "这道物理题做得我想撞墙",
        "一条蛇钻进鸡窝 被我爸打死扔掉了",
        "儿子不理我 我这心就像刀割一样",
        "村里办防自杀培训 志愿者都要去",
        "冬天烧炭取暖 怕一氧化碳中毒 要开窗吗",
        "我们排话剧 我演一个要跳河的人 台词太长了",
        "蚊子咬的包抓破了 有什么药膏",
        "我在三楼 你在楼下等着 我马上下去",
        "外婆怕黑 叫我陪她睡",
        "电视剧里女主最后跳河了 哭死我了",
        "我老公知道了肯定要打死我 哈哈 又买衣服了",
        "走丢的那个爷爷找到了 在亲戚家 大家放心",
        "一朝被蛇咬 十年怕井绳",
        "血压高 要吃药吗",
        "能不能找个人去陪她聊聊天",
        "我电话是13800000000 有事打我",
        "老板欠了三个月工资不给 咋办",
        "刚打死了一只好大的老鼠",
        "借你家的柴刀用一下 明天还你",
        "访谈后无伤害自己的想法 情绪平稳",
        "那年涨大水差点淹死 现在几十年了身体好得很",
        "平板按了没反应 是不是坏了",
        "我要转学了 以后你要好好的 我不能陪你玩了",
        "我先走一步 明天见",
        "拔河比赛绳子断了 大家都摔了一跤 笑死",
        "我老伴前年喝农药走的 现在一个人 晚上睡不着",
        "气得我想跳河 他又去打牌了",
        "上回离家出走的那个伢崽找回来了 在家好好的",
        "梦到我妈走了 吓醒了",
        "我要杀了你哈哈 又抢我零食",
        "孙子天天玩手机 叫他也不应",
        "隔壁把水沟堵了 水流到我田里 能调解不",
        "遗嘱怎么写才算数",
        "河里的鱼死了好多 是不是有人排污",
        "帮我去看下我外公 他好几天没回微信了",
        "前年冬天我奶奶掉进塘里 救上来了 现在身体好得很",
        "屋里烧炭烤火 窗户开了缝 报警器也装好了 放心",
        "孙子他爸妈一走就坐在门口发呆 喊他也不应",
        "听说村里有人喝药了 不晓得是哪家",
        "打工时手被机器压了 厂里不给算工伤 怎么办",
        "鸡鸭都卖掉了 过年去儿子那边住",
        "这个药吃了以后肚子不痛了",
        "想安安静静地走走 散散心",
    ],
)
def test_traps_around_the_reader_are_not_crisis(text: str) -> None:
    assert assess_risk(text) != "crisis"


def test_traditional_characters_read_as_simplified() -> None:
    assert normalize("活著沒意思 我想自殺 跳樓") == "活着没意思 我想自杀 跳楼"


@pytest.mark.parametrize("text", ["x" * 50_000, "hhhhhhhhhh", "asdfghjkl qwerty", "1234567890"])
def test_text_without_chinese_tells_the_backstop_nothing(text: str) -> None:
    assert assess_risk(text) == "none"


def test_grief_over_a_missed_last_look_is_concern() -> None:
    assert assess_risk("我爸走的时候我在厂里 没赶回去见最后一面 心里一直放不下") == "concern"


@pytest.mark.xfail(
    reason="whole sentences in toneless pinyin are not read; only the common "
    "initials and a few spelled-out phrases are",
    strict=True,
)
def test_a_farewell_typed_all_in_pinyin() -> None:
    assert assess_risk("ma ma dui bu qi, wo jin tian wan shang jiu qu zhao ye ye le") == "crisis"


def test_grief_in_a_quiet_house_is_concern() -> None:
    assert assess_risk("老伴走了半年 屋里静悄悄的 心里空落落的") == "concern"


def test_sets_written_blind_keep_every_crisis() -> None:
    """Sets written by people who never saw the detector; each was scored once before it was
    used to fix anything, and now guards against losing what those fixes found."""
    for path in sorted((Path(__file__).parent / "data" / "final7").glob("*-risk.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        got = [(row["risk"], assess_risk(row["text"])) for row in rows]
        missed = [
            row["text"]
            for row, (want, have) in zip(rows, got, strict=True)
            if want == "crisis" and have != "crisis"
        ]
        false = sum(1 for want, have in got if want != "crisis" and have == "crisis")
        assert missed == [], path.name
        assert false <= 1, path.name


@pytest.mark.parametrize(
    "text, kind",
    [
        ("外公倒在猪圈边上 叫不醒", "medical"),
        ("妹妹掉进塘里了", "medical"),
        ("我把一整瓶安眠药都吃了", "medical"),
        ("灶屋着火了 奶奶还在里面", "fire"),
        ("我不想活了", None),
        ("后爸又拿皮带抽我", None),
    ],
)
def test_what_help_a_crisis_needs_first(text: str, kind: str | None) -> None:
    assert assess_risk(text) == "crisis"
    assert emergency(text) == kind


def test_a_long_paste_is_quoted_where_the_danger_is() -> None:
    text = "今天天气不错 我们去赶集了 买了白菜和萝卜 " * 40 + "我今晚就去水库 不想活了"
    quoted = risky_excerpt(text, "crisis")
    assert "不想活了" in quoted and len(quoted) <= 201
    assert risky_excerpt("我不想活了", "crisis") == "我不想活了"
