"""The Synapse fixture behaves like the homeserver the bot will meet, seen through matrix-nio."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from nio import (
    AsyncClient,
    AsyncClientConfig,
    EnableEncryptionBuilder,
    InviteMemberEvent,
    LoginResponse,
    MegolmEvent,
    OlmUnverifiedDeviceError,
    RoomCreateResponse,
    RoomMessageText,
    RoomPreset,
    RoomSendError,
    RoomSendResponse,
    SyncResponse,
)

from tests.support import synapse
from tests.support.synapse import (
    SYNAPSE_VERSION,
    Homeserver,
    MatrixUser,
    SynapseStartError,
    last_install_seconds,
)

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@pytest.mark.slow
def test_reports_install_and_startup_times(homeserver: Homeserver) -> None:
    install = f"{last_install_seconds[0]:.1f} s" if last_install_seconds else "cached"
    print(f"\nsynapse install: {install}; start-up: {homeserver.startup_seconds:.1f} s")

    assert homeserver.startup_seconds > 0


@asynccontextmanager
async def logged_in(
    homeserver: Homeserver,
    user: MatrixUser,
    store: Path | None = None,
    device_id: str = "",
    config: AsyncClientConfig | None = None,
) -> AsyncIterator[AsyncClient]:
    if config is None:
        config = AsyncClientConfig(
            encryption_enabled=store is not None,
            store_sync_tokens=store is not None,
            pickle_key="test-pickle-key-not-the-default",
            max_limit_exceeded=0,
            max_timeouts=2,
        )
    client = AsyncClient(
        homeserver.base_url,
        user.user_id,
        device_id=device_id,
        store_path=str(store) if store is not None else "",
        config=config,
    )
    try:
        answer = await client.login(user.password, device_name="qinqing-test")
        assert isinstance(answer, LoginResponse), answer
        if client.should_upload_keys:
            await client.keys_upload()
        yield client
    finally:
        await client.close()


async def sync_until(
    client: AsyncClient, seen: Callable[[SyncResponse], bool], timeout: float = 15
) -> SyncResponse:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = await client.sync(timeout=500)
        assert isinstance(answer, SyncResponse), answer

        # Plain sync() leaves key management to the caller; sync_forever() does it itself.
        if client.olm is not None:
            if client.should_upload_keys:
                await client.keys_upload()
            if client.should_query_keys:
                await client.keys_query()
        if seen(answer):
            return answer
    raise AssertionError(f"{client.user_id} saw nothing matching within {timeout} s")


def timeline(answer: SyncResponse, room_id: str) -> list[Any]:
    room = answer.rooms.join.get(room_id)
    return list(room.timeline.events) if room is not None else []


def texts_in(answer: SyncResponse, room_id: str) -> list[str]:
    return [e.body for e in timeline(answer, room_id) if isinstance(e, RoomMessageText)]


def knows_devices_of(client: AsyncClient, user_id: str) -> bool:
    return any(True for _ in client.device_store.active_user_devices(user_id))


def invited_to(answer: SyncResponse, room_id: str) -> bool:
    room = answer.rooms.invite.get(room_id)
    return room is not None and any(isinstance(e, InviteMemberEvent) for e in room.invite_state)


@pytest.mark.slow
def test_password_login_returns_a_device(
    homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    user = matrix_user("grandma")

    async def scenario() -> None:
        async with logged_in(homeserver, user) as client:
            assert client.device_id
            assert client.access_token
            assert client.user_id == user.user_id

    run(scenario())


@pytest.mark.slow
def test_invited_user_joins_and_messages_flow_both_ways(
    homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    grandma, grandson = matrix_user("grandma"), matrix_user("grandson")

    async def scenario() -> None:
        async with (
            logged_in(homeserver, grandma) as elder,
            logged_in(homeserver, grandson) as younger,
        ):
            created = await elder.room_create(name="亲情连线", invite=[grandson.user_id])
            assert isinstance(created, RoomCreateResponse), created
            room_id = created.room_id
            await elder.sync(timeout=0)

            await sync_until(younger, lambda answer: invited_to(answer, room_id))
            await younger.join(room_id)
            await sync_until(elder, lambda _: grandson.user_id in elder.rooms[room_id].users)

            sent = await elder.room_send(
                room_id, "m.room.message", {"msgtype": "m.text", "body": "吃饭了吗"}
            )
            assert isinstance(sent, RoomSendResponse), sent
            await sync_until(younger, lambda answer: "吃饭了吗" in texts_in(answer, room_id))

            await younger.room_send(
                room_id, "m.room.message", {"msgtype": "m.text", "body": "吃了，放心"}
            )
            await sync_until(elder, lambda answer: "吃了，放心" in texts_in(answer, room_id))

        assert homeserver.texts(grandson.access_token, room_id) == ["吃饭了吗", "吃了，放心"]

    run(scenario())


@pytest.mark.slow
def test_repeated_transaction_id_yields_one_event_per_device(
    homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    bot = matrix_user("bot")
    room_id = homeserver.create_room(bot.access_token)

    async def send(client: AsyncClient, body: str, tx_id: str) -> str:
        answer = await client.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": body}, tx_id=tx_id
        )
        assert isinstance(answer, RoomSendResponse), answer
        return answer.event_id

    async def scenario() -> None:
        async with logged_in(homeserver, bot) as first:
            original = await send(first, "提醒：明天上门", "reply-to-event-1")
            # The homeserver answers a replay with the first event even if the body differs.
            assert await send(first, "提醒：明天上门", "reply-to-event-1") == original
            assert await send(first, "another body", "reply-to-event-1") == original
            device_id = first.device_id

        # Logging in again onto the same device keeps the dedupe; a new device does not.
        async with logged_in(homeserver, bot, device_id=device_id) as same_device:
            assert same_device.device_id == device_id
            assert await send(same_device, "提醒：明天上门", "reply-to-event-1") == original
        async with logged_in(homeserver, bot) as other_device:
            assert other_device.device_id != device_id
            assert await send(other_device, "提醒：明天上门", "reply-to-event-1") != original

    run(scenario())

    assert homeserver.texts(bot.access_token, room_id) == ["提醒：明天上门", "提醒：明天上门"]


@pytest.mark.slow
def test_encrypted_direct_room_decrypts_on_the_other_side(
    homeserver: Homeserver, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    grandma, volunteer = matrix_user("grandma"), matrix_user("volunteer")
    (tmp_path / "grandma").mkdir()
    (tmp_path / "volunteer").mkdir()

    async def scenario() -> str:
        async with (
            logged_in(homeserver, grandma, store=tmp_path / "grandma") as elder,
            logged_in(homeserver, volunteer, store=tmp_path / "volunteer") as helper,
        ):
            assert elder.olm is not None and helper.olm is not None
            created = await elder.room_create(
                is_direct=True,
                preset=RoomPreset.trusted_private_chat,
                invite=[volunteer.user_id],
                initial_state=[EnableEncryptionBuilder().as_dict()],
            )
            assert isinstance(created, RoomCreateResponse), created
            room_id = created.room_id

            await sync_until(helper, lambda answer: invited_to(answer, room_id))
            await helper.join(room_id)
            await sync_until(elder, lambda _: knows_devices_of(elder, volunteer.user_id))
            assert elder.rooms[room_id].encrypted

            # An unverified device in the room makes nio raise, not return an error value.
            with pytest.raises(OlmUnverifiedDeviceError):
                await elder.room_send(
                    room_id, "m.room.message", {"msgtype": "m.text", "body": "不会送出"}
                )

            # Trusting explicitly is what a verified deployment does; the reply below takes the
            # other road and shares keys with unverified devices.
            for device in elder.device_store.active_user_devices(volunteer.user_id):
                elder.verify_device(device)
            sent = await elder.room_send(
                room_id, "m.room.message", {"msgtype": "m.text", "body": "今天血压正常"}
            )
            assert isinstance(sent, RoomSendResponse), sent

            await sync_until(helper, lambda answer: "今天血压正常" in texts_in(answer, room_id))

            await sync_until(helper, lambda _: knows_devices_of(helper, grandma.user_id))
            reply = await helper.room_send(
                room_id,
                "m.room.message",
                {"msgtype": "m.text", "body": "好的，周六上门"},
                ignore_unverified_devices=True,
            )
            assert isinstance(reply, RoomSendResponse), reply
            answer = await sync_until(
                elder,
                lambda answer: (
                    "好的，周六上门" in texts_in(answer, room_id)
                    or any(isinstance(e, MegolmEvent) for e in timeline(answer, room_id))
                ),
            )
            assert "好的，周六上门" in texts_in(answer, room_id)
            return room_id

    room_id = run(scenario())

    stored = homeserver.messages(volunteer.access_token, room_id)
    assert sum(event["type"] == "m.room.encrypted" for event in stored) == 2
    assert not homeserver.texts(volunteer.access_token, room_id)


@pytest.mark.slow
def test_low_message_limit_surfaces_as_limit_exceeded(
    start_homeserver: Callable[..., Homeserver],
) -> None:
    started = time.monotonic()
    strict = start_homeserver(rate_limits={"rc_message": {"per_second": 0.5, "burst_count": 2}})
    print(f"\nrate-limited synapse start-up: {time.monotonic() - started:.1f} s")
    bot = strict.new_user("bot")
    room_id = strict.create_room(bot.access_token)

    async def scenario() -> RoomSendError:
        async with logged_in(strict, bot) as client:
            for attempt in range(10):
                answer = await client.room_send(
                    room_id, "m.room.message", {"msgtype": "m.text", "body": f"#{attempt}"}
                )
                if isinstance(answer, RoomSendError):
                    return answer
        raise AssertionError("ten quick sends never met the limit")

    refused = run(scenario())

    assert refused.status_code == "M_LIMIT_EXCEEDED"
    assert refused.transport_response is not None
    assert refused.transport_response.status == 429
    assert refused.retry_after_ms is not None and refused.retry_after_ms > 0
    assert int(refused.transport_response.headers["Retry-After"]) >= 1


@pytest.mark.slow
def test_admin_can_tighten_one_users_message_limit(
    homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    admin, bot = matrix_user("admin", admin=True), matrix_user("bot")
    homeserver.override_message_rate(admin.access_token, bot.user_id, per_second=1, burst_count=1)
    room_id = homeserver.create_room(bot.access_token)

    async def scenario() -> list[object]:
        async with logged_in(homeserver, bot) as client:
            return [
                await client.room_send(
                    room_id, "m.room.message", {"msgtype": "m.text", "body": f"#{n}"}
                )
                for n in range(3)
            ]

    answers = run(scenario())

    assert any(
        isinstance(a, RoomSendError) and a.status_code == "M_LIMIT_EXCEEDED" for a in answers
    )


@pytest.mark.slow
def test_transaction_dedupe_survives_a_homeserver_restart(
    start_homeserver: Callable[..., Homeserver],
) -> None:
    server = start_homeserver()
    bot = server.new_user("bot")
    room_id = server.create_room(bot.access_token)
    before = server.send_text(bot.access_token, room_id, "早上好", txn_id="reply-to-event-7")

    server.restart()
    after = server.send_text(bot.access_token, room_id, "早上好", txn_id="reply-to-event-7")

    assert after == before
    assert server.texts(bot.access_token, room_id) == ["早上好"]


@pytest.mark.slow
def test_a_homeserver_that_cannot_start_says_why() -> None:
    broken = Homeserver(extra_config={"database": {"name": "no-such-engine", "args": {}}})

    with pytest.raises(SynapseStartError) as failure:
        broken.start()

    assert "no-such-engine" in str(failure.value)


def test_a_damaged_environment_is_noticed(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").touch()
    marker = tmp_path / synapse._READY_MARKER

    assert synapse._environment_problem(tmp_path) == "the install never finished"

    marker.write_text("0.0.1\n")
    assert "0.0.1" in str(synapse._environment_problem(tmp_path))

    # Right marker, but nothing able to run behind it.
    marker.write_text(SYNAPSE_VERSION + "\n")
    assert "does not run" in str(synapse._environment_problem(tmp_path))
