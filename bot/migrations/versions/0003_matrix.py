"""matrix rooms, sync token, sent events; where an inbox message came from

Revision ID: 0003_matrix
Revises: 0002
Create Date: 2026-12-03 20:10:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.types

revision = "0003_matrix"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matrixroom",
        sa.Column("room_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("joined_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_id"),
    )
    with op.batch_alter_table("matrixroom", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matrixroom_user_id"), ["user_id"], unique=False)

    op.create_table(
        "matrixsync",
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("next_batch", sa.Text(), nullable=False),
        sa.Column("saved_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "matrixsent",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("nonce", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.ForeignKeyConstraint(["outbox_id"], ["outboxmessage.id"]),
        sa.PrimaryKeyConstraint("outbox_id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_group", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.drop_column("is_group")
    op.drop_table("matrixsent")
    op.drop_table("matrixsync")
    with op.batch_alter_table("matrixroom", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matrixroom_user_id"))
    op.drop_table("matrixroom")
