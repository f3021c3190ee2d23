"""The console chat's prompt: choose who you are, talk, switch with /as."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from bot.delivery import Deliverer
from bot.storage.models import Account, Person
from bot.tables import ROLE_NAMES
from bot.transports import console

if TYPE_CHECKING:
    from bot.app import App

HELP = (
    "命令:/as 名字 或 /as 编号 换身份 · /who 看有哪些人 · /help 帮助 · /quit 退出\n"
    "其他内容都当作发给机器人的消息。"
)


# Slash commands the bot itself answers (as on Telegram); everything else after a slash is meant
# for the console and is explained rather than sent.
BOT_COMMANDS = frozenset({"start", "help", "code", "ledger", "person"})


class _LineReader:
    """Reads the terminal on a daemon thread, so Ctrl+C or /quit never waits on input()."""

    def __init__(self, loop: asyncio.AbstractEventLoop, prompt: Callable[[], str]) -> None:
        self.loop = loop
        self.prompt = prompt
        self.lines: asyncio.Queue[str | None] = asyncio.Queue()
        self.wanted = threading.Event()
        threading.Thread(target=self._read, daemon=True, name="console-input").start()

    def _read(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                line: str | None = input(self.prompt())
            except EOFError:
                line = None
            self.loop.call_soon_threadsafe(self.lines.put_nowait, line)
            if line is None:
                return

    async def next(self) -> str | None:
        self.wanted.set()
        return await self.lines.get()


class Repl:
    def __init__(
        self, app: App, deliverer: Deliverer, name: str | None = None, group: str | None = None
    ) -> None:
        self.app = app
        self.deliverer = deliverer
        self.name = name
        self.group = group
        self.holds_clock = app.clockwork is not None

    def people(self) -> list[tuple[str, str]]:
        with Session(self.app.engine) as session:
            rows = session.exec(
                select(Person)
                .join(Account, col(Account.person_id) == Person.id)
                .where(Account.transport == console.TRANSPORT)
                .order_by(col(Person.id))
            ).all()
        return [(person.name, ROLE_NAMES.get(person.role, person.role)) for person in rows]

    def who(self) -> str:
        lines = ["可以扮演的人:"]
        for number, (name, role) in enumerate(self.people(), 1):
            lines.append(f"  {number}. {name}({role})")
        return "\n".join(lines)

    def switch(self, wanted: str) -> str:
        people = self.people()
        if wanted.isdigit():
            if not 1 <= int(wanted) <= len(people):
                return f"没有第 {wanted} 号,请输入 1 到 {len(people)} 之间的编号。\n{self.who()}"
            wanted = people[int(wanted) - 1][0]
        self.name = wanted
        known = any(name == wanted for name, _ in people)
        suffix = "" if known else "(名册上没有这个人,机器人会把您当作陌生人)"
        return f"现在您是:{wanted}{suffix}"

    async def say(self, text: str) -> None:
        assert self.name is not None
        incoming = console.incoming(self.name, text, group=self.group)
        inbox_id = await asyncio.to_thread(self.app.core.receive, incoming)
        self.app.wake_all()
        if self.holds_clock:
            await self.deliverer.deliver()
        else:
            await self.deliverer.deliver(lambda row: row.inbox_id == inbox_id)
        sys.stdout.flush()

    async def run(self) -> None:
        background = asyncio.create_task(self._deliver_in_background())
        lines = _LineReader(asyncio.get_running_loop(), self.prompt)
        try:
            print("亲情连线 控制台。" + HELP)
            if self.name is None:
                print(self.who())
                print("请先选择身份,例如输入 /as 1")
            while True:
                line = await lines.next()
                if line is None or not await self.command(line):
                    return
        finally:
            background.cancel()

    def prompt(self) -> str:
        return f"[{self.name or '未选身份'}] > "

    async def command(self, line: str) -> bool:
        """Handle one typed line; False means quit."""
        stripped = line.strip()
        if stripped in ("/quit", "/exit"):
            return False
        if stripped == "/who":
            print(self.who())
        elif stripped == "/help":
            print(HELP)
        elif stripped == "/as" or stripped.startswith("/as "):
            wanted = stripped[3:].strip()
            print(self.switch(wanted) if wanted else self.who())
        elif self._console_command(stripped):
            print(f"没有 {stripped.split()[0]} 这个控制台命令。\n{HELP}")
        elif self.name is None:
            print("请先选择身份,例如输入 /as 1")
        else:
            await self.say(line)
        return True

    @staticmethod
    def _console_command(line: str) -> bool:
        """A word after a slash that is not a bot command: /foo, but not /start or /code."""
        word = line.split()[0] if line.startswith("/") and len(line) > 1 else ""
        name = word[1:].split("@")[0]
        return bool(name) and name.isascii() and name not in BOT_COMMANDS

    async def run_script(self) -> None:
        """One message a line from standard input, replies printed: for scripts and tests."""
        for line in sys.stdin:
            if not await self.command(line.rstrip("\n")):
                break

    async def _deliver_in_background(self) -> None:
        while True:
            await asyncio.sleep(self.app.settings.sweep_seconds)
            if self.holds_clock:
                await self.deliverer.deliver()
