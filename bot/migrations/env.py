from alembic import context
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")

if connection is None:
    raise RuntimeError("migrations run through bot.storage.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
