"""Meaning classes for the learned risk reader.

A new wording of a crisis rarely shares its exact characters with any example, but it shares
what it is about: a blade and a cut, a bus ticket and a city where a parent works, a hand and a
child's clothes, a fall and no one answering. Each class below lists the everyday words for one
such idea; the model reads which classes a message holds and which pairs of them occur
together, so 卷笔刀的刀片拆下来了 今天又划了 is recognised through 刀片 + 划 even though no
example says 卷笔刀.

The words are plain vocabulary, not verdicts: 刀 appears in kitchens and 河 on walks. Whether a
pair means danger is what the model learns from the written examples.
"""

from __future__ import annotations

import re
from itertools import combinations

# Longer and more particular words first: one pass takes the first class that matches at a
# position, so 打火机 must be seen before 打 and 刀片 before 刀.
_CLASSES: dict[str, str] = {
    "fiction": r"游戏|王者|吃鸡|对面|队友|复活|副本|一集|电视剧|电影|动画|动漫|小说|课本剧|"
    r"反派|主角|演员|剧情|"
    r"僵尸|奥特曼|新闻|视频号|抖音|快手|书里|剧里|里面的人|角色|台词|作文|课文|《",
    "animal": r"猪|牛|羊|鸡|鸭|鹅|狗|猫|鱼|兔|鸟|蜂",
    "threat": r"打死|弄死|杀了|砍死|要你命|要他命|再告状|不然就|就打|还要打|威胁",
    # Everyday 打 (a call, a job, cards), so that 打 left over means a blow.
    "chore": r"打(?:过去|回去|回来|给)"
    r"|打(?:个|了|过|一)?(?:电话|视频|工|针|疫苗|牌|麻将|游戏|扫|印|字|卡|算|听|开|招呼|饭|水|酱油|农药|药)"
    r"|摸(?:鱼|虾|螺|黑|索|牌)|扎(?:了)?(?:一|几)?针",
    "secret": r"别跟.{0,4}(?:说|讲)|不要跟.{0,4}(?:说|讲)|莫跟.{0,4}(?:说|讲)|千万别|不能讲|"
    r"不能说|不许说|不准说|不准讲|不许讲|别告诉|莫告诉|不要告诉|不准告诉|别讲出去|讲出去|"
    r"说出去|秘密|别让.{0,4}(?:知道|晓得)|莫让.{0,4}(?:知道|晓得)|不让.{0,4}(?:知道|晓得)|"
    r"谁也不知道|"
    r"没人知道|谁都不晓得|偷偷|悄悄|瞒着",
    "online": r"网上认识|网友|网上的|网恋|qq上|QQ上|微信上认识|游戏里认识",
    "sexual": r"不穿衣服|没穿衣服|光着|光身子|裸|衣服里|裤子里|内裤|裤子|裙子|胸|屁股|下面|"
    r"隐私|私处|"
    r"腿上|亲(?:我|她|他|嘴)|摸|舔|抱着不放|一起睡|钻.{0,3}被|上(?:我|她)的床|进(?:我|她)的?房",
    "travel": r"[0-9一二三四五六七八九十两]+点的车|火车站|汽车站|高铁|火车|夜班车|大巴|班车|"
    r"客车|车票|车费|路费|车钱|买票|扒火车|拦车|高速路口|"
    r"高速|坐车|搭车|出走|离家|村口|背着包|背着书包|书包塞|收拾好|收拾东西|润了|跑了|跑掉|走掉",
    "city": r"广州|深圳|东莞|上海|北京|福建|浙江|广东|杭州|厦门|温州|宁波|苏州|长沙|外省|外地|"
    r"城里|县里|镇上",
    "find_parent": r"找(?:我|俺)?(?:爸|妈|爹|娘|爸爸|妈妈|爸妈|他爸|她爸|他妈|她妈)|"
    r"寻(?:他|她|我|俺)?(?:爸|妈|爹|娘)",
    "soon": r"今晚|今天晚上|今夜|今天|明早|明朝|明天|天不亮|马上|现在就|等.{0,5}睡着|半夜|"
    r"已经|就要|这就",
    "child": r"孩子|小孩|细伢|伢崽|伢|娃|崽|孙子|孙女|外孙|儿子|女儿|闺女|小男孩|小女孩|学生|"
    r"弟|妹",
    "elder": r"爷爷|奶奶|外公|外婆|姥姥|姥爷|老伴|老头子|老太婆|老倌|老人|婆婆|公公|"
    r"老娘|老妈|老爸|五保户|独居",
    "parent": r"爸|妈|爹|娘|姆妈",
    "self": r"我|俺|咱|自己|本人",
    "blade": r"🔪|刀片|卷笔刀|美工刀|小刀|菜刀|剪刀|刀子|刀|玻璃|圆规|针|锄头|斧头|镰刀",
    "burn": r"烟头|打火机|开水|烫|烧|火钳",
    "cut": r"划|割|刮|扎|戳|捅|砍",
    "hit": r"打|揍|踢|踹|扇|抽|砸|推|撞|掐|勒|按着|按住|按在|堵|拧|拖|拽|关在|锁在|绑",
    "weapon": r"皮带|棍|棒|板凳|凳子|衣架|鞭子|扫把|竹条|藤条|铁锹|砖",
    "injury": r"血|肿|青紫|青一块|紫一块|淤青|伤|疤|口子|骨折|断了|打断|嗡嗡|听不清|睁不开|"
    r"发抖|不敢坐|"
    r"坐不下|走不了路",
    "fear": r"不敢|害怕|怕|躲|发抖|缩在|吓得",
    "down": r"倒在|倒地|倒下|跌|摔|栽|滑倒|躺在|爬不起|起不来|站不起|动不得|动不了|瘫|昏|晕|"
    r"抽筋|抽搐|"
    r"翻白眼|口吐|吐白沫|讲不出话|说不出话|半边|嘴歪|口水直流|眼发黑|发紫|没气|没呼吸|不省人事",
    "no_answer": r"冇人应|没人应|不应|不答应|没反应|没动静|打不通|不接|没接|关机|联系不上|"
    r"不开门|没开门|没出门|没出来|冇出来|还在里面|还在里屋|报纸堆|臭味|怪味",
    "help": r"救命|快来|来个人|来人|救救|怎么办|咋办|拦不住|追不上|出不去|没车",
    "danger": r"着火|起火|冒火|冒烟|火灾|煤气|燃气|一氧化碳|炭火|塌了|压了一半|"
    r"压在(?:下面|里面|底下)|触电|电线|高烧|抽筋|水里|落水|淹|沉下|冲走|踩到水|玩水",
    "water": r"河|塘|井|水库|江|湖|水边|桥|池|沟",
    "height": r"楼顶|天台|楼上|崖|窗台|栏杆|阳台|屋顶|房顶",
    "poison": r"农药|敌敌畏|百草枯|草甘膦|除草剂|老鼠药|鼠药|毒药|安眠药|降压药|药片|一瓶药|药",
    "rope": r"绳|吊|梁|挂脖子",
    "death": r"死|寻短见|短见|自杀|轻生|了结|了断|一了百了|不在了|走了算|活够|不想活|活不下去|"
    r"不活|"
    r"活着没|活着冇|活着有什么|没活头|活头|作伴|去陪他|去陪她|陪他去|陪她去|找他爷爷|找她爷爷|找老头子|去找他|"
    r"躺进去|好走|去那边|下辈子|来世",
    "vanish": r"消失|不见了|找不到我|谁也找不到|不用醒|不醒|醒不来|醒不过来|睡过去|再也不|永远不|"
    r"不回来|不回家|出远门|不等了|不等他",
    "burden": r"拖累|添麻烦|麻烦你们|累赘|负担|多余|省得|免得|没有我|没我|不用这么累|用不到|"
    r"用不着|"
    r"过得更好|丢人",
    "farewell": r"最后一|最后看|永别|再见|拜拜|对不住|对不起|交代|安排妥|安排好|留给|分给|"
    r"送给|分好|"
    r"遗书|信封|写给|钥匙|存折|密码|寿衣|骨灰|棺材|后事|穿上了",
    "resolve": r"想好了|决定了|认真的|莫问|别问|莫叫人|别叫人|莫管|别管|别拦|就这样|等着|停了|"
    r"不吃饭|"
    r"饭也不吃|饿到|故意",
    "hopeless": r"治不好|花不起|没钱治|受不了|撑不下去|熬不下去|没意思|冇得意思|没盼头|活不过|"
    r"不想读|"
    r"不读书|不读了",
    "play": r"笑死|哈哈|开玩笑|闹着玩|逗你|假的|其实就是",
    "past": r"去年|前年|上次|以前|那年|后来|现在好了|现在.{0,4}(?:很好|好了|放心|挺好)|"
    r"过得很好|已经好了|"
    r"没事了|缝了针|出院",
}

