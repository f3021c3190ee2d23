"""Every sentence the bot says, in one place so it can be read and reviewed as a whole.

Short, warm, plain Simplified Chinese: elders read little, relatives read on the phone.
"""

from __future__ import annotations

from datetime import datetime

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
    "不好意思,我没太明白。您可以说:\n"
    "· “我想周六晚上八点跟我妈视频”\n"
    "· “我约的视频是几点”\n"
    "· “改到周日晚上” 或 “不约了”"
)
STALE_CHOICE = "这个选项已经过期了。请重新说一下您想办的事。"
NOT_A_CHOICE = "请回复选项前面的数字,比如 1。"
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


def smalltalk(text: str) -> str:
    if any(word in text for word in ("谢", "感谢", "辛苦")):
        return THANKS
    if any(word in text for word in ("再见", "拜拜", "晚安")):
        return BYE
    return HELLO


HELP = (
    "我可以帮您:\n"
    "· 约亲情视频:“我想这周六晚上八点跟我妈视频”\n"
    "· 查预约:“我约的视频是几点”\n"
    "· 改时间:“改到周日晚上”\n"
    "· 取消:“不约了”\n"
    "行动不便的老人,志愿者会带平板上门。"
)
NOT_YET = "这件事我已经记下了,不过线上还办不了。请直接打村服务站电话 {phone},工作人员会帮您。"
CLARIFY = "您是想约亲情视频吗?\n请说说想跟谁、什么时候视频,比如“周六晚上跟我妈视频”。"


# --- safeguarding --------------------------------------------------------------------------

CRISIS = (
    "我听到了,您现在很难受。您不是一个人,我已经请工作人员马上联系您。\n"
    "现在就可以打这些电话,有人24小时接听:\n"
    "· 心理援助热线 12356\n"
    "· 希望24热线 400-161-9995\n"
    "· 青少年热线 12355\n"
    "· 有危险请马上打 110,急病打 120"
)
CONCERN = "听起来您最近心里不太好受。我已经告诉站里的工作人员,他们会尽快联系您,陪您聊聊。"


def crisis_page(name: str, station: str, text: str) -> str:
    return f"【紧急】{station} 的 {name} 发来可能有危险的消息,请马上联系:\n“{text}”"


def concern_note(name: str, station: str, text: str) -> str:
    return f"【关心】{station} 的 {name} 情绪不太好,请一天内联系:\n“{text}”"


# --- booking -------------------------------------------------------------------------------


def which_family(names: list[str]) -> str:
    return "您想跟哪位家人视频?请回复数字。"


def family_not_on_ledger(relation: str | None, phone: str) -> str:
    who = relation_word(relation) if relation else "这位家人"
    return f"站里的名册上还没有您的{who}。请联系村服务站(电话 {phone})先把家人登记上,再来约视频。"


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


def status(lines: list[str]) -> str:
    return "您约好的视频:\n" + "\n".join(lines)


WHICH_TO_MOVE = "您想改哪一个?请回复数字。"
WHICH_TO_CANCEL = "您想取消哪一个?请回复数字。"


def ask_new_time(moment: str) -> str:
    return f"原来约的是{moment}。想改到什么时候?这些时间空着,回复数字或直接说时间:"


def moved(old: str, new: str, ref: str) -> str:
    return f"改好了:从{old}改到{new}。预约号 {ref},到时候会提醒您。"


def cancelled(moment: str) -> str:
    return f"已取消{moment}的视频。想再约随时告诉我。"


# --- reminders and follow-up ---------------------------------------------------------------


def remind_evening(moment: str, who: str, home: bool) -> str:
    where = "志愿者会带平板去家里" if home else "在村里的亲情连线室"
    return f"提醒:明天{moment},您约了跟{who}视频,{where}。请留意手机。"


def remind_soon(moment: str, who: str) -> str:
    return f"提醒:半小时后({moment})跟{who}视频,请准备好手机,保持网络畅通。"


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
BUTTON_NOT_YOURS = "这个按钮只有本站登记的志愿者能用。"
