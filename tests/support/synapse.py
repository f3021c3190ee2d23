"""A real Synapse homeserver for end-to-end tests.

Synapse lives in a virtual environment of its own, apart from the project's, because its
dependency pins clash with ours. The environment is built once per machine and reused; each
test run then starts a throwaway homeserver on loopback with SQLite and no federation.

Errors:
    SynapseError
    ├── SynapseUnavailable  Synapse could not be installed (no registry, broken wheel)
    ├── SynapseStartError   the homeserver did not answer in time; the message has the log tail
    └── MatrixHTTPError     a client-server call failed; carries status and errcode
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

# The newest release when this was written; it ships manylinux wheels for CPython 3.11 (its
# Rust extension included), so the install needs no compiler.
SYNAPSE_VERSION = "1.163.2"
SERVER_NAME = "qinqing.test"

REPO_ROOT = Path(__file__).resolve().parents[2]
_READY_MARKER = "qinqing-synapse-ready"

log = logging.getLogger("qinqing.tests.synapse")

# Generous enough that no ordinary test ever meets a limit; a test that wants a 429 passes its
# own values for the one limiter it exercises. Note that Synapse counts room creation against
# rc_message too, not only against rc_room_creation.
_UNLIMITED = {"per_second": 1000, "burst_count": 10000}
RELAXED_RATE_LIMITS: dict[str, Any] = {
    **{
        key: _UNLIMITED
        for key in (
            "rc_message",
            "rc_room_creation",
            "rc_registration",
            "rc_registration_token_validity",
            "rc_admin_redaction",
            "rc_joins_per_room",
            "rc_3pid_validation",
            "rc_third_party_invite",
            "rc_key_requests",
            "rc_media_create",
            "rc_profile",
            "rc_user_directory",
            "rc_delayed_event_mgmt",
            "rc_reports",
        )
    },
    "rc_login": {"address": _UNLIMITED, "account": _UNLIMITED, "failed_attempts": _UNLIMITED},
    "rc_joins": {"local": _UNLIMITED, "remote": _UNLIMITED},
    "rc_invites": {"per_room": _UNLIMITED, "per_user": _UNLIMITED, "per_issuer": _UNLIMITED},
    "rc_presence": {"per_user": _UNLIMITED},
}


class SynapseError(Exception):
    """Root of everything this module raises."""


class SynapseUnavailable(SynapseError):
    """Synapse could not be installed into its environment."""


class SynapseStartError(SynapseError):
    """The homeserver process exited or stayed silent past the deadline."""


class MatrixHTTPError(SynapseError):
    """A client-server or admin call answered with an error."""

    def __init__(self, method: str, path: str, status: int, body: Mapping[str, Any]) -> None:
        self.status = status
        self.errcode = str(body.get("errcode", ""))
        self.body = dict(body)
        super().__init__(f"{method} {path} -> {status} {self.errcode}: {body.get('error', body)}")


# --- the Synapse environment -----------------------------------------------------------------


def synapse_home() -> Path:
    configured = os.environ.get("QINQING_SYNAPSE_HOME")
    return Path(configured).expanduser() if configured else REPO_ROOT / "var" / "synapse-venv"


def _base_python() -> Path:
    """The interpreter under the tests' own virtualenv, not the virtualenv's shim."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        Path(sys.base_prefix) / "bin" / version,
        Path(sys.base_prefix) / "bin" / "python3",
        Path(getattr(sys, "_base_executable", sys.executable)),
    ):
        if candidate.exists():
            return candidate
    raise SynapseUnavailable(f"no {version} found under {sys.base_prefix}")


def _venv_python(home: Path) -> Path:
    return home / "bin" / "python"


# Every file pip recorded must still be there: that catches a half-deleted environment in half
# a second, where importing Synapse to find out would take several.
_PROBE = """
import importlib.metadata as metadata, pathlib, sys
if sys.argv[1] == "import":
    import synapse.app.homeserver
missing = [
    str(entry)
    for dist in metadata.distributions()
    for entry in dist.files or ()
    if entry.suffix != ".pyc" and not pathlib.Path(entry.locate()).exists()
]
if missing:
    sys.exit(f"{len(missing)} installed files are missing, e.g. {missing[0]}")
sys.stdout.write(metadata.version("matrix-synapse"))
"""


