"""What the understanding of one message looks like, shared by every part of `nlp`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

Intent = Literal[
    "book_call",
    "home_visit",
    "service",
    "counselling",
    "mediation",
    "legal",
    "policy",
    "reschedule",
    "cancel",
    "status",
    "feedback",
    "help",
    "smalltalk",
    "other",
]
Risk = Literal["crisis", "concern", "none"]
Period = Literal["morning", "noon", "afternoon", "evening", "night"]


@dataclass(frozen=True, slots=True)
class When:
    """A date and/or clock time named in a message, already resolved against `now`."""

    date: date | None
    time: time | None
    period: Period | None


@dataclass(frozen=True, slots=True)
class Understanding:
    text: str
    intent: Intent
    confidence: float
    item: str | None
    risk: Risk
    when: When | None
    relation: str | None
    phone: str | None
    # For a reschedule, `when` is the new moment and this the one being moved away from.
    previous_when: When | None = None

    def as_json(self) -> dict[str, object]:
        """The shape promised by the command-line contract."""
        when = _when_json(self.when)
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "item": self.item,
            "risk": self.risk,
            "when": when,
            "relation": self.relation,
            "phone": self.phone,
            "previous_when": _when_json(self.previous_when),
        }


def _when_json(when: When | None) -> dict[str, object] | None:
    if when is None:
        return None
    return {
        "date": when.date.isoformat() if when.date else None,
        "time": when.time.strftime("%H:%M") if when.time else None,
        "period": when.period,
    }
