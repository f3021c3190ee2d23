"""Telegram end to end: `qinqing run` as a real process, aiogram's own client, and a Bot API
server on loopback (tests/support/botapi.py), with SIGKILLs at the moments that matter.

Starting the bot costs about ten seconds (aiogram's import), so each test does several things
with one process, and the crash scenarios run side by side.
"""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, create_engine, delete, select

from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.models import Account, Appointment, InboxMessage, OutboxMessage, Reminder
from handlers import linking, texts
from tests.e2e.console import QINQING, Station, wait_for
from tests.support.botapi import BotApiServer, serve_in_thread, utf16_len

pytestmark = pytest.mark.slow

THURSDAY = "2026-12-03T10:00:00+08:00"


class Place:
    """A Bot API server, a station folder, and the bot processes started on them."""

    def __init__(self, api: BotApiServer, station: Station) -> None:
        self.api = api
        self.station = station
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(f"sqlite:///{self.station.root / 'qinqing.db'}")
        return self._engine

    def start(self, **extra: str) -> subprocess.Popen[bytes]:
        return self.station.start(**self.api.env(), **extra)

    def launch(self, **extra: str) -> subprocess.Popen[bytes]:
        """Start without waiting, for processes expected to die early."""
        env = self.station.env(**self.api.env(), **extra)
        log = (self.station.root / f"service-{len(self.station.services)}.log").open("ab")
        process = subprocess.Popen(
            [QINQING, "run"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.station.root,
            env=env,
        )
        self.station.services.append(process)
        return process

    def log(self, index: int = -1) -> str:
        logs = sorted(self.station.root.glob("service-*.log"), key=lambda p: int(p.stem[8:]))
        return logs[index].read_text(encoding="utf-8", errors="replace")

    def code_for(self, name: str) -> str:
        with transaction(self.engine) as session:
            person = linking.find_person(session, name)
            return linking.issue(session, self.now(), person_id=person.id).code

    def group_code(self) -> str:
        with transaction(self.engine) as session:
            return linking.issue(session, self.now(), station_id=1).code

    def telegram_only(self, name: str) -> None:
        """Drop the demo's console account, so Telegram is the person's only way in."""
        with transaction(self.engine) as session:
            person = linking.find_person(session, name)
            session.exec(  # type: ignore[call-overload]
                delete(Account).where(
                    col(Account.person_id) == person.id, col(Account.transport) == "console"
                )
            )

    def now(self) -> datetime:
        return datetime.fromisoformat(self.station.clock.read_text(encoding="utf-8"))

    def enqueue(self, address: int, text: str, key: str) -> int:
        with transaction(self.engine) as session:
            row = outbox.enqueue(
                session,
                key=key,
                transport="telegram",
                address=str(address),
                text=text,
                now=self.now(),
            )
            assert row is not None and row.id is not None
            return row.id

    def outbox_row(self, row_id: int) -> OutboxMessage:
        with Session(self.engine) as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None
            return row

    def appointments(self) -> list[Appointment]:
        with Session(self.engine) as session:
            return list(session.exec(select(Appointment)))

    def reminders(self) -> list[Reminder]:
        with Session(self.engine) as session:
            return list(session.exec(select(Reminder).order_by(col(Reminder.id))))

    def account(self, address: int) -> Account:
        with Session(self.engine) as session:
            account = session.exec(
                select(Account).where(
                    Account.transport == "telegram", Account.address == str(address)
                )
            ).one()
            return account

    def link(self, user: dict[str, Any], name: str) -> None:
        count = len(self.api.sent(user["id"]))
        self.api.send_text(user["id"], self.code_for(name))
        said = self.api.wait_for_sent(user["id"], count + 1, timeout=10)[-1]
        assert said.text is not None and "绑定成功" in said.text, said.text


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Place]:
    with serve_in_thread() as api:
        station = Station(tmp_path, THURSDAY)
        try:
            yield Place(api, station)
        finally:
            station.stop_all()


