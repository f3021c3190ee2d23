"""counselling cases, their pages, relayed messages, reads; who answers for safeguarding

Revision ID: 0003_cases
Revises: 0002
Create Date: 2026-12-03 19:45:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.types

revision = "0003_cases"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casestaff",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("on_call", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("transport", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("from_group", sa.Boolean(), nullable=False),
        sa.Column("nonce", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("mandatory_report", sa.Boolean(), nullable=False),
        sa.Column("relay", sa.Boolean(), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=True),
        sa.Column("taken_by", sa.Integer(), nullable=True),
        sa.Column("taken_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("purged_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("opened_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
        sa.ForeignKeyConstraint(["inbox_id"], ["inboxmessage.id"]),
        sa.ForeignKeyConstraint(["taken_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["closed_by"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_status"), ["status"], unique=False)
    op.create_table(
        "casepage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("due_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("sent_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("casepage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casepage_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_casepage_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_casepage_status"), ["status"], unique=False)
    op.create_table(
        "casemessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("risk", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=True),
        sa.Column("at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["inbox_id"], ["inboxmessage.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("casemessage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casemessage_case_id"), ["case_id"], unique=False)
    op.create_table(
        "caseaudit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=True),
        sa.Column("how", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["reader_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("caseaudit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caseaudit_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("caseaudit")
    op.drop_table("casemessage")
    op.drop_table("casepage")
    op.drop_table("case")
    op.drop_table("casestaff")
