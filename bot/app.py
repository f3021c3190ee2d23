"""Start-up and shutdown: storage, understanding, the clock, and the transports."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

import nlp
from bot import demo
from bot.clock import Clock, clock_from_spec
from bot.delivery import Deliverer, Sender
from bot.service import Core
from bot.settings import Settings
from bot.storage.db import make_engine, migrate
from bot.storage.lock import SchedulerLock
from bot.storage.models import ChatGroup, OutboxMessage
from bot.transports import console
from handlers import cases
from scheduler.clockwork import Clockwork
from scheduler.plan import QuietHours

log = logging.getLogger("qinqing.app")


class App:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.tz = ZoneInfo(settings.timezone)
        self.clock: Clock = clock or clock_from_spec(settings.clock)
        self.engine: Engine = make_engine(settings.database_url)
        self.quiet = QuietHours.parse(settings.quiet_start, settings.quiet_end)
        cases.configure(settings)
        self.core = Core(self.engine, self.clock, self.tz, self.quiet)
        self.lock = SchedulerLock(self.engine)
        self.clockwork: Clockwork | None = None
        self.deliverers: list[Deliverer] = []

    def wake_all(self) -> None:
        """New rows in the outbox: every transport in this process should look."""
        for deliverer in self.deliverers:
            deliverer.wake.set()

    def deliverer(self, sender: Sender) -> Deliverer:
        """A deliverer for one transport, recovered from any crash and woken with the rest."""
        deliverer = Deliverer(self.engine, self.clock, sender)
        deliverer.recover()
        self.deliverers.append(deliverer)
        return deliverer

    def prepare(self) -> None:
        started = time.monotonic()
        migrate(self.engine)
        if self.settings.demo:
            demo.seed(self.engine, self.clock.now())
        nlp.warm_up()
        log.info("ready in %.0f ms", (time.monotonic() - started) * 1000)

    def start_clock(self, on_fired: Callable[[], None] | None = None) -> bool:
        """Run the scheduler here unless another process already does."""
        if not self.lock.acquire():
            log.info("another process runs the scheduler; this one will not")
            return False
        self.clockwork = Clockwork(
            self.engine,
            self.clock,
            self.tz,
            self.settings.sweep_seconds,
            on_fired or self.wake_all,
        )
        self.clockwork.start()
        return True

    def stop(self) -> None:
        if self.clockwork is not None:
            self.clockwork.stop()
        self.lock.release()

    def console_deliverer(self, show: Callable[[str], None]) -> Deliverer:
        labels = self.console_labels()
        sender = console.ConsoleSender(
            self.settings.console_transcript, show, lambda address: labels.get(address, address)
        )
        return self.deliverer(sender)

    def console_labels(self) -> dict[str, str]:
        with Session(self.engine) as session:
            groups = session.exec(select(ChatGroup).where(ChatGroup.transport == "console"))
            return {group.address: f"[群] {group.title or group.address}" for group in groups}


class Transport(Protocol):
    """A chat network the service runs on: it receives into the core and sends from the outbox
    until cancelled."""

    name: str

    async def run(self) -> None: ...


def chat_transports(app: App) -> list[Transport]:
    """The chat networks configured; each is imported only when configured (aiogram is slow)."""
    found: list[Transport] = []
    if app.settings.telegram_token is not None:
        from bot.transports.telegram import TelegramTransport

        found.append(TelegramTransport(app))
    if app.settings.matrix_homeserver is not None:
        from bot.transports.matrix import MatrixTransport

        found.append(MatrixTransport(app))
    return found


async def serve(app: App, interactive: bool) -> None:
    """`qinqing run`: the clock, the chat transports, and the console."""
    transports = chat_transports(app)
    deliverer = app.console_deliverer(lambda text: print(text, flush=True))
    app.start_clock()
    tasks: list[asyncio.Task[None]] = []
    try:
        recovered = set(await asyncio.to_thread(app.core.recover))
        app.wake_all()
        tasks += [asyncio.create_task(t.run(), name=t.name) for t in transports]
        names = "、".join(t.name for t in transports)
        if interactive:
            from bot.transports.repl import Repl

            await Repl(app, deliverer).run()
        else:
            if names:
                print(f"亲情连线 服务已启动({names})。按 Ctrl+C 退出。", flush=True)
            else:
                # Piped or run by a service manager: nothing reads standard input here.
                print(
                    "亲情连线 服务已启动(没有终端,也没有设置 Telegram 或 Matrix,"
                    "只运行提醒和派单)。按 Ctrl+C 退出。"
                    "想在终端里聊天:.venv/bin/qinqing chat --as 名字",
                    flush=True,
                )
            # Chat processes show their own replies; this one shows what the clock sends and
            # the replies to messages it finished after a restart.
            tasks.append(
                asyncio.create_task(
                    deliver_forever(
                        app,
                        deliverer,
                        lambda row: row.inbox_id is None or row.inbox_id in recovered,
                    )
                )
            )
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
    finally:
        # A transport that failed (a second poller, a rejected token) ends the process: the
        # others are stopped here rather than left to the loop's shutdown.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        app.stop()


async def deliver_forever(
    app: App, deliverer: Deliverer, accept: Callable[[OutboxMessage], bool] | None
) -> None:
    while True:
        await deliverer.deliver(accept)
        sys.stdout.flush()
        await deliverer.nap(app.settings.sweep_seconds)
