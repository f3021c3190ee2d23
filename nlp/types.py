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

    def as_json(self) -> dict[str, object]:
        """The shape promised by the command-line contract."""
        when = None
        if self.when is not None:
            when = {
                "date": self.when.date.isoformat() if self.when.date else None,
                "time": self.when.time.strftime("%H:%M") if self.when.time else None,
                "period": self.when.period,
            }
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "item": self.item,
            "risk": self.risk,
            "when": when,
            "relation": self.relation,
            "phone": self.phone,
        }