def texts_to(api: BotApiServer, chat_id: int) -> list[str]:
    return [m.text or "" for m in api.sent(chat_id)]


def one_each(api: BotApiServer, chats: list[int]) -> None:
    counts = Counter(m.chat_id for m in api.sent())
    assert [counts[chat] for chat in chats] == [1] * len(chats), counts


def test_family_call_with_buttons_and_the_post_in_the_volunteer_group(place: Place) -> None:
    api = place.api
    son = api.add_user("建国")
    coordinator = api.add_user("玉梅")
    stranger = api.add_user("路人")
    group = api.add_group("青禾村志愿者", members=[coordinator["id"], stranger["id"]])
    service = place.start()

    place.link(coordinator, "刘玉梅")
    api.send_text(coordinator["id"], f"/link {place.group_code()}", chat_id=group["id"])
    (linked,) = api.wait_for_sent(group["id"], timeout=10)
    assert linked.text == texts.group_linked("青禾村新时代文明实践站")
    place.link(son, "王建国")

    api.send_text(son["id"], "我想跟我妈视频")
    question = api.wait_for_sent(son["id"], 2, timeout=10)[-1]
    assert question.text is not None and question.text.startswith("想跟妈妈什么时候视频")
    assert len(question.buttons) >= 3
    assert all(len(data.encode()) <= 10 for data in question.callback_data)
    assert question.buttons[0]["text"].startswith("1. ")

    api.press_button(son["id"], question.message_id, data=question.callback_data[0])
    booked = api.wait_for_sent(son["id"], 3, timeout=10)[-1]
    assert booked.text is not None and booked.text.startswith("约好了")
    (post,) = api.wait_for_sent(group["id"], 2, timeout=10)[1:]
    assert post.text is not None and "【新预约" in post.text and "王建国" in post.text

    # The same button again: the question was answered, so it is stale and changes nothing.
    api.press_button(son["id"], question.message_id, data=question.callback_data[1])
    stale = api.wait_for_sent(son["id"], 4, timeout=10)[-1]
    assert stale.text == texts.STALE_CHOICE
    assert len(place.appointments()) == 1

    # A stranger presses a button in the group: a polite notice, and nothing else happens.
    api.press_button(
        group["id"], post.message_id, data="ffffff.1", user_id=stranger["id"], check=False
    )
    wait_for(lambda: len(api.callback_answers()) == 3, 10, service)
    answers = api.callback_answers()
    assert [a.text for a in answers] == [None, None, texts.BUTTON_NOT_YOURS]
    assert all(a.age < 1.0 for a in answers)

    # A voice note goes to the volunteers as itself, with who sent it.
    api.send_voice(son["id"])
    thanks = api.wait_for_sent(son["id"], 5, timeout=10)[-1]
    assert thanks.text == texts.media_received("voice")
    copied = api.wait_for_sent(group["id"], 3, timeout=10)[-1]
    assert copied.method == "copyMessage" and copied.message.get("voice")
    assert copied.text is not None and "王建国" in copied.text and "语音" in copied.text

    # The group becomes a supergroup: the next post goes to its new id.
    new_id = api.migrate_group(group["id"], coordinator["id"])
    api.send_text(son["id"], "改到周日晚上八点")
    moved = api.wait_for_sent(son["id"], 6, timeout=10)[-1]
    assert moved.text is not None and moved.text.startswith("改好了")
    (moved_post,) = api.wait_for_sent(new_id, timeout=10)
    assert moved_post.text is not None and "【改时间" in moved_post.text
    assert len(api.sent(group["id"])) == 3

    assert api.pending_update_ids() == []
    assert place.api.token not in place.log()
    log = place.log()
    assert "update 1: text inbox 1 in" in log


