"""The bot's idea of "now": the real clock, or one a test sets from outside the process."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class RealClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = _aware(moment)

    def now(self) -> datetime:
        return self.moment


class FileClock:
    """Reads the time from a file on every call, so a test can move time for a running process."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def now(self) -> datetime:
        return _aware(datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip()))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("clock times must carry a UTC offset")
    return moment.astimezone(UTC)


def clock_from_spec(spec: str) -> Clock:
    if spec == "real":
        return RealClock()
    kind, _, value = spec.partition(":")
    if kind == "fixed":
        return FixedClock(datetime.fromisoformat(value))
    if kind == "file":
        return FileClock(Path(value))
    raise ValueError(f"unknown clock {spec!r}: use real, fixed:<ISO> or file:<path>")
