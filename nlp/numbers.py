"""Chinese and Arabic numerals as they appear in chat messages."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

CN_DIGIT = "零〇一二两三四五六七八九"
CN_NUMERAL = CN_DIGIT + "十廿百"


def to_int(token: str) -> int | None:
    """Value of a small numeral such as 7, 07, 十五, 二十八, 廿三, 两; None when it is not one."""
    token = token.strip()
    if not token:
        return None
    if token.isascii():
        return int(token) if token.isdigit() else None
    if token.startswith("廿"):
        rest = to_int(token[1:]) if len(token) > 1 else 0
        return None if rest is None or rest > 9 else 20 + rest
    if "百" in token:
        head, _, tail = token.partition("百")
        hundreds = _DIGITS.get(head) if head else 1
        if hundreds is None:
            return None
        rest = 0
        if tail:
            tail = tail.lstrip("零〇")
            if len(tail) == 1 and tail in _DIGITS:
                # 一百五 is 150, not 105: a lone trailing digit counts tens.
                rest = _DIGITS[tail] * 10
            else:
                value = to_int(tail) if tail else 0
                if value is None:
                    return None
                rest = value
        return hundreds * 100 + rest
    if "十" in token:
        head, _, tail = token.partition("十")
        if "十" in tail:
            return None
        tens = _DIGITS.get(head) if head else 1
        ones = _DIGITS.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if all(ch in _DIGITS for ch in token):
        if len(token) == 1:
            return _DIGITS[token]
        # 二〇二七 is read digit by digit.
        if len(token) == 4:
            return int("".join(str(_DIGITS[ch]) for ch in token))
        if token[0] in "零〇" and len(token) == 2:
            return _DIGITS[token[1]]
    return None


# Traditional characters people type from a Hong Kong or Taiwan phone, folded to the simplified
# ones every rule is written in: 自殺 reads as 自杀, 活著 as 活着.
_SIMPLIFIED = str.maketrans(
    (
        "們這裡裏來會為對媽爺幫電話視頻過還麼氣點時後見長錢車門頭鎖繩結農藥醫讓沒難學體殺"
        "著無傷樓覺說開經離個雙夢歲齡慮憂鬱愛親孫兒處給嗎現實應該當從樣種邊錯關係與隻雞鴨"
        "鵝豬魚鳥貓飯餓燒燙暈橋淚寫書讀課師險風輕鬆聽聲請謝問題歡煩悶靜獨單護衛機號碼約幾"
        "週禮陽陰曆歷節團圓員買賣價貴銀賬帳費補貼隨遠進運動勁熱凍嚇帶興決斷盡絕終鄰辦訂預"
        "調換傳發髮灑東鎮縣鄉區廣廠餘飲騙罵負擔憐懷務義業網遊戲戰贏輸劇紙條張臉腦腳麵衝鐘"
        "鍾燈壞滅災喲跡蹤腎壓癢痠療劑級紅綠藍黃顏聯繫絡線軟錄鏡針鐵鋼鍋兩萬億陳劉楊趙馬鄭"
        "韓羅葉蘇盧蔣許鄧馮龍鳳華國寶貝滿園場撿搶摟攔擋撐掙擠揮據懶憶戀願態慣慘悵惱惡癡瘋"
        "蘭葯豐貨賺債倆傘僅償優囉嚕叢墳壽殯喪靈燭彈礙祿穩窮竊筆緊總織繼續纏罰聞肅脫膽臟艱"
        "莊蟲襪覽觸認詞試詳誰諒證識議變貧購趕躍軍較輛轉辭遲遺醜釘鈕鋪錶鍵閉閒間闆陣陸隊階"
        "際隱雖雜雲響頁項順須領頸顧飄飛餅館騎驗驚鬧鬥麥齊齒"
    ),
    (
        "们这里里来会为对妈爷帮电话视频过还么气点时后见长钱车门头锁绳结农药医让没难学体杀"
        "着无伤楼觉说开经离个双梦岁龄虑忧郁爱亲孙儿处给吗现实应该当从样种边错关系与只鸡鸭"
        "鹅猪鱼鸟猫饭饿烧烫晕桥泪写书读课师险风轻松听声请谢问题欢烦闷静独单护卫机号码约几"
        "周礼阳阴历历节团圆员买卖价贵银账帐费补贴随远进运动劲热冻吓带兴决断尽绝终邻办订预"
        "调换传发发洒东镇县乡区广厂余饮骗骂负担怜怀务义业网游戏战赢输剧纸条张脸脑脚面冲钟"
        "钟灯坏灭灾哟迹踪肾压痒酸疗剂级红绿蓝黄颜联系络线软录镜针铁钢锅两万亿陈刘杨赵马郑"
        "韩罗叶苏卢蒋许邓冯龙凤华国宝贝满园场捡抢搂拦挡撑挣挤挥据懒忆恋愿态惯惨怅恼恶痴疯"
        "兰药丰货赚债俩伞仅偿优啰噜丛坟寿殡丧灵烛弹碍禄稳穷窃笔紧总织继续缠罚闻肃脱胆脏艰"
        "庄虫袜览触认词试详谁谅证识议变贫购赶跃军较辆转辞迟遗丑钉钮铺表键闭闲间板阵陆队阶"
        "际隐虽杂云响页项顺须领颈顾飘飞饼馆骑验惊闹斗麦齐齿"
    ),
)


_TRADITIONAL = re.compile(f"[{''.join(chr(code) for code in _SIMPLIFIED)}]")


def normalize(text: str) -> str:
    """Full-width digits, letters and colons folded to ASCII; case folded; traditional
    characters folded to simplified."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if _TRADITIONAL.search(folded) is None:
        return folded
    return folded.translate(_SIMPLIFIED)