def _environment_problem(home: Path, import_synapse: bool = False) -> str | None:
    """Why the environment at ``home`` cannot run Synapse, or None when it can."""
    python = _venv_python(home)
    marker = home / _READY_MARKER
    if not python.exists():
        return f"{python} is missing"
    if not marker.exists():
        return "the install never finished"
    if marker.read_text().strip() != SYNAPSE_VERSION:
        return f"it holds matrix-synapse {marker.read_text().strip()}, not {SYNAPSE_VERSION}"

    try:
        probe = subprocess.run(
            [str(python), "-c", _PROBE, "import" if import_synapse else "files"],
            capture_output=True,
            text=True,
            timeout=120,
            # Keeps the probe's imports away from whatever sits in the caller's folder.
            cwd=home,
        )
    # A dangling interpreter link (its base Python removed) is just another broken install.
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"its interpreter does not run: {exc}"
    if probe.returncode != 0:
        return (probe.stderr.strip().splitlines() or ["the probe failed"])[-1]
    if probe.stdout.strip() != SYNAPSE_VERSION:
        return f"it reports matrix-synapse {probe.stdout.strip()!r}"
    return None


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_install_step(args: Sequence[str], timeout: float) -> None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise SynapseUnavailable(f"{args[0]} took over {timeout:.0f} s: {args}") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise SynapseUnavailable(
            f"installing matrix-synapse=={SYNAPSE_VERSION} failed "
            f"(exit {done.returncode}); is PyPI reachable?\n{tail}"
        )


# Filled by ensure_synapse when it really installs, so a test can report the cost.
last_install_seconds: list[float] = []


def ensure_synapse() -> Path:
    """Build the Synapse environment if needed; return the interpreter that runs Synapse."""
    home = synapse_home()
    python = _venv_python(home)
    if _environment_problem(home) is None:
        return python

    with _exclusive(home.with_name(home.name + ".lock")):
        # Another process may have finished the install while this one waited for the lock.
        problem = _environment_problem(home)
        if problem is None:
            return python

        started = time.monotonic()
        if home.exists():
            log.warning("rebuilding the synapse environment at %s: %s", home, problem)
            shutil.rmtree(home)

        _run_install_step([str(_base_python()), "-m", "venv", str(home)], timeout=120)
        _run_install_step(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                f"matrix-synapse=={SYNAPSE_VERSION}",
            ],
            timeout=900,
        )
        (home / _READY_MARKER).write_text(SYNAPSE_VERSION + "\n")
        # The full application import pulls in every dependency, so a wheel that did not
        # install shows up here rather than as a server that never answers.
        problem = _environment_problem(home, import_synapse=True)
        if problem is not None:
            (home / _READY_MARKER).unlink()
            raise SynapseUnavailable(f"matrix-synapse installed into {home} but {problem}")

        last_install_seconds.append(_since(started))
        log.info("installed matrix-synapse %s in %.1f s", SYNAPSE_VERSION, _since(started))
    return python


def _since(started: float) -> float:
    return time.monotonic() - started


# --- plain HTTP, independent of nio ----------------------------------------------------------


def _request(
    base_url: str,
    method: str,
    path: str,
    body: Mapping[str, Any] | None = None,
    token: str | None = None,
    timeout: float = 30,
) -> dict[str, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")

    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"error": raw.decode(errors="replace")}
        raise MatrixHTTPError(method, path, exc.code, parsed) from exc
    return json.loads(payload) if payload else {}


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class MatrixUser:
    user_id: str
    access_token: str
    localpart: str
    password: str


