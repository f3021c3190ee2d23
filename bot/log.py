"""Logging for the whole service: named loggers per layer, nothing personal in clear."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

# Numbers as people type them: 138 0000 0021, +86-138-0000-0021, 0797-1234567, an ID number
# in groups of digits, or the old 15-digit ID.
PHONE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)(?:\d[\s-]?){17}[\dXx](?![\dXx])|(?<!\d)\d{15}(?!\d)")
TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]{20,}")


class Redact(logging.Filter):
    """A last guard: log calls pass ids, but a library may print a URL or a number."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # A traceback quotes the values it failed on; the formatter uses this text as is.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def redact(text: str) -> str:
    text = ID_NUMBER.sub("<id>", text)
    text = LANDLINE.sub("<phone>", PHONE.sub("<phone>", text))
    return TOKEN.sub("bot<token>", text)


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
