"""Crisis signals built from small meaning classes rather than whole sentences.

People in danger rarely use the words a keyword list expects: an elder says 该去找你爸了, a child
says 谁都看不见我, a grandchild types 躺地上不动了 with no punctuation. Each kind below names what
must co-occur (someone down and not answering, a poison and a way of taking it, leaving and
hiding) so that a new wording of the same situation still matches, while one alarming word
alone (倒了一杯水, 摔了个碗, 我走了) does not.

Every function here reads text that has already had idioms and farm or shop phrases blanked out.
"""

from __future__ import annotations

import re

from nlp.patterns import guarded

_ME = r"(?:我|俺|自己)"
_KIN = r"(?:爸|妈|爹|娘|爷爷|奶奶|外公|外婆|姥姥|姥爷|老头子|老伴|老婆子)"
_VICTIM = r"(?:我|俺|娃|孩子|小孩|孙子|孙女|外孙|妹妹|弟弟|闺女|崽)"
_OTHER = r"(?:他|她|你|他们|她们|那个人|那个|谁)"
_END_OF_CLAUSE = r"(?=$|[\s,.!?;:。，！？；：、…吧啦]|了)"
_POISON = (
    r"(?:农药|敌敌畏|百草枯|草甘膦|除草剂|杀虫剂|杀虫药|老鼠药|鼠药|毒鼠|毒药|安眠药|安定片|"
    r"洗洁精|消毒液|84|汽油|煤油)"
)
_QUANTITY = r"[了下掉半一整大满小两几瓶包板盒把口点些都全那这个的]{0,4}"

