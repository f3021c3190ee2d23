"""The tables. The database is the truth; everything the bot waits for is written here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.types import UTCDateTime


def _when(*, nullable: bool = False, index: bool = False) -> datetime:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class Station(SQLModel, table=True):
    """A village station (实践站) with its family-line room (亲情连线工作室)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str
    township: str = ""
    county: str = ""
    room_name: str = "亲情连线工作室"
    address: str = ""
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)


class RoomHours(SQLModel, table=True):
    """When a station's family-line room is open: one row per weekday (0 = Monday)."""

    id: int | None = Field(default=None, primary_key=True)
    station_id: int = Field(foreign_key="station.id", index=True)
    weekday: int = Field(ge=0, le=6)
    opens: str = Field(max_length=5)
    closes: str = Field(max_length=5)


class Person(SQLModel, table=True):
    """Anyone the station knows: a resident on the ledger (台账), a relative, or staff."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    role: str = Field(index=True, max_length=16)
    station_id: int | None = Field(default=None, foreign_key="station.id", index=True)
    phone: str | None = Field(default=None, max_length=20)
    address: str = ""
    can_walk: bool = True
    notes: str = ""
    created_at: datetime = _when()
    # The ledger's columns (台账); `category` says whether a resident is a child or an elder.
    category: str = Field(default="", max_length=8)
    sex: str = Field(default="", max_length=2)
    birth_date: date | None = None
    id_number: str | None = Field(default=None, unique=True, max_length=18)
    guardian_name: str = ""
    guardian_relation: str = Field(default="", max_length=16)
    guardian_phone: str | None = Field(default=None, max_length=20)
    workplace: str = ""
    health: str = ""
    disability: str = ""
    lives_alone: bool | None = None
    mood: str = ""
    school: str = ""
    grade: str = Field(default="", max_length=16)
    risk_level: str = Field(default="", max_length=8)
    team: str = ""
    skills: str = ""
    availability: str = ""
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    counsellor_id: int | None = Field(default=None, foreign_key="person.id")
    updated_at: datetime | None = _when(nullable=True)


class Kinship(SQLModel, table=True):
    """A relative's tie to a resident.

    `relation` is what the resident is to the relative (mother), `relative_is` the other way
    round (son), so both sides can say "my mother" or "my son".
    """

    __table_args__ = (UniqueConstraint("relative_id", "resident_id"),)

    id: int | None = Field(default=None, primary_key=True)
    relative_id: int = Field(foreign_key="person.id", index=True)
    resident_id: int = Field(foreign_key="person.id", index=True)
    relation: str = Field(max_length=16)
    relative_is: str = Field(default="child", max_length=16)


class VolunteerDuty(SQLModel, table=True):
    """When a volunteer is on duty at their station's room (0 = Monday)."""

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="person.id", index=True)
    weekday: int = Field(ge=0, le=6)
    starts: str = Field(max_length=5)
    ends: str = Field(max_length=5)


