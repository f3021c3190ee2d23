import pytest

from nlp import parse
from nlp.noise import is_noise
from nlp.numbers import normalize
from tests.nlp.conftest import at

NOW = at("2026-11-18T09:30")


@pytest.mark.parametrize(
    "text",
    [
        "啊啊啊啊 ？？？",
        "的的的的",
        "呃呃呃的的",
        "asdfgh qwer",
        "jjjjkkkk",
        "？？？",
        "。。。",
        "1234567",
        "我我我我我",
    ],
)
def test_noise_is_not_understood(text: str) -> None:
    result = parse(text, NOW)
    assert result.intent == "other"
    assert result.confidence < 0.4


@pytest.mark.parametrize(
    "text", ["嗯嗯", "哦", "哈哈哈", "好好好", "ok", "Hello", "👍", "🙏🙏", "😀😀😀"]
)
def test_short_replies_and_emoji_are_not_noise(text: str) -> None:
    assert not is_noise(normalize(text))
    assert parse(text, NOW).intent == "smalltalk"


@pytest.mark.parametrize("text", ["啊 我想跟我妈视频", "的士几点有", "吗啡"])
def test_filler_beside_real_words_is_not_noise(text: str) -> None:
    assert not is_noise(normalize(text))
