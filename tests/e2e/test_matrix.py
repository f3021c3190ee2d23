"""The Matrix transport end to end: a real Synapse, `qinqing run` as a process, nio clients as
the people, SIGKILL at the moments where a message could be lost or shown twice."""

from __future__ import annotations

import asyncio
import re
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from nio import (
    AsyncClient,
    AsyncClientConfig,
    EnableEncryptionBuilder,
    LoginResponse,
    RoomCreateResponse,
    RoomMessageText,
    RoomPreset,
    RoomSendResponse,
    SyncResponse,
)
from sqlmodel import Session, col, func, select

from bot import demo
from bot.clock import FileClock
from bot.demo import STATION_CODE
from bot.storage.db import make_engine, migrate, transaction
from bot.storage.models import Account, InboxMessage, OutboxMessage, Person, Station
from handlers import linking
from tests.e2e.console import Station as Place
from tests.e2e.console import wait_for
from tests.support.botapi import BotApiServer
from tests.support.synapse import Homeserver, MatrixUser

pytestmark = pytest.mark.slow

T = TypeVar("T")
PICKLE_KEY = "a-test-secret-not-a-default"
BOOKING = "我想这周六晚上八点跟我妈视频"
NOW = "2026-12-03T10:00:00+08:00"
CODE_REF = re.compile(r"单号 ([0-9A-Z]{4})")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


class Bot:
    """`qinqing run` with Matrix configured, on a scratch folder of its own."""

    def __init__(self, place: Place, homeserver: Homeserver, user: MatrixUser) -> None:
        self.place = place
        self.homeserver = homeserver
        self.user = user
        self.engine = make_engine(f"sqlite:///{place.root / 'qinqing.db'}")

    def env(self, password: bool = True, **extra: str) -> dict[str, str]:
        settings = {
            "QINQING_MATRIX_HOMESERVER": self.homeserver.base_url,
            "QINQING_MATRIX_USER": self.user.user_id,
            "QINQING_MATRIX_STORE": str(self.place.root / "matrix"),
            "QINQING_MATRIX_PICKLE_KEY": PICKLE_KEY,
        }
        if password:
            settings["QINQING_MATRIX_PASSWORD"] = self.user.password
        return {**settings, **extra}

    def start(self, password: bool = True, **extra: str) -> Any:
        process = self.place.start(**self.env(password, **extra))
        index = len(self.place.services) - 1
        wait_for(lambda: b"syncing as device" in self.log(index), 60, process)
        return process

    def start_to_crash(self, **extra: str) -> Any:
        """Started with a crash point: it may die before it has synced once."""
        process = self.place.start(**self.env(**extra))
        index = len(self.place.services) - 1
        wait_for(lambda: b"syncing as device" in self.log(index) or process.poll() is not None, 60)
        return process

    def log(self, index: int = -1) -> bytes:
        if index < 0:
            index = len(self.place.services) + index
        return (self.place.root / f"service-{index}.log").read_bytes()

    def prepare(self) -> None:
        """The database as `qinqing run` leaves it, without waiting for a process to start."""
        migrate(self.engine)
        demo.seed(self.engine, FileClock(self.place.clock).now())

    def link(self, name: str, user_id: str) -> None:
        with transaction(self.engine) as session:
            person = linking.find_person(session, name)
            assert person.id is not None
            session.add(Account(person_id=person.id, transport="matrix", address=user_id))

    def code(self, name: str | None = None) -> str:
        with transaction(self.engine) as session:
            now = FileClock(self.place.clock).now()
            if name is None:
                station = session.exec(select(Station).where(Station.code == STATION_CODE)).one()
                return linking.issue(session, now, station_id=station.id).code
            person = linking.find_person(session, name)
            return linking.issue(session, now, person_id=person.id).code

    def inbox(self) -> int:
        with Session(self.engine) as session:
            return int(session.exec(select(func.count(col(InboxMessage.id)))).one())

    def outbox(self, status: str) -> list[OutboxMessage]:
        with Session(self.engine) as session:
            query = select(OutboxMessage).where(
                OutboxMessage.transport == "matrix", OutboxMessage.status == status
            )
            return list(session.exec(query))

    def events_from_bot(self, token: str, room_id: str, event_type: str) -> list[dict[str, Any]]:
        return [
            event
            for event in self.homeserver.messages(token, room_id, event_type=event_type)
            if event["sender"] == self.user.user_id
        ]


