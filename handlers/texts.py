"""Every sentence the bot says, in one place so it can be read and reviewed as a whole.

Short, warm, plain Simplified Chinese: elders read little, relatives read on the phone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

WEEKDAYS = "一二三四五六日"

RELATION_WORDS = {
    "mother": "妈妈",
    "father": "爸爸",
    "grandmother": "奶奶",
    "grandfather": "爷爷",
    "son": "儿子",
    "daughter": "女儿",
    "grandson": "孙子",
    "granddaughter": "孙女",
    "spouse": "爱人",
    "child": "孩子",
    "grandchild": "孙辈",
}


def relation_word(relation: str | None) -> str:
    return RELATION_WORDS.get(relation or "", "家人")


def day_part(local: datetime) -> str:
    hour = local.hour
    if hour < 6:
        return "凌晨"
    if hour < 12:
        return "上午"
    if hour < 13:
        return "中午"
    if hour < 18:
        return "下午"
    return "晚上"


def time_of_day(local: datetime) -> str:
    """晚上8:00"""
    hour = local.hour if local.hour <= 12 else local.hour - 12
    return f"{day_part(local)}{hour}:{local.minute:02d}"


def clock(local: datetime) -> str:
    """12月5日(周六)晚上8:00 — how people say a moment, in the station's time zone."""
    return f"{local.month}月{local.day}日(周{WEEKDAYS[local.weekday()]}){time_of_day(local)}"


def short_day(local: datetime) -> str:
    return f"{local.month}月{local.day}日 周{WEEKDAYS[local.weekday()]} {local:%H:%M}"


# --- input that cannot be used -----------------------------------------------------------

EMPTY = "您好,请直接说您想办的事,比如:“我想周六晚上跟我妈视频”。"
TOO_LONG = "消息太长了,我没法一下看完。请用一两句话说说您想办什么。"
NOT_UNDERSTOOD = (
    "不好意思,我没太明白。您可以这样说:\n"
    "· “我想周六晚上八点跟我妈视频”\n"
    "· “帮我妈买点药” “手机不会用”\n"
    "· “能去看看我爸吗”\n"
    "· “我的申请到哪了” “不用了”"
)
STALE_CHOICE = "这个选项已经过期了。请重新说一下您想办的事。"
NOT_A_CHOICE = "请回复选项前面的数字,比如 1。"
NO_QUESTION = "我现在没有在等您选数字。想办什么事,直接跟我说就行,比如“帮我买点药”。"
SOMETHING_WRONG = "不好意思,我这边出了点问题,没办成。请过一会儿再试,或者打村服务站电话。"
GROUP_IGNORED = "请私聊我办理预约。"


def not_linked(station_phone: str) -> str:
    return (
        "您好!您还没有在村里的服务站登记,我暂时不能帮您预约。\n"
        f"请联系村服务站(电话 {station_phone}),工作人员会给您一个绑定码,"
        "把绑定码发给我就能用了。"
    )


# --- linking an account or a group ---------------------------------------------------------

BINDING_WRONG = "绑定码不对,或者已经用过、过期了。请核对后再发,或找村服务站要一个新的。"
GROUP_NEEDS_COORDINATOR = "只有站点负责人可以绑定群。请负责人先私聊我绑定,再在群里发绑定码。"
GROUP_JOINED = (
    "大家好,我是亲情连线小助手。请站点负责人在群里发群绑定码(比如“绑定 123456”),"
    "绑定后预约消息会发到这里。"
)


def binding_locked(minutes: int) -> str:
    return f"试错次数太多,为了安全先暂停绑定。请 {minutes} 分钟后再试,或联系村服务站。"


def linked(name: str) -> str:
    return f"绑定成功!{name},您好。以后直接跟我说想办的事就行,比如“周六晚上跟家里视频”。"


def group_linked(station: str) -> str:
    return f"本群已绑定为{station}的志愿者群。新的预约和派单会发到这里。"


# --- greetings and help --------------------------------------------------------------------

NEVER_MIND = "好的,这次先不约了。想约的时候再告诉我。"
HELLO = "您好!我是亲情连线小助手。想跟家里人视频,直接告诉我时间就行。"
THANKS = "不客气!有事随时找我。"
BYE = "好的,再见!有事随时找我。"


HELLO_STAFF = (
    "您好!我是亲情连线小助手。新单子会发到志愿者群,回复“接单 单号”就能接。发“帮助”看常用说法。"
)


