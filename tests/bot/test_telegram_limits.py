"""Telegram's sending limits as the sender sees them, on a clock the test moves."""

from __future__ import annotations

from bot.transports.telegram_limits import Limits, RateLimiter


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_message_a_second_to_a_chat() -> None:
    clock = Ticks()
    limiter = RateLimiter(now=clock)
    assert limiter.wait("42", False) == 0
    limiter.sent("42", False)
    assert limiter.wait("42", False) == 1.0
    assert limiter.wait("43", False) == 0
    clock.now += 0.4
    assert abs(limiter.wait("42", False) - 0.6) < 1e-9
    clock.now += 0.6
    assert limiter.wait("42", False) == 0


def test_twenty_a_minute_to_a_group() -> None:
    clock = Ticks()
    limiter = RateLimiter(now=clock)
    for _ in range(20):
        assert limiter.wait("-100", True) == 0
        limiter.sent("-100", True)
        clock.now += 1.0
    assert abs(limiter.wait("-100", True) - 40.0) < 1e-9
    # The same id counted as a private chat would only wait for the one-second rule.
    assert limiter.wait("-100", False) == 0
    clock.now += 40.0
    assert limiter.wait("-100", True) == 0


def test_thirty_a_second_overall() -> None:
    clock = Ticks()
    limiter = RateLimiter(now=clock)
    for chat in range(30):
        assert limiter.wait(str(chat), False) == 0
        limiter.sent(str(chat), False)
        clock.now += 0.01
    assert abs(limiter.wait("999", False) - 0.7) < 1e-9


def test_limits_can_be_lifted_for_a_benchmark() -> None:
    clock = Ticks()
    limiter = RateLimiter(Limits(per_chat=(1000, 1.0), overall=(1000, 1.0)), now=clock)
    for _ in range(100):
        limiter.sent("42", False)
    assert limiter.wait("42", False) == 0
