"""Pytest fixtures around a real Synapse homeserver.

One homeserver serves the whole run; tests keep out of each other's way by registering fresh
users (``matrix_user``). A test that needs a differently configured server, such as one with
tight rate limits, asks ``start_homeserver`` for its own and pays the few seconds of start-up.

    def test_bot_answers(homeserver, matrix_user):
        elder, bot = matrix_user("elder"), matrix_user("bot")
        room_id = homeserver.create_room(elder.access_token, invite=[bot.user_id])
        homeserver.join(bot.access_token, room_id)
        ...  # run the bot as bot.user_id / bot.password against homeserver.base_url
        assert "收到" in homeserver.texts(elder.access_token, room_id)[-1]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from tests.support.synapse import Homeserver, MatrixUser, SynapseError, SynapseUnavailable


def _start_or_fail(server: Homeserver) -> Homeserver:
    try:
        server.start()
    except SynapseUnavailable as exc:
        reason = f"Synapse could not be installed, so Matrix tests cannot run.\n{exc}"
    except SynapseError as exc:
        reason = f"Synapse did not start.\n{exc}"
    else:
        return server
    # A missing homeserver must be loud: a skipped end-to-end suite looks green in CI.
    pytest.fail(reason, pytrace=False)


@pytest.fixture(scope="session")
def homeserver() -> Iterator[Homeserver]:
    server = _start_or_fail(Homeserver())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def matrix_user(homeserver: Homeserver) -> Callable[..., MatrixUser]:
    """Register a new account on the shared homeserver: ``matrix_user("grandma")``."""
    return homeserver.new_user


@pytest.fixture
def start_homeserver() -> Iterator[Callable[..., Homeserver]]:
    """Start an extra homeserver with its own settings; it stops when the test ends."""
    started: list[Homeserver] = []

    def start(
        rate_limits: Mapping[str, Any] | None = None,
        extra_config: Mapping[str, Any] | None = None,
    ) -> Homeserver:
        server = Homeserver(rate_limits=rate_limits, extra_config=extra_config)
        started.append(server)
        return _start_or_fail(server)

    yield start
    for server in started:
        server.stop()
