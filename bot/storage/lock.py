"""One scheduler at a time: a file lock beside SQLite, an advisory lock on PostgreSQL."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger("qinqing.scheduler")

ADVISORY_KEY = 0x71696E71  # "qinq"


class SchedulerLock:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._handle: Any = None

    def acquire(self) -> bool:
        if self.engine.dialect.name == "sqlite":
            return self._acquire_file()
        connection = self.engine.connect()
        held = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}
        ).scalar()
        if held:
            connection.commit()
            self._handle = connection
            return True
        connection.close()
        return False

    def _acquire_file(self) -> bool:
        database = self.engine.url.database or "memory"
        path = Path(f"{database}.scheduler.lock")
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        if isinstance(self._handle, int):
            os.close(self._handle)
        else:
            self._handle.close()
        self._handle = None
