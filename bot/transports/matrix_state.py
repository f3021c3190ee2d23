"""What the Matrix transport remembers: its login beside the key store, the rest in the database.

The login (user, device, token) sits in the store folder because the encryption keys there
belong to that one device: copied, backed up or lost together. The sync token, the rooms and
the events sent are in the database, next to the inbox and outbox they must agree with.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.storage.db import transaction
from bot.storage.models import (
    Account,
    ChatGroup,
    MatrixRoom,
    MatrixSent,
    MatrixSync,
    Person,
)

TRANSPORT = "matrix"
CREDENTIALS = "credentials.json"


@dataclass(frozen=True, slots=True)
class Credentials:
    homeserver: str
    user_id: str
    device_id: str
    access_token: str

    @classmethod
    def load(cls, folder: Path) -> Credentials | None:
        path = folder / CREDENTIALS
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            homeserver=str(data["homeserver"]),
            user_id=str(data["user_id"]),
            device_id=str(data["device_id"]),
            access_token=str(data["access_token"]),
        )

    def save(self, folder: Path) -> None:
        """Written whole or not at all, readable by the service's user only."""
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / (CREDENTIALS + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(folder / CREDENTIALS)


def load_token(engine: Engine, user_id: str) -> str | None:
    with Session(engine) as session:
        row = session.get(MatrixSync, user_id)
        return row.next_batch if row is not None else None


def save_token(engine: Engine, user_id: str, next_batch: str, now: datetime) -> None:
    with transaction(engine) as session:
        row = session.get(MatrixSync, user_id)
        if row is None:
            row = MatrixSync(user_id=user_id, next_batch=next_batch, saved_at=now)
        row.next_batch = next_batch
        row.saved_at = now
        session.add(row)


def room_is_group(engine: Engine, room_id: str) -> bool | None:
    """True for a room linked to a station or joined as a group, False for a direct room,
    None for a room the bot has no record of."""
    with Session(engine) as session:
        linked = session.exec(
            select(ChatGroup.id).where(
                ChatGroup.transport == TRANSPORT, ChatGroup.address == room_id
            )
        ).first()
        if linked is not None:
            return True
        room = session.get(MatrixRoom, room_id)
        return None if room is None else room.kind == "group"


def is_coordinator(engine: Engine, user_id: str) -> bool:
    with Session(engine) as session:
        role = session.exec(
            select(Person.role)
            .join(Account, col(Account.person_id) == Person.id)
            .where(
                Account.transport == TRANSPORT,
                Account.address == user_id,
                Account.status == "active",
            )
        ).first()
    return role == "coordinator"


def remember_room(engine: Engine, room_id: str, kind: str, user_id: str, now: datetime) -> None:
    with transaction(engine) as session:
        row = session.get(MatrixRoom, room_id)
        if row is None:
            row = MatrixRoom(room_id=room_id, kind=kind, user_id=user_id, joined_at=now)
        row.status = "joined"
        session.add(row)


def forget_room(engine: Engine, room_id: str) -> None:
    with transaction(engine) as session:
        row = session.get(MatrixRoom, room_id)
        if row is not None and row.status != "left":
            row.status = "left"
            session.add(row)


def room_left(engine: Engine, room_id: str) -> bool:
    with Session(engine) as session:
        row = session.get(MatrixRoom, room_id)
        return row is not None and row.status == "left"


def direct_room(engine: Engine, user_id: str) -> str | None:
    """The room where the bot talks with this person alone, the newest if there are several."""
    with Session(engine) as session:
        return session.exec(
            select(MatrixRoom.room_id)
            .where(
                MatrixRoom.user_id == user_id,
                MatrixRoom.kind == "direct",
                MatrixRoom.status == "joined",
            )
            .order_by(col(MatrixRoom.joined_at).desc())
        ).first()


def record_sent(
    engine: Engine, outbox_id: int, room_id: str, event_id: str, nonce: str | None
) -> None:
    with transaction(engine) as session:
        if session.get(MatrixSent, outbox_id) is None:
            session.add(
                MatrixSent(outbox_id=outbox_id, room_id=room_id, event_id=event_id, nonce=nonce)
            )


def nonce_of(engine: Engine, room_id: str, event_id: str) -> str | None:
    """The question a message of the bot asked, so a reaction to it can answer that question."""
    with Session(engine) as session:
        return session.exec(
            select(MatrixSent.nonce).where(
                MatrixSent.event_id == event_id, MatrixSent.room_id == room_id
            )
        ).first()
