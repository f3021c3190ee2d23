"""Telegram's sending limits, as sliding windows the sender consults before every message.

Telegram answers a burst over its limits with 429 and a wait that applies to the whole bot, so
staying under them is cheaper than recovering: about 30 messages a second overall, one a second
to a chat, twenty a minute to a group.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

Window = tuple[int, float]


@dataclass(frozen=True, slots=True)
class Limits:
    """(messages, seconds) per window."""

    per_chat: Window = (1, 1.0)
    per_group: Window = (20, 60.0)
    overall: Window = (30, 1.0)


class RateLimiter:
    """How long until a message to a chat may go; `sent` records one that went."""

    def __init__(self, limits: Limits | None = None, now: Callable[[], float] = time.monotonic):
        self.limits = limits or Limits()
        self.now = now
        self._chats: dict[str, deque[float]] = {}
        self._groups: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def wait(self, chat: str, is_group: bool) -> float:
        """Seconds to wait before sending to this chat; 0 when it may go now."""
        now = self.now()
        waits = [
            _wait(self._chats.get(chat), self.limits.per_chat, now),
            _wait(self._all, self.limits.overall, now),
        ]
        if is_group:
            waits.append(_wait(self._groups.get(chat), self.limits.per_group, now))
        return max(waits)

    def sent(self, chat: str, is_group: bool) -> None:
        now = self.now()
        _push(self._chats.setdefault(chat, deque()), self.limits.per_chat, now)
        _push(self._all, self.limits.overall, now)
        if is_group:
            _push(self._groups.setdefault(chat, deque()), self.limits.per_group, now)
        if len(self._chats) > 10_000:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for table, (_, window) in (
            (self._chats, self.limits.per_chat),
            (self._groups, self.limits.per_group),
        ):
            for chat in [
                c for c, times in table.items() if not times or times[-1] <= now - window
            ]:
                del table[chat]


def _wait(times: deque[float] | None, limit: Window, now: float) -> float:
    count, window = limit
    if not times:
        return 0.0
    while times and times[0] <= now - window:
        times.popleft()
    if len(times) < count:
        return 0.0
    return max(times[-count] + window - now, 0.0)


def _push(times: deque[float], limit: Window, now: float) -> None:
    times.append(now)
    while len(times) > limit[0]:
        times.popleft()
