"""The risk check every message passes, whatever flow it arrives in."""

from __future__ import annotations

from handlers import cases
from handlers.context import Context
from nlp.types import Risk


def respond(ctx: Context, risk: Risk, text: str) -> None:
    """Answer a crisis at once and page until a human takes it; open a case for a concern."""
    cases.respond(ctx, risk, text)
