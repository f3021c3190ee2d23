"""Safeguarding tables: counselling cases, their pages, relayed messages and who read them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from bot.storage.types import UTCDateTime


def _when(*, nullable: bool = False, index: bool = False) -> datetime:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class CaseStaff(SQLModel, table=True):
    """Who answers for safeguarding where, until stations sit in an area tree.

    A coordinator's `level` is station, township or county; `area` names the township or
    county (a station-level coordinator answers for their own station). A counsellor off call
    is not paged in the first round.
    """

    person_id: int = Field(primary_key=True, foreign_key="person.id")
    level: str = Field(default="station", max_length=16)
    area: str = Field(default="", max_length=64)
    on_call: bool = True


class Case(SQLModel, table=True):
    """A counselling case: open → taken → closed. `relay` is on while the person talks to the
    counsellor through the bot rather than to the other flows."""

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, max_length=12)
    severity: str = Field(max_length=8)
    status: str = Field(default="open", index=True, max_length=8)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    station_id: int | None = Field(default=None, foreign_key="station.id", index=True)
    transport: str = Field(max_length=16)
    address: str = Field(max_length=255)
    from_group: bool = False
    nonce: str = Field(max_length=8)
    mandatory_report: bool = False
    relay: bool = True
    inbox_id: int | None = Field(default=None, foreign_key="inboxmessage.id")
    taken_by: int | None = Field(default=None, foreign_key="person.id")
    taken_at: datetime | None = _when(nullable=True)
    closed_by: int | None = Field(default=None, foreign_key="person.id")
    closed_at: datetime | None = _when(nullable=True)
    closing_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    purged_at: datetime | None = _when(nullable=True)
    opened_at: datetime = _when()


class CasePage(SQLModel, table=True):
    """One round of paging for a case: scheduled → sent, or cancelled once someone takes it."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    round: int = 0
    due_at: datetime = _when(index=True)
    status: str = Field(default="scheduled", index=True, max_length=16)
    recipients: int = 0
    sent_at: datetime | None = _when(nullable=True)


class CaseMessage(SQLModel, table=True):
    """A message passed between the person and the counsellor; deleted some time after closing."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    direction: str = Field(max_length=4)
    text: str = Field(sa_column=Column(Text, nullable=False))
    risk: str = Field(default="none", max_length=8)
    inbox_id: int | None = Field(default=None, foreign_key="inboxmessage.id")
    at: datetime = _when()


class CaseAudit(SQLModel, table=True):
    """Every time someone read a case."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    reader_id: int | None = Field(default=None, foreign_key="person.id")
    how: str = Field(max_length=16)
    at: datetime = _when()
