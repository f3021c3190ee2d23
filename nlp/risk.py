"""How urgent a message is: crisis, concern or none.

Rules read the raw text rather than tokens: 想死你了 (miss you terribly) and 我想死 (I want to
die) give the same jieba tokens, and the difference lies in the characters around 死.
A missed crisis is the costliest error, so crisis patterns are broad and the exceptions
(intensifiers, fiction, farm chemicals, sales) are narrow and checked first.
"""

from __future__ import annotations

import re

from nlp.concepts import dangers_in, shows_danger
from nlp.crisis import crisis_kinds
from nlp.numbers import normalize
from nlp.patterns import guarded
from nlp.types import Risk

_SELF = r"(?:我|俺|咱|自己|人家)"

# Everyday phrases that contain a crisis word but mean nothing of the kind. They are blanked out
# before the crisis patterns run, so a real crisis elsewhere in the message still counts.
_HARMLESS = guarded(
    (
        "一丑两中乐买农冷冻几刀半可后吓吵多咬毒没淹病讲不作救数考英语题咸喷困坑好安开得心忙急性想愁憋懒打折担拐"
        "拼拿挤撑无晒有杀死气渴溺烦热甜疼痛眼穷笑累美羡胖臭要跳蹦辣酸闷防除难饿馋"
        "高麻跟和同卡怕烧自轻预晓知发看十到方记随克否躲电晕脚腿感以前去平年手拔早梦游那恐"
    ),
    r"想死(?:你|您|他|她|它|咱|你们|大家|宝|俺了|我了|人了)"
    r"|想死(?:俺|我)?(?:的|家|那|这)?(?:几|两|三|一)?个?(?:孙子|孙女|外孙|儿子|女儿|闺女|娃|崽|宝贝|孩子|妈|爸|娘|爹|奶奶|爷爷|"
    r"外婆|外公|姥姥|老伴|老公|老婆|媳妇)"
    r"|(?:累|笑|热|饿|气|吓|烦|难|冷|忙|困|急|渴|痛|疼|臭|丑|馋|憋|晒|吵|挤|愁|闷|美|乐|羡慕|高兴|开心|"
    r"可爱|好吃|好看|担心|后悔|心疼|难受|无聊|麻烦|麻|撑|冻|辣|咸|甜|酸|胖|懒|穷|坑|折腾)"
    r"(?:得要)?死(?:了|啦|咯|我了|我啦|俺了|人了|个人|人|我|俺|她了|他了|她|他)?"
    r"|打死(?:我|俺)(?:也|都)(?:不|没|要)|"
    r"没(?:有)?(?:网|wifi|WiFi|手机|空调|奶茶|游戏|零食|肉)(?:就|会|我)?(?:活不下去|活不了)"
    r"|(?:淹|冻|热|闷|毒|咬|病|饿)死(?:了)?(?:好多|很多|几|好几|一|两|三|十几)?(?:只|头|条)?(?:鸡|鸭|鹅|猪|牛|羊|鱼|狗|猫|兔)"
    r"|溺水的事|讲了?溺水|不在(?:了)?[\s,，]*(?:刚)?(?:出门|出去|去)|"
    r"死(?:老头子|老太婆|老婆子|丫头|小子|鬼|东西)"
    r"|(?:一刀|刀)[^\s,，]{0,6}(?:鱼|肉|鸡|鸭|排骨|骨头|菜|瓜)|"
    r"救命(?=.{0,12}(?:题|作业|考试|数学|英语|语文))"
    r"|(?:题|作业|考试|数学|英语|语文).{0,12}(?:救(?:救我|命)|想撞墙)|打死扔(?:出去|掉)|"
    r"心(?:里)?(?:就)?(?:跟|像|如)?刀(?:割|绞|剜|扎)(?:一样|似的)?|防(?:自杀|轻生)|"
    r"(?:自杀|轻生)(?:干预|预防)?的?(?:培训|讲座|课)|烧炭取暖|(?:怕|防|预防)(?:一氧化碳|煤气)中毒|"
    r"(?:多|累|忙|烦|热|冷|吵|难)(?:得|到)(?:快)?要?把(?:我|俺|人)(?:给)?(?:淹|累|烦|压|逼|忙|热|冻|饿|吵|折腾)死了?"
    r"|要死(?:了)?(?=[啊呀哦的]|$|\s)|得要死|半死"
    r"|死机|卡死|死党|死角|死活|死心眼|死心|死胡同|死扣|死记|死板|死脑筋|死对头|死缠|死鬼|"
    r"拼死|死守|死贵|死沉|死磕|死忠"
    r"|跳楼价|跳楼甩卖|跳楼大甩卖|跳舞|跳绳|跳远|跳高|跳广场舞|跳闸|蹦跳|跳棋|心跳|眼皮跳|跳槽"
    r"|打药|农药店|买农药|除草剂|杀虫|打农药|喷药|杀稻|(?:一|两|几)瓶(?:杀|除)"
    r"|打针|打电话|打视频|打工|打扫|打印|打字|打疫苗|打卡|打牌|打麻将|打游戏|打听|打开|打算(?!再?活)"
    r"|安眠药(?:能|可以|怎么|能不能|有没有|买|开)"
    # A call asked for to talk with family: 跟我妈视频说说话 is a booking, not loneliness.
    r"|(?:跟|和|同)(?:我|俺)?(?:的|家)?(?:妈|爸|爹|娘|奶奶|爷爷|外婆|外公|姥姥|姥爷|老伴|老公|老婆|媳妇|"
    r"儿子|女儿|闺女|孙子|孙女|外孙|娃|家里人?|屋里人?)(?:视频|视个频|打个?视频|连个?线|通个?话)?"
    r"(?:说说话|聊聊天?|聊几句|说几句|唠唠|讲讲话)"
    r"|打我(?:手机|电话|微信|的电话|的手机|号码|座机)|(?:有事|有空|随时|到了|记得|方便)(?:就|再|可以|请)?打我|拿刀(?:切|削|剁|砍柴|杀鸡|杀鱼)"
    r"|有没有(?:想不开|轻生|自杀|寻短见)(?:的)?(?:念头|想法)?|防(?:性侵|拐|溺水)|"
    r"(?:性侵|拐卖)(?:的)?(?:课|知识|教育|讲座)"
    r"|中风(?:后遗症|以后|过)|防溺水|溺水(?:安全|教育|知识|的课)|刀削面|刀切面"
    # What someone would do on finding out: 我老婆晓得了要杀了我.
    r"|(?:晓得|知道|发现|看到)了?(?:肯定|非|会|要|得|还不)?(?:要|得)?(?:杀了|打死|弄死|骂死|宰了)(?:我|俺)"
    r"|一朝被蛇咬|十年怕井绳|死了都要爱|克死|晕车药|感冒药.{0,4}(?:想睡|犯困|困)|拔河|杀了你(?:哈哈|😂|🤣|嘿嘿)|恐龙[^。，,]{0,8}|不回(?:来|家)吃饭"
    # A dream told: 梦见妈妈走了再也不回来 is a fear, not a farewell.
    r"|(?:梦见|梦到)[^。，,]{0,12}"
    # Anger said big: 气得我想跳河.
    r"|气得(?:我)?(?:想|要)(?:跳河|跳楼|跳井|撞墙|死)"
    # Someone busy with a phone or a game who does not answer is not collapsed.
    r"|(?:手机|游戏|电视|平板)[^。]{0,8}(?:叫|喊)(?:他|她)(?:也|都)?不(?:应|答应|理)"
    r"|(?:腿|脚)(?:都)?(?:跑|走|站)断了?"
    r"|打死(?:了)?(?:一|几|两|好几)?(?:只|条|个)?(?:好大的|大)?(?:老鼠|蜈蚣|蚊子|苍蝇|蟑螂|蛇|蜘蛛|虫)"
    # A visit note that rules something out: 询问后无伤害自己的想法.
    r"|电话(?:也|都)?(?:少|不|没|很少)打|(?:无|没有|没|否认)(?:伤害自己|自伤|自杀|轻生)(?:的)?(?:想法|念头|行为|意图)"
    # A child who hides from a parent back from work is shy, not collapsed.
    r"|躲.{0,6}(?:喊|叫)(?:他|她)(?:也|都)?不(?:应|答应|理)",
)

