"""Understanding one chat message: intent, catalog item, risk, date and time, relation, phone.

Everything here is a pure function of the text and `now`; the only files read are the
package's own dictionary and model weights.
"""

from __future__ import annotations

import math
import threading
from datetime import datetime

from nlp.entities import find_phone, find_relation
from nlp.model import features, models, probabilities
from nlp.noise import is_noise
from nlp.numbers import normalize
from nlp.risk import assess_risk, assess_risk_normalized, emergency, risky_excerpt
from nlp.rules import guess_item, intent_scores, phone_trouble
from nlp.types import Intent, Period, Risk, Understanding, When
from nlp.when import parse_move, parse_when

__all__ = [
    "Intent",
    "Period",
    "Risk",
    "Understanding",
    "When",
    "assess_risk",
    "emergency",
    "find_phone",
    "find_relation",
    "parse",
    "parse_move",
    "parse_when",
    "risky_excerpt",
    "warm_up",
]

_warm_lock = threading.Lock()
_warm = False


def warm_up() -> None:
    """Load the tokenizer, user dictionary and model now rather than on the first message."""
    global _warm
    with _warm_lock:
        if _warm:
            return
        from nlp import model, tokens

        tokens.tokenizer()
        model.models()
        _warm = True


_BOOKING_ACTS = frozenset({"book_call", "reschedule", "cancel", "status"})


def _decide_intent(normalized: str, risk: Risk) -> tuple[Intent, float, str | None]:
    if risk == "crisis":
        return "counselling", 0.99, None
    if risk == "none" and is_noise(normalized):
        return "other", 0.15, None
    loaded = models()
    if "intent" in loaded:
        feats = features(normalized, risk)
        intent, confidence = loaded["intent"].best_of(probabilities("intent", feats))
        if intent in _BOOKING_ACTS and "howto" in feats:
            # 怎么取消预约 names the act it asks about; the question is what matters.
            return "help", max(confidence, 0.6), None
        if intent in ("help", "service", "cancel", "other") and phone_trouble(normalized):
            # 不会用手机 asks for phone lessons, unless it names what the phone was for
            # (电费怎么交 我不会弄手机 is a bill to pay).
            other = [name for name in feats if name.startswith("item:") and name != "item:E1"]
            if not other:
                return "service", max(confidence, 0.6), "E1"
            intent = "service"
        item = None
        if intent == "service":
            item, item_confidence = _choose_item(feats)
            confidence = min(confidence, max(item_confidence, 0.5))
        return intent, confidence, item  # type: ignore[return-value]
    intent, confidence = _rule_intent(normalized, risk)
    item = guess_item(normalized) if intent == "service" else None
    return intent, confidence, item


def _choose_item(feats: list[str]) -> tuple[str, float]:
    """The item model's ranking, nudged towards the catalog words actually in the message.

    The keyword cues are specific (降压药 is medicine whatever else the message says) while the
    model has seen only a few examples per item, so a cue outweighs a small margin.
    """
    classes = models()["item"].classes
    ranking = dict(zip(classes, probabilities("item", feats), strict=True))
    # `features` already holds the first two catalog cues, in order, as item:CODE.
    cues = [name[5:] for name in feats if name.startswith("item:")]
    for rank, code in enumerate(cues):
        if code in ranking:
            ranking[code] += 0.5 if rank == 0 else 0.2
    best = max(ranking, key=ranking.__getitem__)
    return best, min(1.0, ranking[best])


def _rule_intent(normalized: str, risk: Risk) -> tuple[Intent, float]:
    scores = intent_scores(normalized)
    if risk == "concern":
        scores["counselling"] = scores.get("counselling", 0.0) + 2.0
    if not scores:
        if guess_item(normalized):
            return "service", 0.55
        return "other", 0.3
    ranked = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)
    total = sum(math.exp(score) for _, score in ranked) + math.exp(0.5)
    best, score = ranked[0]
    return best, math.exp(score) / total


def parse(text: str, now: datetime) -> Understanding:
    """The full understanding of one message that arrived at `now`."""
    normalized = normalize(text)
    risk = assess_risk_normalized(normalized)
    intent, confidence, item = _decide_intent(normalized, risk)
    if intent == "service" and item is None:
        confidence = min(confidence, 0.4)
    previous = None
    if intent == "reschedule":
        previous, when = parse_move(text, now)
    else:
        when = parse_when(text, now)
    return Understanding(
        text=text,
        intent=intent,
        confidence=confidence,
        item=item,
        risk=risk,
        when=when,
        relation=find_relation(text),
        phone=find_phone(text),
        previous_when=previous,
    )