# Each kind on its own is enough for a crisis.
_KINDS: dict[str, re.Pattern[str]] = {
    "suicide": guarded(
        "一不也以会俺倒假再别化去变命多好如就当想我找拿日早明最死永没活熬真绳能自要该谁跟还这干"
        "梁树门吊站爬坐翻",
        r"不[想相像向要][活或]|活到头|活.{0,3}够本|活腻|活得够够"
        r"|(?:日子|命|这辈子|活)(?:也|就|算)?到头|不想(?:再)?(?:在|待|呆|留)(?:在)?这个世界"
        rf"|不在这个(?:家|世界)了|不想再?(?:熬(?!夜|粥|汤|药)|撑|挺)(?:了|下去){_END_OF_CLAUSE}"
        r"|(?:想|要|早点|也想|好想|真想)(?:跟|随|陪)着?(?:老头子|老伴|老婆子)(?:一块儿?|一起|一道)?去"
        rf"{_END_OF_CLAUSE}"
        rf"|不想(?:再)?醒(?:过来|来)?{_END_OF_CLAUSE}|别让(?:我|俺)醒"
        rf"|(?:该|早点|早些|也该|这就|跟着|好)去(?:见|陪)(?:你|我|俺)?{_KIN}"
        rf"|(?:早点|早些|也该|跟着)去找(?:你|我|俺)?{_KIN}"
        r"|(?:早点|早些|也该|这就|跟着)去(?:那边|那头|下面|底下|地下)?(?:陪|找|见)(?:他|她)"
        r"|熬(?:个|着)?(?:什么|啥)劲|还熬(?:个)?(?:什么|啥)"
        r"|去见(?:老头子|老伴|老婆子|阎王|马克思|老祖宗|祖宗)"
        rf"|(?:就|再也|以后|永远|明天)(?:都|就)?(?:看不到|见不到|看不见|见不着){_ME}"
        rf"|当(?:作)?(?:没有|没){_ME}|没有{_ME}这个人|就当{_ME}(?:死了|不在了|没来过)|就当没生过"
        r"|最后一次(?:跟|和|给|同)(?:你|大家|妈|爸)"
        rf"|{_ME}(?:要是|如果|哪天|真的?)?死了(?:以后|你们|他们|大家|爸|妈|就|会|才|也|都)"
        r"|(?:变成|化成)(?:空气|透明|隐形)|谁都看不见我|没人看得见我|不该(?:被)?生(?:下来|出来)"
        rf"|(?:要是|如果)没有{_ME}(?:就好|多好|更好|算了)"
        r"|再也不(?:上来|起来|睁眼)|(?:就|能|会)不(?:会)?(?:再)?醒了|不会(?:再)?醒"
        r"|多少.{0,6}(?:会死|能死|才死|死得了|不会醒|醒不过来)"
        r"|不如.{0,4}(?:死|一根绳|绳子|喝药|农药|跳|了结|一了百了)"
        r"|想去.{0,3}(?:河|塘|水库|江|湖|井)里(?!游|洗|玩|钓|摸|抓|捞|挑)"
        r"|不(?:想)?要(?:了)?(?:我|俺)?(?:这条|这)(?:老|烂|贱|小)?命|"
        r"(?:这条|我这|俺这)(?:老|烂|贱|小)?命(?:我|俺)?(?:也|就)?(?:不(?:想)?要了|不要也罢)"
        r"|(?:我|俺)(?:的)?命(?:也|都|就)?不(?:想)?要了|没(?:有)?活头|"
        r"活着(?:也是|就是)?(?:受罪|遭罪|白活)"
        r"|(?:还|倒)?不如(?:不活|没生|早点死|死了)|死了算(?!账)|"
        r"活着(?:有|还有)?(?:啥|什么)(?:劲|盼头|奔头)"
        rf"|(?:想|要)去(?:陪|找|见)(?:我|俺)?的?{_KIN}.{{0,6}}(?:天上|地底下|地下|阴间|坟里)"
        r"|没有(?:我|俺)(?:会|就|才)?(?:更好|好过|清净|轻松)|"
        r"(?:我|俺).{0,6}想.{0,3}怎么(?:死|自杀|了结)"
        r"|(?:要是|如果|假如)(?:我|俺)死了(?!.{0,8}(?:保险|赔|房子|归谁|怎么分|遗产|继承|丧葬|手续))|"
        r"死了(?:最好|更好)|命.{0,6}不要也罢|就?别(?:再)?醒了"
        r"|(?:一根|拿根|找根)绳子?.{0,6}(?:挂|吊|梁|脖子|了结|就完)|"
        r"绳子.{0,4}(?:挂|套).{0,4}(?:梁|脖子|树)"
        r"|(?:梁|树|门框|吊扇)上的?绳子?(?!.{0,8}(?:晒|晾|秋千|衣|被|牛|羊)).{0,6}(?:系|挂|拴|绑|打|弄)好"
        r"|(?:站|爬|坐|翻)(?:在|到|出|过)?(?:了)?.{0,6}(?:栏杆|护栏|围栏)(?:的)?外"
        r"|(?:想|要|干脆|一打).{0,6}冲(?:下|进|出)(?:去)?(?:桥|河|江|崖|悬崖|山崖|水库|护栏)",
    ),
    "beaten": re.compile(
        r"(?:扇|抽|打)(?:了)?.{0,5}(?:耳光|巴掌|嘴巴子)"
        r"|被.{0,6}关(?:在|进)(?:了)?.{0,4}(?:屋|房|间|柜|厕所|杂物|仓库|小黑屋|猪栏|猪圈|牛棚|鸡圈|柴房|门外)"
        r"|(?:被|把(?:我|俺|娃|孩子|他|她)).{0,6}按在.{0,6}(?:打|揍|踢|扇|掐)"
        r"|给(?:我|俺|她|娃|孩子)看(?:那种|黄色|不穿衣服|光身子)(?:的)?(?:视频|图片|照片|东西)"
    ),
    "self_harm": guarded(
        "伤划刮刺割勒咬头好弄往戳手扎打把捅掐撞烧烫砸又自故胳大刀烟🔪在",
        r"(?:伤|弄伤|烧|烫|划|割|扎|戳|掐|咬|撞|勒|砸|刺|捅)(?:了|伤)?自己|(?:打死|弄死|掐死)自己"
        r"|头往墙上撞|往墙上撞(?:头|自己)|手腕(?:上|内侧)?.{0,8}(?:口子|疤|伤|道道|一道一道)"
        r"|把自己.{0,4}(?:弄伤|饿死|关起来饿|伤|烧|烫|割|划|弄死|淹|吊|勒|打)|"
        r"(?:划|割|刮|扎|烫|掐|咬|戳)(?:了)?(?:自己|手腕|手臂|胳膊|大腿)|划了好几道|"
        r"好几道(?:口子|印子)"
        r"|(?:又|自己|故意)在?(?:手腕|手臂|胳膊|大腿)上(?:又)?(?:划|割|刮)"
        r"|(?:手腕|手臂|胳膊|大腿|手)上(?:又)?(?:划|割|刮)了?(?:几|好几|很多|好多)(?:道|刀|下)"
        r"|(?:刀片|烟头|🔪).{0,12}(?:划|割|按在|烫|道)|"
        r"(?:手臂|胳膊|手腕|大腿)上?又?多了?[一两三四五六七八九十几好]+道|"
        r"(?:手臂|胳膊|手腕|大腿)(?:都)?(?:划|割)(?:烂|破|伤)"
        r"|(?:手臂|胳膊|手腕|大腿)上?[^。，,]{0,4}(?:一道一道|好多道|好几道)(?:的)?(?:刀口|口子|伤|疤|印子)"
        r"|在(?:自己)?的?(?:手臂|胳膊|手腕|大腿|手背)上(?:用.{0,4})?(?:刻|划|割|烫)",
    ),
    "poison": guarded(
        "8一偷农半吃吞喝安把敌整服杀毒汽洗消灌煤百老草药误除鼠",
        rf"(?:喝|吃|吞|灌|服|误喝|误吃|误服)(?:了|下|掉)?{_QUANTITY}{_POISON}"
        rf"|{_POISON}(?:都|全|也)?(?:给)?(?:喝|吃|吞)(?:了|下|掉|光)(?!(?:也|还是|都)(?:睡不|没用|不管用))|把.{{0,4}}{_POISON}.{{0,3}}(?:喝|吃|吞)"
        r"|(?:一|整|半)(?:瓶|板|盒|把|包)(?:的)?[^\s]{0,4}药.{0,3}(?:都|全|全部|一下|一口气)(?:吃|吞|喝)"
        rf"|偷偷(?:买|弄|拿|藏)(?:了)?.{{0,4}}{_POISON}"
        r"|(?:吃|吞|喝)(?:了|下|掉)?(?:一整|大半|一|整|半)(?:瓶|板|盒|大把|把)(?:的)?[^\s]{0,8}药"
        r"|药.{0,2}(?:都|全|全部)(?:吃|吞|喝)(?:了|下|掉|光)"
        r"|药.{0,2}(?:吃|吞|喝)了?(?:一大把|一把|一整?瓶|一整?板|一整?盒|半瓶|好几片|十几片|好多片)"
        r"|(?:吃|吞)(?:了)?(?:很多|好多|一堆|一大堆)+(?:的)?[^\s]{0,4}药.{0,12}(?:醒|昏|晕|吐|死)",
    ),
    "collapse": guarded(
        "一不人伢半叫吐喊嘴头娃孙孩崽把昏没翻脸血被身脑额呼",
        r"叫(?:他|她|人)?(?:也|都)?不醒|喊(?:他|她)?(?:也|都)?不醒"
        r"|没气了|没(?:有)?了?呼吸|呼吸(?:很|好|特别|越来越)?(?:弱|微弱)|身上(?:都)?(?:凉|冰)|吐白沫|(?:脸|嘴唇)(?:都)?(?:发)?(?:紫|青)"
        r"|把自己(?:关|锁)在.{0,24}(?:不应|不答应|没反应|没动静|砰|咚)"
        r"|翻白眼|昏迷|不省人事|半边(?:身子|身体|脸)(?:都)?(?:动不了|不能动|没知觉|麻了)"
        r"|(?:人|孩子|娃|孙子|孙女|伢|崽)(?:也|都)?(?:找不到|找不着|不见)了|"
        r"被(?:人|陌生人|坏人).{0,3}(?:带走|抱走|拐)"
        r"|(?:头|脑壳|脑袋|额头)(?:上)?(?:在|一直|还在)?(?:破了|好多血|很多血|流血|出血|冒血|都是血)|血止不住|"
        r"一地(?:的)?血",
    ),
    "water": re.compile(
        r"(?:河|塘|井|水库|水|江|湖).{0,8}(?:沉下|沉到|冲走|没上来|冒不出|不见了|看不到人|看不见人)"
        r"|沉下去.{0,6}(?:看不到|看不见|没上来|不见)|被水冲走|呛水"
    ),
    "abuse": guarded(
        "不亲勒压叫扒扯把拍拧拽拿捂捆掀摸撕撩烧烫照用碰绑给舔要让逼锁饿继后叔伯舅姑姨老男干邻",
        r"(?:拿|用)(?:烧红的|烧热的|滚烫的)?(?:烟头|开水|火钳|铁钳|钳子|针|剪刀|棍子?|棒子?|皮带|鞭子|衣架|扫把|竹条|竹片|藤条|板子|铁锹|绳子)"
        rf".{{0,6}}(?:烫|打|抽|扎|戳|捅|追|勒|绑|捆){_VICTIM}?"
        rf"|把{_VICTIM}(?:给)?(?:锁|关|绑|捆|按|吊|打|揍|踢|掐|推倒|推到|扔|赶出)"
        r"|(?:烫|拧|捆|绑|锁|勒|烧)(?:我|俺)(?![们的车门])"
        r"|锁(?:在)?(?:屋|房|家|柴房|厕所|猪圈)里?.{0,4}(?:打|不给|饿|好几天|两天|三天|一天)"
        r"|不给(?:我|俺|娃|孩子)(?:吃)?饭|不(?:让|准|许)(?:我|俺)吃饭|饿(?:着)?(?:我|俺)(?![了的])"
        r"|(?:让|叫|逼)(?:我|俺)睡(?:猪圈|牛棚|外面|门外|柴房)"
        r"|(?:让|叫|要|逼)(?:我|俺)(?:摸|亲|舔)(?:他|她|下面)|(?:让|叫|要|逼)(?:我|俺)脱"
        rf"|(?:扒|扯|撕|掀|撩|拽)(?:开|掉|下|了){{0,2}}(?:{_VICTIM}|她)?的?(?:衣服|衣裳|裤子|裙子|内裤|裤衩)"
        rf"|(?:碰|摸|舔|亲)(?:了)?(?:{_VICTIM}|她)的?(?:下面|下边|隐私|私处|胸|屁股|那里|身子)"
        rf"|压在{_VICTIM}身上|捂(?:住)?{_VICTIM}的?嘴|(?:拍|照)(?:了)?{_VICTIM}?的?(?:裸照|光身子|没穿衣服)"
        r"|给(?:我|俺)看(?:他|她)?的?(?:下面|那里|光身子|黄色)"
        r"|拍(?:了)?(?:我|俺|她)?的?(?:洗澡|换衣服|上厕所|裸|光着|没穿)"
        r"|(?:继父|后爸|叔|伯|舅|姑父|姨父|老师|男的|干爹|邻居|老板).{0,6}(?:叫|让|要|逼)(?:我|俺)"
        r"(?:陪|跟|和)他(?:一起)?睡",
    ),
    "threat": guarded(
        "俺同和带我扬把放点烧纵自要说跟菜砍刀斧",
        rf"同归于尽|(?:跟|和)(?:他|她|他们)拼(?:了|命)|放火|烧了{_OTHER}|点了?(?:他|她)(?:家|的房)|纵火|烧死"
        r"|带(?:上|着)?(?:刀|菜刀|刀子|匕首|剪刀|棍子|斧头)(?:去|到|来)(?:学校|班上|他家|她家|找|堵|教训)"
        rf"|{_ME}(?:要|就|想|非要|非|一定)?.{{0,4}}(?:杀了|弄死|砍死|捅死|宰了|砍了|捅了|杀死){_OTHER}"
        rf"|把{_OTHER}(?:给)?(?:杀|弄死|打死|砍|捅|宰)"
        r"|(?:说|扬言)?要(?:打死|弄死|杀了|砍死|杀)(?:我|俺|我们|娃|孩子)"
        r"|把(?:我|俺)[^\s,，]{0,6}(?:弄掉|做掉|整死|弄死|砍死|杀了|宰了)"
        r"|(?:菜刀|砍刀|刀子|斧头)(?:往|一下)?(?:拍|剁|砍|插|架)(?:在|到)(?:桌|我|俺|脖|门)",
    ),
}