_FICTION = re.compile(
    r"^里面|电视剧|电视里|(?:这|那|一)部(?:剧|片|电影|电视)|追剧|看剧|(?:这|那)剧(?![烈痛增])|电视上|电影里?|影片|片里|片子里|动画|漫画|节目里|广播里|小说|书里|书上|"
    r"故事|剧里|剧中|(?<!游)戏里|主角|新闻|报纸(?:上|里|说)|报道|听说有|网上说|"
    r"抖音上|快手上|视频里有个|短视频|《[^》]*》|游戏(?!号|账号|机|币|卡|里认识|上认识|认识)|纪录片|"
    r"讲的是|演的是|"
    # Games children play: being killed there is play.
    r"吃鸡|和平精英|狼人杀|奥特曼(?!卡)|怪兽|副本|排位|开黑|我的世界|蛋仔|原神|第五人格|"
    r"英雄联盟|打怪|通关|"
    r"王者荣耀|被对面|队友|团灭|复活|排位|段位|上分|掉分|连跪|坑货|"
    r"学校教|安全课|演习|演练|屈原|历史|古代|古时候|传说|看.{0,6}学的|(?:这|那)(?:个|节|堂)课|里面有.{0,8}(?:画面|镜头)|"
    r"话剧|小品|课本剧|扮演|演(?:一|了一)?个|(?:我|他|她)演|台词|看.{0,8}里面|"
    r"(?:那|这|一|最新一)集|反派|"
    # What a child says they will be when grown up is imagined, not happening.
    r"长大(?:了)?(?:要|想)当|"
    r"(?:里|中)(?:死了|打死了?)(?:好多|很多|一堆|好几个|几个|不少)人"
)
# Hearsay is a story too, unless the sender asks whether it is true: 听说烧炭不痛 是真的么.
_HEARSAY = re.compile(r"听说|据说")
_ASKS_IF_TRUE = re.compile(r"是真的|真的吗|真的么|真的不|是不是真")


def _story(text: str, asking: bool) -> bool:
    return _FICTION.search(text) is not None or (not asking and _HEARSAY.search(text) is not None)


# A game named anywhere makes the whole message play: 这把又被打死了 队友太坑了.
_GAME = re.compile(
    r"游戏(?!号|账号|机|币|卡|里认识|上认识|认识)|王者荣耀|吃鸡|和平精英|开黑|排位|段位|上分|掉分|连跪|队友|团灭|"
    r"复活|副本|打怪|通关|"
    r"(?:这|上一?)把(?:又|也|输|赢|被)|奥特曼(?!卡)|看.{0,6}学的"
)
# "A game" is how an abuser hides what he does: 让我脱裤子 说是玩游戏.
_UNDRESSED = re.compile(r"脱|摸|亲(?:我|俺|她)|裤子|衣服|下面|光着")
# A part being played: 我演那个要跳崖的书生 is a line in a sketch.
_ACTING = re.compile(r"演|扮|台词|排练|剧本")
_FIRST_PERSON_WISH = re.compile(r"(?:我|俺)(?!们).{0,6}(?<!不)(?:想|要(?!被)|也想|真想|打算|准备)")
_CLOSE = re.compile(r"我|俺|咱|娃|孩子|爸|妈|爷|奶|外公|外婆|老伴|老头子|快")
# A clause about livestock or pets: 羊倒在地上不动了 needs a vet, not a counsellor.
_ANIMAL = re.compile(
    r"(?:[^\s,，]{0,3}?(?:家|塘|田|圈|栏|窝|河|江|湖)(?:的|里的|里)?)?小?(?:猪|母猪|牛|羊|鸡|鸭|鹅|狗|猫|鱼|兔子|鸟)(?!场|肉|蛋)"
    # The names a village gives its dogs.
    r"|(?:大黄|阿黄|小黑|旺财|来福)",
)
# Animals handed over are the owner's affairs put in order: 鸡也托人了.
_HANDED_OVER = re.compile(r"托|送人|送给|交给|卖了|卖掉")
_CLAUSE = re.compile(r"[\s,.!?;:。，！？；：、…]+")

