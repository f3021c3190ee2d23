"""Messages per second for nlp.parse against bare jieba on the same messages, and start-up time.

    python bench/nlp_bench.py [--rounds N]

Start-up is measured in a fresh interpreter, since warm_up() is once per process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = [
    ROOT / "tests" / "nlp" / "data" / "heldout-intents.jsonl",
    ROOT / "tests" / "nlp" / "data" / "heldout-times.jsonl",
    ROOT / "tests" / "nlp" / "data" / "heldout-risk.jsonl",
]
_STARTUP = (
    "import time; t = time.perf_counter(); import nlp; nlp.warm_up(); "
    "print(time.perf_counter() - t)"
)


def _messages() -> list[str]:
    texts = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def _startup_seconds() -> float:
    result = subprocess.run(
        [sys.executable, "-c", _STARTUP], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    startup = min(_startup_seconds() for _ in range(3))

    import nlp
    from nlp.tokens import tokenizer

    nlp.warm_up()
    jieba_tokenizer = tokenizer()
    messages = _messages()
    now = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    # Rounds alternate between the two, so a change in machine speed during the run (another
    # process, frequency scaling) lands on both sides of each ratio; the median ratio is shown.
    for text in messages:  # one pass unmeasured: first-use caches are not what is compared
        jieba_tokenizer.lcut(text)
        nlp.parse(text, now)
    jieba_times: list[float] = []
    parse_times: list[float] = []
    for _ in range(args.rounds):
        began = time.perf_counter()
        for text in messages:
            jieba_tokenizer.lcut(text)
        jieba_times.append(time.perf_counter() - began)
        began = time.perf_counter()
        for text in messages:
            nlp.parse(text, now)
        parse_times.append(time.perf_counter() - began)
    ratios = sorted(p / j for p, j in zip(parse_times, jieba_times, strict=True))
    per_round = len(messages)

    print(f"messages        {len(messages)} × {args.rounds} rounds, alternating")
    print(
        f"jieba.lcut      {per_round / statistics.median(jieba_times):10.0f} msg/s (median round)"
    )
    print(
        f"nlp.parse       {per_round / statistics.median(parse_times):10.0f} msg/s (median round)"
    )
    print(
        f"ratio           {statistics.median(ratios):10.2f} × jieba, median of rounds "
        f"(range {ratios[0]:.2f}–{ratios[-1]:.2f}; target ≤ 4)"
    )
    print(f"start-up        {startup:10.3f} s (warm_up in a fresh process, target ≤ 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
