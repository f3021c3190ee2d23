"""Every crisis example of the shared development set opens a crisis case through the console;
no harmless look-alike opens any case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.storage.cases import Case
from tests.helpers import make_harness

DEV_RISK = Path(__file__).resolve().parents[2].parent / "shared" / "nlu" / "dev-risk.jsonl"


def examples() -> list[dict[str, Any]]:
    if not DEV_RISK.exists():
        return []
    lines = DEV_RISK.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.skipif(not DEV_RISK.exists(), reason=f"development set not found at {DEV_RISK}")
def test_crisis_examples_open_crisis_cases_and_look_alikes_none(tmp_path: Path) -> None:
    bot = make_harness(tmp_path, "2026-12-03T10:00:00+08:00")
    wrong = []
    checked = 0
    try:
        for number, example in enumerate(examples()):
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
