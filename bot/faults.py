"""Crash points for tests that prove nothing is lost or repeated when the process dies.

Set QINQING_FAULT=<name> and the process kills itself with SIGKILL the first time it reaches
that point, exactly as a power cut or the OOM killer would.
"""

from __future__ import annotations

import os
import signal


def crash_point(name: str) -> None:
    if os.environ.get("QINQING_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
