"""Drive `qinqing run` and `qinqing chat` as real processes on a real SQLite file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QINQING = str(Path(sys.executable).with_name("qinqing"))


class Station:
    """One scratch folder: the database, the clock file, the console transcript."""

    def __init__(self, root: Path, now: str) -> None:
        self.root = root
        self.clock = root / "clock"
        self.transcript = root / "transcript.jsonl"
        self.set_clock(now)
        self.services: list[subprocess.Popen[bytes]] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QINQING_")}
        env.update(
            QINQING_DB=str(self.root / "qinqing.db"),
            QINQING_CLOCK=f"file:{self.clock}",
            QINQING_SWEEP_SECONDS="0.2",
            QINQING_CONSOLE_TRANSCRIPT=str(self.transcript),
        )
        env.update(extra)
        return env

    def set_clock(self, iso: str) -> None:
        temporary = self.clock.with_suffix(".tmp")
        temporary.write_text(iso, encoding="utf-8")
        temporary.replace(self.clock)

    def chat(self, name: str, *lines: str) -> str:
        done = subprocess.run(
            [QINQING, "chat", "--as", name, "--no-clock"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            cwd=self.root,
            env=self.env(),
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self, **extra: str) -> subprocess.Popen[bytes]:
        log = (self.root / f"service-{len(self.services)}.log").open("ab")
        process = subprocess.Popen(
            [QINQING, "run"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.root,
            env=self.env(**extra),
        )
        self.services.append(process)
        wait_for(lambda: "服务已启动".encode() in self._log(len(self.services) - 1), 60, process)
        return process

    def _log(self, index: int) -> bytes:
        return (self.root / f"service-{index}.log").read_bytes()

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.services:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)

    def sent(self) -> list[dict[str, Any]]:
        if not self.transcript.exists():
            return []
        lines = self.transcript.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def sent_to(self, who: str, containing: str) -> list[dict[str, Any]]:
        return [m for m in self.sent() if m["to"] == who and containing in m["text"]]

    def report(self, what: str = "appointments") -> list[dict[str, Any]]:
        done = subprocess.run(
            [QINQING, what, "--json"],
            capture_output=True,
            text=True,
            cwd=self.root,
            env=self.env(),
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        result: list[dict[str, Any]] = json.loads(done.stdout)
        return result


def wait_for(
    condition: Callable[[], bool],
    seconds: float,
    process: subprocess.Popen[bytes] | None = None,
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process exited with {process.returncode}")
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
