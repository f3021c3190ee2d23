"""Keyword cues for intents and catalog items.

The cues are weighted evidence, not verdicts: the statistical model in `nlp.model` weighs
them together with character n-grams, and they alone decide only when no model is loaded.
"""

from __future__ import annotations

import re

from nlp.types import Intent

_INTENT_CUES: dict[Intent, list[tuple[str, float]]] = {
    "book_call": [
        (r"视频|视个频|视屏|视频一下|通个?视频|打个?视频|连线|连个线|接一下|见见面|见个面", 2.0),
        (r"打个?电话|通个?电话|说说话|说几句|聊几句|看看(?:他|她)|平板", 1.0),
        (r"亲情连线|帮我约个?(?:视频|连线)|想跟.{0,6}(?:视频|说话|通话)", 2.0),
    ],
    "home_visit": [
        (
            r"上门看|去看看|去看一?下|去瞧|去瞅|看一眼|跑一趟|去(?:他|她)?(?:家|屋)里?看|派人去看",
            2.5,
        ),
        (
            r"打不通|没接电话|不接电话|没人接|联系不上|没消息|没出门|一个人在家|一个人住|门.{0,3}锁",
            1.5,
        ),
        (r"上门", 1.0),
    ],
    "service": [
        (
            r"帮我?.{0,6}(?:买|送|交|修|打印|复印|量|测|理发|打扫|认证|申请)|能不能.{0,8}(?:教|修|送)",
            1.0,
        ),
        (r"有没有.{0,6}(?:服务|班|课)|报(?:个|名)|还有位置|能测|能打印", 1.0),
    ],
    "counselling": [
        (
            r"难受|孤单|孤独|睡不着|失眠|心里|想哭|哭|压力|焦虑|憋|空落落|不说话|关在房|情绪|心理咨询",
            2.0,
        ),
        (
            r"不想活|想死|划手|打我|自杀|离家出走|倒在|叫不应|喊不醒|脾气|摔门|孤立|没人跟.{0,2}玩",
            2.5,
        ),
    ],
    "mediation": [
        (r"调解|说和|评理|评评理|中间人|协调|劝劝|出面|几方|三方|商量", 2.5),
        (r"吵|闹翻|闹僵|纠纷|谈不拢|矛盾|推来推去|不肯出|不出钱", 1.5),
    ],
    "legal": [
        (
            r"法律|法院|起诉|告他|告(?:得|不)|合法|违法|律师|合同|工伤|赔偿|赔|欠条|欠我|拖欠|押金|过户|遗嘱",
            2.5,
        ),
        (r"工资|工钱|辞退|扣着|跑路|证据|怎么分|算数|赡养费", 1.5),
    ],
    "policy": [
        (
            r"政策|补贴|补助|扶持|新农合|医保|社保|养老金|养老保险|报销|退休|优抚|学籍|中考|低保标准|贷款",
            2.5,
        ),
        (r"交多少|领多少|能领|比例|截止|多少钱|划算|能享受|转过来|备案", 1.0),
    ],
    "reschedule": [
        (
            r"改到|改成|换到|换个|挪到|往后推|往后挪|推推|推迟|提前到|延后|改约|改天|调一下|换成|改一下",
            3.0,
        ),
    ],
    "cancel": [
        (
            r"取消|不用来|不用上门|不用了|不要了|不约了|退掉|退了|算了|免了|别来|不搞了|撤销|不报了|不去了",
            3.0,
        ),
        (r"不用麻烦|不要再送|别送", 2.0),
    ],
    "status": [
        (
            r"办了没|了没|没有[?？]?$|有消息|出来没|排上|到哪|几点到|还来不|还算数|准时|定下来|成功了没",
            2.5,
        ),
        (r"查一下|是哪个|哪一步|在几号|是几点|接了吗|报上了", 2.0),
    ],
    "feedback": [
        (
            r"服务很好|很好|太好了|满意|不错|耐心|点个?赞|辛苦了|负责|仔细|干净|投诉|态度|太不靠谱|不靠谱",
            2.0,
        ),
        (
            r"说好.{0,8}没来|没人来|没来|迟到|凉了|买错|又漏|啥水平|一直卡|催|[1-5]星|好差|很凶|收了.{0,4}钱",
            2.0,
        ),
    ],
    "help": [
        (
            r"能干啥|能做啥|能干什么|能做什么|怎么用|咋用|怎么约|怎么预约|咋弄|怎么弄|使用说明|哪些服务|菜单",
            3.0,
        ),
        (
            r"干嘛的|是干什么的|收不收钱|收费|怎么接单|在哪里?改|点哪里|发语音|方言|怎么给|注册|服务时间",
            2.5,
        ),
    ],
    "smalltalk": [
        (
            r"^(?:在吗|在不|有人吗|你好|您好|谢谢|多谢|感谢|好的|好嘞|好滴|好|嗯|嗯嗯|哦|收到|晓得了|知道了)",
            2.5,
        ),
        (r"早上好|晚安|拜拜|再见|辛苦了|麻烦你们了|快乐|吃了冇|吃了吗|吃饭没|你好呀|谢谢啦", 2.5),
    ],
    "other": [
        (
            r"彩票|天气|下不下雨|火车票|车票|大巴|股票|笑话|歌|世界杯|快递|翻译|运势|怎么做好吃|牌子|化肥|招工|招普工",
            2.5,
        ),
        (r"多少钱一斤|卖|哪里便宜|请假条|鸡瘟|二手", 1.5),
    ],
}

