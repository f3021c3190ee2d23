"""The `qinqing nlp parse` and `qinqing nlp eval` commands, as plain functions over streams."""

from __future__ import annotations

import json
from datetime import datetime
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