def test_flood_control_a_blocked_person_long_text_and_a_second_poller(place: Place) -> None:
    api = place.api
    son = api.add_user("建国")
    daughter = api.add_user("秀兰")
    service = place.start()
    # A second poller on the same token must refuse to start; its slow start overlaps the rest.
    second_bot = place.launch()
    place.link(son, "王建国")
    place.link(daughter, "王秀兰")
    place.telegram_only("王建国")

    # Flood control on one chat holds every chat, and a long wait is written to the row.
    api.flood_next("sendMessage", retry_after=30, chat_id=son["id"])
    calls_before = len(api.calls("sendMessage"))
    first = place.enqueue(son["id"], "第一条", "test:flood:1")
    wait_for(lambda: place.outbox_row(first).not_before is not None, 10, service)
    second = place.enqueue(daughter["id"], "第二条", "test:flood:2")
    wait_for(lambda: place.outbox_row(second).not_before is not None, 10, service)
    time.sleep(0.5)
    assert len(api.calls("sendMessage")) == calls_before + 1
    for row_id in (first, second):
        row = place.outbox_row(row_id)
        assert row.status == "pending"
        assert row.not_before is not None
        assert 29 <= (row.not_before - place.now()).total_seconds() <= 30
    place.station.set_clock("2026-12-03T10:00:31+08:00")
    api.wait_for_sent(son["id"], 2, timeout=10)
    api.wait_for_sent(daughter["id"], 2, timeout=10)

    # A message longer than 4096 UTF-16 units arrives in order, in parts that fit.
    paragraph = "今天村里开了会,大家都说亲情连线办得好。😀" * 150
    long_text = "\n\n".join([paragraph] * 5)
    assert 2048 < utf16_len(paragraph) < 4096
    place.enqueue(daughter["id"], long_text, "test:long")
    parts = api.wait_for_sent(daughter["id"], 2 + 5, timeout=15)[2:]
    assert all(utf16_len(p.text or "") <= 4096 for p in parts)
    assert "".join(p.text or "" for p in parts) == long_text.replace("\n", "")
    gaps = [b.at - a.at for a, b in itertools.pairwise(parts)]
    assert min(gaps) >= 0.95

    # A person who blocked the bot is gone: reminders to them pause, nothing is retried.
    api.send_text(son["id"], "我想这周六晚上八点跟我妈视频")
    booked = api.wait_for_sent(son["id"], 3, timeout=10)[-1]
    assert booked.text is not None and booked.text.startswith("约好了")
    api.block_bot(son["id"], announce=False)
    place.station.set_clock("2026-12-04T20:00:00+08:00")
    wait_for(lambda: place.account(son["id"]).status == "gone", 10, service)
    evening = next(r for r in place.reminders() if r.purpose == "evening_before")
    assert evening.status == "missed"
    place.station.set_clock("2026-12-05T19:30:00+08:00")
    wait_for(
        lambda: next(r for r in place.reminders() if r.purpose == "soon").status != "scheduled",
        10,
        service,
    )
    soon = [r for r in place.reminders() if r.purpose == "soon"]
    assert [r.status for r in soon if r.person_id == place.account(son["id"]).person_id] == [
        "missed"
    ]
    statuses = [
        c.status for c in api.calls("sendMessage") if c.params["chat_id"] == str(son["id"])
    ]
    assert statuses.count(403) == 1 and statuses[-1] == 403
    api.unblock_bot(son["id"], announce=False)
    api.send_text(son["id"], "你好")
    api.wait_for_sent(son["id"], 4, timeout=10)
    assert place.account(son["id"]).status == "active"

    # The second poller gave up; the first keeps working.
    assert second_bot.wait(timeout=120) != 0
    assert "another process already polls Telegram" in place.log(1)
    api.send_text(daughter["id"], "我约的视频是几点")
    api.wait_for_sent(daughter["id"], 2 + 5 + 1, timeout=10)
    assert service.poll() is None
    for index in range(len(place.station.services)):
        assert api.token not in place.log(index)


@dataclass
class Crash:
    """One crash scenario: what happens before the start, and the crash point."""

    place: Place
    fault: str
    users: list[int]
    first: subprocess.Popen[bytes] | None = None


