"""Round trip on loopback: a resident's Matrix message to the bot's reply in the same room.

    python bench/matrix_bench.py [--messages N] [--encrypted]

Starts a throwaway Synapse (the test fixture's), `qinqing run` as a separate process with
Matrix configured, and a nio client for the relative. Each round trip is timed from just
before the message is sent until the reply arrives through the relative's own sync, so it
includes the bot's sync, the inbox write, understanding, the handler, the outbox and the send.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nio import (  # noqa: E402
    AsyncClient,
    AsyncClientConfig,
    EnableEncryptionBuilder,
    RoomCreateResponse,
    RoomMessageText,
    RoomPreset,
    SyncResponse,
)

from bot import demo  # noqa: E402
from bot.storage.db import make_engine, migrate, transaction  # noqa: E402
from bot.storage.models import Account  # noqa: E402
from handlers import linking  # noqa: E402
from tests.support.synapse import Homeserver, MatrixUser  # noqa: E402

NOW = "2026-12-03T10:00:00+08:00"
QINQING = str(Path(sys.executable).with_name("qinqing"))
ASKS = ["我约的视频是几点", "你好", "谢谢"]


def prepare(folder: Path, relative: MatrixUser) -> None:
    engine = make_engine(f"sqlite:///{folder / 'qinqing.db'}")
    migrate(engine)
    demo.seed(engine, datetime.fromisoformat(NOW))
    with transaction(engine) as session:
        person = linking.find_person(session, "王建国")
        assert person.id is not None
        session.add(Account(person_id=person.id, transport="matrix", address=relative.user_id))


def start_bot(folder: Path, server: Homeserver, bot: MatrixUser) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINQING_")}
    env.update(
        QINQING_DB=str(folder / "qinqing.db"),
        QINQING_CLOCK=f"fixed:{NOW}",
        QINQING_CONSOLE_TRANSCRIPT=str(folder / "transcript.jsonl"),
        QINQING_MATRIX_HOMESERVER=server.base_url,
        QINQING_MATRIX_USER=bot.user_id,
        QINQING_MATRIX_PASSWORD=bot.password,
        QINQING_MATRIX_STORE=str(folder / "matrix"),
        QINQING_MATRIX_PICKLE_KEY="bench-only-pickle-key",
        QINQING_LOG_LEVEL="WARNING",
    )
    log = (folder / "service.log").open("ab")
    return subprocess.Popen(
        [QINQING, "run"], stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=folder, env=env
    )


async def round_trips(
    server: Homeserver, bot: MatrixUser, relative: MatrixUser, count: int, store: Path | None
) -> list[float]:
    client = AsyncClient(
        server.base_url,
        relative.user_id,
        store_path=str(store) if store else "",
        config=AsyncClientConfig(
            encryption_enabled=store is not None, store_sync_tokens=False, pickle_key="bench"
        ),
    )
    try:
        await client.login(relative.password, device_name="bench")
        await client.sync(timeout=0)
        created = await client.room_create(
            is_direct=True,
            preset=RoomPreset.trusted_private_chat,
            invite=[bot.user_id],
            initial_state=[EnableEncryptionBuilder().as_dict()] if store else [],
        )
        assert isinstance(created, RoomCreateResponse), created
        room_id = created.room_id
        # The bot joins once its first sync is done; that wait is start-up, not round trip.
        deadline = time.monotonic() + 120
        while not _joined(client, room_id, bot.user_id):
            if time.monotonic() > deadline:
                raise SystemExit("the bot never joined; see service.log")
            await _sync(client, 1000)

        timings = []
        for number in range(count + 1):
            started = time.perf_counter()
            await client.room_send(
                room_id,
                "m.room.message",
                {"msgtype": "m.text", "body": ASKS[number % len(ASKS)]},
                ignore_unverified_devices=True,
            )
            while not await _reply(client, room_id, bot.user_id):
                pass
            if number:  # the first one warms the bot's caches
                timings.append(time.perf_counter() - started)
        return timings
    finally:
        await client.close()


def _joined(client: AsyncClient, room_id: str, user_id: str) -> bool:
    room = client.rooms.get(room_id)
    return room is not None and user_id in room.users and user_id not in room.invited_users


async def _sync(client: AsyncClient, timeout_ms: int) -> SyncResponse:
    answer = await client.sync(timeout=timeout_ms)
    assert isinstance(answer, SyncResponse), answer
    if client.olm is not None:
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()
    return answer


async def _reply(client: AsyncClient, room_id: str, bot: str) -> bool:
    answer = await _sync(client, 30_000)
    joined = answer.rooms.join.get(room_id)
    events = joined.timeline.events if joined else []
    return any(isinstance(e, RoomMessageText) and e.sender == bot for e in events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=30)
    parser.add_argument("--encrypted", action="store_true")
    args = parser.parse_args()
    logging.getLogger("nio").setLevel(logging.ERROR)

    with Homeserver() as server, tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bot, relative = server.new_user("qinqing"), server.new_user("son")
        prepare(folder, relative)
        service = start_bot(folder, server, bot)
        try:
            store = folder / "relative-keys" if args.encrypted else None
            if store is not None:
                store.mkdir()
            timings = asyncio.run(round_trips(server, bot, relative, args.messages, store))
        finally:
            service.terminate()
            service.wait(timeout=10)

    ms = sorted(t * 1000 for t in timings)
    room = "encrypted" if args.encrypted else "plain"
    print(
        f"matrix round trip ({room} direct room, loopback, {len(ms)} messages): "
        f"median {statistics.median(ms):.0f} ms, p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, "
        f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