def smalltalk(text: str, staff: bool = False) -> str:
    if any(word in text for word in ("谢", "感谢", "辛苦")):
        return THANKS
    if any(word in text for word in ("再见", "拜拜", "晚安")):
        return BYE
    return HELLO_STAFF if staff else HELLO


FOR_COUNSELLORS = "“结案”“交回”是辅导员用的说法。您有什么事,直接跟我说就行。"

HELP_STAFF = (
    "志愿者常用说法:\n"
    "· 接单:“接单 K7Q2”(群里、私信都行)\n"
    "· 出发、完成:“出发 K7Q2”“完成 K7Q2 药送到了”\n"
    "· 接不了:“退回 K7Q2 临时有事”\n"
    "· 看手上的单和值班:“我的单”\n"
    "· 查台账:“看台账 张桂英”(私信里看详情)\n"
    "负责人还能发“发绑定码 名字”;辅导员收到个案提醒时回复“我来”。"
)

HELP_COORDINATOR = (
    "负责人常用说法:\n"
    "· 给家属或老人开绑定码:“发绑定码 张桂英”\n"
    "· 查台账:“看台账 张桂英”(私信里看详情)\n"
    "· 接单、出发、完成、我的单,和志愿者一样用\n"
    "紧急个案会直接提醒您,回复“我来”接手。"
)

HELP_COUNSELLOR = (
    "辅导员常用说法:\n"
    "· 收到个案提醒,回复“我来”或 1 接手\n"
    "· 接手后您发的话会转给对方,不显示您的账号\n"
    "· “交回”把对话交回给机器人;“结案 情况说明”结束个案"
)

HELP_RESIDENT = (
    "我可以帮您:\n"
    "· 跟在外面的家里人视频:“我想跟儿子视频”\n"
    "· 找志愿者办事:“帮我买点药”“手机不会用”“想理个发”\n"
    "· 请人来家里看看:“能来我家看看吗”\n"
    "· 查、改、取消:“我约的视频是几点”“改到明天”“不约了”\n"
    "打字不方便,发语音也行,志愿者会听。"
)

HELP = (
    "我可以帮您:\n"
    "· 约亲情视频:“我想这周六晚上八点跟我妈视频”\n"
    "· 找志愿者办事:“帮我妈买点药”“手机不会用”\n"
    "· 请人上门看看:“能去看看我爸吗”\n"
    "· 查进度:“我约的视频是几点”“我的申请到哪了”\n"
    "· 改时间或取消:“改到周日晚上”“不约了”\n"
    "行动不便的老人,志愿者会带平板上门。"
)
NOT_YET = "这件事我已经记下了,不过线上还办不了。请直接打村服务站电话 {phone},工作人员会帮您。"
CLARIFY = "您是想约亲情视频吗?\n请说说想跟谁、什么时候视频,比如“周六晚上跟我妈视频”。"


# --- safeguarding: crisis reply, cases, paging, relay ----------------------------------------
# The person in trouble never learns who the counsellor is: they hear from "老师" through the bot.


def crisis_reply(hotlines: list[tuple[str, str]]) -> str:
    lines = "\n".join(f"· {label}:{number}" for label, number in hotlines)
    return (
        "我听到了,您现在很难受。您不是一个人,我已经请工作人员马上联系您。\n"
        "现在先做这几件事:\n"
        "· 离开危险的地方,把伤害自己的东西放远一点\n"
        "· 去找身边信得过的人,别一个人待着\n"
        "· 马上打电话,有人24小时接听:\n"
        f"{lines}\n"
        "我一直在这里,您可以继续跟我说。"
    )


def emergency_reply(kind: str, hotlines: list[tuple[str, str]]) -> str:
    """The first answer when someone is hurt or something is burning: the call to make now."""
    others = "、".join(number for _, number in hotlines)
    if kind == "fire":
        first = "请马上打119!\n· 先把人带到屋外空地,别回去拿东西\n· 喊邻居来帮忙,有人受伤再打120\n"
    else:
        first = (
            "请马上打120叫救护车!\n"
            "· 喊身边的人来帮忙,别让病人一个人待着\n"
            "· 摔倒的人先别硬扶起来,看看还有没有呼吸\n"
        )
    return f"{first}我已经请工作人员马上联系您。其他求助电话:{others}。"


CONCERN = "听起来您最近心里不太好受。我已经告诉站里的老师,他们会尽快联系您,陪您聊聊。"
CONCERN_NOTED = "我记下了,也转告了老师。他们会尽快联系您。"


