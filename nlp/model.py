"""A small linear model over character n-grams, jieba words and keyword cues.

Weights live in `model.json` beside this file, written by `python -m nlp.train`. Scoring is a
dictionary lookup per feature, so a message costs about as much as tokenizing it.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

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
    chars = "^" + _SPACES.sub("", compact)[:200] + "$"
    found = [f"c:{ch}" for ch in chars[1:-1]]
    found += [f"b:{chars[i : i + 2]}" for i in range(len(chars) - 1)]
    found += [f"t:{chars[i : i + 3]}" for i in range(len(chars) - 2)]
    found += [f"w:{word}" for word in words(compact[:200])]
    for intent, score in intent_scores(normalized).items():
        found.append(f"cue:{intent}")
        if score >= 2.5:
            found.append(f"cue2:{intent}")
    found += [f"item:{code}" for code in item_cues(normalized)[:2]]
    if asks_how_to(normalized):
        found.append("howto")
    found.append(f"risk:{risk or assess_risk_normalized(normalized)}")
    length = len(chars) - 2
    found.append("len:short" if length <= 4 else "len:mid" if length <= 12 else "len:long")
    return found


def risk_features(told: str) -> list[str]:
    """Character n-grams of what a message tells, for the risk backstop.

    No jieba words and no rule cues: the backstop must not lean on the rules it backs up.
    """
    chars = "^" + _SPACES.sub("", _PUNCT.sub(" ", told))[:200] + "$"
    found = [f"c:{ch}" for ch in chars[1:-1]]
    found += [f"b:{chars[i : i + 2]}" for i in range(len(chars) - 1)]
    found += [f"t:{chars[i : i + 3]}" for i in range(len(chars) - 2)]
    return found


@dataclass(frozen=True)
class LinearModel:
    classes: list[str]
    bias: list[float]
    weights: dict[str, list[float]]

    def probabilities(self, feats: list[str]) -> list[float]:
        rows = [self.bias]
        rows += [row for row in map(self.weights.get, feats) if row is not None]
        scores = [sum(column) for column in zip(*rows, strict=True)]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return [value / total for value in exps]

    def best(self, feats: list[str]) -> tuple[str, float]:
        probs = self.probabilities(feats)
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


_lock = threading.Lock()
_models: dict[str, LinearModel] | None = None


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
                _models = loaded
    return _models


def install(loaded: dict[str, LinearModel]) -> None:
    """Use these models instead of the weights file (training, where the file is being rebuilt)."""
    global _models
    with _lock:
        _models = dict(loaded)
