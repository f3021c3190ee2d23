"""Messages per second through the whole Telegram path, on loopback.

    python bench/telegram_bench.py [--messages N] [--people N]

Each message goes Bot API server → aiogram getUpdates → inbox → nlp and handlers → database →
outbox → aiogram sendMessage → server, and counts when its reply reaches the server. People are
linked to the demo relative 王建国 and ask what they booked, so every message reads the ledger.

Two runs: under Telegram's limits (30 messages a second overall, one a second per chat), which
is what a real bot gets, and with the limits lifted, which shows what the pipeline itself does.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bot.app import App  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage.db import transaction  # noqa: E402
from bot.storage.models import Account, Person  # noqa: E402
from bot.transports.telegram import TelegramTransport  # noqa: E402
from bot.transports.telegram_limits import Limits  # noqa: E402
from tests.support.botapi import BotApiServer, serve_in_thread  # noqa: E402

NOW = datetime.fromisoformat("2026-12-03T10:00:00+08:00")
QUESTION = "我约的视频是几点"
UNLIMITED = Limits(per_chat=(10_000, 1.0), per_group=(10_000, 1.0), overall=(10_000, 1.0))


def link(app: App, users: list[int]) -> None:
    with transaction(app.engine) as session:
        person = session.exec(select(Person).where(Person.name == "王建国")).one()
        assert person.id is not None
        for user in users:
            session.add(Account(person_id=person.id, transport="telegram", address=str(user)))


async def run_once(
    folder: Path, api: BotApiServer, messages: int, people: int, limits: Limits | None
) -> tuple[float, list[float]]:
    settings = Settings(
        db=str(folder / "bench.db"),
        telegram_token=api.token,
        telegram_api=api.base_url,
        sweep_seconds=0.5,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = App(settings, FixedClock(NOW))
    app.prepare()
    users = [api.add_user(f"亲属{n}")["id"] for n in range(people)]
    link(app, users)
    transport = TelegramTransport(app, limits=limits, poll_timeout=5)
    task = asyncio.create_task(transport.run())
    try:
        await asyncio.sleep(0.5)
        sent_at: dict[int, float] = {}
        started = time.perf_counter()
        for n in range(messages):
            user = users[n % people]
            update = api.send_text(user, QUESTION)
            sent_at[update["update_id"]] = time.monotonic()
        await api.until(lambda: len(api.sent()) >= messages, timeout=600, interval=0.01)
        elapsed = time.perf_counter() - started
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        app.engine.dispose()
    arrivals = sorted(m.at for m in api.sent())
    # Replies are paired with messages in order, which is how the queue drains.
    latencies = [a - s for a, s in zip(arrivals, sorted(sent_at.values()), strict=True)]
    return elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--people", type=int, default=100)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    for label, limits in (("Telegram's limits", None), ("limits lifted", UNLIMITED)):
        with tempfile.TemporaryDirectory() as folder, serve_in_thread() as api:
            elapsed, latencies = asyncio.run(
                run_once(Path(folder), api, args.messages, args.people, limits)
            )
        rate = args.messages / elapsed
        median = statistics.median(latencies) * 1000
        p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
        print(
            f"{label:18} {args.messages} messages from {args.people} people: {rate:6.1f} msgs/s,"
            f" reply latency median {median:.0f} ms, p95 {p95:.0f} ms"
        )


if __name__ == "__main__":
    main()