# 饿死 is an idiom until it is done to oneself on purpose.
_STARVING_SELF = re.compile(r"把自己.{0,6}(?:饿死|弄死|淹死|吊死|烧死)")

# Weariness with life plus a wish for an end: 想早点结束 alone could be a meeting.
_DESPAIR = re.compile(
    r"活(?:着|下去).{0,4}(?:没(?:有)?意思|没劲|太累|好累|好苦|没盼头)|没(?:有)?意思|没盼头|"
    r"熬不下去|撑不下去|活得.{0,2}累"
    r"|(?:日子|这日子)(?:没法|过不下去|没办法)|(?:待|呆|过|活)不下去"
)
_WANTS_AN_END = re.compile(
    rf"(?<!不)(?:想|要|干脆|不如|早点|还是)(?:早点)?(?:结束|解脱|了断|睡过去|走|离开){_END_OF_CLAUSE}"
)

# Someone down, plus a sign they are not getting up: either alone is ordinary.
_DOWN = guarded(
    "一不从倒压抽掉摔撞昏晕栽歪没滚瘫砸跌躺整",
    r"倒了|倒下|倒地|倒在|摔了|摔倒|摔在|跌倒|跌了|栽倒|栽了|一跤|跌在|晕|昏|"
    r"躺(?:在)?.{0,3}(?:地|路|田|沟|门口|院子|厕所)|瘫|"
    r"歪倒|抽(?:抽|筋|搐)|没醒|不醒|(?:一直|整天|一天到晚)躺着|"
    r"(?:摔|跌|掉|滚|栽)(?:了)?下(?:来|去)|从.{0,6}(?:摔|跌|掉|滚|栽)|"
    r"(?:砸|撞|压)(?:到|中|伤|倒)(?:了)?(?:头|人|他|她)",
)
_NOT_UP = re.compile(
    r"(?:趴|躺)在地上|没(?:有)?爬起来|讲不出话|抬不动|不答应|不应|没反应|不理(?:我|人)|不醒|醒不|不动|没气|没呼吸|不喘气|不说话|说不出话|起不来|"
    r"动不了|爬不起来|扶不动|扶不起|叫不|喊不|凉凉|冰凉|好多血|很多血|流血|出血|白沫|"
    r"脸(?:都)?(?:紫|青|白)|"
    r"嘴(?:也)?歪|喘不上"
)