# Who and when: they only matter beside what happens, so they are never features on their own.
_SETTING = frozenset({"self", "child", "elder", "parent", "soon", "city"})
# Classes that say something may be wrong; a message with none of them gives the reader nothing
# to raise a crisis on.
DANGER = frozenset(
    {
        "threat",
        "secret",
        "online",
        "sexual",
        "travel",
        "find_parent",
        "blade",
        "burn",
        "cut",
        "hit",
        "weapon",
        "injury",
        "fear",
        "down",
        "no_answer",
        "help",
        "danger",
        "water",
        "height",
        "poison",
        "rope",
        "death",
        "vanish",
        "burden",
        "farewell",
        "resolve",
        "hopeless",
    }
)


def branches(words: str) -> list[str]:
    """The words of one class: its top-level alternatives."""
    return re.split(r"\|(?![^(]*\))", words)


def opening(branch: str) -> str:
    """The characters a word can begin with: its first character, or the set it opens with. A
    test checks each against the regex engine's own parse."""
    if branch.startswith("[0-9"):
        return "0123456789" + branch[4 : branch.index("]")]
    return branch[0]


_FIRSTS = "".join(
    sorted({char for words in _CLASSES.values() for b in branches(words) for char in opening(b)})
)
_GUARD = re.compile(f"[{re.escape(_FIRSTS)}]")
# One pattern per first character, holding only the words that can begin with it, each class in
# table order: at any position the same class wins as in one alternation of every word, without
# the engine trying the hundreds that cannot begin there.
_BY_FIRST = {
    char: re.compile(
        "|".join(
            f"(?P<{name}>{'|'.join(chosen)})"
            for name, words in _CLASSES.items()
            if (chosen := [b for b in branches(words) if char in opening(b)])
        )
    )
    for char in _FIRSTS
}
_last: tuple[str, frozenset[str]] = ("", frozenset())


