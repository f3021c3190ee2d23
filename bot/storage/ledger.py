"""The ledger's own tables: the area tree above the stations, and who read whose record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.types import UTCDateTime

AREA_LEVELS = ("province", "city", "county", "township")


class Area(SQLModel, table=True):
    """A province, city, county or township; stations hang below townships."""

    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    level: str = Field(max_length=12)
    parent_id: int | None = Field(default=None, foreign_key="area.id", index=True)


class LedgerAudit(SQLModel, table=True):
    """One read, export, change or removal of a person's ledger record.

    `person_id` is a plain number, not a foreign key: the trail outlives the record it is about.
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, index=True)
    actor_id: int | None = None
    actor: str = Field(max_length=64)
    action: str = Field(max_length=16)
    detail: str = ""
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
