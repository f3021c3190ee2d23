"""Each role inside and outside its scope, on every ledger command, in private and in groups."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bot.storage.db import transaction
from bot.storage.ledger import LedgerAudit
from bot.storage.models import Account, BindingCode, ChatGroup, Person, Station
from handlers import texts
from tests.helpers import Harness

OTHER_GROUP = "白石村志愿者群"


@pytest.fixture
def two_stations(bot: Harness) -> Harness:
    """The demo station 青禾村 (云溪镇) and 白石村 in another township, with its own people."""
    with transaction(bot.app.engine) as session:
        station = Station(
            code="BS01", name="白石村新时代文明实践站", township="石门镇", county="松岭县"
        )
        session.add(station)
        session.flush()
        for name, role in (
            ("孙大爷", "resident"),
            ("钱志愿", "volunteer"),
            ("白主任", "coordinator"),
        ):
            person = Person(
                name=name, role=role, station_id=station.id, created_at=bot.clock.now()
            )
            session.add(person)
            session.flush()
            session.add(Account(person_id=person.id or 0, transport="console", address=name))
        session.add(
            ChatGroup(station_id=station.id or 0, transport="console", address=OTHER_GROUP)
        )
    return bot


def polite(text: str) -> bool:
    return text.endswith("。") and "Traceback" not in text and len(text) < 200


@pytest.mark.parametrize(
    ("who", "name", "refusal"),
    [
        ("路人甲", "张桂英", texts.COMMAND_NOT_LINKED),
        ("王建国", "张桂英", texts.command_needs_role(("coordinator",))),
        ("张桂英", "张桂英", texts.command_needs_role(("coordinator",))),
        ("李晓华", "张桂英", texts.command_needs_role(("coordinator",))),
        ("周文静", "张桂英", texts.command_needs_role(("coordinator",))),
        ("刘玉梅", "孙大爷", texts.not_in_your_area("孙大爷")),
        ("白主任", "张桂英", texts.not_in_your_area("张桂英")),
        ("黄志明", "孙大爷", texts.not_in_your_area("孙大爷")),
    ],
)
def test_binding_codes_only_from_a_coordinator_for_their_own_people(
    two_stations: Harness, who: str, name: str, refusal: str
) -> None:
    reply = two_stations.reply(who, f"/code {name}")
    assert reply.text == refusal and polite(reply.text)
    with transaction(two_stations.app.engine) as session:
        assert session.exec(select(BindingCode)).all() == []


def test_a_coordinator_issues_a_code_that_links_the_person(two_stations: Harness) -> None:
    bot = two_stations
    reply = bot.reply("刘玉梅", "发绑定码 王秀兰")
    code = re.search(r"\d{6}", reply.text)
    assert code is not None and "王秀兰" in reply.text

    assert "绑定成功" in bot.reply("秀兰的新手机", code.group(0)).text
    assert "绑定成功" not in bot.reply("另一个手机", code.group(0)).text
    # A township coordinator answers for every station of the township.
    assert re.search(r"\d{6}", bot.reply("黄志明", "/code 王老根").text)


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("路人甲", "张桂英"),
        ("王建国", "王老根"),  # not his family
        ("王建国", "孙大爷"),
        ("张桂英", "王老根"),  # a resident sees herself and her family
        ("李晓华", "孙大爷"),  # another station
        ("钱志愿", "张桂英"),
        ("周文静", "王老根"),  # no case of hers
        ("刘玉梅", "孙大爷"),
        ("黄志明", "孙大爷"),  # another township
        ("白主任", "王小雨"),
    ],
)
def test_ledger_records_refused_outside_each_scope(
    two_stations: Harness, who: str, name: str
) -> None:
    reply = two_stations.reply(who, f"/ledger {name}")
    assert (
        name not in reply.text.replace(f"“{name}”", "") or reply.text == texts.COMMAND_NOT_LINKED
    )
    assert reply.text in (texts.COMMAND_NOT_LINKED, texts.not_in_your_area(name))
    assert polite(reply.text)
    with transaction(two_stations.app.engine) as session:
        assert session.exec(select(LedgerAudit).where(LedgerAudit.action == "read")).all() == []


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("王建国", "张桂英"),
        ("王建国", "王小雨"),
        ("张桂英", "张桂英"),
        ("李晓华", "王老根"),
        ("钱志愿", "孙大爷"),
        ("刘玉梅", "王小雨"),
        ("黄志明", "张桂英"),
        ("白主任", "孙大爷"),
    ],
)
def test_ledger_records_shown_inside_each_scope(
    two_stations: Harness, who: str, name: str
) -> None:
    reply = two_stations.reply(who, f"查台账 {name}")
    assert reply.text.startswith(name)


def test_staff_reads_are_audited_and_family_reads_are_not(two_stations: Harness) -> None:
    bot = two_stations
    bot.reply("王建国", "/ledger 张桂英")
    bot.reply("李晓华", "/ledger 张桂英")
    with transaction(bot.app.engine) as session:
        reads = session.exec(select(LedgerAudit).where(LedgerAudit.action == "read")).all()
        volunteer = session.exec(select(Person).where(Person.name == "李晓华")).one()
        resident = session.exec(select(Person).where(Person.name == "张桂英")).one()
    assert [(r.actor_id, r.person_id) for r in reads] == [(volunteer.id, resident.id)]


def test_a_counsellor_sees_the_people_assigned_to_them(two_stations: Harness) -> None:
    bot = two_stations
    assert bot.reply("周文静", "/ledger 王小雨").text == texts.not_in_your_area("王小雨")
    with transaction(bot.app.engine) as session:
        counsellor = session.exec(select(Person).where(Person.name == "周文静")).one()
        girl = session.exec(select(Person).where(Person.name == "王小雨")).one()
        girl.counsellor_id = counsellor.id
        session.add(girl)
    assert bot.reply("周文静", "/ledger 王小雨").text.startswith("王小雨")


def test_group_commands_only_in_linked_groups_and_for_the_role(two_stations: Harness) -> None:
    bot = two_stations
    group = "青禾村志愿者群"

    def in_group(who: str, chat: str, text: str) -> list[str]:
        return [m.text for m in bot.say_in_group(who, chat, text) if m.to == chat]

    assert in_group("刘玉梅", "没绑定的群", "/code 张桂英") == [texts.GROUP_NOT_LINKED]
    assert in_group("路人甲", group, "/ledger 张桂英") == [texts.COMMAND_NOT_LINKED]
    assert in_group("王建国", group, "/ledger 张桂英") == [
        texts.command_needs_role(("volunteer", "counsellor", "coordinator"))
    ]
    assert in_group("李晓华", group, "/code 张桂英") == [
        texts.command_needs_role(("coordinator",))
    ]
    assert in_group("钱志愿", group, "/ledger 张桂英") == [texts.GROUP_NOT_YOURS]
    assert in_group("白主任", group, "/code 张桂英") == [texts.GROUP_NOT_YOURS]
    assert in_group("刘玉梅", OTHER_GROUP, "/ledger 孙大爷") == [texts.GROUP_NOT_YOURS]

    sent = bot.say_in_group("刘玉梅", group, "/code 张桂英")
    assert [(m.to, m.text) for m in sent if m.to == group] == [(group, texts.SENT_PRIVATELY)]
    [private] = [m for m in sent if m.to == "刘玉梅"]
    assert re.search(r"\d{6}", private.text)
    sent = bot.say_in_group("李晓华", group, "/ledger@qinqing_bot 张桂英")
    assert all("13800000011" not in m.text for m in sent if m.to == group)
    assert any(m.to == "李晓华" and "13800000011" in m.text for m in sent)


def test_a_code_from_chat_expires_and_guessing_it_locks(two_stations: Harness) -> None:
    bot = two_stations
    first = re.search(r"\d{6}", bot.reply("刘玉梅", "/code 王秀兰").text)
    assert first is not None
    bot.clock.advance(days=8)
    assert bot.reply("秀兰的新手机", first.group(0)).text == texts.BINDING_WRONG

    second = re.search(r"\d{6}", bot.reply("刘玉梅", "/code 王秀兰").text)
    assert second is not None
    wrong = f"{(int(second.group(0)) + 1) % 1_000_000:06d}"
    replies = [bot.reply("猜码的人", wrong).text for _ in range(5)]
    assert replies[:4] == [texts.BINDING_WRONG] * 4 and "暂停" in replies[4]
    assert "暂停" in bot.reply("猜码的人", second.group(0)).text
    with transaction(bot.app.engine) as session:
        assert session.exec(select(Account).where(Account.address == "猜码的人")).all() == []


def test_a_cry_for_help_inside_a_command_still_reaches_safeguarding(two_stations: Harness) -> None:
    reply = two_stations.reply("王建国", "查台账 我不想活了")
    assert reply.text != texts.not_in_your_area("我不想活了")
    assert "12356" in reply.text or "热线" in reply.text
