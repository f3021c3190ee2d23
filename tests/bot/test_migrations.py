"""The migrations build exactly the tables the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401
from bot.storage.db import make_engine, migrate
from tests.helpers import postgres_url


def differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        migrate(engine)
        migrate(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def test_sqlite_schema_matches_the_models(tmp_path: Path) -> None:
    assert differences(f"sqlite:///{tmp_path / 'db.sqlite'}") == []


@pytest.mark.slow
def test_postgresql_schema_matches_the_models() -> None:
    with postgres_url() as url:
        assert differences(url) == []
