"""A small linear model over character n-grams, jieba words and keyword cues.

Weights live in `model.json` beside this file, written by `python -m nlp.train`. Scoring is a
dictionary lookup per feature, so a message costs about as much as tokenizing it.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from nlp.concepts import concept_features
from nlp.risk import assess_risk_normalized
from nlp.rules import asks_how_to, intent_scores, item_cues
from nlp.tokens import words
from nlp.types import Risk

MODEL_PATH = Path(__file__).resolve().parent / "model.json"
_SPACES = re.compile(r"[\s\x00]+")
_PUNCT = re.compile(r"[,.!?;:~。，！？；：、…\"'“”‘’()（）【】\[\]<>《》·\-—_/\\|]+")


def features(normalized: str, risk: Risk | None = None) -> list[str]:
    """Feature names for one normalized message; shared by training and scoring."""
    compact = _PUNCT.sub(" ", normalized)
    text = _SPACES.sub("", compact)[:200]
    found = list(_char_grams(text))
    found += [f"w:{word}" for word in words(compact[:200])]
    for intent, score in intent_scores(normalized).items():
        found.append(f"cue:{intent}")
        if score >= 2.5:
            found.append(f"cue2:{intent}")
    found += [f"item:{code}" for code in item_cues(normalized)[:2]]
    if asks_how_to(normalized):
        found.append("howto")
    found.append(f"risk:{risk or assess_risk_normalized(normalized)}")
    length = len(text)
    found.append("len:short" if length <= 4 else "len:mid" if length <= 12 else "len:long")
    return found


def risk_features(told: str) -> list[str]:
    """Character n-grams and meaning classes of what a message tells, for the risk backstop.

    No jieba words and no rule cues: the backstop must not lean on the rules it backs up.
    """
    grams, classes = risk_feature_parts(told)
    return [*grams, *classes]


def risk_feature_parts(told: str) -> tuple[list[str], list[str]]:
    """`risk_features` in two parts: the character n-grams, which the intent model reads too,
    and the meaning classes, which only the risk backstop reads."""
    text = risk_text(told)
    return list(_char_grams(text)), concept_features(text)


def risk_text(told: str) -> str:
    """What the risk backstop reads of a message: no punctuation or spaces, at most 200 chars."""
    return _SPACES.sub("", _PUNCT.sub(" ", told))[:200]


# The risk backstop and the intent model usually read the same characters of a message: the
# n-grams of the last text are kept, so the second reading gets the very same names and
# `probabilities` can reuse what it looked up for them.
_last_grams: tuple[str, tuple[str, ...]] = ("", ())


def _char_grams(text: str) -> tuple[str, ...]:
    global _last_grams
    last = _last_grams
    if last[0] == text and text:
        return last[1]
    chars = "^" + text + "$"
    found = [f"c:{ch}" for ch in text]
    found += [f"b:{chars[i : i + 2]}" for i in range(len(chars) - 1)]
    found += [f"t:{chars[i : i + 3]}" for i in range(len(chars) - 2)]
    grams = tuple(found)
    _last_grams = (text, grams)
    return grams


@dataclass(frozen=True)
class LinearModel:
    classes: list[str]
    bias: list[float]
    weights: dict[str, list[float]]

    def probabilities(self, feats: list[str]) -> list[float]:
        rows: list[Sequence[float]] = [self.bias]
        rows += [row for row in map(self.weights.get, feats) if row is not None]
        return _softmax_of_sums(rows)

    def best(self, feats: list[str]) -> tuple[str, float]:
        return self.best_of(self.probabilities(feats))

    def best_of(self, probs: list[float]) -> tuple[str, float]:
        index = max(range(len(probs)), key=probs.__getitem__)
        return self.classes[index], probs[index]

    def to_json(self) -> dict[str, object]:
        return {"classes": self.classes, "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        classes = [str(name) for name in data["classes"]]  # type: ignore[attr-defined]
        bias = [float(value) for value in data["bias"]]  # type: ignore[attr-defined]
        weights = {
            str(name): [float(value) for value in row]
            for name, row in data["weights"].items()  # type: ignore[attr-defined]
        }
        return cls(classes, bias, weights)


def _softmax_of_sums(rows: list[Sequence[float]]) -> list[float]:
    scores = list(map(sum, zip(*rows, strict=True)))
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]


_lock = threading.Lock()
_models: dict[str, LinearModel] | None = None

# Every feature name mapped to its weight row in each model, in this order, so that one lookup
# serves all three: most of a message's names are character n-grams that the risk backstop
# reads first and the intent and item models read again. Tuples keep a row in one block.
_JOINT_ORDER = ("intent", "item", "risk")
_SLOT = {name: slot for slot, name in enumerate(_JOINT_ORDER)}
_Rows = tuple[tuple[float, ...] | None, ...]
_joint: tuple[dict[str, LinearModel], dict[str, _Rows]] = ({}, {})
# The names last looked up and the rows of those that any model knows, in the same order.
_last_lookup: tuple[dict[str, _Rows], tuple[str, ...], list[_Rows]] = ({}, (), [])


def _joined(loaded: dict[str, LinearModel]) -> dict[str, _Rows]:
    tables = [loaded[name].weights if name in loaded else {} for name in _JOINT_ORDER]
    names = set().union(*tables)
    # Equal weights share one float object, which keeps the rows a message touches few and hot.
    # (-0.0 may become 0.0; a sum then differs at most in the sign of a zero, which no
    # probability can tell.)
    pool: dict[float, float] = {}
    rows = [
        {name: tuple(map(pool.setdefault, row, row)) for name, row in table.items()}
        for table in tables
    ]
    return {name: tuple(table.get(name) for table in rows) for name in names}


def models() -> dict[str, LinearModel]:
    """The intent, item and risk models, loaded once; empty when no weights file is shipped."""
    global _models
    if _models is None:
        with _lock:
            if _models is None:
                loaded: dict[str, LinearModel] = {}
                if MODEL_PATH.exists():
                    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
                    loaded = {name: LinearModel.from_json(part) for name, part in data.items()}
                _install(loaded)
    assert _models is not None
    return _models


def install(loaded: dict[str, LinearModel]) -> None:
    """Use these models instead of the weights file (training, where the file is being rebuilt)."""
    with _lock:
        _install(dict(loaded))


def _install(loaded: dict[str, LinearModel]) -> None:
    global _models, _joint
    _joint = (loaded, _joined(loaded))
    _models = loaded


def probabilities(name: str, feats: list[str], extra: Sequence[str] = ()) -> list[float]:
    """What `models()[name].probabilities(feats + extra)` gives, each name of `feats` looked up
    once for all models; `extra` names belong to this model alone and are not kept for the next.

    The sums run over the same rows in the same order, so the result is the same to the bit.
    """
    global _last_lookup
    loaded = models()
    owner, joint = _joint
    slot = _SLOT.get(name)
    if owner is not loaded or slot is None:
        return loaded[name].probabilities([*feats, *extra])
    seen_joint, seen, entries = _last_lookup
    known = len(seen) if seen_joint is joint else 0
    if known and len(feats) >= known and tuple(feats[:known]) == seen:
        if len(feats) > known:
            entries = entries + list(filter(None, map(joint.get, feats[known:])))
    else:
        entries = list(filter(None, map(joint.get, feats)))
    _last_lookup = (joint, tuple(feats), entries)
    rows: list[Sequence[float]] = [loaded[name].bias]
    rows += [row for row in map(itemgetter(slot), entries) if row is not None]
    if extra:
        own = loaded[name].weights
        rows += [row for row in map(own.get, extra) if row is not None]
    return _softmax_of_sums(rows)