def _scan(text: str) -> frozenset[str]:
    """The classes of the words found scanning left to right, each word starting where the last
    one ended, as `re.finditer` over all the words would."""
    found = set()
    position = 0
    while (candidate := _GUARD.search(text, position)) is not None:
        start = candidate.start()
        word = _BY_FIRST[text[start]].match(text, start)
        if word is None:
            position = start + 1
        else:
            found.add(str(word.lastgroup))
            position = word.end()
    return frozenset(found)


def _found(text: str) -> frozenset[str]:
    """The classes in `text`; the last answer is kept, as the reader asks twice per message."""
    global _last
    if _last[0] != text or not text:
        _last = (text, _scan(text))
    return _last[1]


def classes_in(text: str) -> list[str]:
    """The meaning classes the text holds, each once, in the order of the table."""
    found = _found(text)
    return [name for name in _CLASSES if name in found]


def concept_features(text: str) -> list[str]:
    """Each class found as `k:name`, and each pair as `kk:first+second`, setting beside content."""
    found = classes_in(text)
    return [f"k:{name}" for name in found if name not in _SETTING] + [
        f"kk:{first}+{second}"
        for first, second in combinations(found, 2)
        if not (first in _SETTING and second in _SETTING)
    ]


# Classes that point at danger by themselves; the others need a second beside them.
_STRONG = frozenset(
    {
        "death",
        "vanish",
        "burden",
        "farewell",
        "poison",
        "threat",
        "no_answer",
        "help",
        "danger",
        "secret",
        "height",
    }
)


def dangers_in(text: str) -> frozenset[str]:
    """The classes in the text that may point at danger."""
    return _found(text) & DANGER


def shows_danger(text: str) -> bool:
    """Whether the text holds a class that points at danger, or two that may."""
    found = dangers_in(text)
    return len(found) >= 2 or not found.isdisjoint(_STRONG)