class Member:
    """A person on Matrix, through a real nio client: opens rooms, talks, hears the bot."""

    def __init__(self, homeserver: Homeserver, user: MatrixUser, store: Path | None = None):
        if store is not None:
            store.mkdir(parents=True, exist_ok=True)
        self.user = user
        self.client = AsyncClient(
            homeserver.base_url,
            user.user_id,
            store_path=str(store) if store else "",
            config=AsyncClientConfig(
                encryption_enabled=store is not None,
                store_sync_tokens=False,
                pickle_key="member-pickle-key",
                max_limit_exceeded=0,
                max_timeouts=2,
            ),
        )
        self.heard: dict[str, list[RoomMessageText]] = defaultdict(list)
        self.read: dict[str, int] = defaultdict(int)

    async def __aenter__(self) -> Member:
        answer = await self.client.login(self.user.password, device_name="member")
        assert isinstance(answer, LoginResponse), answer
        await self.sync(0)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.client.close()

    async def sync(self, timeout_ms: int = 300) -> None:
        answer = await self.client.sync(timeout=timeout_ms)
        assert isinstance(answer, SyncResponse), answer
        for room_id, joined in answer.rooms.join.items():
            for event in joined.timeline.events:
                if isinstance(event, RoomMessageText) and event.sender != self.user.user_id:
                    self.heard[room_id].append(event)
        if self.client.olm is not None:
            if self.client.should_upload_keys:
                await self.client.keys_upload()
            if self.client.should_query_keys:
                await self.client.keys_query()
            if self.client.should_claim_keys:
                await self.client.keys_claim(self.client.get_users_for_key_claiming())
            await self.client.send_to_device_messages()

    async def room_with(
        self, invite: list[str], direct: bool = True, encrypted: bool = False
    ) -> str:
        created = await self.client.room_create(
            is_direct=direct,
            preset=RoomPreset.trusted_private_chat if direct else RoomPreset.private_chat,
            invite=invite,
            initial_state=[EnableEncryptionBuilder().as_dict()] if encrypted else [],
        )
        assert isinstance(created, RoomCreateResponse), created
        return str(created.room_id)

    async def dm(self, bot: str, encrypted: bool = False) -> str:
        room_id = await self.room_with([bot], encrypted=encrypted)
        await self.until(lambda: self.joined(room_id, bot))
        return room_id

    def joined(self, room_id: str, user_id: str) -> bool:
        room = self.client.rooms.get(room_id)
        return room is not None and user_id in room.users and user_id not in room.invited_users

    def gone(self, room_id: str, user_id: str) -> bool:
        """Invited once, and now neither invited nor in the room."""
        room = self.client.rooms.get(room_id)
        return room is not None and user_id not in room.users and user_id not in room.invited_users

    async def join(self, room_id: str) -> None:
        await self.until(lambda: room_id in self.client.invited_rooms)
        await self.client.join(room_id)
        await self.sync(0)

    async def say(self, room_id: str, text: str) -> str:
        answer = await self.client.room_send(
            room_id,
            "m.room.message",
            {"msgtype": "m.text", "body": text},
            ignore_unverified_devices=True,
        )
        assert isinstance(answer, RoomSendResponse), answer
        return str(answer.event_id)

    async def react(self, room_id: str, event_id: str, key: str) -> None:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        answer = await self.client.room_send(room_id, "m.reaction", content)
        assert isinstance(answer, RoomSendResponse), answer

    async def hear(self, room_id: str, containing: str, timeout: float = 30) -> RoomMessageText:
        """The next message in the room that contains the words; earlier ones are passed over."""
        deadline = time.monotonic() + timeout
        while True:
            events = self.heard[room_id]
            for index in range(self.read[room_id], len(events)):
                if containing in events[index].body:
                    self.read[room_id] = index + 1
                    return events[index]
            if time.monotonic() > deadline:
                bodies = [event.body for event in events]
                raise AssertionError(f"no {containing!r} in {room_id}; heard {bodies}")
            await self.sync()

    async def until(self, condition: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("condition not met in time")
            await self.sync()


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Place]:
    scratch = Place(tmp_path, NOW)
    yield scratch
    scratch.stop_all()