# Leaving, plus hiding or not coming back, said of oneself.
_LEAVE = re.compile(
    r"(?:到|在)(?:了)?[^\s,，]{0,4}(?:汽车站|火车站|车站|高速路口)|"
    r"(?:书包|包|行李)(?:里)?(?:都)?(?:装|收拾|塞)(?:好|满)|"
    r"[0-9一二三四五六七八九十两]+点的车|"
    r"去[^\s,，]{1,4}找(?:我|俺|他|她)?(?:爸|妈|爹|娘)|坐[^\s,，]{0,3}车|去(?:妈妈|爸爸|妈|爸)(?:那里|那儿|那边)|"
    r"翻(?:窗|墙)?出去|(?:搭|坐|骑)[^\s,，]{0,6}(?:摩托|便车)|"
    r"(?:走|跑|溜|逃|离开|出走|坐(?:火车|汽车|大巴|班车|客车|车)|搭车|扒车|去找(?:我|俺)?(?:爸|妈|爹|娘)|去外面|跟(?:别)?人走)"
    r"(?!(?:去|到|出去)?(?:网吧|玩|打球|买|吃|同学家|小卖部))"
)
_HIDE = guarded(
    "不从他偷再别后外大奶家悄找永没爷等翻莫谁走趁跑远千书衣鞋",
    r"再也不回|永远不回|不回(?![来去家]?(?:吃|睡|住|过夜|吗|啊|\?))(?:来|去|家|这个家)?|"
    r"不想回(?:家|去)|"
    r"找不到(?:我|俺)|不让.{0,4}找到|别找我|不要找我|莫找我|谁(?:都|也)不(?:告诉|说|晓得|知道)|"
    r"不告诉(?:任何人|别人|奶奶|爷爷|外婆|外公|家里|大人)|偷偷|(?<!静)悄悄|等.{0,6}睡着|"
    r"趁.{0,6}(?:睡|不注意|不在)|"
    r"趁(?:他们|大人|奶奶|爷爷|外婆|外公|家里|爸妈).{0,8}(?:去|出门|不在|打工|干活|睡|不注意)|"
    r"谁(?:都|也)不认识(?:我|俺)|没(?:有)?人认识(?:我|俺)|走得远远|跑得远远|远走高飞|"
    r"偷(?:了)?(?:家里|奶奶|爷爷|外婆|外公)?的?.{0,4}钱|(?:鞋|书包|衣服)[^\s,，]{0,3}藏|"
    r"(?:别|不要|千万别|莫)(?:跟|和|告诉)(?:我|俺)?(?:家里|奶奶|爷爷|外婆|外公|大人|爸|妈)|"
    r"从后门|后门溜|翻墙|(?:奶奶|爷爷|外婆|外公|家里|大人|他们)(?:都)?不(?:知道|晓得)|"
    r"不(?:跟|和)(?:家里|奶奶|爷爷|大人).{0,2}说",
)
_THIRD = re.compile(r"他|她|爸|妈|爹|娘|爷|奶|公|婆|哥|姐")
_CLAUSE = re.compile(r"[\s,.!?;:。，！？；：、…]+")
_SUBJECT = re.compile(rf"{_ME}(?![爸妈爹娘奶爷外家们哥姐弟妹儿女老孙])")

