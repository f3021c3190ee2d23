"""Scores on messages written apart from the training examples, against the project targets."""

import json
from collections import Counter
from pathlib import Path

from nlp import assess_risk, parse, parse_when
from tests.nlp.conftest import at

DATA = Path(__file__).parent / "data"


def rows(name: str) -> list[dict[str, object]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_intent_and_item() -> None:
    data = rows("heldout-intents.jsonl")
    now = at("2026-12-03T10:00")
    results = [parse(str(row["text"]), now) for row in data]
    intents = sum(r.intent == row["intent"] for r, row in zip(results, data, strict=True))
    service = [
        (r, row) for r, row in zip(results, data, strict=True) if row["intent"] == "service"
    ]
    items = sum(r.item == row["item"] for r, row in service)
    assert intents / len(data) >= 0.90
    assert items / len(service) >= 0.80


def exact_times(data: list[dict[str, object]]) -> float:
    """The share of rows whose date, time and period all come out as labelled."""
    exact = 0
    for row in data:
        when = parse_when(str(row["text"]), at(str(row["now"])[:19]))
        got = (
            when.date.isoformat() if when and when.date else None,
            when.time.strftime("%H:%M") if when and when.time else None,
            when.period if when else None,
        )
        exact += got == (row["date"], row["time"], row["period"])
    return exact / len(data)


def test_dates_and_times() -> None:
    assert exact_times(rows("heldout-times.jsonl")) >= 0.97


def test_risk() -> None:
    table = Counter(
        (row["risk"], assess_risk(str(row["text"]))) for row in rows("heldout-risk.jsonl")
    )
    gold = Counter(want for want, _ in table.elements())
    assert table[("crisis", "crisis")] == gold["crisis"]
    assert sum(n for (want, got), n in table.items() if got == "crisis" and want != "crisis") == 0
    assert table[("concern", "concern")] / gold["concern"] >= 0.90


def test_a_set_written_blind_meets_the_intent_and_time_targets() -> None:
    """Written by someone who saw only the conventions; scored once before it was used (91% of
    intents then), and kept so the fixes it led to stay."""
    data = rows("final7/blind21-intents.jsonl")
    now = at("2026-12-03T10:00")
    results = [parse(str(row["text"]), now) for row in data]
    intents = sum(r.intent == row["intent"] for r, row in zip(results, data, strict=True))
    assert intents / len(data) >= 0.95
    assert exact_times(rows("final7/blind21-times.jsonl")) >= 0.97
