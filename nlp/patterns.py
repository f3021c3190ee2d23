"""Long alternations that the regex engine can skip through quickly.

Python's engine tries every branch of an alternation at every position of the text. A lookahead
on the characters a match can begin with turns most positions into one set lookup; the matches
found, their positions and groups stay exactly the same.
"""

from __future__ import annotations

import re

# Every (first characters, pattern) made here, so tests can check the characters are complete.
GUARDED: list[tuple[str, str]] = []


def guarded(first: str, pattern: str) -> re.Pattern[str]:
    """`pattern`, tried only at positions holding one of the characters in `first`.

    `first` must hold every character a match of `pattern` can begin with, and `pattern` must
    not match the empty string.
    """
    GUARDED.append((first, pattern))
    return re.compile(f"(?=[{re.escape(first)}])(?:{pattern})")