def still_paging(hotlines: list[tuple[str, str]]) -> str:
    numbers = "、".join(number for _, number in hotlines)
    return f"我收到了,已经转给老师,正在叫人马上联系您。等的时候也可以先打这些电话:{numbers}。"


HUMAN_ON_LINE = (
    "一位老师现在接上了,是真人在跟您说话。您发的话会直接给到老师,老师的回复也会从这里发给您。"
)
HANDED_BACK = "老师这边先聊到这里,有需要随时再找老师。您也可以像平常一样跟我说想办的事。"


def case_closed_for_person(hotlines: list[tuple[str, str]]) -> str:
    line = f",也可以打{hotlines[0][0]} {hotlines[0][1]}" if hotlines else ""
    return f"老师这次先陪您聊到这里。以后心里难受,随时跟我说{line}。保重!"


UNLINKED_PERSON = "一位未登记的用户"
UNKNOWN_STATION = "未知站点"
MANDATORY_REPORT_MARK = "⚠ 可能涉及未成年人受到伤害,属于强制报告情形,请按规定向公安机关报告。"
DELETED = "(已按保存期限删除)"
TAKE_HINT = "能接手请回复 1、“我来”或点按钮。"
NOTHING_TO_TAKE = "现在没有等人接手的个案。"
NOT_YOUR_CASE = "这个个案不在您负责的范围内。"
NO_CASE_TO_CLOSE = "您现在没有正在跟进的个案。"
CLOSE_NEEDS_NOTE = "请在“结案”后面写一句备注,比如:结案 已电话联系家长,情况稳定。"


def crisis_page(ref: str, name: str, place: str, said: str, round_: int) -> str:
    again = f"·第{round_ + 1}次呼叫,还没有人接手" if round_ else ""
    return (
        f"【紧急个案 {ref}{again}】{place}的{name} 发来可能有危险的消息,请马上联系:\n"
        f"“{said}”\n{TAKE_HINT}"
    )


def concern_page(ref: str, name: str, place: str, said: str, round_: int) -> str:
    again = "·已超过首次回应时限" if round_ else ""
    return (
        f"【关心个案 {ref}{again}】{place}的{name} 情绪不太好,请尽快联系:\n“{said}”\n{TAKE_HINT}"
    )


def reported_page(
    ref: str, severity: str, reporter: str, about: str | None, place: str, said: str, round_: int
) -> str:
    whom = about or "有人"
    if severity == "crisis":
        again = f"·第{round_ + 1}次呼叫,还没有人接手" if round_ else ""
        head = f"【紧急个案 {ref}{again}】{place}的{reporter} 反映{whom}可能有危险,请马上联系"
    else:
        again = "·已超过首次回应时限" if round_ else ""
        head = f"【关心个案 {ref}{again}】{place}的{reporter} 反映{whom}情绪不太好,请尽快联系"
    return f"{head}:\n“{said}”\n{TAKE_HINT}"


def mandatory_report(ref: str, place: str) -> str:
    return (
        f"【强制报告 {ref}】{place} 的个案可能涉及未成年人受到伤害。"
        "按规定须立即向公安机关报告,并记录报告时间。"
    )


def case_taken(ref: str, taker: str) -> str:
    return f"【已接手 {ref}】{taker} 已接手这个个案,不用再处理了。谢谢!"


def already_taken(ref: str) -> str:
    return f"个案 {ref} 已经有人接手了,谢谢您。"


def no_such_case(ref: str) -> str:
    return f"没有找到还在进行的个案 {ref.upper()},请核对编号。"


def not_holding(ref: str) -> str:
    return f"个案 {ref} 不在您手上,这句话没有转出去。先回复“我来 {ref}”接手,再用 #{ref} 开头说话。"


def you_took(
    ref: str, name: str, place: str, relay: bool, backlog: list[str], phone: str | None = None
) -> str:
    said = "\n".join(f"  “{line}”" for line in backlog)
    how = (
        "对方现在知道有老师接上了。您直接发的文字会转给对方(不显示您的账号);\n"
        "发“交回”把对方交还给机器人,发“结案 备注”结束个案。"
        if relay
        else "这是别人代为反映的(群聊或走访记录),请先联系反映的人。处理完发“结案 备注”。"
    )
    call = f"(电话 {phone})" if phone else ""
    return f"您已接手个案 {ref}:{place}的{name}{call}。\n{said}\n{how}".replace("\n\n", "\n")


