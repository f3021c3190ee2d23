"""Messages that carry no words: keyboard mash, filler syllables, stray punctuation.

The intent model has to put every message somewhere, and short texts sit closest to the short
greetings it was trained on, so without this check "啊啊啊啊" would read as a greeting with high
confidence. Emoji alone are left to the model: a thumbs-up or folded hands is a greeting.
"""

from __future__ import annotations

import re
import unicodedata

# Syllables that fill a pause or express a sound, and mean nothing on their own.
_FILLER = frozenset("啊呃额的了吧呀哇呜嗷哎唉诶欸咦哟啦嘛呢吗么哼噫吖咯嗝")
# Acknowledgements and laughter: 嗯嗯, 哦, 哈哈, 好好好 and 对对 are replies, not noise.
_ACKNOWLEDGE = frozenset("嗯哦噢喔哈呵嘿嘻好对行是谢")
_LATIN_WORDS = frozenset(
    {
        "ok",
        "okay",
        "okk",
        "k",
        "kk",
        "hi",
        "hello",
        "hey",
        "hallo",
        "bye",
        "byebye",
        "thx",
        "thanks",
        "thank",
        "you",
        "yes",
        "no",
        "nope",
        "yeah",
        "yep",
        "good",
        "nice",
        "sure",
        "hao",
        "xiexie",
        "nihao",
        "zaima",
        "zai",
        "haode",
    }
)
_FILLER_WORDS = re.compile(r"那个|这个|就是|然后|那啥|这样")
_LATIN = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") or char in "\u200d\ufe0f\ufe0e"


def is_noise(normalized: str) -> bool:
    """True when a message, already folded by `numbers.normalize`, says nothing at all."""
    if len(set(_CJK.findall(normalized)) - _FILLER) >= 3:
        # Three different real characters make a message; most arrive here and leave at once.
        return False
    kept = [ch for ch in normalized if ch.isalnum() or _is_emoji(ch)]
    if not kept:
        # Nothing but spaces, punctuation or control characters.
        return True
    if any(_is_emoji(ch) for ch in kept):
        return False

    text = "".join(kept)
    if text.isascii():
        if text.isdigit():
            return True
        words = _LATIN.findall(normalized)
        return not words or not all(word in _LATIN_WORDS for word in words)

    if not all(_CJK.match(ch) or ch.isascii() for ch in text):
        return False
    if not _FILLER_WORDS.sub("", text):
        return True
    hanzi = [ch for ch in text if _CJK.match(ch)]
    distinct = set(hanzi)
    if distinct <= _ACKNOWLEDGE and len(distinct) == 1:
        return False
    if distinct and distinct <= _FILLER:
        return True
    # One character hammered on the keyboard: 我我我我, 钱钱钱钱钱.
    return len(distinct) == 1 and len(hanzi) >= 4