# A small cut or fall told as already handled; only a stronger sign beside it still counts.
_MINOR = re.compile(
    r"不小心|切菜|切肉|创可贴|破了点皮|破点皮|没(?:啥|什么)?大碍|不要紧|救上来|没事(?![吧吗啊])"
)
# A danger told as over: 去年闹过一次要离家出走 后来谈开了 现在天天按时上学.
_PAST = re.compile(r"去年|前年|上次|上回|那年|那次|以前|前几年|小时候|早几年|上个月|有一回")
_RESOLVED = re.compile(
    r"后来.{0,20}(?:好了|好转|没事|放心|谈开|过得(?:很|挺)?好|按时上学|成绩|出院|康复|缝了针)"
    r"|现在(?:已经|都)?(?:好了|没事了|放心了|挺好|过得(?:很|挺)?好|好多了|天天按时)|早就好了"
    r"|(?:这|近)(?:两|几|一)年.{0,4}(?:好多了|好起来了|挺好)|救回来了.{0,12}好多了"
    r"|情绪稳定|无异常|已复学|恢复正常|现在.{0,6}(?:硬朗|好得很|好好的)|(?:几十|好多|十几)年了.{0,8}(?:好好的|好得很|硬朗)"
)
# Said to be safe in so many words: a joke among friends (其实就是开玩笑), old age spoken of
# calmly (人老了总归要走的 我都看得开), a trip the school runs, or nobody hurt (a tree down is a
# job for the station, not a counsellor).
_SAFE = re.compile(
    "|".join(
        (
            r"(?<!不是)(?<!没)(?<!没有)(?:开玩笑|闹着玩|说着玩|逗你玩)|其实就是",
            r"看得开|看开了|风俗|习俗|老规矩|老人都这样|降下来了",
            r"研学|春游|秋游|夏令营|学校统一|学校组织|老师带队|跟着?老师(?:去|一起)",
            r"没(?:有)?(?:伤|砸|压)(?:到|着)人|没人受伤|人(?:都)?没事|从来没(?:有)?(?:真)?(?:打|动手|动过手)",
            r"(?:人|孩子|娃|老人|老人家|伢|崽|孙子|孙女|爷爷|奶奶|外公|外婆|爸|妈|他|她)(?:已经|都)?(?:找到|找回来)了|已经找到了.{0,16}(?:放心|没事)",
            r"原来是(?:在)?(?:游戏|玩|开玩笑|演|做梦|电视|闹)",
            r"(?:开(?:了)?(?:条)?缝|开着窗|通风|报警器).{0,24}放心|报警器.{0,6}装好",
            r"(?:刀口|伤口).{0,8}(?:换药|拆线|愈合|长好|长得)",
            # Someone else's death long ago: 我老头子前年喝农药走的 is grief.
            r"(?:前年|去年|那年|以前|早年|年前|几年前)[^。，,]{0,6}(?:喝农药|喝药|上吊|跳河|跳井)(?:走|死|没)的",
        )
    )
)
# An errand that explains a blade or a rope, a device that will not respond, a game, a visit
# called off or a dispute to settle: the backstop alone does not page anyone over it, nor over
# an injury told to ask about compensation.
_ERRAND = re.compile(
    r"砍柴|打柴|割草|割稻|割猪草|赶集|上山砍|磨刀|杀猪|开锁|换锁|修锁|开机|平板|遥控|拔河|比赛|调解|出面|评理|(?:别|不用|不要)(?:再)?(?:上门|来)了|借(?:你|我|他|她)?(?:家)?的?.{0,2}(?:刀|斧|锯|绳)|还你"
)
# The backstop learned from Chinese; a message with hardly a Chinese character in it (xxxx,
# a link, a row of emoji) tells it nothing.
_HAN = re.compile(r"[\u4e00-\u9fff]")

# Someone asked to go and look, with no sign beyond silence: a home visit (the rules still call
# a crisis when the door is locked, the person lives alone or something is seen).
_LOOK_IN = re.compile(r"去.{0,6}(?:看一眼|看一下|看下|看看|瞧瞧|转转|敲(?:下|个|一下)?门)")
_SILENCE = frozenset({"no_answer"})
_BUTCHERING = re.compile(r"杀(?:年)?猪|杀鸡|杀鸭|杀鹅|杀鱼|宰(?:猪|羊|鸡)")
_PERSON = re.compile(r"我|俺|人|爷|奶|娃|孩子|爸|妈|手|头")
_HARD = re.compile(
    r"不想活|想死|自杀|叫不醒|喊不醒|不动了|没气|起不来|好多血|很多血|故意|自己划|自己割"
)

