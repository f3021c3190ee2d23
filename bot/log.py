"""Logging for the whole service: named loggers per layer, nothing personal in clear."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]{20,}")


class Redact(logging.Filter):
    """A last guard: log calls pass ids, but a library may print a URL or a number."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = TOKEN.sub("bot<token>", ID_NUMBER.sub("<id>", PHONE.sub("<phone>", message)))
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure(level: str, file: Path | None = None) -> None:
    handler: logging.Handler
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(Redact())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("apscheduler", "httpx", "aiohttp.access", "alembic", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