# Signs of someone putting their affairs in order; one is everyday talk, two together are a
# farewell (我的书包都留给妹妹 + 用不着了, 存折密码 + 不拖累你们了).
_ENDING: dict[str, re.Pattern[str]] = {
    "apology": re.compile(
        r"(?:对不起|对不住)(?:你们|大家|他|她|爸妈|爸爸|妈妈|孩子|娃|孙子|孙女)|"
        r"替(?:我|俺).{0,8}(?:说|讲|道歉)"
        r"|(?:帮|替)(?:我|俺)照顾|不能(?:再)?陪(?:你|你们)了|陪不了(?:你|你们)了"
        r"|(?:跟|和|告诉)(?:我|俺)?(?:家)?的?(?:儿子|女儿|闺女|孙子|孙女|老伴|孩子|娃|家里).{0,2}(?:讲|说)一声"
    ),
    "never": re.compile(
        r"以后(?:就|也|再也|都)?(?:不会|不能|没法|没办法|见不)|再也(?:不|没|见不)|"
        r"永远(?:不|见不|找不)"
        r"|下辈子|来世|这辈子就(?:这样|到这)"
    ),
    "leaving": re.compile(
        r"(?:先走了|先走一步)(?![\s,，]*(?:啊|哈|拜|再见|明天|下次|回头))|(?:我|俺)走了以后|"
        r"要走了|该走了|好走了|(?:我|俺)(?:就|也|都)?不在了(?![家屋这])"
        r"|离开(?:你们|大家|这)|去陪(?:老头子|老伴|老婆子|他爷爷|她爷爷|他奶奶|她奶奶)"
        r"|(?:今晚|今天|明天|这就|就).{0,8}去找(?:你|我|俺)?(?:爷爷|奶奶|外公|外婆|老伴|老头子|爸|妈)"
    ),
    "hiding": re.compile(
        r"别找我|不要找我|莫找我|找不到(?:我|俺)|不让.{0,4}找到|(?:然后|之后|就)(?:就)?关(?:了)?机"
    ),
    "giving": re.compile(
        r"留给|送给|托给|托人|托付|都给了?|送人|送了人|交给|分给|拿去|归你们|给.{0,4}留(?:了|下)"
        r"|都放(?:在)?你(?:那|家|的?(?:抽屉|柜子|书包|桌))|(?:都|全)(?:包好|收好|收拾好)|钱给(?:孙子|孙女|儿子|女儿|伢|崽|娃)"
    ),
    "last_look": re.compile(
        r"最后(?:再)?(?:看|见|听)(?:看|见|听)?(?:[^\s，,]{0,4}(?:一眼|一面)|一次|他|她|你|你们|孩子|孙子)"
    ),
    "done": re.compile(
        r"这辈子(?:也|就|算)?(?:差不多|够了|值了|到头)|(?:就是|是)(?:我|俺)?的?最后一(?:天|晚)"
    ),
    "blessing": re.compile(
        r"好好(?:过(?![年节])|活|读书|照顾自己)|照顾好(?:自己|你妈|你爸|孩子|奶奶|爷爷)"
        r"|(?:以后|往后)你?(?:要)?好好的"
    ),
    "no_need": re.compile(
        r"用不着了|用不上了|用不到了|"
        r"(?:以后|往后|再也)(?:就|都)?(?:不用|别)(?:再)?(?:惦记|挂念|管|操心|记挂)(?:我|俺)"
        r"|(?:别|莫|不用|不要)再(?:发|给|送|寄)(?:给)?(?:我|俺)|不等(?:过年|那天|你们回来)了"
        r"|(?:你们)?(?:就)?(?:不用|别)(?:再)?管(?:我|俺)了"
        r"|别(?:再)?(?:挂念|惦记|记挂)(?:我|俺)|以后(?:就)?(?:别|莫|不要)(?:再)?想(?:我|俺|奶奶|爷爷|外婆|外公|妈|爸)|以后(?:就|都)?不用(?:再)?(?:交|付|管|买|操心)了"
    ),
    "means": re.compile(
        r"(?:药|绳子|刀片|农药|安眠药)(?:我)?(?:已经|都)?(?:买好|备好|准备好|攒够|藏好)了"
        r"|(?:药|绳子|刀片|农药|安眠药)(?:已经|都)?(?:摆|放)(?:在|到)(?:了)?(?:床头|枕头边|手边)"
    ),
    "burden": re.compile(
        r"拖累|连累|累赘|添.{0,5}麻烦|(?:不会|不)再麻烦|不麻烦(?:你们|大家|她|他|你)了|不想再拖|解脱|"
        r"轻松了|清净了"
    ),
    "goodbye": re.compile(r"再见|永别|别了|告别|保重|拜拜"),
    "note": re.compile(r"(?:信|纸条|字条)(?:已经|都)?(?:写好|留好|留下)了?"),
    "told_later": re.compile(r"(?:看到|看见)(?:了)?就(?:晓得|知道|明白)"),
    "affairs": re.compile(
        r"存折|密码|钥匙|银行卡|后事|棺材|寿衣|坟|遗嘱|交代|信封|福利院|孤儿院"
        r"|(?:交|缴|充)(?:下|了|一下)?.{0,8}(?:电费|话费|水费)|(?:电费|话费|水费).{0,2}(?:交|缴|充)"
    ),
    "thanks": re.compile(r"谢谢(?:你们|大家)?(?:这|一直|照顾|陪)|这段时间.{0,6}(?:陪|照顾)"),
}

