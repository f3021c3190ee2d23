"""Tables for services from the catalog, home visits, their deadlines and volunteer hours.

An order moves open → claimed → on_the_way → done (or cancelled); a returned order is open
again. Every change is also written to `OrderEvent`, so the history of an order can be told.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.models import _when


class CatalogItem(SQLModel, table=True):
    """One service of the catalog, with the settings coordinators may change.

    `may_claim` is who may take it: `volunteers` (anyone who volunteers), `counsellors` or
    `legal` (legal volunteers). `claim_minutes` is how long it may wait unclaimed,
    `done_minutes` how long after the claim it should be done, `served_minutes` the time a
    volunteer is credited for it.
    """

    code: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=32)
    category: str = Field(max_length=16)
    kind: str = Field(default="everyday", max_length=16)
    may_claim: str = Field(default="volunteers", max_length=16)
    claim_minutes: int = 120
    done_minutes: int = 1440
    served_minutes: int = 60
    active: bool = True


class Order(SQLModel, table=True):
    """Something a volunteer is asked to do: a catalog service, a home visit, a voice note."""

    # "order" is a reserved word in SQL.
    __tablename__ = "service_order"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, max_length=12)
    kind: str = Field(default="service", max_length=16)
    item: str | None = Field(default=None, foreign_key="catalogitem.code", max_length=8)
    station_id: int = Field(foreign_key="station.id", index=True)
    for_id: int = Field(foreign_key="person.id", index=True)
    asked_by: int | None = Field(default=None, foreign_key="person.id", index=True)
    volunteer_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    request: str = Field(default="", sa_column=Column(Text, nullable=False))
    wanted_on: date | None = None
    status: str = Field(default="open", index=True, max_length=16)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    rating: int | None = None
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = _when()
    claimed_at: datetime | None = _when(nullable=True)
    done_at: datetime | None = _when(nullable=True)
    updated_at: datetime = _when()


class OrderEvent(SQLModel, table=True):
    """One step in an order's life, with who took it and why."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="service_order.id", index=True)
    what: str = Field(max_length=24)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    at: datetime = _when()


class Deadline(SQLModel, table=True):
    """A moment an order must have moved by: scheduled → fired, or cancelled once it moved.

    `kind` is `claim` (still unclaimed) or `done` (claimed but not finished); `step` counts the
    escalation: the first claim deadline tells the township, the second the county.
    """

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="service_order.id", index=True)
    kind: str = Field(max_length=8)
    step: int = 1
    due_at: datetime = _when(index=True)
    status: str = Field(default="scheduled", index=True, max_length=16)
    created_at: datetime = _when()
    fired_at: datetime | None = _when(nullable=True)


class VisitPlan(SQLModel, table=True):
    """How often someone on the ledger is visited, and what the last visit found.

    `care` is `high` (weekly), `key` (monthly) or `normal` (quarterly). `event_at` is a major
    event reported since the last visit: the next visit is then due within a day.
    """

    resident_id: int = Field(primary_key=True, foreign_key="person.id")
    care: str = Field(default="normal", max_length=8)
    last_visit_at: datetime | None = _when(nullable=True)
    event_at: datetime | None = _when(nullable=True)
    health: str | None = Field(default=None, max_length=8)
    mood: str | None = Field(default=None, max_length=8)
    created_at: datetime = _when()


class Visit(SQLModel, table=True):
    """A home visit as the volunteer recorded it."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="service_order.id", unique=True)
    resident_id: int = Field(foreign_key="person.id", index=True)
    volunteer_id: int = Field(foreign_key="person.id")
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    health: str | None = Field(default=None, max_length=8)
    mood: str | None = Field(default=None, max_length=8)
    risk: str = Field(default="none", max_length=8)
    visited_at: datetime = _when()


class VolunteerHours(SQLModel, table=True):
    """Time served by a volunteer on one finished order or visit."""

    __table_args__ = (UniqueConstraint("order_id", "volunteer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="person.id", index=True)
    order_id: int = Field(foreign_key="service_order.id")
    minutes: int
    served_at: datetime = _when(index=True)
