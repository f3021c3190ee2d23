"""Messages per second for nlp.parse against bare jieba on the same messages, and start-up time.

    python bench/nlp_bench.py [--rounds N]

Start-up is measured in a fresh interpreter, since warm_up() is once per process.
"""

from __future__ import annotations

import argparse
import json
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
    count = len(messages) * args.rounds

    began = time.perf_counter()
    for _ in range(args.rounds):
        for text in messages:
            jieba_tokenizer.lcut(text)
    jieba_seconds = time.perf_counter() - began

    began = time.perf_counter()
    for _ in range(args.rounds):
        for text in messages:
            nlp.parse(text, now)
    parse_seconds = time.perf_counter() - began

    print(f"messages        {len(messages)} × {args.rounds} rounds")
    print(f"jieba.lcut      {count / jieba_seconds:10.0f} msg/s")
    print(f"nlp.parse       {count / parse_seconds:10.0f} msg/s")
    print(f"ratio           {parse_seconds / jieba_seconds:10.2f} × jieba (target ≤ 4)")
    print(f"start-up        {startup:10.3f} s (warm_up in a fresh process, target ≤ 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