# A means of dying obtained or within reach, plus resolve: either alone is a farm errand or talk.
_MEANS = guarded(
    "8农刀天安敌木杀楼毒汽洗消炭煤百绳老草菜除鼠",
    rf"{_POISON}|绳子|刀片|菜刀|刀|木炭|炭|楼顶|天台",
)
_OBTAINED = re.compile(
    r"买(?:到|了|好|来)|弄(?:到|来|了)|搞(?:到|来|了)|拿(?:到|来|了)|找(?:到|好)|备(?:好|着|了)|"
    r"哪里(?:能|可以|有)(?:买|卖|弄)|偷偷(?:买|拿|藏|弄)|藏(?:在|好|着)|准备好|(?:系|挂|拴|绑)好|"
    r"就在.{0,6}(?:底下|下面|里头|里面|旁边)|"
    r"在(?:灶台|床|柜子|枕头|门背后).{0,2}(?:底下|下面|里头|里面|后面)"
)
_RESOLVE = guarded(
    "下不俺决别就想我没说谁这",
    r"(?:这次|这回)(?:是|真)?(?:认真|真)的|(?:我|俺)是认真的|不是(?:开玩笑|说着玩|吓唬)|说到做到|"
    r"(?:下定|下了)决心|(?:我|俺)?想好了|决定了|(?:谁|没人)(?:也|都)?(?:拦|管|劝)不(?:住|了)|"
    r"别拦(?:我|俺)|"
    r"不会(?:再)?犹豫|就(?:今晚|今天|明天|这两天)|就等(?:天黑|晚上|夜里|半夜|他们睡|大家睡)",
)

# Taken off somewhere out of sight, plus what was done there.
_DRAGGED = re.compile(
    r"(?:(?:拉|拖|拽|骗|抱|抓|扯|叫|带|喊)(?:我|俺|她|娃|孩子|妹妹)"
    r"|把(?:我|俺|她|娃|孩子|妹妹)(?:拉|拖|拽|骗|抱|抓|扯|带))(?:到|进|去)(?:了)?.{0,6}"
    r"(?:玉米地|甘蔗地|高粱地|树林|林子|草丛|草堆|没人的?地方|山上|山里|他(?:家|屋|房)|屋里|房里|"
    r"厕所|仓库|柴房|桥底|办公室)"
)
_ACT = re.compile(
    r"扒|脱|摸|亲|压|捂|掀|撩|舔|不让(?:我|俺)?(?:喊|叫|出声)|弄疼|按住|裤子|(?:一直|就)哭|"
    r"不准.{0,3}(?:讲|说)|怕|不敢.{0,4}(?:讲|说|告诉)"
)

# Nobody has seen someone for days, plus the door shut and no answer: they may be lying inside.
_UNSEEN_DAYS = re.compile(
    r"(?:两|三|四|五|几|好几|[2-9])天(?:了)?(?:都|也)?(?:没|冇|不)(?:有)?(?:(?:见|看)(?:到|见)?(?:他|她|人)?|接电话|开门|出门|出来|露面|动静|人影)"
)
_SHUT_SILENT = re.compile(
    r"没人应|冇人应|没人开|不应|没反应|没动静|锁着|一个人(?:在家|住|在屋)|就(?:她|他)一个人|臭味|怪味|敲.{0,4}(?:不开|没人)|狗一直叫|报纸堆"
)

# Someone confused gone missing: they may be at the river by now.
_CONFUSED = re.compile(r"糊涂|痴呆|认不得人|记不住路|不认路")
_MISSING = re.compile(r"(?:还)?没回来|找不到|走丢|不见了|没见(?:到)?人")

# Someone lost and confused at night or by the water: 这是哪里 水边上 我崽呢.
_LOST = re.compile(r"这是哪(?:里|儿)?|我在哪(?:里|儿)?|找不到(?:回)?家|不认得路|迷路|认不得路")
_DARK_OR_WATER = re.compile(r"天黑|半夜|夜里|晚上|水边|河边|塘边|江边|井边|水库")

# Two signs of a stroke or a failing heart together: 脸歪了一边 话也说不清, 心口闷 一身冷汗.
_STROKE = re.compile(
    r"心口(?:好|很)?(?:闷|痛|疼)|胸口?(?:好|很)?(?:闷|痛|疼)|冷汗|虚汗|"
    r"(?:嘴唇|嘴巴|嘴|脸)(?:都|有点|有些|已经)?(?:发)?(?:紫|乌|青)|左(?:手|胳膊|边)(?:发)?麻|"
    r"喘(?:气)?(?:不上|好急|好快|呼噜)|呼噜呼噜|冒汗|发抖|(?:讲|说)胡话|不认得(?:我|人)|(?:神志|意识)不清|"
    r"脸歪|嘴歪|嘴巴歪|嘴角歪|口眼歪|讲不出话|说不出话|话(?:也|都)?(?:说|讲)不清|说话不清|讲话不清|"
    r"(?:手|胳膊|腿)(?:也|都)?抬不起|半边(?:身子|身体|脸)?(?:动不了|没知觉|麻)|口水直流|突然说不出话"
)

# A stranger met online arranging to take a child away.
_ONLINE = re.compile(
    r"网上认识|网友|网恋|网上的(?:人|哥哥|姐姐|叔叔|朋友)|游戏(?:里|上)认识|(?:qq|QQ|微信|抖音)上认识"
)
_MEETING = re.compile(
    r"见面|车票|路费|来接|接(?:她|他|我)|带(?:她|他|我)走|"
    r"去(?:外省|外地|广州|深圳|东莞|上海|北京|浙江|福建|广东|江苏|县城|城里)|宾馆|酒店|进厂|"
    r"票(?:都|也)?买(?:好)?了|买(?:了|好)(?:车)?票|删(?:掉)?(?:聊天)?记录"
)

