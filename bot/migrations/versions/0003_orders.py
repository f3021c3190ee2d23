"""orders from the catalog, deadlines, home visits, volunteer hours

Revision ID: 0003_orders
Revises: 0002
Create Date: 2026-12-03 19:55:00.000000
"""

import json
from pathlib import Path

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.types

revision = "0003_orders"
down_revision = "0002"
branch_labels = None
depends_on = None

CATALOG = Path(__file__).resolve().parents[2] / "data" / "catalog.json"


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _moment() -> bot.storage.types.UTCDateTime:
    return bot.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    catalog = op.create_table(
        "catalogitem",
        sa.Column("code", _string(8), nullable=False),
        sa.Column("name", _string(32), nullable=False),
        sa.Column("category", _string(16), nullable=False),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("may_claim", _string(16), nullable=False),
        sa.Column("claim_minutes", sa.Integer(), nullable=False),
        sa.Column("done_minutes", sa.Integer(), nullable=False),
        sa.Column("served_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "service_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", _string(12), nullable=False),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("item", _string(8), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("for_id", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.Integer(), nullable=True),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("wanted_on", sa.Date(), nullable=True),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("claimed_at", _moment(), nullable=True),
        sa.Column("done_at", _moment(), nullable=True),
        sa.Column("updated_at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["item"], ["catalogitem.code"]),
        sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
        sa.ForeignKeyConstraint(["for_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["asked_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["volunteer_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("service_order", schema=None) as batch_op:
        for column in ("station_id", "for_id", "asked_by", "volunteer_id", "status"):
            batch_op.create_index(f"ix_service_order_{column}", [column], unique=False)

    op.create_table(
        "orderevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("what", _string(24), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["service_order.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("orderevent", schema=None) as batch_op:
        batch_op.create_index("ix_orderevent_order_id", ["order_id"], unique=False)

    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("kind", _string(8), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("due_at", _moment(), nullable=False),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("fired_at", _moment(), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["service_order.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        for column in ("order_id", "due_at", "status"):
            batch_op.create_index(f"ix_deadline_{column}", [column], unique=False)

    op.create_table(
        "visitplan",
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("care", _string(8), nullable=False),
        sa.Column("last_visit_at", _moment(), nullable=True),
        sa.Column("event_at", _moment(), nullable=True),
        sa.Column("health", _string(8), nullable=True),
        sa.Column("mood", _string(8), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["resident_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("resident_id"),
    )
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("health", _string(8), nullable=True),
        sa.Column("mood", _string(8), nullable=True),
        sa.Column("risk", _string(8), nullable=False),
        sa.Column("visited_at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["service_order.id"]),
        sa.ForeignKeyConstraint(["resident_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["volunteer_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id"),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_resident_id", ["resident_id"], unique=False)

    op.create_table(
        "volunteerhours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("served_at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["service_order.id"]),
        sa.ForeignKeyConstraint(["volunteer_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "volunteer_id"),
    )
    with op.batch_alter_table("volunteerhours", schema=None) as batch_op:
        batch_op.create_index("ix_volunteerhours_volunteer_id", ["volunteer_id"], unique=False)
        batch_op.create_index("ix_volunteerhours_served_at", ["served_at"], unique=False)

    # The starting catalog; coordinators change it afterwards with `qinqing catalog`.
    items = json.loads(CATALOG.read_text(encoding="utf-8"))["items"]
    op.bulk_insert(catalog, [{"active": True, **item} for item in items])


def downgrade() -> None:
    op.drop_table("volunteerhours")
    op.drop_table("visit")
    op.drop_table("visitplan")
    op.drop_table("deadline")
    op.drop_table("orderevent")
    op.drop_table("service_order")
    op.drop_table("catalogitem")
