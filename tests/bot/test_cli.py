"""The `qinqing` entry point as a shell runs it."""

from __future__ import annotations

import json
import os
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


def _chat(tmp_path: Path, *args: str, lines: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "q.db"), "chat", *args]
    return subprocess.run(
        command, cwd=REPO, input=lines, capture_output=True, text=True, timeout=120, check=True
    )


def test_a_piped_chat_ends_without_errors_in_the_log(tmp_path: Path) -> None:
    # The clock's first sweep is usually still running when the last line is answered.
    for _ in range(3):
        done = _chat(tmp_path, "--as", "王建国", lines="你好\n")
        assert "您好" in done.stdout
        assert " ERROR " not in done.stderr and "Traceback" not in done.stderr


def test_speaking_in_a_group_that_is_not_linked_says_so(tmp_path: Path) -> None:
    done = _chat(tmp_path, "--as", "李晓华", "--group", "没绑定的群", lines="你好\n")
    assert "「没绑定的群」还没有绑定站点" in done.stderr
    assert "青禾村志愿者群" in done.stderr

    linked = _chat(tmp_path, "--as", "李晓华", "--group", "青禾村志愿者群", lines="接单\n")
    assert "还没有绑定" not in linked.stderr


def test_stations_list_gives_the_codes_other_commands_ask_for(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "q.db")]
    done = subprocess.run(
        [*command, "stations", "list", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    [station] = json.loads(done.stdout)
    assert station["code"] == "QH01" and station["township"] == "云溪镇"
    assert "console:青禾村志愿者群" in station["groups"]
    assert "周六 09:00-21:00" in station["hours"]

    # The code it shows is the one `qinqing code --group` takes.
    issued = subprocess.run(
        [*command, "code", "--group", station["code"]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert issued.stdout.strip()


@pytest.mark.parametrize(
    ("args", "shown", "hidden"),
    [
        (("people",), ["姓名", "身份", "志愿者", "王建国(儿子)"], ["volunteer", "(son)"]),
        (("catalog",), ["接单时限", "4小时"], ["claim_minutes", "240"]),
    ],
)
def test_terminal_tables_speak_the_stations_language(
    tmp_path: Path, args: tuple[str, ...], shown: list[str], hidden: list[str]
) -> None:
    command = [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "q.db"), *args]
    done = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    for word in shown:
        assert word in done.stdout
    for word in hidden:
        assert word not in done.stdout