# Feeling unwanted or unmissed, plus going to the water's edge: alone, a sad day or a walk.
_UNWANTED = re.compile(
    r"活不过|不要(?:我|俺)了|(?:不会|没人|没有人)(?:会)?(?:想|记得|惦记|在乎|心疼)(?:我|俺)|"
    r"(?:我|俺)(?:活着)?(?:就)?是(?:个)?多余|少(?:我|俺)一个|不想回(?:去|家)了"
)
# Going once the house is asleep: 等大家睡了我就走.
_SLIPPING_AWAY = re.compile(
    r"等.{0,6}睡(?:着|了|熟)|(?:我|俺)就走(?:了)?(?:$|\s)|(?:等下|等会|今晚|马上|现在)就去"
)
_EDGE = re.compile(
    r"(?:去|到|在|往)[^\s,，]{0,2}?(?:河|江|塘|湖|水库|井|桥|崖|楼顶|天台)(?:那)?(?:边|上|头|口)"
)

# What people go to the water for: 在河那边钓鱼 你们不用管我了 is a day out.
_OUTING = re.compile(r"钓|游泳|玩|洗衣|洗菜|捞|放牛|放鸭|干活|割|散步|乘凉|摸")

# A child's note left behind, plus things or the child gone, or the phone switched off.
_NOTE_LEFT = re.compile(r"留(?:了|下)?(?:一)?(?:张|封|个)?(?:纸条|字条|条子|信)")
_GONE = re.compile(r"不见了|没回来|找不到|关机|联系不上|走了|去(?:广东|深圳|东莞|外地|打工|城里)")

# Whether any sign shows at all: most messages show none, and one search costs less than thirteen.
_ANY_ENDING = guarded(
    "下不交以保俺先再分别后告坟好存密对寿帮归往我找拖拿替最来棺永添清照用留离累给莫要解该谢轻"
    "这连送遗都钥银跟和信拜去农刀安绳药孤福陪之就然是字看纸钱今充明缴水电话托你全",
    "|".join(f"(?:{pattern.pattern})" for pattern in _ENDING.values()),
)

# Going into the water, plus a loss or a life not worth it: alone, a chore at the pond.
_INTO_WATER = re.compile(
    rf"(?:准备|打算|要|想|干脆)(?:去|到|跳)(?:河|塘|水库|江|湖|井)(?:里|边)?(?:了|去)?{_END_OF_CLAUSE}"
)
_LOSS = re.compile(
    r"不在了|走了|去世|过世|没了|没人|不(?:打|来)电话|不管(?:我|俺)|不要(?:我|俺)|多余|一个人|拖累"
)

# The grown-up gone for days, plus nothing left to eat: a child alone in danger.
_AWAY_FOR_DAYS = re.compile(
    r"(?:大人|爷爷|奶奶|外婆|外公|爸爸?|妈妈?|爹|娘|家里人|他们)[^,，]{0,7}"
    r"(?:好几|几|两|三|四|五|六|七|多|[2-9])天(?:了)?(?:都|也|还)?没(?:有)?回"
    r"|(?:出门|出去|走了)[^\s,，]{0,4}?(?:了)?(?:好几|几|两|三|四|五|[2-9])天(?:了)?(?:还|都|也)?没(?:有)?回"
)
_NOTHING_TO_EAT = re.compile(
    r"没(?:有)?(?:吃的|饭吃|东西吃|米)|"
    r"(?:米|饭|吃的|粮|面)(?:都|也|早)?(?:吃完|吃光|没)了"
    r"|好饿|饿(?:了)?(?:好|两|几|一)天|饿得|饿坏"
)

# A farewell for an ordinary reason (a new school, a move), or a will asked about.
_REASSURING = re.compile(
    r"挺好|好着呢|好得很|身体(?:还)?(?:好|不错|硬朗)|转学|搬家|搬走|搬去|搬到|开学|毕业"
    # 遗嘱要怎么写才算数.
    r"|怎么(?:写|立)|算数|有效吗|公证|律师|法律"
)

# At a height or by deep water, plus meaning to go down from there: 桥上风好大 明早我就从这里下去.
_HIGH_OR_DEEP = re.compile(r"桥|楼顶|顶楼|天台|崖|井|水库|大坝|河|塘|江|湖")
_GO_DOWN = re.compile(
    r"(?:(?:想|要|就|准备|打算)(?:从这(?:里|儿)?)?|从这(?:里|儿)?)(?:跳)?下去(?![游玩洗摸捞看捡拿钓抓])"
)

# Trouble at home or school, plus the means got ready: 考砸了 爸爸要打断我的腿 + 老鼠药买好了.
_TROUBLE = re.compile(r"考砸|考差|没考好|被骂|挨打|打断(?:我|俺)|要打(?:我|俺)|受不了|没脸|没意思")

# A grown-up's secret kept from the family, plus gifts or a meeting alone: how a child is groomed.
_SECRET_KEPT = re.compile(
    r"(?:别|不许|不准|不要|莫|不让(?:我|俺)?)(?:跟|和|告诉)(?:奶奶|爷爷|外婆|外公|妈妈|爸爸|妈|爸|别人|老师|家里|大人)"
)
_LURE = re.compile(
    r"给(?:我|俺)(?:买)?(?:糖|零食|钱|红包)|送(?:了)?(?:我|俺)(?:一)?(?:个|部|台)?(?:手机|礼物|钱)"
    r"|一个人(?:去|来|到)|叫(?:我|俺).{0,8}找他"
)

# Fare money hidden away, plus leaving: 车票钱已经藏在鞋里 + 今晚就走.
_FARE_HIDDEN = re.compile(r"(?:车票|票钱|路费|钱)[^\s,，]{0,6}藏")