def relay_to_counsellor(ref: str, name: str, said: str, risk: str) -> str:
    mark = "【危险】" if risk == "crisis" else ""
    return f"【{ref}】{mark}{name}:{said}"


def relay_media_to_counsellor(ref: str, name: str, kind: str) -> str:
    return f"【{ref}】{name} 发来一条{MEDIA_WORDS.get(kind, '文件')}。"


def from_counsellor(said: str) -> str:
    return f"老师:{said}"


def handed_back(ref: str) -> str:
    return f"个案 {ref} 已交回机器人。对方的消息不再转给您;处理完请发“结案 备注”。"


def case_closed(ref: str) -> str:
    return f"个案 {ref} 已结案,备注已记下。辛苦了!"


# --- booking -------------------------------------------------------------------------------


def which_family(names: list[str]) -> str:
    return "您想跟哪位家人视频?请回复数字。"


def family_not_on_ledger(relation: str | None, phone: str, then: str = "再来约视频") -> str:
    who = relation_word(relation) if relation else "这位家人"
    return f"站里的名册上还没有您的{who}。请联系村服务站(电话 {phone})先把家人登记上,{then}。"


def ask_time(who: str) -> str:
    return f"想跟{who}什么时候视频?下面是还空着的时间,回复数字就行,也可以直接说时间:"


def time_past(moment: str) -> str:
    return f"{moment}已经过去了。请选一个以后的时间:"


def too_soon(moment: str) -> str:
    return f"{moment}太近了,志愿者来不及准备。请选晚一点的时间:"


def closed(moment: str, hours: str) -> str:
    return f"{moment}工作室没开门(开放时间:{hours})。这些时间可以:"


def slot_taken(moment: str) -> str:
    return f"{moment}已经有人约了。这些时间还空着:"


def no_volunteer(moment: str) -> str:
    return f"{moment}没有志愿者值班。这些时间有人:"


def no_slots_on_day() -> str:
    return "那天已经约满了。这些时间还空着:"


NO_SLOTS = "最近一周都约满了,请过几天再来约,或者打村服务站电话问问。"


def booked(who: str, name: str, moment: str, place: str, volunteer: str, ref: str) -> str:
    return f"约好了!{moment},跟{who}({name})视频,{place}。志愿者:{volunteer}。预约号 {ref}。"


def booked_home(who: str, name: str, moment: str, volunteer: str, ref: str) -> str:
    return (
        f"约好了!{moment},志愿者{volunteer}会带平板到{who}({name})家里,"
        f"陪着跟您视频。预约号 {ref}。"
    )


def booked_for_you(booker: str, moment: str, place: str, ref: str) -> str:
    """To the other side of a call someone else booked."""
    return f"{booker}约了{moment}跟您视频,{place}。预约号 {ref}。时间不合适直接告诉我。"


def moved_for_you(booker: str, old: str, new: str, ref: str) -> str:
    return f"{booker}把跟您的视频从{old}改到了{new}。预约号 {ref},到时候会提醒您。"


def cancelled_for_you(booker: str, moment: str) -> str:
    return f"{booker}取消了{moment}跟您的视频。想再约随时告诉我。"


def place_in_room(room: str) -> str:
    return f"在{room}"


def group_new(ref: str, moment: str, relative: str, resident: str, volunteer: str) -> str:
    return f"【新预约 {ref}】{moment}\n{relative} ↔ {resident},在工作室视频。值班:{volunteer}"


def group_new_home(
    ref: str, moment: str, relative: str, resident: str, volunteer: str, address: str
) -> str:
    return (
        f"【新预约·上门 {ref}】{moment}\n{relative} ↔ {resident}({address})。\n"
        f"{volunteer}请带平板上门,{resident}行动不便。"
    )


def group_moved(ref: str, old: str, new: str, volunteer: str) -> str:
    return f"【改时间 {ref}】{old} 改到 {new}。值班:{volunteer}"


def group_cancelled(ref: str, moment: str) -> str:
    return f"【已取消 {ref}】{moment} 的视频取消了。"


# --- status, moving, cancelling ------------------------------------------------------------

NOTHING_BOOKED = "您现在没有约好的视频。想约的话,告诉我跟谁、什么时候就行。"


def status_line(moment: str, who: str, ref: str, home: bool) -> str:
    where = "(志愿者上门)" if home else ""
    return f"· {moment} 跟{who}视频{where},预约号 {ref}"


