"""Telegram's size rules for what the bot sends, kept free of aiogram so they test quickly.

Telegram counts text in UTF-16 code units: a Chinese character is one, most emoji two. Entities
(bold, links, ...) are ranges in the same units, so a split must move them with their text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

# Where a long text may be cut, best first: between paragraphs, lines, sentences, clauses.
BREAKS = ("\n\n", "\n", "。", "!", "?", "!", "?", ";", ";", ",", ",", "、", " ")


@dataclass(frozen=True, slots=True)
class Entity:
    """A formatted range of a text, offsets and lengths in UTF-16 units."""

    type: str
    offset: int
    length: int
    url: str | None = None


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(
    text: str, limit: int = MAX_TEXT, entities: Sequence[Entity] = ()
) -> list[tuple[str, list[Entity]]]:
    """Cut a text into parts of at most `limit` UTF-16 units, each with its own entities.

    Cuts fall at the best break in the second half of a part, never inside a character, a
    surrogate pair or a character with the marks that follow it. An entity that spans a cut
    continues, with the same formatting, at the start of the next part.
    """
    if limit < 2:
        raise ValueError("a part must hold at least one character")
    units = _unit_offsets(text)
    parts: list[tuple[str, list[Entity]]] = []
    start = 0
    while start < len(text):
        end = _cut(text, units, start, limit)
        chunk = text[start:end]
        stripped = chunk.rstrip("\n") if end < len(text) else chunk
        if stripped.strip():
            parts.append((stripped, _clip(entities, units[start], utf16_len(stripped))))
        start = end
        while start < len(text) and text[start] == "\n":
            start += 1
    return parts


def _unit_offsets(text: str) -> list[int]:
    """UTF-16 offset of every character boundary, one more entry than characters."""
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return offsets


def _cut(text: str, units: list[int], start: int, limit: int) -> int:
    """Index where the part beginning at `start` ends."""
    budget = units[start] + limit
    if units[-1] <= budget:
        return len(text)
    hard = start
    while hard + 1 < len(units) and units[hard + 1] <= budget:
        hard += 1
    hard = _character_start(text, start, hard)
    floor = start + max((hard - start) // 2, 1)
    for mark in BREAKS:
        found = text.rfind(mark, floor, hard)
        if found >= 0:
            end = found + len(mark)
            return end if end <= hard else found
    return hard


def _character_start(text: str, start: int, index: int) -> int:
    """Step back from `index` so that combining marks and joiners stay with their base."""
    while index > start + 1 and _joins_previous(text, index):
        index -= 1
    return index


def _joins_previous(text: str, index: int) -> bool:
    if index >= len(text):
        return False
    ch, before = text[index], text[index - 1]
    if unicodedata.combining(ch) or ch in "\u200d\ufe0e\ufe0f" or before == "\u200d":
        return True
    # Skin tones and the second flag letter belong to the character before them.
    if 0x1F3FB <= ord(ch) <= 0x1F3FF:
        return True
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF and 0x1F1E6 <= ord(before) <= 0x1F1FF


def _clip(entities: Sequence[Entity], offset: int, length: int) -> list[Entity]:
    kept = []
    for entity in entities:
        begin = max(entity.offset, offset)
        end = min(entity.offset + entity.length, offset + length)
        if end > begin:
            kept.append(replace(entity, offset=begin - offset, length=end - begin))
    return kept


def button_rows(
    choices: Sequence[tuple[str, str]], max_label: int = 40
) -> list[list[tuple[str, str]]] | None:
    """One button per row as (label, callback data), numbered so typing the digit also works.

    None when a payload would not fit Telegram's 64 bytes; the choices are then written out.
    """
    if any(not 1 <= len(key.encode()) <= MAX_CALLBACK_DATA for key, _ in choices):
        return None
    rows = []
    for number, (key, label) in enumerate(choices, 1):
        text = f"{number}. {label}"
        if len(text) > max_label:
            text = text[: max_label - 1] + "…"
        rows.append([(text, key)])
    return rows


def numbered(text: str, choices: Sequence[tuple[str, str]]) -> str:
    lines = [text, *(f"{number}. {label}" for number, (_, label) in enumerate(choices, 1))]
    return "\n".join(lines)