_ITEM_CUES: list[tuple[str, str]] = [
    ("E5", r"骗子|诈骗|骗钱|冻结|转钱|中奖|可疑|是不是骗|公安局.{0,6}电话|安全账户"),
    ("H1", r"低保|临时救助|困难救助|特困|五保|救助"),
    ("H2", r"助学|学费|助学金|上不起学|奖学金|学杂费"),
    ("H3", r"残疾|轮椅|助残|拐杖|盲人|聋|瘫"),
    (
        "H4",
        r"农忙|割稻|收稻|割.{0,2}稻|插秧|帮工|收割|摘茶|采茶|晒谷|挖花生|收花生|摘棉花|砍甘蔗|种田没人",
    ),
    ("M4", r"慢病|随访|糖尿病|高血压.{0,6}(?:随访|定期|管理)|慢性病"),
    (
        "M3",
        r"陪(?:她|他|我|我妈|我爸|奶奶|爷爷|老人)?.{0,6}(?:去|上)?(?:医院|看病|复查|卫生院|就医|拿报告)|陪诊|陪同就医|陪.{0,4}(?:看医生|住院)",
    ),
    ("M2", r"药"),
    ("M1", r"血压|血糖|体检|量一?下|测一?下|检查身体|身体检查|心电图"),
    ("D1", r"作业|辅导|功课|补课|学习跟不上|4点半|四点半"),
    ("D2", r"亲子阅读|绘本|阅读|讲故事|读书会|看书.{0,4}(?:孩子|孙)"),
    ("D3", r"安全课|安全教育|防溺水|交通安全|防拐|网络安全|游泳.{0,4}安全|安全知识"),
    ("D4", r"兴趣班|兴趣课|画画|美术|书法|音乐课|唱歌班|舞蹈班|篮球|乒乓球|足球|围棋班|手工课"),
    ("C3", r"生日|过寿|大寿"),
    ("C2", r"慰问|过节.{0,4}(?:看看|送)|年货"),
    ("C1", r"陪.{0,6}(?:说说?话|聊|唠|拉家常|坐坐)|陪聊|陪伴|聊聊天|解闷"),
    ("F1", r"广场舞|下棋|象棋|唱戏|采茶戏|文体|太极|健身操|腰鼓|活动室|棋牌|打牌|戏曲|跳舞"),
    ("F2", r"电影|看书|借书|图书|书屋|读报|放映"),
    ("E4", r"打印|复印|扫描|复印件|彩印"),
    (
        "E3",
        r"认证|资格认证|线上办|网上办|社保卡|医保卡激活|养老金.{0,4}认证|生存认证|办个证|办证|"
        r"掌上办|赣服通|电子社保|异地备案.{0,4}(?:帮|弄)",
    ),
    ("E2", r"电费|水费|话费|缴费|交费|燃气费|充值|充话费|网费|有线电视费|医保费"),
    (
        "E1",
        r"手机.{0,6}(?:不会|咋|怎么|调|设置|弄不来|用不来|搞不来)|不会用|微信|智能机|字太小|发语音|视频通话.{0,4}(?:怎么|咋)|"
        r"健康码|抖音|app|下载|流量|教(?:教|一下|我|她|他)|学用",
    ),
    (
        "L5",
        r"修|灯泡|水龙头|漏水|跳闸|电线|水管|插座|马桶|下水道|堵了|坏了|换灯|热水器|电路|屋顶漏",
    ),
    ("L4", r"理发|剪头|剃头|头发|理个发|剪个头"),
    ("L3", r"打扫|保洁|大扫除|家政|擦窗|洗衣服|收拾屋|拖地|卫生搞|搞卫生"),
    ("L2", r"送饭|送餐|助餐|做饭|配餐|饭菜|吃饭|食堂|送个饭|盒饭|午饭|晚饭"),
    ("L1", r"买|代购|带点|捎|采购|代买"),
]
# "How do I cancel" asks about the bot; "how come nobody came" (怎么没/怎么又/约了) complains.
_HOW_TO = re.compile(
    r"(?:怎么|咋|如何|怎样|在哪|在那|哪里|哪儿|哪个|啥地方)(?:样|个)?(?:才能?|能|可以|要|去|里)?"
    r"(?:\S{0,2})(?:取消|撤销|撤回|退掉|退订|改|约|预约|订|查|评价|打分|注册|操作|使用|用)(?![了过])"
)


# Not managing a phone is a request for 智能手机教学, not a question about the bot:
# 我妈手机不会用 reads like 我不会用这个 word for word apart from the phone.
_PHONE_TROUBLE = re.compile(
    r"(?:手机|智能机).{0,3}(?:不会用|不会弄|用不来|弄不来|不会玩|搞不来)"
    r"|(?:不会|不晓得|不知道)(?:怎么|咋)?(?:用|弄|玩)(?:智能)?(?:手机|智能机)"
)


def phone_trouble(normalized: str) -> bool:
    return _PHONE_TROUBLE.search(normalized) is not None


def asks_how_to(normalized: str) -> bool:
    """The message asks how to use the bot for something rather than doing it."""
    return _HOW_TO.search(normalized) is not None


_COMPILED_INTENTS = {
    intent: [(re.compile(pattern), weight) for pattern, weight in cues]
    for intent, cues in _INTENT_CUES.items()
}
_COMPILED_ITEMS = [(code, re.compile(pattern)) for code, pattern in _ITEM_CUES]


def intent_scores(normalized: str) -> dict[Intent, float]:
    scores: dict[Intent, float] = {}
    for intent, cues in _COMPILED_INTENTS.items():
        total = 0.0
        for pattern, weight in cues:
            if pattern.search(normalized):
                total += weight
        if total:
            scores[intent] = total
    return scores


def item_cues(normalized: str) -> list[str]:
    """Catalog codes whose cues appear, most specific first."""
    return [code for code, pattern in _COMPILED_ITEMS if pattern.search(normalized)]


def guess_item(normalized: str) -> str | None:
    codes = item_cues(normalized)
    return codes[0] if codes else None