def status(lines: list[str], on_duty: bool = False) -> str:
    return ("您值班的视频:\n" if on_duty else "您约好的视频:\n") + "\n".join(lines)


def duty_line(moment: str, relative: str, resident: str, ref: str, home: bool) -> str:
    where = "带平板上门" if home else "在工作室"
    return f"· {moment} 值班:{relative} ↔ {resident},{where},预约号 {ref}"


WHICH_TO_MOVE = "您想改哪一个?请回复数字。"
WHICH_TO_CANCEL = "您想取消哪一个?请回复数字。不想取消,就选最后一个。"
CANCEL_OR_NOT = "您是想取消下面的吗?是的话回复数字;不是就选“都不取消”,再跟我说说您的事。"
KEEP_ALL_CHOICE = "都不取消"
KEPT_ALL = "好的,都不取消。有别的事直接告诉我。"


def ask_new_time(moment: str) -> str:
    return f"原来约的是{moment}。想改到什么时候?这些时间空着,回复数字或直接说时间:"


def moved(old: str, new: str, ref: str, volunteer: str) -> str:
    return f"改好了:从{old}改到{new},志愿者:{volunteer}。预约号 {ref},到时候会提醒您。"


def cancelled(moment: str) -> str:
    return f"已取消{moment}的视频。想再约随时告诉我。"


# --- reminders and follow-up ---------------------------------------------------------------


def remind_evening(moment: str, who: str, home: bool) -> str:
    where = "志愿者会带平板去家里" if home else "在村里的亲情连线室"
    return f"提醒:明天{moment},您约了跟{who}视频,{where}。请留意手机。"


def remind_soon(moment: str, who: str) -> str:
    return f"提醒:半小时后({moment})跟{who}视频,请准备好手机,保持网络畅通。"


def remind_soon_resident(moment: str, who: str, room: str | None) -> str:
    """For the one at home: where to be, not what to charge."""
    where = f"请按时到{room}" if room else "志愿者会带平板到家里,请在家等一下"
    return f"提醒:半小时后({moment})跟{who}视频,{where}。"


def remind_volunteer(moment: str, resident: str, relative: str, place: str) -> str:
    return f"值班提醒:{moment} {relative} 跟 {resident} 视频,{place}。"


def remind_volunteer_home(moment: str, resident: str, address: str) -> str:
    return f"值班提醒:{moment} 请带平板到 {resident} 家({address}),帮忙视频。"


LATE_NOTE = "(这条提醒晚发了,抱歉。)"

ASK_OUTCOME_CHOICES = (("held", "视频已完成"), ("no_show", "没有进行"))


def ask_outcome(ref: str, moment: str, resident: str) -> str:
    return f"预约 {ref}({moment},{resident})的视频进行了吗?请回复数字:"


def ask_rating(who: str) -> str:
    return f"跟{who}的视频结束了。这次服务您满意吗?请打分,5分最满意:"


# The number typed is the score given.
RATING_CHOICES = (
    ("1", "1分 很不满意"),
    ("2", "2分 不太满意"),
    ("3", "3分 一般"),
    ("4", "4分 满意"),
    ("5", "5分 很满意"),
)
OUTCOME_HELD = "好的,已记下视频完成,辛苦了!"
OUTCOME_NO_SHOW = "好的,已记下这次没有进行。"
THANKS_RATING = "谢谢您的评价!我们会继续做好。"
SORRY_RATING = "谢谢您告诉我们。站里的负责人会看到,尽快改进。"


def low_rating(ref: str, score: int, relative: str) -> str:
    return f"【差评】预约 {ref}:{relative} 打了 {score} 分,请联系了解情况。"


# --- voice notes, photos and files ---------------------------------------------------------

MEDIA_WORDS = {"voice": "语音", "photo": "照片", "video": "视频", "file": "文件"}


def media_received(kind: str) -> str:
    if kind == "voice":
        return "收到您的语音了,已经转给站里的志愿者,他们听了会尽快回复您。"
    word = MEDIA_WORDS.get(kind, "文件")
    return f"收到您发的{word}了,已经转给站里的志愿者,他们看了会尽快回复您。"


def media_nobody(phone: str) -> str:
    return f"收到了。站里的志愿者群还没接上,请直接打村服务站电话 {phone}。"


def media_post(kind: str, name: str, caption: str) -> str:
    word = MEDIA_WORDS.get(kind, "文件")
    said = f"\n附言:“{caption}”" if caption else ""
    return f"【{word}】{name} 发来一条{word},请值班志愿者看一下,尽快回复。{said}"


