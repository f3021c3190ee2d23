"""Start-up time and memory of `qinqing run` (console only), fresh and existing database.

Prints, for each case, the seconds from launch until the service says it is ready and the
resident memory (RSS) of the process just after, median of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QINQING = str(Path(sys.executable).with_name("qinqing"))
READY = "服务已启动".encode()
RUNS = 5


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_once(folder: Path) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINQING_")}
    env.update(QINQING_DB=str(folder / "qinqing.db"))
    log = folder / "out.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [QINQING, "run"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env=env,
        )
        try:
            while READY not in log.read_bytes():
                if process.poll() is not None:
                    raise RuntimeError(log.read_text(errors="replace")[-2000:])
                time.sleep(0.01)
            elapsed = time.monotonic() - started
            time.sleep(0.5)
            memory = rss_mib(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return elapsed, memory


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        fresh, existing = [], []
        for run in range(RUNS):
            folder = Path(scratch) / f"run{run}"
            folder.mkdir()
            fresh.append(start_once(folder))
            existing.append(start_once(folder))
    for label, results in (("fresh database", fresh), ("existing database", existing)):
        seconds = statistics.median(r[0] for r in results)
        memory = statistics.median(r[1] for r in results)
        print(f"qinqing run, {label}: ready in {seconds:.2f} s, RSS {memory:.0f} MiB", end="")
        print(f" (median of {RUNS})")


if __name__ == "__main__":
    main()