_CRISIS = [
    # Suicide: stated wish, plan, means, farewell.
    r"不想活|不要活|活不下去|活不成|活够了|不活了|没法活|"
    r"活着(?:还)?(?:有|还有)?(?:啥|什么|个什么|甚么)?意思|"
    r"活着没意思|活着太累|活着累|没有活下去|不如死|死了(?:算了|干净|好|一了百了|就好|拉倒|倒好)|"
    r"一了百了|想死|去死|寻死|求死|等死|该死的是我|自杀|轻生|寻了?短见|想不开|自尽|了结|"
    r"结束(?:自己|生命|这一切)|"
    r"走了算了|早点走了|跟(?:他|她|它)(?:一起)?去了|去天上找|去陪(?:他|她)(?:了|吧|算了)?(?=$|\s|[,，。!！])|不醒了|醒不过来才好|"
    r"消失了|消失掉|不在了(?:就好|才好|算了)|解脱|离开这个世界|告别|后事|遗书|遗言|绝笔|"
    r"(?:喝|吃|吞|灌)(?:了|下|掉)?(?:那|这|一)?(?:瓶|包|把)?(?:农药|敌敌畏|百草枯|老鼠药|毒药|安眠药)|"
    r""
    r"(?:攒|藏|囤|存)(?:了|着)?.{0,4}(?:农药|敌敌畏|百草枯|老鼠药|安眠药|毒药|药片)|"
    r"(?:农药|敌敌畏|百草枯|老鼠药)瓶(?!子?.{0,8}(?:怎么|咋|要|扔|回收|处理|放哪|用完|空的))|"
    r"药.{0,4}全吃|把药都吃|"
    r"跳(?:楼|河|江|井|崖|湖|塘|水库|桥|下去)|晕到(?:了|在)|河里一跳|一跳就完|往下跳|上吊|吊死|"
    r"绳子.{0,4}(?:脖子|梁|吊)|"
    r"(?:爬|坐)(?:到|在|上)(?:了)?(?:楼顶|天台)(?!.{0,4}(?:晒|收|修|漏|晾))|"
    r"站在.{0,4}(?:楼顶|桥上|河边|崖边|窗台|水库边|塘边|江边|湖边|井边|天台)|卧轨|撞车|"
    r"割腕|割手|划手|划自己|划伤自己|扎自己|刺自己|烫自己|咬自己|打自己|掐自己|撞墙|伤害自己|"
    r"自残|自伤|"
    r"(?:刀|刀片|小刀|圆规|玻璃).{0,6}(?:划|割|扎)|流了好多血|"
    # Violence or sexual abuse against the sender or a child.
    r"打我|打俺|抽我|踢我|掐我|踹我|揍我|扇我|推我|打死我|弄死我|杀了我|杀我|砍我|砍人|杀人|"
    r"拿(?:着)?(?:菜刀|砍刀|斧头|刀)|"
    r"拿(?:着)?(?:棍|棒|皮带|衣架|鞭子|扫把|铁锹|扁担|竹竿|火钳)|用(?:棍|棒|皮带|衣架|鞭子|烟头)|皮带抽|"
    r"打(?:孩子|小孩|娃|他儿子|她女儿|她儿子|他女儿)|家暴|虐待|按在地上|不给(?:我|俺)?饭吃|"
    r"关起来不让|"
    r"打得.{0,6}(?:肿|青|紫|流血|出血|不敢)|身上都是(?:伤|印子|青)|"
    r"摸我|摸她|摸.{0,3}下面|脱(?:我|她|他)?(?:的)?裤子|钻(?:我|她)?(?:的)?被子|亲我|性侵|"
    r"强奸|猥亵|"
    r"不能告诉别人|别(?:跟|和|告诉)(?:奶奶|爷爷|妈妈|爸爸|别人|老师).{0,2}(?:讲|说)|不准告诉|"
    # A person collapsed or in immediate danger.
    r"倒在(?:地|门口|路|田|菜地|厕所|屋|床边|楼梯).{0,6}(?:不醒|叫不|喊不|不动|起不来|不应|没反应)?|"
    r""
    r"喊不醒|叫不醒|叫不应|喊不应|没反应了|不省人事|昏过去|晕过去|晕倒|昏倒|没气了|没呼吸|不喘气|"
    r"胸口(?:好)?(?:痛|疼|闷).{0,8}(?:没声|倒|晕)|突然就没声音|突然中风|抽筋口吐|口吐白沫|"
    r"(?<!差点)(?<!差一点)(?<!险些)掉(?:进|到)?(?:河|塘|井|水)里|溺水|着火了|煤气中毒|一氧化碳|"
    r"(?<![狗猫猪牛羊鸡鸭鹅])被车撞|"
    # A child about to run away.
    r"离家出走|偷偷(?:坐车|跑|走)(?!去?(?:网吧|玩|打球)).{0,10}(?:找|去)|再也不回来|"
    r"不跟(?:奶奶|爷爷|外婆|外公).{0,2}说.{0,6}走|"
    r"偷偷.{0,10}去(?:东莞|广东|深圳|浙江|福建|上海|北京|城里).{0,4}找"
]
_CRISIS += [
    r"不(?:想|要|愿意?|打算)再?(?:继续)?活|活不了了|没法再?活|一死了之|自我了断|了断|割脉|烧炭|"
    r"(?:想|要|准备|打算)(?:去)?(?:喝|吃)农药|(?:想|要|准备|打算)?(?:去)?喝药(?![吗没])|吃药自杀|"
    r"(?:安眠药|农药|敌敌畏|百草枯|老鼠药|药片)"
    r".{0,6}(?:攒|藏|囤|存|备|准备)|交代后事|永别|下辈子再|来世再|"
    r"对不起(?:大家|你们|爸妈|孩子).{0,6}(?:走|去)|不想留在这|离开这个世界|跳下去|"
    r"(?:割|划)的?伤口|手上都是(?:疤|伤|口子)|"
    r"被.{0,6}(?:打|揍|踢|打伤|打得|殴打|侵犯|强迫|欺负得|摸|推倒)|往死里打|打得我|"
    r"脱(?:我|她|他)?的?(?:衣服|裤子)|要我脱|让我脱|摸(?:我|她|他)(?:的)?(?:身|胸|屁股|腿|下)|"
    r"(?:让|叫|要)我别(?:说|讲|告诉)|不准(?:说|讲)|说出去就|"
    r"脱(?:过|了)(?:我|她|俺|娃|孩子|伢)的?(?:裤子|衣服|内裤)|"
    r"(?:我|俺|娃|孩子|被|把(?:我|俺|娃|孩子))(?:一个人)?锁在(?:屋|房|家)里|饿着我|"
    r"(?:满脸|满身|一身|头上|脸上)(?:都)?是血|血流不止|大出血|流血了|"
    r"倒(?:地|下).{0,4}(?:不动|不醒|起不来|没反应)|摔倒.{0,6}(?:起不来|不醒|不动)|晕倒|昏倒|"
    r"抽搐|没心跳|心脏病(?:犯|发作)|喘不上气|煤气(?:中毒|泄漏|味)|闻到煤气|走丢|失踪|被拐|"
    r"找不到(?:人|孩子|娃)了|"
    r"离开这个家|再也不回家|绳子(?:我)?(?:已经|都)?(?:挂|系|拴|绑)(?:在|到)(?:了)?(?:梁|房梁|树|门框|吊扇)|药.{0,4}(?:攒|藏|囤)(?:好|够|起来|下来|了|着)|"
    r"(?:青紫|青一块|淤青|伤)[^。]{0,12}(?:说是|是)(?:被)?.{0,4}(?:掐|打|拧|踢|抽|咬)的",
    # Elders rarely say "die": they speak of going early, not waking up, what to do after.
    r"死了(?:也|倒|就)?(?:好|算了|干净|省心|拉倒|清净)|早点死|早死早|死了(?:省得|免得|就不)|"
    r"等(?:我|俺)(?:哪天)?(?:走|死|不在|没)了|(?:我|俺)(?:要是|哪天)(?:走|死|不在)了|"
    r"(?:我|俺)死(?:了)?(?:以后|之后|后)|"
    r"一觉睡过去|睡过去(?:就|算了|别|不|再也)|别再醒|不再醒|不要再?醒|再也不醒|一睡不醒|永远睡|"
    r"活着(?:还)?(?:干嘛|干啥|干什么|做什么|做啥|图啥|有啥用|有什么用)|还活着干|"
    r"(?:好|真|很)?想消失|消失算了|消失就好|"
    r"准备(?:了|好)(?:了)?.{0,2}(?:绳子|刀片|农药|安眠药|敌敌畏|老鼠药)|"
    # A child leaving home, said plainly.
    r"不想(?:在|待在|呆在|回)这个家|(?:今晚|今天|明天|马上|现在|等下|晚上)就(?:偷偷)?(?:跑|逃)|"
    r"(?:偷偷|悄悄)(?:地)?(?:溜走|跑掉|走掉|逃走|离开|走(?=$|\s|了|不))|"
    # Someone threatening a child, or abuse told without naming the act.
    r"把我(?:带走|拖走|拉走|抓走)|(?:要|想)(?:把我|带我)(?:带)?走|跟踪我|"
    r"(?:晚上|半夜|夜里).{0,6}进(?:我|俺)的?(?:房间|屋|被窝)|钻(?:进)?(?:我|俺)的?被|"
    r"不让我(?:跟|和)?.{0,4}(?:说|讲|告诉)|"
    r"(?<!差点)(?<!差一点)(?<!险些)掉(?:进|到|在)?.{0,3}(?:河|塘|井|水|池|沟|坑)里|落水|淹死|"
    r"(?<!差点)(?<!差一点)(?<!险些)掉(?:进|到)(?:了)?.{0,2}(?:水渠|渠|河|塘|井|粪坑|水库|江)(?:了|里|中)",
    # Someone calling for help, a seizure, a house come down on someone.
    r"把(?:我|俺)堵在.{0,6}(?:打|揍)|(?<![晒晾衣的])绳子(?:已经|都)?(?:挂|系|拴)好了?|"
    r"(?:拍|发)(?:我的?|自己的?)?(?:不穿衣服|没穿衣服|光身子|裸|光着)|"
    r"去(?:河|塘|水库|江|湖|井)边?找(?:我|俺)|"
    r"饿(?:到|死|着)自己|(?:没了|死了|不在了)(?:最好|才好|就好)|"
    r"胸口?(?:好|很)?(?:痛|疼|闷).{0,14}(?:大汗|出汗|说不出|讲不出|喘不)|救火|喘不上.{0,6}一个人|"
    r"(?:🔪|🩸).{0,6}(?:手腕|手臂|胳膊|🩸)|下身(?:有)?(?:伤|血|红肿)|不让(?:她|他)(?:跟|和|对)?.{0,4}(?:讲|说|告诉)|"
    r"已经走了[一两三四五六七八九十几好]+天|(?:还|一直)(?:趴|躺)在地上|"
    r"(?:哪根|挂了?根?|梁上的?)绳子?.{0,10}(?:结实|牢|承重|经得住)|(?:试过了|试了试).{0,4}牢|饿过去|(?:别|不要|莫)(?:再)?送饭|"
    r"走得(?:快|舒服)(?:一点|些)?|不那么(?:难受|痛)|下去(?:了)?就(?:清净|解脱|好了|完了|一了百了|不痛)|"
    r"活不到|(?:怎么|咋)(?:走|死).{0,6}想好|扒(?:货车|火车|煤车)|巴掌印|皮带印|"
    r"(?:挂|吊|承)得住(?:一个)?人|等(?:我|俺)(?:吃|喝)(?:了)?药(?:走|死)了?|吃药走了|"
    r"(?:划|割)了?.{0,3}🩸|(?:划|割)(?:得)?(?:更)?深一点|这次(?:划|割)?(?:得)?深一点|"
    r"抓(?:烂|破|出血).{0,12}(?:忍不住|停不下|控制不住)|(?:忍不住|控制不住).{0,8}抓(?:烂|破|出血)|被我自己抓|"
    r"浮在水(?:上|面)|(?:塘|河|井|水库|江|湖)边?.{0,8}掉下去了|"
    r"(?:爬|钻|睡)(?:到|上|进)(?:了)?(?:我|俺|她)的?床|推不开(?:他|她)|"
    r"快来(?:个)?人|(?:掐|勒)(?:我|俺|她|娃|孩子)?的?脖子|背过气|差点(?:憋死|没气|断气)|"
    r"卡在喉咙|卡(?:住)?喉咙|噎住|咳不出来|憋(?:得)?(?:青|紫)|"
    r"等不到(?:那天|那一天|过年|你们回来|他们回来|你回来)|(?:怕|恐怕)(?:是)?等不到|"
    r"(?:桥|楼顶|楼|崖|天台).{0,8}(?:够高|挺高的?$)|"
    r"(?:今天|明天|今晚)(?:就)?是(?:我|俺)(?:的)?最后一(?:天|晚|次)|"
    r"(?:水|河|水库|塘|江|湖)[^\s]{0,6}(?:到|没过|淹到)(?:了)?(?:膝盖|大腿|腰|胸口|脖子)(?!深|高|那么)|"
    r""
    r"想好了?(?:怎么|咋|如何)(?:走|死|结束|了结)|"
    r"(?:高烧|发烧).{0,6}(?:抽筋|抽搐|抽|翻白眼|眼翻白|翻白)|眼睛往上翻|割了?(?:手)?腕|"
    r"(?:塌了|压了|着火|冒火|起火|失火|冒烟|烧起来|烧到|火烧).{0,16}"
    r"(?:还在(?:里|屋)|没出来|冇出来|压在|困在|跑不动|跑不出|走不动|出不来)|"
    r"又(?:割|划)(?:了|伤)|(?:喝|吃|吞)(?:了|下|掉)(?:就|便)(?:清净|解脱|一了百了|完了|不痛|轻松)|"
    r"有人.{0,4}(?:撬|砸|踹)(?:我|俺)?家?的?(?:门|窗)|寿衣(?:都|已经)?穿(?:好|上)|"
    r"(?:刀口|口子|伤疤|疤)[^。]{0,6}新的旧的|"
    r"(?:看到|看见)这(?:条|封|段|个).{0,8}(?:说明|我已经|我就)|"
    r"(?:烧炭|吃药|上吊|跳河|跳楼|喝药|安眠药|割腕).{0,6}(?:痛不痛|不痛|疼不疼|不疼|难不难受|不难受|没痛苦)|"
    r"(?:什么|么子|啥|哪种)药.{0,8}(?:不痛|没痛苦|不难受)|"
    r"想(?:安安静静|安静|静静|悄悄)(?:地|的)?(?:走|离开)(?![走路一])|"
    r"把(?:我|俺)的?(?:头|脸|脑袋)(?:按|摁|压)(?:进|到|在)|"
    r"(?:安眠药|药|药片)(?:一整?|整|半)(?:瓶|板|盒|把)(?:都|全)?(?:吃|吞|喝)(?:了|掉|下)|"
    r"去(?:河|塘|水库|江|湖|井)(?:里|底)找(?:我|俺)?的?(?:老伴|老头子|老婆子|爸|妈|爷爷|奶奶|他|她)|"
    r"(?:过了今晚|今晚过后|过了今天|明天以后)(?:你们|大家)?(?:就|也)?(?:清净|轻松|省心|解脱)|这次(?:割|划)?(?:得)?(?:好|很|太)深|没(?:有)?打算(?:再)?活|"
    r"(?:手臂|胳膊|手腕|大腿)上?的?(?:口子|伤口|疤|道道)(?:又)?多了|钻(?:进)?(?:我|俺|她)的?被|"
    r"(?:有|发生)(?:过)?身体接触|"
    r"给(?:她|我|俺)钱.{0,8}(?:让|叫)(?:她|我|俺)(?:去|到)(?:后屋|他家|屋里|房里|他屋)|"
    r"(?:跟|被)(?:一个)?[^\s,，]{0,8}(?:男的|女的|陌生人|生人)(?:走了|带走|抱走)|"
    r"(?:孩子|娃|伢|崽|孙子|孙女)[^,，]{0,10}(?:都|还)?没(?:有)?找到|"
    # A snake bite far from help.
    r"(?:被|给)(?:毒)?蛇(?:咬|叮)|(?:毒蛇|五步蛇|竹叶青|蝮蛇|眼镜蛇|银环蛇|烙铁头)(?:咬|叮)",
]
_CRISIS_RE = guarded(
    (
        "一上下不了交亲今伤俺倒偷关再农准刀划别刺割半卧去口叫吃吊后吞告咬喊喘喝囤"
        "圆坐夜大失头好娃存孩安家对寻小弄强往很心性悄想我扇手扎打找把抽拿按掉掐推"
        "揍摔摸撞攒敌早明昏晕晚杀来死永求没河活流消淹溺满灌烧烫煤爬猥现玻用百皮真"
        "着睡砍离突站等结绝绳老胸脱脸自药落藏虐血被要解让该说走跟跳踢踹身轻还遗醒"
        "钻闻饿马冒压发塌快眼起高塘天崖怕恐桥楼水江湖卡咳噎憋勒差背拍已救莫🔪🩸哪挂梁试井咋怎浮巴忍扒承抓控这五毒火烙竹给蝮银伢又孙崽有胳淤青过看么什啥寿疤"
    ),
    "|".join(_CRISIS),
)