MEDIA_GONE = "(原消息已被对方删除。)"
BUTTON_NOT_YOURS = "接单、出发、完成这些是本站登记的志愿者用的。您有什么事,直接跟我说就行。"
NOT_THIS_STATIONS_GROUP = "这个群还没有绑定这单所在的站点,请在站点的志愿者群里或私信我接单。"


# --- services from the catalog, home visits, volunteers' orders ----------------------------

ORDER_STATUS_WORDS = {
    "open": "等志愿者接单",
    "claimed": "志愿者已接单",
    "on_the_way": "志愿者已出发",
    "done": "已完成",
    "cancelled": "已取消",
}


def already_on_the_way(ref: str) -> str:
    return f"{ref} 已经记下您出发了。办好了回复 2(已完成)。"


PROGRESS_CHOICES = (("on_the_way", "出发了"), ("done", "已完成"), ("return", "退回,办不了"))
ORDER_NAME_WHO = "请说一下是帮谁办,写上名册上的名字,比如“帮张桂英买药”。"
VOICE_REQUEST = "发来一条语音,请志愿者听一下"
SEE_PRIVATE = "详细情况已私信发给您。"
MAY_COMMENT = "想说说具体情况,可以直接打字告诉我。"
THANKS_COMMENT = "收到您的意见了,谢谢!"


def wanted(day: date | None) -> str:
    if day is None:
        return "尽快"
    return f"{day.month}月{day.day}日(周{WEEKDAYS[day.weekday()]})"


def duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}分钟"
    if minutes % 1440 == 0:
        return f"{minutes // 1440}天"
    if minutes % 60 == 0:
        return f"{minutes // 60}小时"
    return f"{minutes / 60:.1f}小时"


def order_for_whom(what: str) -> str:
    return f"{what}是帮谁办?请回复数字。"


def ordered(what: str, who: str, ref: str, day: str) -> str:
    return (
        f"收到!已为{who}下单:{what}({day}),单号 {ref}。"
        "志愿者接单后我会告诉您。想问进度,说“我的申请到哪了”就行。"
    )


def ordered_nobody(what: str, who: str, ref: str, phone: str) -> str:
    return f"已为{who}记下:{what},单号 {ref}。站里的志愿者群还没接上,请打村服务站电话 {phone}。"


def group_order(
    ref: str,
    what: str,
    resident: str,
    station: str,
    request: str,
    day: str,
    within: str,
    again: bool,
) -> str:
    head = f"【还没人接 {ref}】" if again else f"【新服务单 {ref}】"
    said = f"\n原话:“{request[:100]}”" if request else ""
    return (
        f"{head}{what} · 为{resident}({station}) · 时间:{day}{said}\n"
        f"请在{within}内接单:点按钮,或回复“接单 {ref}”。地址和电话只发给接单的志愿者。"
    )


def voice_ordered(ref: str) -> str:
    return f"收到您的语音了,已经请志愿者听,单号 {ref}。他们听了会尽快回复您。"


def group_voice(ref: str, resident: str) -> str:
    return (
        f"【语音待听 {ref}】{resident} 发来一条语音,请一位志愿者听一下并回复。"
        f"回复“接单 {ref}”认领。"
    )


def group_taken(ref: str, volunteer: str) -> str:
    return f"【已接单 {ref}】{volunteer} 接了这一单,谢谢!"


def group_done(ref: str, volunteer: str) -> str:
    return f"【已完成 {ref}】{volunteer} 办完了,辛苦了!"


def group_order_cancelled(ref: str) -> str:
    return f"【已取消 {ref}】这一单对方说不用了。"


def volunteer_order_cancelled(ref: str) -> str:
    return f"您接的 {ref} 对方说不用了,已取消,不用去了。谢谢您!"


def group_order_moved(ref: str, day: str) -> str:
    return f"【改时间 {ref}】这一单改到 {day}。"


def claimed_details(
    ref: str, what: str, resident: str, address: str, phone: str, request: str, within: str
) -> str:
    reach = f"\n电话:{phone}" if phone else ""
    said = f"\n原话:“{request[:200]}”" if request else ""
    return (
        f"您接了 {ref}:{what}\n对象:{resident}\n地址:{address or '(名册上没有,请问站里)'}"
        f"{reach}{said}\n请在{within}内办完。出发、办完或办不了,点下面的按钮告诉我。"
    )


