"""The Matrix transport's own rules, without a homeserver: what becomes an inbox message, how
replies read, what a refused send means, and which settings refuse to start."""

from __future__ import annotations

import asyncio
import stat
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from nio import Event, ReactionEvent, RoomSendError
from pydantic import SecretStr

from bot.app import App
from bot.clock import FixedClock
from bot.delivery import DeliveryError, Gone, RetryLater
from bot.settings import Settings
from bot.transports.matrix import (
    Backoff,
    MatrixConfigError,
    MatrixTransport,
    allowed_servers,
    question_nonce,
    reaction_incoming,
    render,
    send_failure,
    strip_reply_fallback,
    to_incoming,
    tx_id,
)
from bot.transports.matrix_state import Credentials
from handlers.messages import Choice, Outgoing

ROOM = "!room:qinqing.test"


def event(content: dict[str, Any], kind: str = "m.room.message") -> Event:
    parsed = Event.parse_event(
        {
            "type": kind,
            "event_id": "$event",
            "sender": "@son:qinqing.test",
            "origin_server_ts": 1_700_000_000_000,
            "content": content,
        }
    )
    assert isinstance(parsed, Event), parsed
    return parsed


def test_a_text_message_becomes_an_inbox_message_keyed_by_its_event_id() -> None:
    incoming = to_incoming(event({"msgtype": "m.text", "body": "我想跟我妈视频"}), ROOM, False)

    assert incoming is not None
    assert (incoming.transport, incoming.external_id) == ("matrix", "$event")
    assert (incoming.sender, incoming.chat, incoming.text) == (
        "@son:qinqing.test",
        ROOM,
        "我想跟我妈视频",
    )
    assert not incoming.is_group


def test_a_voice_note_keeps_where_its_media_is() -> None:
    voice = event({"msgtype": "m.audio", "body": "voice.ogg", "url": "mxc://qinqing.test/abc"})

    incoming = to_incoming(voice, ROOM, True)

    assert incoming is not None and incoming.kind == "voice" and incoming.is_group
    assert incoming.text == ""
    assert incoming.attachment == {
        "kind": "voice",
        "transport": "matrix",
        "chat": ROOM,
        "event_id": "$event",
        "url": "mxc://qinqing.test/abc",
    }


def test_notices_from_other_bots_are_not_messages_to_us() -> None:
    assert to_incoming(event({"msgtype": "m.notice", "body": "本群规则"}), ROOM, True) is None


def test_a_reply_is_read_without_the_quote_it_carries() -> None:
    body = "> <@qinqing:qinqing.test> 这次服务您满意吗?\n> 1. 1分\n\n5"

    assert strip_reply_fallback(body) == "5"
    assert strip_reply_fallback("> 只有引用号,没有空行") == "> 只有引用号,没有空行"
    assert strip_reply_fallback("5 > 4") == "5 > 4"


def test_a_keycap_reaction_answers_the_question_it_is_under() -> None:
    reaction = event(
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$q", "key": "2\ufe0f\u20e3"}},
        kind="m.reaction",
    )
    assert isinstance(reaction, ReactionEvent)

    incoming = reaction_incoming(reaction, ROOM, "a1b2c3")

    assert incoming is not None and incoming.choice == "a1b2c3.2" and incoming.text == ""


def test_other_reactions_answer_nothing() -> None:
    thumbs = event(
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$q", "key": "👍"}},
        kind="m.reaction",
    )
    assert isinstance(thumbs, ReactionEvent)

    assert reaction_incoming(thumbs, ROOM, "a1b2c3") is None


def test_choices_are_numbered_lines_and_the_question_is_known_by_its_nonce() -> None:
    message = Outgoing(
        7,
        "matrix",
        ROOM,
        "视频进行了吗?请回复数字:",
        (Choice("a1b2c3.1", "视频已完成"), Choice("a1b2c3.2", "没有进行")),
    )

    assert render(message) == "视频进行了吗?请回复数字:\n1. 视频已完成\n2. 没有进行"
    assert question_nonce(message) == "a1b2c3"
    assert question_nonce(Outgoing(8, "matrix", ROOM, "约好了")) is None


