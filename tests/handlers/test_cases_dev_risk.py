"""Every crisis example of the shared development set (and of our own risk sets) opens a crisis
case through the console; no harmless look-alike opens any case."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.storage.cases import Case
from tests.helpers import make_harness

REPO = Path(__file__).resolve().parents[2]


def _shared_dev_risk() -> Path:
    """The shared development set: QINQING_NLU_DIR, else beside the checkout, else /work/shared."""
    candidates = [REPO.parent / "shared" / "nlu", Path("/work/shared/nlu")]
    if os.environ.get("QINQING_NLU_DIR"):
        candidates.insert(0, Path(os.environ["QINQING_NLU_DIR"]))
    for folder in candidates:
        if (folder / "dev-risk.jsonl").exists():
            return folder / "dev-risk.jsonl"
    return candidates[0] / "dev-risk.jsonl"


DEV_RISK = _shared_dev_risk()
OUR_SETS = [
    REPO / "tests" / "nlp" / "data" / name for name in ("heldout-risk.jsonl", "blind-risk.jsonl")
]


def examples(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            DEV_RISK,
            marks=pytest.mark.skipif(
                not DEV_RISK.exists(), reason=f"development set not found at {DEV_RISK}"
            ),
            id="shared-dev",
        ),
        *[pytest.param(path, id=path.stem) for path in OUR_SETS],
    ],
)
def test_crisis_examples_open_crisis_cases_and_look_alikes_none(
    tmp_path: Path, path: Path
) -> None:
    bot = make_harness(tmp_path, "2026-12-03T10:00:00+08:00")
    wrong = []
    checked = 0
    try:
        for number, example in enumerate(examples(path)):
            if example["risk"] == "concern":
                continue
            sender = f"访客{number:03d}"  # a fresh chat each, so no case is already open
            bot.say(sender, example["text"])
            checked += 1
            with Session(bot.app.engine) as session:
                opened = session.exec(select(Case).where(Case.address == sender)).all()
            severities = [case.severity for case in opened]
            expected = ["crisis"] if example["risk"] == "crisis" else []
            if severities != expected:
                wrong.append((example["text"], example["risk"], severities))
    finally:
        bot.app.engine.dispose()
    assert checked >= 2 and wrong == []
