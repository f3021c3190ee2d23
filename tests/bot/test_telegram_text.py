"""Splitting long texts to Telegram's 4096 UTF-16 units, and buttons within 64 bytes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.transports.telegram_text import (
    MAX_TEXT,
    Entity,
    button_rows,
    numbered,
    split_text,
    utf16_len,
)


def joined(parts: list[tuple[str, list[Entity]]]) -> str:
    return "".join(text for text, _ in parts)


def test_a_short_text_is_one_part() -> None:
    assert split_text("您好") == [("您好", [])]


def test_cuts_fall_between_paragraphs_then_sentences() -> None:
    paragraph = "一" * 3000
    text = f"{paragraph}\n\n{paragraph}"
    parts = split_text(text)
    assert [p for p, _ in parts] == [paragraph, paragraph]

    sentences = "今天天气很好。" * 1000
    parts = split_text(sentences)
    assert all(utf16_len(p) <= MAX_TEXT for p, _ in parts)
    assert all(p.endswith("。") for p, _ in parts)
    assert joined(parts) == sentences


def test_emoji_count_twice_and_are_never_cut_in_half() -> None:
    text = "😀" * 3000
    parts = split_text(text)
    assert [utf16_len(p) for p, _ in parts] == [4096, 1904]
    assert joined(parts) == text


def test_a_family_emoji_and_a_flag_stay_whole() -> None:
    family = "👨\u200d👩\u200d👧"
    flag = "🇨🇳"
    text = "a" * 4094 + family + flag
    parts = split_text(text)
    assert joined(parts) == text
    assert parts[1][0].startswith(family)


def test_an_entity_across_the_cut_continues_in_the_next_part() -> None:
    text = "字" * 5000
    bold = Entity("bold", 4000, 200)
    (first, first_entities), (_, second_entities) = split_text(text, entities=[bold])
    assert len(first) == 4096
    assert first_entities == [Entity("bold", 4000, 96)]
    assert second_entities == [Entity("bold", 0, 104)]


@given(st.text(alphabet=st.sampled_from("字a😀\n。 ,\u0301\u200d"), max_size=600))
def test_parts_fit_and_lose_only_the_newlines_at_cuts(text: str) -> None:
    parts = split_text(text, limit=50)
    assert all(1 <= utf16_len(p) <= 50 for p, _ in parts)
    kept = "".join(p for p, _ in parts).replace("\n", "")
    assert kept == text.replace("\n", "") or not text.strip()


def test_buttons_carry_the_short_payload_and_a_number() -> None:
    rows = button_rows([("a1b2c3.1", "12月5日 周六 20:00"), ("a1b2c3.2", "12月6日 周日 20:00")])
    assert rows == [
        [("1. 12月5日 周六 20:00", "a1b2c3.1")],
        [("2. 12月6日 周日 20:00", "a1b2c3.2")],
    ]


def test_a_payload_over_64_bytes_turns_buttons_into_numbered_lines() -> None:
    choices = [("选项" * 11, "很长的选项")]
    assert button_rows(choices) is None
    assert numbered("请选:", choices) == "请选:\n1. 很长的选项"
