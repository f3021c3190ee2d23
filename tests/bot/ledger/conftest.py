from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import Harness, make_harness, postgres_url

THURSDAY = "2026-12-03T10:00:00+08:00"


@pytest.fixture(params=["sqlite", "postgresql"])
def bot(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    """The demo station on a real database: one station, 青禾村, with a few people."""
    if request.param == "sqlite":
        harness = make_harness(tmp_path, THURSDAY)
        yield harness
        harness.app.engine.dispose()
        return
    with postgres_url() as url:
        harness = make_harness(tmp_path, THURSDAY, url)
        yield harness
        harness.app.engine.dispose()