def test_a_command_offered_in_a_group_reads_as_the_words_to_type() -> None:
    post = Outgoing(9, "matrix", ROOM, "【新单 K7Q2】买药", (Choice("接单 K7Q2", "接单 K7Q2"),))

    assert render(post) == "【新单 K7Q2】买药\n· 接单 K7Q2"
    assert question_nonce(post) is None


def test_transaction_ids_follow_the_outbox_row() -> None:
    assert tx_id(41) == tx_id(41) == "qinqing-41"
    assert tx_id(41, "-media") != tx_id(41)


def refused(body: dict[str, Any], status: int | None) -> RoomSendError:
    answer = RoomSendError.from_dict(body, ROOM)
    answer.transport_response = SimpleNamespace(status=status) if status else None
    return answer


def test_a_rate_limit_waits_as_long_as_the_homeserver_asks() -> None:
    failure = send_failure(
        refused(
            {"errcode": "M_LIMIT_EXCEEDED", "error": "Too Many Requests", "retry_after_ms": 2500},
            429,
        )
    )

    assert isinstance(failure, RetryLater) and failure.retry_after == 2.5


def test_a_rate_limit_inside_m_unknown_is_still_a_rate_limit() -> None:
    failure = send_failure(refused({"errcode": "M_UNKNOWN", "error": "slow down"}, 429))

    assert isinstance(failure, RetryLater) and failure.retry_after == 5


def test_a_room_the_bot_was_removed_from_is_gone() -> None:
    failure = send_failure(refused({"errcode": "M_FORBIDDEN", "error": "not in room"}, 403))

    assert isinstance(failure, Gone)


def test_other_refusals_are_retried_a_bounded_number_of_times() -> None:
    server_error = send_failure(refused({"errcode": "M_UNKNOWN", "error": "Bad Gateway"}, 502))
    bad_request = send_failure(refused({"errcode": "M_BAD_JSON", "error": "bad"}, 400))

    assert isinstance(server_error, RetryLater)
    assert type(bad_request) is DeliveryError


def test_direct_rooms_default_to_the_bots_own_server() -> None:
    assert allowed_servers("", "@qinqing:station.example") == {"station.example"}
    assert allowed_servers(" a.example, B.example ,", "@q:x") == {"a.example", "b.example"}


def test_backoff_doubles_up_to_a_cap_and_starts_over() -> None:
    backoff = Backoff(first=1, cap=5)

    assert [backoff.next() for _ in range(5)] == [1, 2, 4, 5, 5]
    backoff.reset()
    assert backoff.next() == 1


def test_the_stored_login_is_private_to_the_service(tmp_path: Path) -> None:
    login = Credentials("http://hs", "@qinqing:hs", "DEVICE", "secret-token")

    login.save(tmp_path / "store")

    path = tmp_path / "store" / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Credentials.load(tmp_path / "store") == login


def transport(tmp_path: Path, **settings: Any) -> MatrixTransport:
    values: dict[str, Any] = {
        "db": str(tmp_path / "q.db"),
        "matrix_homeserver": "http://127.0.0.1:9",
        "matrix_user": "@qinqing:qinqing.test",
        "matrix_password": SecretStr("pw"),
        "matrix_store": tmp_path / "matrix",
        "matrix_pickle_key": SecretStr("k"),
        "demo": False,
    }
    values.update(settings)
    app = App(Settings(**values), FixedClock(datetime(2026, 12, 3, 10, tzinfo=UTC)))
    return MatrixTransport(app)


def test_encryption_without_a_pickle_key_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(MatrixConfigError, match="QINQING_MATRIX_PICKLE_KEY"):
        asyncio.run(transport(tmp_path, matrix_pickle_key=None).connect())


def test_a_login_stored_for_another_account_refuses_to_start(tmp_path: Path) -> None:
    Credentials("http://127.0.0.1:9", "@other:qinqing.test", "D", "t").save(tmp_path / "matrix")

    with pytest.raises(MatrixConfigError, match="another account"):
        asyncio.run(transport(tmp_path).connect())


def test_no_stored_login_and_no_password_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(MatrixConfigError, match="QINQING_MATRIX_PASSWORD"):
        asyncio.run(transport(tmp_path, matrix_password=None).connect())