def you_claimed(ref: str, volunteer: str, in_group: bool) -> str:
    if in_group:
        return f"好的,{ref} 归{volunteer}了。地址和电话已私信发给您。"
    return f"好的,{ref} 归您了。"


def order_taken(ref: str, volunteer: str) -> str:
    return f"{ref} 已经被{volunteer or '别人'}接了,谢谢您!"


def already_yours(ref: str) -> str:
    return f"{ref} 已经是您接的单了。办好了回复“完成 {ref}”。"


def not_for_you(ref: str, same_station: bool) -> str:
    if not same_station:
        return f"{ref} 不是本站的单子,只有本站登记的志愿者能接。"
    return f"{ref} 需要专门的志愿者(心理辅导或法律)来接,谢谢您!"


def no_such_order(ref: str) -> str:
    return f"没有找到单号 {ref},请核对一下。"


def not_your_order(ref: str) -> str:
    return f"{ref} 不在您名下,或者已经办完了。"


def asker_claimed(ref: str, volunteer: str) -> str:
    return f"您的申请 {ref} 已由志愿者{volunteer}接单,会尽快联系。"


def already_ordered(what: str, ref: str) -> str:
    return f"{what}已经有人申请过了,单号 {ref},正在办。想问进度就说“我的申请到哪了”。"


def asker_returned(ref: str, volunteer: str) -> str:
    return f"您的申请 {ref}:志愿者{volunteer}这次办不了,已经重新派单,有人接了马上告诉您。"


def asker_on_the_way(ref: str, volunteer: str) -> str:
    return f"您的申请 {ref}:志愿者{volunteer}已经出发了。"


def on_the_way(ref: str) -> str:
    return f"好的,{ref} 记为已出发。路上注意安全!办完了点“已完成”。"


def ask_note(ref: str) -> str:
    return f"{ref} 办得怎么样?请用一句话写写做了什么,比如“药已送到,老人身体还好”。"


def ask_visit_note(ref: str) -> str:
    return (
        f"{ref} 探访情况请写几句:老人/孩子怎么样,有什么需要。"
        "可以加上“健康好/一般/差”“心情好/一般/差”。"
    )


def ask_reason(ref: str) -> str:
    return f"{ref} 为什么办不了?请简单说一句,单子会重新派给别的志愿者。"


NOTE_PASSED_ON = "志愿者另外反映了老人或孩子的一些情况,站里的心理辅导员会尽快跟您联系。"
NOTE_TO_COUNSELLORS = "您写的情况已经转给心理辅导员和站点负责人,他们会马上跟进。"


def thanks_done(ref: str, minutes: int) -> str:
    return f"谢谢!{ref} 已完成,记志愿服务时长 {duration(timedelta(minutes=minutes))}。"


def returned(ref: str) -> str:
    return f"好的,{ref} 已退回,会重新派给别的志愿者。"


def order_rating(ref: str, what: str, volunteer: str, note: str) -> str:
    said = f"\n志愿者留言:“{note[:100]}”" if note else ""
    return f"您的申请 {ref}({what})已由{volunteer}办完。{said}\n这次服务您满意吗?请打分,5分最满意:"


def low_order_rating(ref: str, what: str, score: int, asker: str, volunteer: str) -> str:
    return (
        f"【差评】服务单 {ref}({what},志愿者{volunteer}):{asker} 打了 {score} 分,请联系了解情况。"
    )


def low_comment(ref: str, comment: str) -> str:
    return f"【差评补充 {ref}】“{comment[:200]}”"


NOTHING_HELD = "您手上现在没有单,也没有要值班的视频。新单子会发到志愿者群。"


def requests_status(lines: list[str], held: bool = False) -> str:
    return ("您手上的单和值班:\n" if held else "您的申请和预约:\n") + "\n".join(lines)


def order_status_line(
    ref: str, what: str, resident: str, status: str, volunteer: str, day: str
) -> str:
    state = ORDER_STATUS_WORDS.get(status, status)
    by = f"({volunteer})" if volunteer and status in ("claimed", "on_the_way", "done") else ""
    return f"· {what}(为{resident},{day}):{state}{by},单号 {ref}"


def which_to_claim(waiting: list[tuple[str, str]]) -> str:
    if not waiting:
        return "现在没有等人接的单,辛苦了。"
    ref = waiting[0][0]
    return f"请带上单号回复,比如“接单 {ref}”。现在等人接的单:\n" + "\n".join(
        line for _, line in waiting
    )