class Account(SQLModel, table=True):
    """A chat account on one transport, linked to a person."""

    __table_args__ = (UniqueConstraint("transport", "address"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    transport: str = Field(max_length=16)
    address: str = Field(max_length=255)
    status: str = Field(default="active", max_length=16)
    last_seen: datetime | None = _when(nullable=True)


class ChatGroup(SQLModel, table=True):
    """A group chat linked to a station, e.g. its volunteer group."""

    __table_args__ = (UniqueConstraint("transport", "address"),)

    id: int | None = Field(default=None, primary_key=True)
    station_id: int = Field(foreign_key="station.id", index=True)
    transport: str = Field(max_length=16)
    address: str = Field(max_length=255)
    purpose: str = Field(default="volunteers", max_length=16)
    title: str = ""


class Appointment(SQLModel, table=True):
    """A booked family call (亲情连线), in the room or at home with a tablet."""

    __table_args__ = (Index("ix_appointment_station_start", "station_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, max_length=12)
    station_id: int = Field(foreign_key="station.id")
    resident_id: int = Field(foreign_key="person.id", index=True)
    relative_id: int = Field(foreign_key="person.id", index=True)
    volunteer_id: int | None = Field(default=None, foreign_key="person.id")
    booked_by: int = Field(foreign_key="person.id")
    kind: str = Field(default="room", max_length=8)
    starts_at: datetime = _when()
    ends_at: datetime = _when()
    status: str = Field(default="booked", index=True, max_length=16)
    rating: int | None = None
    created_at: datetime = _when()
    updated_at: datetime = _when()


class Reminder(SQLModel, table=True):
    """Something the bot must say at a moment: scheduled → sending → sent, or missed/cancelled."""

    id: int | None = Field(default=None, primary_key=True)
    appointment_id: int = Field(foreign_key="appointment.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    purpose: str = Field(max_length=24)
    due_at: datetime = _when(index=True)
    status: str = Field(default="scheduled", index=True, max_length=16)
    late: bool = False
    created_at: datetime = _when()
    sent_at: datetime | None = _when(nullable=True)


class Conversation(SQLModel, table=True):
    """What the bot is waiting for from one account, so it survives a restart."""

    account_id: int = Field(primary_key=True, foreign_key="account.id")
    state: str = Field(max_length=32)
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    expires_at: datetime = _when()


class InboxMessage(SQLModel, table=True):
    """Every incoming message, written before it is acted on, keyed by the transport's id."""

    __table_args__ = (UniqueConstraint("transport", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    transport: str = Field(max_length=16)
    external_id: str = Field(max_length=255)
    sender: str = Field(max_length=255)
    chat: str = Field(max_length=255)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    choice: str | None = Field(default=None, max_length=64)
    kind: str = Field(default="text", max_length=16)
    attachment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Matrix rooms are neither the sender's id nor marked as groups by their id, so a message
    # finished after a restart must know where it came from; None on rows older than this.
    is_group: bool | None = None
    status: str = Field(default="received", index=True, max_length=16)
    received_at: datetime = _when()
    done_at: datetime | None = _when(nullable=True)


class OutboxMessage(SQLModel, table=True):
    """Every outgoing message: pending → sending → sent (or failed, gone)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=128)
    transport: str = Field(index=True, max_length=16)
    address: str = Field(max_length=255)
    text: str = Field(sa_column=Column(Text, nullable=False))
    choices: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", index=True, max_length=16)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    reminder_id: int | None = Field(default=None, foreign_key="reminder.id")
    inbox_id: int | None = Field(default=None, foreign_key="inboxmessage.id")
    attachment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    attempts: int = 0
    error: str | None = None
    created_at: datetime = _when()
    not_before: datetime | None = _when(nullable=True)
    sent_at: datetime | None = _when(nullable=True)


class BindingCode(SQLModel, table=True):
    """A one-time code a station hands out to link a chat account or group to its ledger."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    station_id: int | None = Field(default=None, foreign_key="station.id")
    purpose: str = Field(default="person", max_length=16)
    expires_at: datetime = _when()
    used_at: datetime | None = _when(nullable=True)
    created_at: datetime = _when()


class BindingAttempt(SQLModel, table=True):
    """Wrong codes tried from one chat account, so guessing can be locked out."""

    __table_args__ = (UniqueConstraint("transport", "address"),)

    id: int | None = Field(default=None, primary_key=True)
    transport: str = Field(max_length=16)
    address: str = Field(max_length=255)
    failures: int = 0
    locked_until: datetime | None = _when(nullable=True)


class MatrixRoom(SQLModel, table=True):
    """A Matrix room the bot joined: a person's direct room, or a room meant for a group."""

    room_id: str = Field(primary_key=True, max_length=255)
    kind: str = Field(max_length=8)
    user_id: str = Field(index=True, max_length=255)
    status: str = Field(default="joined", max_length=8)
    joined_at: datetime = _when()


class MatrixSync(SQLModel, table=True):
    """Where the bot's sync stopped, saved only after the events before it are in the inbox."""

    user_id: str = Field(primary_key=True, max_length=255)
    next_batch: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: datetime = _when()


class MatrixSent(SQLModel, table=True):
    """The event an outbox message became, and the question (nonce) a reaction to it answers."""

    outbox_id: int = Field(primary_key=True, foreign_key="outboxmessage.id")
    room_id: str = Field(max_length=255)
    event_id: str = Field(unique=True, max_length=255)
    nonce: str | None = Field(default=None, max_length=16)


from bot.storage import ledger  # noqa: E402, F401  (the ledger's tables)
from bot.storage.cases import *  # noqa: E402, F403  (safeguarding tables)
from bot.storage.orders import *  # noqa: E402, F403
