import pytest

from nlp import find_phone, find_relation


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("俺娘身体不好", "mother"),
        ("我老妈", "mother"),
        ("我爹", "father"),
        ("姥姥", "grandmother"),
        ("外公", "grandfather"),
        ("我崽在外面", "son"),
        ("闺女", "daughter"),
        ("我外孙女", "granddaughter"),
        ("孙子", "grandson"),
        ("老伴", "spouse"),
        ("孙子孙女都回来了", "grandchild"),
        ("孩子", "child"),
        ("隔壁的大娘", None),
        ("那个姑娘", None),
        ("我哥", None),
    ],
)
def test_relation(text: str, relation: str | None) -> None:
    assert find_relation(text) == relation


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("打我手机13912345678", "13912345678"),
        ("电话 139 1234 5678", "13912345678"),
        ("号码是139-1234-5678", "13912345678"),
        ("＋86 13912345678", "13912345678"),
        ("座机0791-8888888", None),
        ("订单号139123456789", None),
    ],
)
def test_phone(text: str, phone: str | None) -> None:
    assert find_phone(text) == phone
