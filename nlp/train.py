"""Train the intent and item models from the package's own examples.

    python -m nlp.train            # writes nlp/model.json

The examples in nlp/data/train-intents.txt are templates; each is expanded with several
relatives, days and places and then varied the way messages really arrive (dialect words,
no spaces, stray punctuation, common typos), so the model learns the cue, not the filler.
Training is plain softmax regression with AdaGrad, its weights averaged over every step and its
examples visited in an order keyed by their content, so a rerun gives the same weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path
from typing import get_args

from nlp.model import MODEL_PATH, LinearModel, features, install, risk_features
from nlp.numbers import normalize
from nlp.risk import told_text
from nlp.types import Intent

DATA = Path(__file__).resolve().parent / "data" / "train-intents.txt"
RISK_DATA = [
    Path(__file__).resolve().parent / "data" / name
    for name in ("train-risk.txt", "train-risk-more.txt", "train-risk-voices.txt")
]
# Intents whose examples are plain requests: they teach the risk backstop what "none" looks like.
_PLAIN_INTENTS = frozenset(get_args(Intent)) - {"counselling", "mediation"}

RELATIVES = [
    "我妈",
    "俺娘",
    "我爸",
    "俺爹",
    "我奶奶",
    "外婆",
    "我爷爷",
    "外公",
    "我儿子",
    "我女儿",
    "我孙子",
    "孙女",
    "老伴",
    "我老公",
    "我老婆",
    "孩子",
    "我家娃",
    "姆妈",
    "我姥姥",
    "我崽",
    "老爸",
    "妈妈",
    "我外孙",
    "我闺女",
    "我家老头子",
]
DAYS = [
    "明天",
    "后天",
    "明天下午",
    "周六上午",
    "下礼拜三",
    "今晚8点",
    "这周末",
    "3号",
    "大后天早上",
    "星期天",
    "下周一",
    "明早",
    "今天下午三点",
    "礼拜五晚上",
    "15号",
    "下午两点半",
    "周末",
    "初八",
    "过两天",
    "明天上午10点",
    "后天中午",
]
PLACES = ["广东", "浙江", "深圳", "东莞", "福建", "上海", "厦门", "温州", "宁波", "苏州", "长沙"]
SWAPS = [
    ("我", "俺"),
    ("什么", "啥"),
    ("怎么", "咋"),
    ("不知道", "不晓得"),
    ("没有", "冇"),
    ("视频", "视屏"),
    ("已经", "以经"),
    ("可以", "可不可以"),
    ("吗", "不"),
    ("能不能", "能否"),
    ("一下", "一哈"),
    ("去", "克"),
    ("家里", "屋里"),
    ("三", "3"),
    ("两", "2"),
    ("一个", "1个"),
]
TAILS = ["", "", "", "？", "。", "!", "~", " 谢谢", " 麻烦了", "🙏", "啊", "哈", " 急"]


def _fill(template: str, rng: random.Random) -> str:
    text = template
    while "{rel}" in text:
        text = text.replace("{rel}", rng.choice(RELATIVES), 1)
    while "{when}" in text:
        text = text.replace("{when}", rng.choice(DAYS), 1)
    while "{place}" in text:
        text = text.replace("{place}", rng.choice(PLACES), 1)
    return text


def _vary(text: str, rng: random.Random) -> str:
    for old, new in SWAPS:
        if old in text and rng.random() < 0.25:
            text = text.replace(old, new)
    if rng.random() < 0.3:
        text = text.replace(" ", "")
    elif rng.random() < 0.2:
        text = text.replace(" ", "，")
    return text + rng.choice(TAILS)


def examples(copies: int = 5, seed: int = 7) -> list[tuple[str, str, str | None]]:
    rng = random.Random(seed)
    rows: list[tuple[str, str, str | None]] = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        intent, _, item = label.partition("/")
        variants = {text.replace("{rel}", "").replace("{when}", "").replace("{place}", "外地")}
        for _ in range(copies):
            variants.add(_vary(_fill(text, rng), rng))
        rows += [(variant, intent, item or None) for variant in sorted(variants)]
    return rows


def risk_examples(copies: int = 4, seed: int = 13) -> list[tuple[str, str]]:
    """The written risk examples, varied like the intent ones, plus plain requests as none."""
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    lines = [line for path in RISK_DATA for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        variants = {text}
        for _ in range(copies):
            variants.add(_vary(text, rng))
        rows += [(variant, label) for variant in sorted(variants)]
    seen: set[str] = set()
    for text, intent, _ in examples(copies=1, seed=seed):
        if intent in _PLAIN_INTENTS and text not in seen:
            seen.add(text)
            rows.append((text, "none"))
    return rows


def _shuffle_key(key: str, epoch: int) -> bytes:
    return hashlib.blake2b(f"{epoch}\x1f{key}".encode(), digest_size=8).digest()


def train(
    rows: list[tuple[list[str], str]], epochs: int = 5, rate: float = 0.3, l2: float = 1e-4
) -> LinearModel:
    """Softmax regression by AdaGrad, returning the weights averaged over every step.

    The last step's weights depend on which examples happened to come last; their average over
    the whole run does not, so one added example moves the model by a little, not at random.
    Averaging is done lazily: each change is also kept scaled by the step it was made at.
    """
    classes = sorted({label for _, label in rows})
    index = {name: i for i, name in enumerate(classes)}
    size = len(classes)
    weights: dict[str, list[float]] = {}
    scaled: dict[str, list[float]] = {}
    grads: dict[str, list[float]] = {}
    bias = [0.0] * size
    bias_scaled = [0.0] * size
    bias_grad = [1e-8] * size
    # Each epoch visits the examples in an order keyed by their content, not by their position:
    # adding one example slots it in rather than reshuffling all the others.
    keys = ["\x1f".join([label, *feats]) for feats, label in rows]
    step = 1

    for epoch in range(epochs):
        order = sorted(range(len(rows)), key=lambda i: _shuffle_key(keys[i], epoch))
        for position in order:
            feats, label = rows[position]
            scores = list(bias)
            for name in feats:
                row = weights.get(name)
                if row is not None:
                    for k in range(size):
                        scores[k] += row[k]
            top = max(scores)
            exps = [math.exp(score - top) for score in scores]
            total = sum(exps)
            gradient = [value / total for value in exps]
            gradient[index[label]] -= 1.0

            for k in range(size):
                bias_grad[k] += gradient[k] ** 2
                change = rate * gradient[k] / math.sqrt(bias_grad[k])
                bias[k] -= change
                bias_scaled[k] -= step * change
            for name in feats:
                row = weights.setdefault(name, [0.0] * size)
                kept = scaled.setdefault(name, [0.0] * size)
                acc = grads.setdefault(name, [1e-8] * size)
                for k in range(size):
                    g = gradient[k] + l2 * row[k]
                    acc[k] += g * g
                    change = rate * g / math.sqrt(acc[k])
                    row[k] -= change
                    kept[k] -= step * change
            step += 1

    def averaged(row: list[float], kept: list[float]) -> list[float]:
        return [value - part / step for value, part in zip(row, kept, strict=True)]

    final = {
        name: [round(value, 3) for value in averaged(row, scaled[name])]
        for name, row in weights.items()
    }
    return LinearModel(
        classes,
        [round(value, 3) for value in averaged(bias, bias_scaled)],
        {name: row for name, row in final.items() if max(map(abs, row)) >= 0.01},
    )


def main() -> int:
    data = examples()
    counts = Counter(intent for _, intent, _ in data)
    print(f"{len(data)} examples: {dict(sorted(counts.items()))}", file=sys.stderr)

    risk_rows = risk_examples()
    risk_counts = Counter(label for _, label in risk_rows)
    print(f"{len(risk_rows)} risk examples: {dict(sorted(risk_counts.items()))}", file=sys.stderr)
    risk_model = train(
        [(risk_features(told_text(normalize(text))), label) for text, label in risk_rows],
        epochs=8,
        l2=1e-3,
    )

    # The intent features include the risk verdict, which the new risk model now helps decide.
    install({"risk": risk_model})

    featurized = [(features(normalize(text)), intent, item) for text, intent, item in data]
    intent_model = train([(feats, intent) for feats, intent, _ in featurized])
    item_model = train([(feats, item) for feats, _, item in featurized if item is not None])

    payload = {
        "intent": intent_model.to_json(),
        "item": item_model.to_json(),
        "risk": risk_model.to_json(),
    }
    MODEL_PATH.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    print(
        f"wrote {MODEL_PATH.name}: {len(intent_model.weights)} intent and "
        f"{len(item_model.weights)} item features",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
