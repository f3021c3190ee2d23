"""The `qinqing nlp parse` and `qinqing nlp eval` commands, as plain functions over streams."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import nlp

_SHANGHAI = ZoneInfo("Asia/Shanghai")


def _parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(_SHANGHAI)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_SHANGHAI)
    return moment


def parse_main(now: str | None, stdin: IO[str], stdout: IO[str]) -> int:
    """JSON lines in, one understanding per line out, in the same order.

    A line that cannot be read yields an object with an "error" field, so one bad line never
    shifts or stops the rest. Returns 1 if any line failed, else 0.
    """
    try:
        default_now = _parse_now(now)
    except ValueError as error:
        stdout.write(json.dumps({"error": f"bad --now: {error}"}, ensure_ascii=False) + "\n")
        return 2

    failures = 0
    for line in stdin:
        result = _parse_line(line, default_now)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        failures += "error" in result
    stdout.flush()
    return 1 if failures else 0


def _parse_line(line: str, default_now: datetime) -> dict[str, Any]:
    try:
        record = json.loads(line)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError('each line must be a JSON object with a "text" string')
        line_now = _parse_now(record["now"]) if record.get("now") else default_now
        result = nlp.parse(record["text"], line_now).as_json()
    except (ValueError, TypeError) as error:
        result = {"error": str(error), "line": line.rstrip("\n")[:200]}
    return result


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _ratio(hits: int, total: int) -> str:
    if total == 0:
        return "n/a"
    return f"{hits / total:.1%} ({hits}/{total})"


def _score_intents(rows: list[dict[str, Any]], out: IO[str]) -> None:
    now = datetime.now(_SHANGHAI)
    intent_hits = item_hits = item_total = relation_hits = 0
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    item_errors: Counter[str] = Counter()
    for row in rows:
        result = nlp.parse(row["text"], now)
        if result.intent == row["intent"]:
            intent_hits += 1
        else:
            confusions[row["intent"]][result.intent] += 1
        if row["intent"] == "service":
            item_total += 1
            if result.item == row.get("item"):
                item_hits += 1
            else:
                item_errors[f"{row.get('item')}→{result.item}"] += 1
        relation_hits += result.relation == row.get("relation")

    out.write(f"  intent    {_ratio(intent_hits, len(rows))}\n")
    out.write(f"  item      {_ratio(item_hits, item_total)} of service rows\n")
    out.write(f"  relation  {_ratio(relation_hits, len(rows))}\n")
    for gold in sorted(confusions):
        wrong = ", ".join(f"{name}×{n}" for name, n in confusions[gold].most_common())
        out.write(f"  errors {gold}: {wrong}\n")
    if item_errors:
        listed = ", ".join(f"{pair}×{n}" for pair, n in item_errors.most_common())
        out.write(f"  item errors: {listed}\n")


def _score_times(rows: list[dict[str, Any]], out: IO[str]) -> None:
    hits: Counter[str] = Counter()
    for row in rows:
        when = nlp.parse_when(row["text"], _parse_now(row.get("now")))
        got = {
            "date": when.date.isoformat() if when and when.date else None,
            "time": when.time.strftime("%H:%M") if when and when.time else None,
            "period": when.period if when else None,
        }
        same = {field: got[field] == row.get(field) for field in got}
        hits.update(field for field, ok in same.items() if ok)
        if all(same.values()):
            hits["full"] += 1
    for field in ("date", "time", "period", "full"):
        out.write(f"  {field:<8}  {_ratio(hits[field], len(rows))}\n")


def _score_risk(rows: list[dict[str, Any]], out: IO[str]) -> None:
    table: Counter[tuple[str, str]] = Counter()
    false_crises = []
    for row in rows:
        got = nlp.assess_risk(row["text"])
        table[(row["risk"], got)] += 1
        if got == "crisis" and row["risk"] != "crisis":
            false_crises.append(row["text"])
    gold = Counter(row["risk"] for row in rows)
    hits = sum(n for (want, found), n in table.items() if want == found)
    out.write(f"  accuracy        {_ratio(hits, len(rows))}\n")
    out.write(f"  crisis recall   {_ratio(table[('crisis', 'crisis')], gold['crisis'])}\n")
    out.write(f"  concern recall  {_ratio(table[('concern', 'concern')], gold['concern'])}\n")
    out.write(f"  false crises    {len(false_crises)}\n")
    for text in false_crises:
        out.write(f"    {text}\n")
    for (want, found), n in sorted(table.items()):
        if want != found:
            out.write(f"  errors {want}→{found}: {n}\n")


def eval_main(directory: str, stdout: IO[str]) -> int:
    """Score every *-intents.jsonl, *-times.jsonl and *-risk.jsonl file in a directory."""
    folder = Path(directory)
    scorers = (
        ("*-intents.jsonl", _score_intents),
        ("*-times.jsonl", _score_times),
        ("*-risk.jsonl", _score_risk),
    )
    seen = 0
    for pattern, scorer in scorers:
        for path in sorted(folder.glob(pattern)):
            seen += 1
            try:
                rows = _read_jsonl(path)
            except (OSError, ValueError) as error:
                stdout.write(f"{path.name}: cannot read: {error}\n")
                return 2
            stdout.write(f"{path.name} ({len(rows)} rows)\n")
            scorer(rows, stdout)
    if not seen:
        stdout.write(f"no *-intents.jsonl, *-times.jsonl or *-risk.jsonl files in {directory}\n")
        return 2
    return 0