# An accident told to ask about compensation or a lawsuit happened earlier; the danger is over.
_ACCIDENT = re.compile(r"被车撞|撞伤|摔伤|摔断|工伤|出车祸|车祸")
_CLAIM = re.compile(r"赔|官司|起诉|告他|律师|保险|报销|责任|认定|鉴定|法院|工伤")

# Third-person events that are a crisis when they happen near the sender, none in a story.
_STRONG_CRISIS = re.compile(
    r"不想活|活不下去|活够了|不活了|想死|自杀|遗书|割腕|划手|伤害自己|自残|打我|打俺|摸我|"
    r"倒在|喊不醒|叫不醒|叫不应|离家出走"
)

_CONCERN = guarded(
    (
        "过忘放不伤伴低做公关内冷凄半压去又发叛吃吵哭唉喘噩堵天失奶好妈委婆孤害寂对心怕"
        "情想愁愧憋抑担拖掉提摔撑日欺死沉没活流烦焦熬爷爸生睡离空笑累网老考脾自被"
        "说走跟身躲辞过郁闷闹难找"
    ),
    r"难受|难过|伤心|心酸|心痛|心疼|心累|好累|累得慌|孤单|孤独|寂寞|冷清|冷冷清清|没人说话|"
    r"没个说话|"
    r"说话的人|空落落|空荡荡|想哭|哭|流泪|掉眼泪|睡不着|失眠|睡不好|半夜总醒|做噩梦|噩梦|心慌|"
    r"发慌|"
    r"焦虑|压力(?:好|很|太|特别)?大|憋屈|委屈|愧疚|内疚|自责|对不起家里|没用|没出息|提不起劲|"
    r"没精神|没劲|"
    r"发呆|闷得慌|堵得慌|憋得慌|心里(?:不舒服|不好受|有事|苦|闷|堵|空|发毛|乱)|郁闷|抑郁|烦躁|"
    r"心烦|"
    r"想家|担心|害怕|好怕|怕(?:他们|考|被)|发愁|愁|唉声叹气|去世|过世|"
    r"走了(?:半年|一年|两年|以后|之后|好久)|"
    r"(?:爸|妈|爷|奶|公|婆|伴|老头子|老婆子|老公|老婆)(?:上个月|去年|前年|前几天|刚)?走了|"
    r"不在了|想(?:他|她)|"
    r"死了|吵架|吵翻|闹翻|吵起来|天天吵|又吵|离婚|闹矛盾|不说话|不爱说话|不理|不愿意说|关在房|"
    r"关在屋|没朋友|没人跟(?:他|她)玩|不想去上学|不想上学|孤立|欺负|被笑话|笑话(?:他|她|我)|"
    r"生分|低着头|"
    r"脾气(?:变得)?(?:好|很|特别)?大|摔门|考砸|考不好|失望|不敢(?:跟|和).{0,4}(?:说|讲)|"
    r"辞退|心里话|(?:没人|找人|想找人|没个人)(?:陪(?:我|俺)?)?说说话|情绪|心情(?:不好|差)|"
    r"老年痴呆|身体一年不如|"
    r"活着(?:好|真)?累|心(?:里)?(?:好|很|真)?(?:苦|烦)|没意思|想妈妈|想爸爸|拖累|"
    r"不爱(?:跟|和|同)?.{0,3}说话|闷闷不乐|不开心|不高兴|不吭声|躲着|叛逆|网瘾|沉迷|"
    r"想不通|撑不住|喘不过气|烦透|心烦意乱|没胃口|吃不下|"
    r"发脾气|摔东西|凄凉|冷清|活得(?:好|很|真|太)?累|不(?:跟|和)(?:我|俺)亲|跟(?:我|俺)不亲|"
    r"没人(?:管|疼|要|理|在乎)|"
    r"心里头?(?:苦|难受|不好受|憋|堵|慌)|日子没法过|熬不下去|没盼头|没指望|没奔头|"
    r"放不下|忘不了|走不出来|没.{0,4}见(?:到|着)?最后一面|过不去(?:这|那)?(?:个|道)?坎",
)
# What people say when they feel unloved, mocked, afraid or empty, by meaning rather than by the
# few words the older list above happens to use.
_CONCERN_CLASSES = guarded(
    (
        "一不也人什从俺偏像再几半厌取只叫吃后哪啥喊嘲团堵多大天太好就很忘怕总想我"
        "把抢捡提每没独瘦看真睡瞎笑经翻老胃胡被要说谁起逃都醒饭骂管"
    ),
    r"骂(?:我|俺)|笑(?:我|俺)|笑话(?:我|俺)|嘲笑|看不起(?:我|俺)|"
    r"说(?:我|俺)(?:是)?(?:没|野|笨|蠢|白眼狼|废物)"
    r"|没(?:爹妈|爸妈|娘)(?:管|疼|要)|不爱(?:我|俺)|不喜欢(?:我|俺)|偏心|"
    r"只(?:爱|疼|喜欢|要)(?:弟弟|妹妹|哥哥|姐姐)"
    r"|多余|没人(?:想)?(?:理|陪|管|问)|不要(?:我|俺)了"
    r"|不想起床|(?:啥|什么|哪)(?:也|都)不想(?:干|做|动|吃|说)|没心思|没兴趣|提不起(?:劲|兴趣|精神)"
    r"|怕得(?:很|要命|慌)|(?:很|好|真|太)怕|不敢(?:睡|一个人)|(?:好|真|很|太)烦(?!死)"
    r"|团圆|就(?:我|俺)们?(?:俩|两个|一个)|好久没人|没人(?:跟|和|陪)(?:我|俺)"
    r"|(?:我|俺)[^\s,，]{0,4}(?:一个人|独自).{0,4}(?:守着|住|过|吃饭|待着)"
    r"|^(?:一个人|独自).{0,4}(?:守着|住|过|吃饭|待着)"
    r"|不肯(?:去)?上学|不听话|说了?也不听|逃学|逃课|管(?:也)?管不住|管不了(?:他|她)|厌学|"
    r"不想(?:待|呆)在家|不喜欢(?:待|呆)在家|不想(?:接|理人|见人)"
    r"|(?:什么|啥)(?:都|也)做不好|胃口不好|瘦了一圈|瘦了(?:好多|很多|不少|一大圈)"
    r"|不(?:怎么|太|肯)吃(?:饭|东西)了|(?:好|真|很)笨"
    # Eating less and less, or a child who thinks badly of their own body.
    r"|饭量.{0,4}(?:少|小)|(?:吃|吃得|吃饭)(?:越来越少|一天比一天少)|人(?:也|都)瘦了"
    r"|(?:老|总|老是|总是|天天)(?:讲|说|觉得|嫌)自己(?:胖|丑|难看|没用|笨)"
    # Family out of touch: nobody rings, writes or comes back.
    r"|(?:好久|很久|几个月|半年|一年|大半年)(?:都|也)?没(?:给|跟|和|同)?"
    r"(?:(?:我|俺)(?![妈爸爹娘奶爷外家们哥姐弟妹儿女老孙])|家里)?"
    r"(?:\s|打(?:过)?电话|来(?:过)?电话|联系|回(?:过)?家|回来|来看)"
    r"|(?:都|也|从来|再)不(?:给|跟|和)(?:我|俺)(?:\s|打电话|联系|视频)|把(?:我|俺)忘了|"
    r"忘了(?:我|俺)(?!的|带|拿|说)"
    r"|不(?:跟|和|同)(?:我|俺)(?:们)?(?:说话|讲话|聊天|交流)"
    # Nights spent awake and brooding.
    r"|(?:总是|老是|经常|天天|每天|一直|总)(?:半夜|晚上|夜里)?(?:就)?(?:醒|睡不|失眠)|"
    r"想东想西|胡思乱想|翻来覆去"
    r"|瞎想|睡不踏实|醒了(?:就|再|又)?(?:睡不着|想)|一(?:夜|晚上)(?:都)?没(?:睡|合眼)"
    # Mocked at school, or dreading it.
    r"|(?:叫|起|取|喊)(?:我|俺)?(?:的)?外号|被.{0,4}(?:欺负|孤立|排挤|嘲笑|起外号|叫外号|打)"
    r"|起.{0,4}外号|没有朋友|堵(?:我|俺)|(?:抢|要)(?:我|俺)的?钱|捡来的|"
    r"后悔生(?:了)?(?:我|俺)|像个外人"
    r"|不(?:想|敢|愿意?)去学校|怕去学校|不想(?:去)?上课"
    # Not needed, a burden, worth nothing.
    r"|谁(?:都|也)不(?:需要|在乎|关心|管|理|要|喜欢)(?:我|俺)|"
    r"没(?:有)?人(?:需要|在乎|关心|喜欢)(?:我|俺)"
    r"|不需要(?:我|俺)|(?:我|俺)(?:就)?是(?:个)?(?:多余|累赘|包袱|负担|废物)",
)
_CONCERN_HARMLESS = guarded(
    "不别同哭处对打放料村死没牛狗猪猫理生笑羊苗草虫说走还邻隔鱼鸡鸭鹅",
    r"不用担心|别担心|放心|哭笑不得|笑哭|哭穷|不理解|理发|打理|处理|料理|不理想|没用过|还没用|"
    r"没用完|不会用|"
    r"死了两只|鸡死了|鸭死了|猪死了|鱼死了|虫子死了|草死了|苗死了|死了好几个人|死了几个人|"
    r"死了一个人|"
    r"说话的人很好|生分期|"
    # 走了 to town for the day, back tonight: an errand, not a death.
    r"走了(?=[\s,，]*(?:去|到|上|回)(?!世|天|了天))|"
    # A neighbour's death told in passing (a grave to sweep, a date to keep) is news, not grief.
    r"(?:隔壁|邻居|对门|村里|村上|同村)(?:家)?的?[^\s，,]{0,5}(?:前年|去年|上个月|前几年|早几年)?走了|"
    r""
    r"狗死了|猫死了|猪瘟|鸡瘟|死了[^\s，,]{0,3}(?:头|只)(?:猪|牛|羊|鸡|鸭|鹅)|"
    r"(?:猪|牛|羊|鸡|鸭|鹅|狗|猫)[^\s，,]{0,4}(?:被.{0,5})?(?:咬|病|冻|闷|毒)死了|"
    r"打死了?(?:一|几|好几|两)?只|不在了?.{0,2}(?:刚|出门|出去|去)",
)


