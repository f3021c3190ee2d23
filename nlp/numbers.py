"""Chinese and Arabic numerals as they appear in chat messages."""

from __future__ import annotations

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


def normalize(text: str) -> str:
    """Full-width digits, letters and colons folded to ASCII; case folded."""
    return unicodedata.normalize("NFKC", text).lower()