def test_killed_mid_update_every_update_is_answered_exactly_once(tmp_path: Path) -> None:
    with ExitStack() as stack:
        scenarios = []
        for fault in ("telegram.accepted", "telegram.replied", "telegram.update.3"):
            api = stack.enter_context(serve_in_thread())
            (tmp_path / fault).mkdir()
            station = Station(tmp_path / fault, THURSDAY)
            stack.callback(station.stop_all)
            place = Place(api, station)
            count = 5 if fault == "telegram.update.3" else 1
            users = [api.add_user(f"路人{n}")["id"] for n in range(count)]
            for user in users:
                api.send_text(user, "你好")
            if fault == "telegram.replied":
                # The offset confirming the update is held back, so the kill after the
                # reply always comes before Telegram hears that the update was handled.
                api.set_delay(3.0, method="getUpdates")
            scenarios.append(Crash(place, fault, users))

        for crash in scenarios:
            crash.first = crash.place.launch(QINQING_FAULT=crash.fault)
        for crash in scenarios:
            assert crash.first is not None and crash.first.wait(timeout=90) == -9, crash.fault
            api = crash.place.api
            assert api.confirmed_update_ids() == [], crash.fault
            sent = Counter(m.chat_id for m in api.sent())
            assert all(count <= 1 for count in sent.values()), (crash.fault, sent)
            if crash.fault == "telegram.accepted":
                assert not sent
            if crash.fault == "telegram.replied":
                assert sent == {crash.users[0]: 1}
            api.set_delay(0, method="getUpdates")

        for crash in scenarios:
            crash.place.launch()
        for crash in scenarios:
            api = crash.place.api
            wait_for(lambda api=api: api.pending_update_ids() == [], 90)  # type: ignore[misc]
            wait_for(lambda api=api, c=crash: len(api.sent()) >= len(c.users), 10)  # type: ignore[misc]
        time.sleep(1.0)
        for crash in scenarios:
            one_each(crash.place.api, crash.users)
            assert sorted(crash.place.api.confirmed_update_ids()) == list(
                range(1, len(crash.users) + 1)
            )
            assert all(m.text == texts.not_linked("0797-0000000") for m in crash.place.api.sent())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def post_update(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


def test_webhook_refuses_calls_without_the_secret_and_survives_a_redelivery(
    place: Place,
) -> None:
    api = place.api
    url = f"http://127.0.0.1:{free_port()}/telegram/hook"
    secret = "village-secret_42"
    webhook = {"QINQING_TELEGRAM_WEBHOOK_URL": url, "QINQING_TELEGRAM_WEBHOOK_SECRET": secret}
    person = api.add_user("路人")
    first = place.launch(QINQING_FAULT="telegram.accepted", **webhook)
    wait_for(lambda: api.webhook_url() == url, 60, first)

    forged = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": person["id"], "type": "private", "first_name": "路人"},
            "from": {"id": person["id"], "is_bot": False, "first_name": "路人"},
            "text": "我想跟我妈视频",
        },
    }
    assert post_update(url, forged, None) == 401
    assert post_update(url, forged, "guessed") == 401
    with Session(place.engine) as session:
        assert session.exec(select(InboxMessage)).all() == []

    # Killed after the inbox write, before answering the call: Telegram sends it again.
    api.send_text(person["id"], "你好")
    assert first.wait(timeout=30) == -9
    place.start(**webhook)
    wait_for(lambda: api.pending_update_ids() == [], 30)
    (reply,) = api.wait_for_sent(person["id"], timeout=10)
    time.sleep(1.0)
    assert len(api.sent(person["id"])) == 1
    attempts = [a for a in api.webhook_attempts() if a.update_id == 1]
    assert len(attempts) >= 2 and not attempts[0].ok and attempts[-1].ok
    assert reply.text == texts.not_linked("0797-0000000")
    assert secret not in place.log() and api.token not in place.log()
