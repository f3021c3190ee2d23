"""Who a message is about, and the mobile number in it."""

from __future__ import annotations

import re

from nlp.numbers import normalize

# Longest words first, so 外孙女 wins over 孙女 and 儿媳妇 over 媳妇. Words mapped to None are
# kin or neighbours outside the contract; they are matched only to stop a shorter word inside them
# (大娘 holds 娘, 姑娘 holds 娘) from being read as a relation.
_RELATIONS: dict[str, str | None] = {
    "孙子孙女": "grandchild",
    "孙女孙子": "grandchild",
    "孙儿孙女": "grandchild",
    "孙辈": "grandchild",
    "外孙女": "granddaughter",
    "孙女儿": "granddaughter",
    "孙女": "granddaughter",
    "外孙子": "grandson",
    "外孙": "grandson",
    "孙子": "grandson",
    "孙儿": "grandson",
    "孙伢": "grandson",
    "外婆": "grandmother",
    "奶奶": "grandmother",
    "姥姥": "grandmother",
    "阿婆": "grandmother",
    "祖母": "grandmother",
    "外祖母": "grandmother",
    "老奶奶": None,
    "外公": "grandfather",
    "爷爷": "grandfather",
    "姥爷": "grandfather",
    "阿公": "grandfather",
    "祖父": "grandfather",
    "外祖父": "grandfather",
    "老爷爷": None,
    "大爷": None,
    "大妈": None,
    "大娘": None,
    "姑娘": None,
    "新娘": None,
    "娘家": None,
    "老板娘": None,
    "婆娘": "spouse",
    "姨妈": None,
    "舅妈": None,
    "姑妈": None,
    "干妈": None,
    "干爹": None,
    "丈母娘": None,
    "岳母": None,
    "岳父": None,
    "婆婆": None,
    "公公": None,
    "儿媳妇": None,
    "儿媳": None,
    "孙媳妇": None,
    "侄媳妇": None,
    "妈妈": "mother",
    "老妈": "mother",
    "母亲": "mother",
    "老娘": "mother",
    "俺娘": "mother",
    "我娘": "mother",
    "姆妈": "mother",
    "后妈": "mother",
    "继母": "mother",
    "娘": "mother",
    "妈": "mother",
    "爸爸": "father",
    "老爸": "father",
    "父亲": "father",
    "老爹": "father",
    "后爸": "father",
    "继父": "father",
    "爹": "father",
    "爸": "father",
    "儿子": "son",
    "崽": "son",
    "女儿": "daughter",
    "闺女": "daughter",
    "老伴": "spouse",
    "老婆": "spouse",
    "老公": "spouse",
    "爱人": "spouse",
    "媳妇": "spouse",
    "丈夫": "spouse",
    "妻子": "spouse",
    "当家的": "spouse",
    "老头子": "spouse",
    "孩子": "child",
    "小孩": "child",
    "娃娃": "child",
    "娃": "child",
    "伢": "child",
    "儿女": "child",
    "子女": "child",
}
_RELATION_RE = re.compile("|".join(sorted(map(re.escape, _RELATIONS), key=len, reverse=True)))
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d(?:[ -]?\d){8})(?!\d)")


def find_relation(text: str) -> str | None:
    """The first family member named in the message, normalised (我妈/俺娘 → mother)."""
    for match in _RELATION_RE.finditer(normalize(text)):
        relation = _RELATIONS[match.group(0)]
        if relation is not None:
            return relation
    return None


def find_phone(text: str) -> str | None:
    """A mainland mobile number, digits only, or None."""
    match = _PHONE_RE.search(normalize(text))
    if match is None:
        return None
    return re.sub(r"\D", "", match.group(1))