# Children unfed for days, plus the grown-up not back: 三天没吃饭了 + 奶奶还没回来.
_DAYS_UNFED = re.compile(
    r"(?:两|三|四|五|几|好几|[2-9])天(?:了)?(?:都)?没(?:有)?吃(?:过)?(?:饭|东西)"
)

# Wanting to go with someone who has died: 姆妈走了以后俺天天想跟她去.
_FOLLOW = re.compile(
    r"想(?:跟|随)(?:着)?(?:他|她|妈|爸|姆妈|娘|爹|老伴|老头子|老婆子)(?:一起|一块|一道)?去(?=$|[\s,，。!！])"
)
_GONE_BEFORE = re.compile(r"走了(?:以后|之后)|去世|过世|不在了|没了")

# A room sealed, plus charcoal burning in it.
_SEALED = re.compile(r"(?:贴|封|堵|塞)(?:死|严|住|得严严实实)|反锁")

# Lying still a long while, plus no answer: 趴在桌上一动不动 打电话也不接.
_STILL = re.compile(r"(?:趴|躺|倒|歪|靠)(?:在)?[^\s,，]{0,6}(?:一动不动|动都不动|没动过)")
_UNANSWERED = re.compile(
    r"不接|没人接|打不通|叫不|喊不|不应|没反应|从(?:昨天|前天|早上|上午|中午|下午|昨晚)|一整天|几个小时|一上午|一下午|一晚上"
)


_CHARCOAL = re.compile(r"炭")

# Two signs that each need the other, and the kind they show together; either alone is everyday.
_PAIRS: list[tuple[re.Pattern[str], re.Pattern[str], str]] = [
    (_DESPAIR, _WANTS_AN_END, "suicide"),
    (_UNSEEN_DAYS, _SHUT_SILENT, "collapse"),
    (_CONFUSED, _MISSING, "collapse"),
    (_LOST, _DARK_OR_WATER, "collapse"),
    (_GO_DOWN, _HIGH_OR_DEEP, "suicide"),
    (_STILL, _UNANSWERED, "collapse"),
    (_FOLLOW, _GONE_BEFORE, "suicide"),
    # Charcoal in a sealed room is meant, and whoever is inside needs 120 now.
    (_SEALED, _CHARCOAL, "suicide"),
    (_SEALED, _CHARCOAL, "collapse"),
    (_FARE_HIDDEN, _LEAVE, "runaway"),
    (_DAYS_UNFED, _MISSING, "neglect"),
    (_ENDING["means"], _TROUBLE, "suicide"),
    (_SECRET_KEPT, _LURE, "abuse"),
    (_AWAY_FOR_DAYS, _NOTHING_TO_EAT, "neglect"),
]


def crisis_kinds(cleaned: str, unblanked: str) -> set[str]:
    """The kinds of crisis the text shows; empty when it shows none.

    `unblanked` still has the farm and shop phrases: 除草剂 is harmless on a shopping list and a
    crisis after 喝了, and only the verb beside it tells which.
    """
    found = {kind for kind, pattern in _KINDS.items() if pattern.search(cleaned)}
    if _KINDS["poison"].search(unblanked) or _STARVING_SELF.search(unblanked):
        found.add("poison" if _KINDS["poison"].search(unblanked) else "self_harm")
    found.update(
        kind
        for first, second, kind in _PAIRS
        if first.search(cleaned) is not None and second.search(cleaned) is not None
    )
    if _collapsed(cleaned):
        found.add("collapse")
    if _running_away(cleaned):
        found.add("runaway")
    means_at_hand = _MEANS.search(unblanked) and _OBTAINED.search(unblanked)
    if means_at_hand and (_RESOLVE.search(cleaned) or _DESPAIR.search(cleaned)):
        found.add("suicide")
    dragged = _DRAGGED.search(cleaned)
    if dragged and _ACT.search(cleaned, dragged.end(), dragged.end() + 20):
        found.add("abuse")
    if _UNWANTED.search(cleaned) and (_EDGE.search(cleaned) or _SLIPPING_AWAY.search(cleaned)):
        found.add("farewell")
    edge = _EDGE.search(cleaned) and not _OUTING.search(cleaned)
    if edge and _ENDING["no_need"].search(cleaned):
        found.add("farewell")
    if _INTO_WATER.search(cleaned) and (_LOSS.search(cleaned) or _DESPAIR.search(cleaned)):
        found.add("farewell")
    if len({match.group() for match in _STROKE.finditer(cleaned)}) >= 2:
        found.add("collapse")
    online = _ONLINE.search(cleaned)
    if online and _MEETING.search(cleaned, online.end()):
        found.add("runaway")
    note = _NOTE_LEFT.search(cleaned)
    if note and _GONE.search(cleaned, note.end()):
        found.add("runaway")
    signs = 0
    if _ANY_ENDING.search(cleaned):
        signs = sum(1 for pattern in _ENDING.values() if pattern.search(cleaned))
    if signs >= 2 and not _REASSURING.search(cleaned):
        found.add("farewell")
    return found


def _collapsed(text: str) -> bool:
    for down in _DOWN.finditer(text):
        if _NOT_UP.search(text, down.start(), down.end() + 30):
            return True
    return False


def _running_away(text: str) -> bool:
    if not _HIDE.search(text):
        return False
    for leave in _LEAVE.finditer(text):
        clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, leave.start())), default=0)
        before = text[clause_start : leave.start()]
        if _SUBJECT.search(before) or not _THIRD.search(before):
            return True
    return False