class Homeserver:
    """One Synapse process with its own config, database and media in a temporary folder.

    Use as a context manager. ``rate_limits`` is merged over the relaxed defaults, one
    top-level ``rc_*`` key at a time; ``extra_config`` is merged last and wins.
    """

    def __init__(
        self,
        *,
        server_name: str = SERVER_NAME,
        rate_limits: Mapping[str, Any] | None = None,
        extra_config: Mapping[str, Any] | None = None,
        start_timeout: float = 60,
    ) -> None:
        self.server_name = server_name
        self.rate_limits = {**RELAXED_RATE_LIMITS, **(rate_limits or {})}
        self.extra_config = dict(extra_config or {})
        self.start_timeout = start_timeout
        self.shared_secret = secrets.token_hex(32)
        self.port = 0
        self.startup_seconds = 0.0
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._python = Path(sys.executable)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def directory(self) -> Path:
        if self._workdir is None:
            raise SynapseError("the homeserver has not been started")
        return Path(self._workdir.name)

    @property
    def log_path(self) -> Path:
        return self.directory / "homeserver.log"

    def __enter__(self) -> Homeserver:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        self._python = ensure_synapse()
        self._workdir = tempfile.TemporaryDirectory(prefix="qinqing-synapse-")
        try:
            self._launch_on_a_free_port()
        except BaseException:
            self.stop()
            raise

    def _launch_on_a_free_port(self, attempts: int = 3) -> None:
        # The port is free when chosen but another process can take it before Synapse binds;
        # that race is worth a retry, any other start failure is not.
        for attempt in range(1, attempts + 1):
            self.port = _free_port()
            self._write_config()
            try:
                self._launch()
            except SynapseStartError as exc:
                if "Address already in use" not in str(exc) or attempt == attempts:
                    raise
                log.info("port %d was taken before synapse bound it; trying another", self.port)
            else:
                return

    def restart(self) -> None:
        """Stop and start the same server: same port, database, users and tokens."""
        self._terminate()
        self._launch()

    def _launch(self) -> None:
        started = time.monotonic()
        config_path = self.directory / "homeserver.yaml"
        with (self.directory / "stdout.log").open("ab") as output:
            self._process = subprocess.Popen(
                [
                    str(self._python),
                    "-m",
                    "synapse.app.homeserver",
                    "--config-path",
                    str(config_path),
                ],
                cwd=self.directory,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_ready()
        self.startup_seconds = _since(started)
        log.info("synapse ready on %s in %.1f s", self.base_url, self.startup_seconds)

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SynapseStartError(
                    f"synapse exited with {self._process.returncode} before answering\n"
                    + self._log_tail()
                )
            try:
                _request(self.base_url, "GET", "/_matrix/client/versions", timeout=2)
            except (OSError, MatrixHTTPError):
                time.sleep(0.1)
                continue
            return
        raise SynapseStartError(
            f"synapse did not answer on {self.base_url} within {self.start_timeout:.0f} s\n"
            + self._log_tail()
        )

    def _log_tail(self, lines: int = 40) -> str:
        parts = []
        for name in ("stdout.log", "homeserver.log"):
            path = self.directory / name
            if path.exists():
                text = path.read_text(errors="replace").strip().splitlines()[-lines:]
                parts.append(f"--- {name} (last {len(text)} lines) ---\n" + "\n".join(text))
        return "\n".join(parts) or "(synapse wrote no log)"

    def stop(self) -> None:
        self._terminate()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return

        # Its own session, so the whole process group goes and nothing outlives the test run.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def _write_config(self) -> None:
        directory = self.directory
        signing_key = directory / "signing.key"
        # A Synapse signing key file is "ed25519 <key id> <unpadded base64 seed>", and any 32
        # random bytes are a valid seed: writing it here saves a second Synapse start-up.
        seed = base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")
        signing_key.write_text(f"ed25519 a_{secrets.token_hex(2)} {seed}\n")

        log_config = directory / "log.config"
        log_config.write_text(
            json.dumps(
                {
                    "version": 1,
                    "disable_existing_loggers": False,
                    "formatters": {
                        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
                    },
                    "handlers": {
                        "file": {
                            "class": "logging.FileHandler",
                            "formatter": "plain",
                            "filename": str(directory / "homeserver.log"),
                            "encoding": "utf8",
                        }
                    },
                    "root": {"level": "WARNING", "handlers": ["file"]},
                }
            )
        )

        config: dict[str, Any] = {
            "server_name": self.server_name,
            "pid_file": str(directory / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {
                "name": "sqlite3",
                "args": {"database": str(directory / "homeserver.db")},
            },
            "log_config": str(log_config),
            "media_store_path": str(directory / "media"),
            "signing_key_path": str(signing_key),
            "registration_shared_secret": self.shared_secret,
            "macaroon_secret_key": secrets.token_hex(32),
            "form_secret": secrets.token_hex(32),
            "enable_registration": False,
            "report_stats": False,
            "enable_metrics": False,
            "url_preview_enabled": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "federation_sender_instances": [],
            "presence": {"enabled": False},
            **self.rate_limits,
            **self.extra_config,
        }
        # JSON is valid YAML, and the test side need not depend on a YAML library.
        (directory / "homeserver.yaml").write_text(json.dumps(config, indent=2))

    # --- users -------------------------------------------------------------------------------

    def register(self, localpart: str, password: str, admin: bool = False) -> tuple[str, str]:
        """Create an account through shared-secret registration; return (user_id, token)."""
        path = "/_synapse/admin/v1/register"
        nonce = str(_request(self.base_url, "GET", path)["nonce"])
        mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode()]))
        mac.update(b"\x00" + (b"admin" if admin else b"notadmin"))

        answer = _request(
            self.base_url,
            "POST",
            path,
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return str(answer["user_id"]), str(answer["access_token"])

    def new_user(self, prefix: str = "user", admin: bool = False) -> MatrixUser:
        """Register an account whose name no other test will take."""
        localpart = f"{prefix}-{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(16)
        user_id, token = self.register(localpart, password, admin=admin)
        return MatrixUser(user_id, token, localpart, password)

    def override_message_rate(
        self, admin_token: str, user_id: str, per_second: int, burst_count: int
    ) -> None:
        """Give one user their own message limit (0 and 0 lifts it) without a restart."""
        _request(
            self.base_url,
            "POST",
            f"/_synapse/admin/v1/users/{_quote(user_id)}/override_ratelimit",
            {"messages_per_second": per_second, "burst_count": burst_count},
            token=admin_token,
        )

    # --- rooms -------------------------------------------------------------------------------

    def create_room(
        self,
        token: str,
        invite: Sequence[str] = (),
        is_direct: bool = False,
        encrypted: bool = False,
        name: str | None = None,
    ) -> str:
        body: dict[str, Any] = {
            "preset": "trusted_private_chat" if is_direct else "private_chat",
            "invite": list(invite),
            "is_direct": is_direct,
        }
        if name is not None:
            body["name"] = name
        if encrypted:
            body["initial_state"] = [
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            ]
        answer = _request(self.base_url, "POST", "/_matrix/client/v3/createRoom", body, token)
        return str(answer["room_id"])

    def join(self, token: str, room_id: str) -> None:
        _request(self.base_url, "POST", f"/_matrix/client/v3/join/{_quote(room_id)}", {}, token)

    def send_text(self, token: str, room_id: str, text: str, txn_id: str | None = None) -> str:
        """Send m.text; a repeated txn_id from the same device returns the first event id."""
        txn = _quote(txn_id or secrets.token_hex(8))
        path = f"/_matrix/client/v3/rooms/{_quote(room_id)}/send/m.room.message/{txn}"
        answer = _request(self.base_url, "PUT", path, {"msgtype": "m.text", "body": text}, token)
        return str(answer["event_id"])

    def messages(
        self, token: str, room_id: str, limit: int = 100, event_type: str | None = None
    ) -> list[dict[str, Any]]:
        """The room's timeline, oldest first, as the homeserver stores it."""
        query = {"dir": "b", "limit": str(limit)}
        path = f"/_matrix/client/v3/rooms/{_quote(room_id)}/messages?"
        answer = _request(self.base_url, "GET", path + urllib.parse.urlencode(query), None, token)
        events = list(reversed(answer.get("chunk", [])))
        if event_type is not None:
            events = [event for event in events if event.get("type") == event_type]
        return events

    def texts(self, token: str, room_id: str) -> list[str]:
        """Bodies of the plain (unencrypted) messages in the room, oldest first."""
        return [
            str(event["content"].get("body", ""))
            for event in self.messages(token, room_id, event_type="m.room.message")
        ]