def assess_risk(text: str) -> Risk:
    """crisis, concern or none for one message."""
    return assess_risk_normalized(normalize(text))


def risky_excerpt(text: str, risk: Risk, width: int = 200) -> str:
    """At most `width` characters of the message that still read as `risk`: a page quotes the
    sentence that raised it, not the first lines of a long paste."""
    flat = " ".join(text.split())
    if len(flat) <= width or risk == "none":
        return flat[:width]
    step = width * 3 // 4
    for start in range(0, len(flat), step):
        window = flat[start : start + width]
        if assess_risk(window) == risk:
            return ("…" if start else "") + window
    return flat[:width]


# What the person should do before anyone calls back differs with the danger: a fire needs 119,
# someone down, in the water, bitten or poisoned needs 120; thoughts, plans and harm by others
# need the hotlines.
_FIRE = re.compile(r"着火|失火|起火|火烧|烧起来|烧到|冒烟|烟好大|火好大")
_HURT_NOW = re.compile(
    r"蛇咬|被蛇|晕倒|晕到|昏倒|昏过去|晕过去|没呼吸|呼吸(?:很|好)?弱|喘不上|吐白沫|血止不住|"
    r"好多血|很多血|抽搐|抽筋|掉进|落水|溺水|中毒|煤气|一氧化碳|触电|电到|烫伤|烧伤|中暑|"
    r"喝了?农药|吞了|吃了一(?:整)?(?:瓶|板|把)|胸口(?:好|很)?(?:痛|疼|闷)|"
    r"叫不醒|喊不醒|叫不应|喊不应|没反应|一动不动|起不来|爬不起来"
)


