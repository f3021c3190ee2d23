"""ledger: area tree, the ledger's columns on person, audit of record reads

Revision ID: 0003_ledger
Revises: 0002
Create Date: 2026-12-03 19:50:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.types

revision = "0003_ledger"
down_revision = "0002"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString

# Existing rows get empty text; the models' own defaults take over for new rows.
NEW_TEXT = (
    ("category", 8),
    ("sex", 2),
    ("guardian_name", None),
    ("guardian_relation", 16),
    ("workplace", None),
    ("health", None),
    ("disability", None),
    ("mood", None),
    ("school", None),
    ("grade", 16),
    ("risk_level", 8),
    ("team", None),
    ("skills", None),
    ("availability", None),
)


def upgrade() -> None:
    op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT(length=64), nullable=False),
        sa.Column("level", TEXT(length=12), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["area.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("parent_id", "name"),
    )
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_area_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "ledgeraudit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", TEXT(length=64), nullable=False),
        sa.Column("action", TEXT(length=16), nullable=False),
        sa.Column("detail", TEXT(), nullable=False),
        sa.Column("at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ledgeraudit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledgeraudit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledgeraudit_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        for name, length in NEW_TEXT:
            batch_op.add_column(
                sa.Column(name, TEXT(length=length), nullable=False, server_default="")
            )
        batch_op.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("id_number", TEXT(length=18), nullable=True))
        batch_op.add_column(sa.Column("guardian_phone", TEXT(length=20), nullable=True))
        batch_op.add_column(sa.Column("lives_alone", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("counsellor_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("updated_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_person_area_id"), ["area_id"], unique=False)
        batch_op.create_unique_constraint("uq_person_id_number", ["id_number"])
        batch_op.create_foreign_key("fk_person_area_id", "area", ["area_id"], ["id"])
        batch_op.create_foreign_key("fk_person_counsellor_id", "person", ["counsellor_id"], ["id"])

    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_station_area_id"), ["area_id"], unique=False)
        batch_op.create_foreign_key("fk_station_area_id", "area", ["area_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.drop_constraint("fk_station_area_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_station_area_id"))
        batch_op.drop_column("area_id")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint("fk_person_counsellor_id", type_="foreignkey")
        batch_op.drop_constraint("fk_person_area_id", type_="foreignkey")
        batch_op.drop_constraint("uq_person_id_number", type_="unique")
        batch_op.drop_index(batch_op.f("ix_person_area_id"))
        for name in (
            "updated_at",
            "counsellor_id",
            "area_id",
            "lives_alone",
            "guardian_phone",
            "id_number",
            "birth_date",
        ):
            batch_op.drop_column(name)
        for name, _ in reversed(NEW_TEXT):
            batch_op.drop_column(name)

    op.drop_table("ledgeraudit")
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_parent_id"))
    op.drop_table("area")
