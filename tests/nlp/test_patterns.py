"""Guarded patterns find exactly what the plain patterns find."""

import json
import re
from pathlib import Path

# The parser behind re.compile is private, so only the tests lean on it.
from re import _constants as sre
from re import _parser
from typing import Any

import pytest

import nlp.concepts
import nlp.crisis
import nlp.risk
from nlp.patterns import GUARDED

DATA = Path(__file__).parent / "data"


def _first_of_sequence(items: Any) -> tuple[set[str], bool] | None:
    """Characters a match of these parsed items can begin with, and whether it can be empty.

    None when the items hold something this reading does not follow (any character, a class by
    category, a lookahead); such a pattern cannot be guarded.
    """
    first: set[str] = set()
    for op, arg in items:
        found = _first_of_item(op, arg)
        if found is None:
            return None
        chars, may_be_empty = found
        first |= chars
        if not may_be_empty:
            return first, False
    return first, True


def _first_of_item(op: Any, arg: Any) -> tuple[set[str], bool] | None:
    if op is sre.LITERAL:
        return {chr(arg)}, False
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE:
                chars |= {chr(code) for code in range(value[0], value[1] + 1)}
            else:
                return None
        return chars, False
    if op is sre.SUBPATTERN:
        return _first_of_sequence(arg[3])
    if op is sre.BRANCH:
        chars = set()
        may_be_empty = False
        for branch in arg[1]:
            found = _first_of_sequence(branch)
            if found is None:
                return None
            chars |= found[0]
            may_be_empty = may_be_empty or found[1]
        return chars, may_be_empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, _high, repeated = arg
        found = _first_of_sequence(repeated)
        if found is None:
            return None
        return found[0], found[1] or low == 0
    if op is sre.AT or op is sre.ASSERT_NOT or (op is sre.ASSERT and arg[0] < 0):
        # Anchors, lookbehinds and negative lookaheads consume nothing.
        return set(), True
    return None


def _texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("**/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(nlp.risk._standard(nlp.risk.normalize(json.loads(line)["text"])))
    return texts


def test_the_risk_and_crisis_patterns_register_on_import() -> None:
    assert nlp.crisis.crisis_kinds is not None
    assert len(GUARDED) >= 10


@pytest.mark.parametrize("first, pattern", GUARDED, ids=range(len(GUARDED)))
def test_every_character_a_match_can_begin_with_is_listed(first: str, pattern: str) -> None:
    found = _first_of_sequence(_parser.parse(pattern).data)
    assert found is not None, "the pattern holds something the check cannot follow"
    chars, may_be_empty = found
    assert not may_be_empty
    assert chars <= set(first), sorted(chars - set(first))


def test_guarded_patterns_find_the_same_matches() -> None:
    texts = _texts()
    for first, pattern in GUARDED:
        plain = re.compile(pattern)
        guarded = re.compile(f"(?=[{re.escape(first)}])(?:{pattern})")
        for text in texts:
            expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in guarded.finditer(text)] == expected


@pytest.mark.parametrize("name", list(nlp.concepts._CLASSES))
def test_each_word_of_a_meaning_class_opens_where_the_scan_looks(name: str) -> None:
    for branch in nlp.concepts.branches(nlp.concepts._CLASSES[name]):
        found = _first_of_sequence(_parser.parse(branch).data)
        assert found is not None, branch
        chars, may_be_empty = found
        assert not may_be_empty, branch
        assert chars <= set(nlp.concepts.opening(branch)), branch


def test_the_meaning_class_scan_finds_what_one_alternation_finds() -> None:
    classes = nlp.concepts._CLASSES
    plain = re.compile("|".join(f"(?P<{name}>{words})" for name, words in classes.items()))
    for text in _texts():
        expected = frozenset(str(m.lastgroup) for m in plain.finditer(text))
        assert nlp.concepts._scan(text) == expected, text
