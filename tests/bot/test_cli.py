"""The `qinqing` entry point as a shell runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "args",
    [("nlp", "parse", "--now", "2026-12-03T10:00:00+08:00"), ("catalog", "--json")],
)
def test_piping_into_head_ends_quietly(tmp_path: Path, args: tuple[str, ...]) -> None:
    messages = tmp_path / "messages.jsonl"
    line = json.dumps({"text": "明天下午三点跟我妈视频"}, ensure_ascii=False) + "\n"
    messages.write_text(line * 3000, encoding="utf-8")
    command = [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "q.db"), *args]
    with messages.open("rb") as stdin:
        process = subprocess.Popen(
            command, cwd=REPO, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    assert process.stdout is not None

    # What `head -1` does: read one line and go away.
    process.stdout.readline()
    process.stdout.close()
    code = process.wait(timeout=120)

    assert process.stderr is not None
    err = process.stderr.read().decode()
    assert code in (0, 141)
    assert "Traceback" not in err and "BrokenPipeError" not in err