def which_held(word: str, held: list[tuple[str, str]]) -> str:
    if not held:
        return "您手上现在没有在办的单。"
    ref = held[0][0]
    return f"您手上有几张单,请带上单号,比如“{word} {ref}”:\n" + "\n".join(line for _, line in held)


def order_cancelled(ref: str, what: str) -> str:
    return f"好的,{ref}({what})已取消。需要的时候再告诉我。"


def ask_order_day(ref: str) -> str:
    return f"{ref} 想改到哪天?请说一下,比如“改到明天”。"


def order_moved(ref: str, day: str) -> str:
    return f"好的,{ref} 改到 {day},已告诉志愿者。"


def escalate_unclaimed(ref: str, what: str, station: str, waited: str, step: int) -> str:
    level = "镇" if step == 1 else "县"
    return f"【{level}级提醒】{station} 的服务单 {ref}({what})已经 {waited} 没人接,请帮忙协调。"


def nudge_volunteer(ref: str, what: str) -> str:
    return f"{ref}({what})到时间了还没办完。办完了请点“已完成”;办不了请退回,别让对方干等。"


def taken_back(ref: str) -> str:
    return f"{ref} 一直没办完,已经收回重新派单了。有情况请跟站里说一声。"


def planned_visit_request(care: str) -> str:
    words = {"high": "每周探访(重点关爱)", "key": "每月探访", "normal": "每季度探访"}
    return words.get(care, "定期探访")


EVENT_VISIT_REQUEST = "发生了重要情况,24小时内上门看看"


# --- ledger, people and permissions --------------------------------------------------------

ROLE_WORDS = {
    "relative": "家属",
    "resident": "本人",
    "volunteer": "志愿者",
    "counsellor": "心理辅导员",
    "coordinator": "站点负责人",
}
COMMAND_NOT_LINKED = "不好意思,这个功能要先绑定身份才能用。请向村服务站要一个绑定码发给我。"
GROUP_NOT_LINKED = "本群还没有绑定站点,这个命令在这里用不了。请站点负责人先发群绑定码。"
GROUP_NOT_YOURS = "不好意思,这个群所在的站点不归您负责,这个命令在这里用不了。"
SENT_PRIVATELY = "已经私信发给您了,请在私聊里查看。"
NEED_PRIVATE_CHAT = "这条内容涉及个人信息,不能发在群里。请先私聊我一次,再在群里发这个命令。"


def command_needs_role(roles: tuple[str, ...]) -> str:
    who = "、".join(ROLE_WORDS.get(role, role) for role in roles if role in ROLE_WORDS)
    return f"不好意思,这个功能只有{who}可以用。需要帮忙请联系村服务站。"


def not_in_your_area(name: str) -> str:
    return f"在您能查看的范围里没有找到“{name}”。请核对姓名;如果不归您负责,请联系所在站点。"


def same_name(name: str) -> str:
    return f"有不止一位叫“{name}”的人。请在姓名后面加上身份证号后四位,比如“{name} 1234”。"


def code_issued(name: str, code: str, expires: str) -> str:
    return f"{name}的绑定码:{code}。请当面或电话告诉本人,{expires}前发给我,只能用一次。"


LEDGER_LABELS = (
    ("sex", "性别"),
    ("address", "住址"),
    ("phone", "电话"),
    ("guardian_name", "监护人"),
    ("guardian_phone", "监护人电话"),
    ("school", "学校"),
    ("grade", "年级"),
    ("health", "健康"),
    ("disability", "残疾"),
    ("mood", "心理"),
    ("notes", "家庭情况"),
    ("risk_level", "风险等级"),
)


def ledger_card(record: dict[str, object], station: str, age: int | None) -> str:
    """One person's record as a short card for a phone screen."""
    head = str(record["name"])
    if age is not None:
        head += f",{age}岁"
    if station:
        head += f"({station})"
    lines = [head]
    if record.get("can_walk") is False:
        lines.append("· 行动不便")
    if record.get("lives_alone"):
        lines.append("· 独居")
    for key, label in LEDGER_LABELS:
        value = record.get(key)
        if value:
            lines.append(f"· {label}:{value}")
    relatives = record.get("relatives")
    if isinstance(relatives, list):
        for tie in relatives:
            who = relation_word(tie.get("relation"))
            phone = f" {tie['phone']}" if tie.get("phone") else ""
            work = f",在{tie['workplace']}" if tie.get("workplace") else ""
            lines.append(f"· {who}:{tie['name']}{phone}{work}")
    return "\n".join(lines)