def emergency(text: str) -> str | None:
    """For a message read as crisis, what help is needed first: "fire" (119), "medical" (120),
    or None when the danger is a thought, a plan or harm by others (the hotlines)."""
    normalized = _standard(normalize(text))
    told, _ = _split_stories(normalized)
    cleaned = _HARMLESS.sub(" ", told)
    if _FIRE.search(cleaned):
        return "fire"
    hurt = crisis_kinds(cleaned, told) & {"collapse", "water", "poison"}
    return "medical" if hurt or _HURT_NOW.search(cleaned) else None


# The learned backstop raises a verdict one step when it is sure; it never lowers one, and it
# reads only what is left after idioms, farm phrases, stories and animals are taken out.
RAISE_TO_CONCERN = 0.85
RAISE_TO_CRISIS = 0.97
RAISE_TO_CRISIS_FROM_NONE = 0.7


# Gan and Hakka words read as the standard ones the patterns expect, and 四 typed for 死 after a
# wish (想四了算了). 莫 is 别 only before a verb, so 莫老师 keeps its name.
_DIALECT = [
    (re.compile(r"冇得|冇有"), "没有"),
    (re.compile(r"冇"), "没"),
    (re.compile(r"莫(?=[告讲说找醒管怪拦哭担怕])"), "别"),
    (re.compile(r"(?:(?<=[想要去])|^)[四4](?=了算了|掉算了|了好|$|\s)"), "死"),
    (re.compile(r"💊"), "药"),
    # Pinyin initials a teenager types for what they will not write out.
    (re.compile(r"(?<![a-z])w?bx{1,2}hl(?![a-z])"), "我不想活了"),
    (re.compile(r"(?<![a-z])wxs(?![a-z])"), "我想死"),
    (re.compile(r"(?<![a-z])(?:zs|zisha)(?![a-z])|(?<=自)sha(?![a-z])"), "自杀"),
    (re.compile(r"(?<![a-z])qs(?![a-z])"), "轻生"),
    (re.compile(r"(?<![a-z])zc(?![a-z])"), "自残"),
    (re.compile(r"(?<![a-z])bu ?xiang ?huo ?le(?![a-z])"), "不想活了"),
    (re.compile(r"(?<![a-z])xiang ?si(?![a-z])"), "想死"),
    (re.compile(r"(?<![a-z])zi ?sha(?![a-z])"), "自杀"),
    # Words typed by sound: 紫砂 for 自杀, si for 死, 挑楼 for 跳楼.
    (re.compile(r"(?<=[想要去])紫砂|紫砂(?=[了吧算])"), "自杀"),
    (re.compile(r"(?<=[想要去])si(?![a-z])"), "死"),
    (re.compile(r"挑(?=楼|河|江|井|崖|下去)"), "跳"),
    (re.compile(r"(?<![a-z])bhll(?![a-z])"), "不回来了"),
    (re.compile(r"(?<![a-z])bzw(?![a-z])"), "别找我"),
    (re.compile(r"(?<![a-z])nan ?guo(?![a-z])"), "难过"),
]


