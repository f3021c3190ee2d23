"""The learned backstop may lift a verdict the rules gave; it never lowers one."""

from collections.abc import Iterator

import pytest

from nlp import model
from nlp.model import LinearModel
from nlp.risk import assess_risk


def _always(label: str) -> LinearModel:
    """A model certain of one label whatever it reads."""
    classes = ["crisis", "concern", "none"]
    bias = [20.0 if name == label else 0.0 for name in classes]
    return LinearModel(classes, bias, {})


@pytest.fixture
def backstop() -> Iterator[dict[str, LinearModel]]:
    shipped = dict(model.models())
    yield shipped
    model.install(shipped)


def test_a_sure_backstop_lifts_a_cleared_message_to_concern_only(
    backstop: dict[str, LinearModel],
) -> None:
    model.install({**backstop, "risk": _always("concern")})
    assert assess_risk("今天天气还行吧") == "concern"
    model.install({**backstop, "risk": _always("crisis")})
    # An idiom the rules cleared stays below crisis, however sure the model is.
    assert assess_risk("想死你了 过年早点回来") == "none"


def test_the_backstop_never_lowers_a_rule_verdict(backstop: dict[str, LinearModel]) -> None:
    model.install({**backstop, "risk": _always("none")})
    assert assess_risk("我不想活了") == "crisis"
    assert assess_risk("一个人在家好孤单 没人跟我说话") == "concern"


def test_the_backstop_does_not_read_stories(backstop: dict[str, LinearModel]) -> None:
    model.install({**backstop, "risk": _always("concern")})
    assert assess_risk("电视剧里那个人好可怜") == "none"


def test_the_shipped_backstop_leaves_plain_requests_alone() -> None:
    for text in ["帮我奶奶买点药", "周六晚上八点跟我妈视频", "手机不会用 来个人教教"]:
        assert assess_risk(text) == "none", text