@pytest.fixture
def bot(place: Place, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]) -> Bot:
    return Bot(place, homeserver, matrix_user("qinqing"))


def test_family_call_with_a_volunteer_group(
    bot: Bot, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    son, coordinator, volunteer = (
        matrix_user("son"),
        matrix_user("coordinator"),
        matrix_user("volunteer"),
    )
    bot.start()

    async def scenario() -> None:
        async with (
            Member(homeserver, son) as relative,
            Member(homeserver, coordinator) as lead,
            Member(homeserver, volunteer) as helper,
        ):
            direct = await relative.dm(bot.user.user_id)
            await relative.say(direct, BOOKING)
            await relative.hear(direct, "绑定码")
            await relative.say(direct, f"绑定 {bot.code('王建国')}")
            await relative.hear(direct, "绑定成功")

            lead_direct = await lead.dm(bot.user.user_id)
            await lead.say(lead_direct, bot.code("刘玉梅"))
            await lead.hear(lead_direct, "绑定成功")
            group = await lead.room_with([bot.user.user_id, volunteer.user_id], direct=False)
            await helper.join(group)
            await lead.until(lambda: lead.joined(group, bot.user.user_id))
            await lead.hear(group, "群绑定码")
            await lead.say(group, f"/link {bot.code()}")
            await lead.hear(group, "志愿者群")

            helper_direct = await helper.dm(bot.user.user_id)
            await helper.say(helper_direct, f"绑定 {bot.code('李晓华')}")
            await helper.hear(helper_direct, "绑定成功")

            await relative.say(direct, BOOKING)
            booked = await relative.hear(direct, "约好了")
            assert "12月5日(周六)晚上8:00" in booked.body
            await helper.hear(group, "新预约")

            bot.place.set_clock("2026-12-04T20:00:00+08:00")
            await relative.hear(direct, "明天晚上8:00")

            bot.place.set_clock("2026-12-05T20:40:00+08:00")
            rating = await relative.hear(direct, "满意")
            assert "\n1. 1分" in rating.body and "\n5. 5分" in rating.body
            outcome = await helper.hear(helper_direct, "进行了吗")
            assert outcome.body.endswith("1. 视频已完成\n2. 没有进行")

            await relative.say(direct, "5")
            await relative.hear(direct, "谢谢您的评价")
            # The keycap the bot put under its own question answers it, as "1" would.
            await helper.react(helper_direct, outcome.event_id, "1\ufe0f\u20e3")
            await helper.hear(helper_direct, "已记下视频完成")

    run(scenario())

    [appointment] = bot.place.report()
    assert appointment["status"] == "held" and appointment["rating"] == 5
    assert not bot.outbox("pending") and not bot.outbox("failed")


def test_an_encrypted_direct_room(
    bot: Bot, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    son = matrix_user("son")
    bot.prepare()
    bot.link("王建国", son.user_id)
    bot.start()

    async def scenario() -> str:
        async with Member(homeserver, son, store=tmp_path / "son-keys") as relative:
            direct = await relative.dm(bot.user.user_id, encrypted=True)
            await relative.say(direct, BOOKING)
            booked = await relative.hear(direct, "约好了")
            assert booked.decrypted
            return direct

    room_id = run(scenario())

    assert bot.events_from_bot(son.access_token, room_id, "m.room.encrypted")
    assert bot.events_from_bot(son.access_token, room_id, "m.room.message") == []


@pytest.mark.parametrize(
    "fault", ["matrix.accepted", "inbox.accepted", "matrix.sent", "outbox.sent"]
)
def test_killed_while_answering_shows_one_reply(
    bot: Bot, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser], fault: str
) -> None:
    son = matrix_user("son")
    bot.prepare()
    bot.link("王建国", son.user_id)
    service = bot.start(QINQING_FAULT=fault)

    async def scenario() -> str:
        async with Member(homeserver, son) as relative:
            direct = await relative.dm(bot.user.user_id)
            await relative.say(direct, BOOKING)
            service.wait(timeout=30)
            assert service.returncode == -9

            bot.start()
            await relative.hear(direct, "约好了")
            # Time for a second copy to show up, were one coming.
            await asyncio.sleep(1.5)
            await relative.sync()
            return direct

    room_id = run(scenario())

    replies = bot.events_from_bot(son.access_token, room_id, "m.room.message")
    assert [event["content"]["body"][:3] for event in replies] == ["约好了"]
    assert bot.inbox() == 1
    [appointment] = bot.place.report()
    assert appointment["status"] == "booked"


def test_a_restart_with_the_stored_login_replays_nothing(
    bot: Bot, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    son = matrix_user("son")
    bot.prepare()
    bot.link("王建国", son.user_id)
    first = bot.start()

    async def scenario() -> str:
        async with Member(homeserver, son) as relative:
            direct = await relative.dm(bot.user.user_id)
            await relative.say(direct, BOOKING)
            await relative.hear(direct, "约好了")
            bot.place.kill(first)

            bot.start(password=False)
            await asyncio.sleep(1.5)
            await relative.say(direct, "我约的视频是几点")
            await relative.hear(direct, "12月5日")
            return direct

    room_id = run(scenario())

    assert b"restored the stored login" in bot.log()
    assert b"logged in with the password" not in bot.log()
    assert b"no saved sync token" not in bot.log()
    replies = bot.events_from_bot(son.access_token, room_id, "m.room.message")
    assert len(replies) == 2
    assert bot.inbox() == 2


def test_invites_from_strangers_are_declined(
    bot: Bot, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    stranger, unlinked_helper = matrix_user("stranger"), matrix_user("helper")
    bot.start(QINQING_MATRIX_ALLOWED_HOMESERVERS="elsewhere.test")

    async def scenario() -> tuple[str, str]:
        async with (
            Member(homeserver, stranger) as outsider,
            Member(homeserver, unlinked_helper) as helper,
        ):
            direct = await outsider.room_with([bot.user.user_id])
            group = await helper.room_with([bot.user.user_id], direct=False)
            await outsider.until(lambda: outsider.gone(direct, bot.user.user_id))
            await helper.until(lambda: helper.gone(group, bot.user.user_id))
            return direct, group

    run(scenario())

    assert bot.log().count(b"invite declined") == 2


def test_rate_limited_replies_wait_and_go_out_once(
    bot: Bot, homeserver: Homeserver, matrix_user: Callable[..., MatrixUser]
) -> None:
    son, admin = matrix_user("son"), matrix_user("admin", admin=True)
    bot.prepare()
    bot.link("王建国", son.user_id)
    bot.start()
    asking = "我约的视频是几点"
    asking_reply = "您约好的视频"

    async def scenario() -> str:
        async with Member(homeserver, son) as relative:
            direct = await relative.dm(bot.user.user_id)
            await relative.say(direct, BOOKING)
            await relative.hear(direct, "约好了")

            homeserver.override_message_rate(
                admin.access_token, bot.user.user_id, per_second=1, burst_count=1
            )
            for _ in range(3):
                await relative.say(direct, asking)
            wait_for(lambda: b"backing off" in bot.log(), 20)
            await relative.sync()
            assert len(relative.heard[direct]) < 4

            # The wait is kept in the outbox on the bot's clock, which this test moves on a
            # minute at a time: a reply refused just before the limit was lifted waits too.
            homeserver.override_message_rate(admin.access_token, bot.user.user_id, 0, 0)
            for minute in range(1, 30):
                bot.place.set_clock(f"2026-12-03T10:{minute:02d}:00+08:00")
                await relative.sync()
                if sum(asking_reply in e.body for e in relative.heard[direct]) == 3:
                    break
            return direct

    room_id = run(scenario())

    replies = bot.events_from_bot(son.access_token, room_id, "m.room.message")
    assert len(replies) == 4
    assert not bot.outbox("pending")


def delivered_to(bot: Bot, name: str, words: str) -> bool:
    """The bot sent the person a message with these words, on whichever platform they use."""
    with Session(bot.engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
        query = select(OutboxMessage).where(
            OutboxMessage.person_id == person.id, OutboxMessage.status == "sent"
        )
        return any(words in row.text for row in session.exec(query))


def test_orders_are_claimed_across_platforms_done_and_rated(
    bot: Bot,
    homeserver: Homeserver,
    matrix_user: Callable[..., MatrixUser],
    botapi: BotApiServer,
) -> None:
    son, coordinator, chen = matrix_user("son"), matrix_user("lead"), matrix_user("chen")
    li, daughter, yumei = botapi.add_user("晓华"), botapi.add_user("秀兰"), botapi.add_user("玉梅")
    telegram_group = botapi.add_group("青禾村志愿者", members=[li["id"], yumei["id"]])
    bot.prepare()
    for name, user_id in (("王建国", son.user_id), ("刘玉梅", coordinator.user_id)):
        bot.link(name, user_id)
    bot.link("陈志强", chen.user_id)
    bot.start(**botapi.env())

    for person, name in ((li, "李晓华"), (daughter, "王秀兰"), (yumei, "刘玉梅")):
        botapi.send_text(person["id"], bot.code(name))
        botapi.wait_for_sent(person["id"], timeout=10)
    botapi.send_text(yumei["id"], f"/link {bot.code()}", chat_id=telegram_group["id"])
    botapi.wait_for_sent(telegram_group["id"], timeout=10)

    def telegram_post(count: int) -> Any:
        return botapi.wait_for_sent(telegram_group["id"], count, timeout=20)[count - 1]

    async def scenario() -> tuple[str, str]:
        async with (
            Member(homeserver, son) as relative,
            Member(homeserver, coordinator) as lead,
            Member(homeserver, chen) as volunteer,
        ):
            group = await lead.room_with([bot.user.user_id, chen.user_id], direct=False)
            await volunteer.join(group)
            await lead.until(lambda: lead.joined(group, bot.user.user_id))
            await lead.say(group, f"绑定 {bot.code()}")
            await lead.hear(group, "志愿者群")

            # Asked on Matrix, claimed on Telegram first; the Matrix volunteer is too late.
            direct = await relative.dm(bot.user.user_id)
            await relative.say(direct, "帮我妈买点药")
            first = CODE_REF.search((await relative.hear(direct, "单号")).body)
            assert first is not None
            post = await volunteer.hear(group, first.group(1))
            assert post.body.endswith(f"· 接单 {first.group(1)}")
            telegram = telegram_post(2)
            botapi.press_button(
                telegram_group["id"],
                telegram.message_id,
                data=telegram.callback_data[0],
                user_id=li["id"],
            )
            telegram_post(3)
            await volunteer.say(group, f"接单 {first.group(1)}")
            await volunteer.hear(group, "已经被李晓华")

            # The Telegram volunteer does the job from a private chat; the Matrix relative rates
            # it 2, and the station coordinator hears of it.
            def said_to_li(words: str) -> Any:
                return botapi.wait_until(
                    lambda: [m for m in botapi.sent(li["id"]) if words in (m.text or "")],
                    timeout=20,
                )[-1]

            address = said_to_li(first.group(1))
            assert "青禾村" in (address.text or "") and address.callback_data
            botapi.send_text(li["id"], "1")
            said_to_li("记为已出发")
            botapi.send_text(li["id"], "2")
            said_to_li("办得怎么样")
            botapi.send_text(li["id"], "药送到了,老人精神不错")
            said_to_li("已完成")
            asked = await relative.hear(direct, "满意吗")
            assert first.group(1) in asked.body and "药送到了" in asked.body
            await relative.say(direct, "2")
            await relative.hear(direct, "负责人会看到")
            low = f"【差评】服务单 {first.group(1)}"
            await lead.until(lambda: delivered_to(bot, "刘玉梅", low), timeout=20)

            # Asked on Telegram, claimed on Matrix first; the Telegram volunteer is too late.
            botapi.send_text(daughter["id"], "能去看看我爸吗")
            said = botapi.wait_for_sent(daughter["id"], 2, timeout=20)[-1].text or ""
            second = CODE_REF.search(said)
            assert second is not None
            await volunteer.hear(group, second.group(1))
            await volunteer.say(group, f"接单 {second.group(1)}")
            await volunteer.hear(group, f"【已接单 {second.group(1)}】陈志强")
            telegram = next(
                m for m in botapi.sent(telegram_group["id"]) if second.group(1) in (m.text or "")
            )
            botapi.press_button(
                telegram_group["id"],
                telegram.message_id,
                data=telegram.callback_data[0],
                user_id=li["id"],
            )
            return first.group(1), second.group(1)

    first, second = run(scenario())

    claimed = {order["ref"]: order for order in bot.place.report("orders")}
    assert claimed[first]["volunteer"] == "李晓华"
    assert claimed[second]["volunteer"] == "陈志强"
    assert claimed[first]["status"] == "done" and claimed[first]["rating"] == 2