_DIALECT_CHARS = re.compile(r"[冇莫四挑4💊]|紫砂|[a-z]{2}")


# Characters typed one at a time with spaces between (救 火 屋后, 胸 痛 喘不上): read together.
_SPACED = re.compile(r"(?:[\u4e00-\u9fff]{1,3}\s+)+[\u4e00-\u9fff]{1,3}")
_SINGLE = re.compile(r"(?:^|\s)[\u4e00-\u9fff](?=\s|$)")


def _standard(normalized: str) -> str:
    if _SPACED.fullmatch(normalized) and len(_SINGLE.findall(normalized)) >= 2:
        normalized = "".join(normalized.split())
    if _DIALECT_CHARS.search(normalized) is None:
        return normalized
    for pattern, word in _DIALECT:
        normalized = pattern.sub(word, normalized)
    return normalized


# A cry for help, or going on ahead, with nothing else said.
_CRY = re.compile(
    r"[\s!！。.~啊呀]*(?:救命|救救我|快救我|救我|快来人|help|sos|SOS)[\s!！。.~啊呀]*"
    # Going on ahead, said alone to the station: how elders speak of dying.
    r"|(?:我|俺)?先走一步了?[\s。.…]*"
)


def assess_risk_normalized(normalized: str) -> Risk:
    normalized = _standard(normalized)
    if _CRY.fullmatch(normalized):
        return "crisis"
    told, stories = _split_stories(normalized)
    told_cleaned = _HARMLESS.sub(" ", told)
    over = _told_as_over(normalized)
    if _is_crisis(normalized, told, told_cleaned, stories, over):
        return "crisis"
    fiction = _story(normalized, _ASKS_IF_TRUE.search(normalized) is not None)
    concern = _is_concern(normalized, fiction)
    crisis_p, concern_p = _learned(told_cleaned.strip(), fiction)
    if over:
        crisis_p = 0.0
    if concern:
        return "crisis" if crisis_p >= RAISE_TO_CRISIS else "concern"
    if crisis_p >= RAISE_TO_CRISIS_FROM_NONE and _may_lift(normalized, told_cleaned.strip()):
        return "crisis"
    # A crisis score on a message the rules cleared means a guard spoke (a claim, a chore, a
    # pet); only the concern score may lift it.
    return "concern" if concern_p >= RAISE_TO_CONCERN else "none"


def told_text(normalized: str) -> str:
    """What the sender tells of themselves and those close: stories cut, idioms blanked."""
    told, _ = _split_stories(normalized)
    return _HARMLESS.sub(" ", told).strip()


def _learned(told: str, fiction: bool) -> tuple[float, float]:
    """The backstop's probabilities of crisis and of concern; zero when it has nothing to read."""
    # Imported here: nlp.model builds its features from this module's verdict.
    from nlp.model import models, probabilities, risk_feature_parts

    model = models().get("risk")
    if model is None or len(told) < 4 or fiction or len(_HAN.findall(told, 0, 200)) < 2:
        return 0.0, 0.0
    grams, classes = risk_feature_parts(told)
    found = dict(zip(model.classes, probabilities("risk", grams, classes), strict=True))
    return found.get("crisis", 0.0), found.get("concern", 0.0)


def _may_lift(normalized: str, told: str) -> bool:
    """Whether the backstop alone may call this message a crisis: what it tells shows danger,
    and no errand, device, claim or plain request to look in on someone explains that."""
    # Imported here like the models: the backstop's text is cut the same way, so the classes it
    # found are reused.
    from nlp.model import risk_text

    text = risk_text(told)
    if not shows_danger(text) or _ERRAND.search(normalized) or _CLAIM.search(normalized):
        return False
    return not (_LOOK_IN.search(normalized) and dangers_in(text) <= _SILENCE)


def is_crisis(normalized: str) -> bool:
    told, stories = _split_stories(normalized)
    cleaned = _HARMLESS.sub(" ", told)
    return _is_crisis(normalized, told, cleaned, stories, _told_as_over(normalized))


def _is_crisis(
    normalized: str, told: str, told_cleaned: str, stories: list[str], over: bool
) -> bool:
    """`over`: the message says the danger is past or not real (`_told_as_over`)."""
    if _MINOR.search(normalized) and not _HARD.search(normalized):
        return False
    if _BUTCHERING.search(normalized) and not _PERSON.search(normalized):
        return False
    if over:
        return False
    if _crisis_in(told, told_cleaned):
        return True
    for story in stories:
        # A story or the news: only a first-person statement inside it still counts.
        cleaned = _HARMLESS.sub(" ", story)
        if not _crisis_in(story, cleaned):
            continue
        if _FIRST_PERSON_WISH.search(cleaned) and not _ACTING.search(story):
            return True
        strong = _STRONG_CRISIS.search(cleaned)
        if strong is not None and _SELF_NEAR(cleaned, strong.start()):
            return True
    return False


def _told_as_over(normalized: str) -> bool:
    """A danger told as past and settled, or as safe in so many words, and no strong sign now."""
    safe = _SAFE.search(normalized) is not None or (
        _RESOLVED.search(normalized) is not None and _PAST.search(normalized) is not None
    )
    return safe and not _HARD.search(normalized)


def _split_stories(normalized: str) -> tuple[str, list[str]]:
    """The text with clauses about fiction, games or hearsay cut out, and those clauses."""
    if _GAME.search(normalized) and not _UNDRESSED.search(normalized):
        return "", _CLAUSE.split(normalized)
    told: list[str] = []
    stories: list[str] = []
    in_story = False
    asking = _ASKS_IF_TRUE.search(normalized) is not None
    for clause in _CLAUSE.split(normalized):
        # After 新闻里说, the clauses that follow belong to the story until someone close speaks;
        # a clause about a dog is only that clause.
        in_story = _story(clause, asking) or (in_story and not _CLOSE.search(clause))
        animal = _ANIMAL.match(clause)
        about_animal = (
            animal is not None
            and not _CLOSE.search(clause, animal.end())
            and not _HANDED_OVER.search(clause)
        )
        (stories if in_story or about_animal else told).append(clause)
    return " ".join(told), stories


def _crisis_in(text: str, cleaned: str) -> bool:
    """`cleaned` is `text` with the harmless phrases blanked."""
    if _CLAIM.search(cleaned):
        cleaned = _ACCIDENT.sub(" ", cleaned)
    return _CRISIS_RE.search(cleaned) is not None or bool(crisis_kinds(cleaned, text))


def _SELF_NEAR(text: str, index: int) -> bool:
    window = text[max(0, index - 6) : index + 6]
    return bool(re.search(r"我|俺", window)) and not re.search(r"那个|主角|里面的", window)


def _is_concern(normalized: str, fiction: bool) -> bool:
    cleaned = _CONCERN_HARMLESS.sub(" ", _HARMLESS.sub(" ", normalized))
    if fiction and not _FIRST_PERSON_WISH.search(cleaned):
        return False
    return _CONCERN.search(cleaned) is not None or _CONCERN_CLASSES.search(cleaned) is not None
