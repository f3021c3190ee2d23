"""Linking chat accounts and groups with one-time codes."""

from __future__ import annotations

from sqlmodel import select

from bot.storage.db import transaction
from bot.storage.models import Account, ChatGroup, Person, Station
from bot.transports import console
from handlers import linking
from tests.helpers import Harness


def code_for(bot: Harness, name: str | None = None, station_id: int | None = None) -> str:
    with transaction(bot.app.engine) as session:
        person_id = None
        if name is not None:
            person_id = session.exec(select(Person.id).where(Person.name == name)).one()
        return linking.issue(
            session, bot.clock.now(), person_id=person_id, station_id=station_id
        ).code


def accounts_of(bot: Harness, address: str) -> list[Account]:
    with transaction(bot.app.engine) as session:
        return list(session.exec(select(Account).where(Account.address == address)))


def test_a_code_links_a_new_account_once(bot: Harness) -> None:
    code = code_for(bot, "王建国")
    assert "绑定码" in bot.reply("手机上的建国", "我想跟我妈视频").text

    assert "绑定成功" in bot.reply("手机上的建国", f"绑定 {code}").text
    [account] = accounts_of(bot, "手机上的建国")
    assert "张桂英" in bot.reply("手机上的建国", "周六晚上八点跟我妈视频").text

    assert "不对" in bot.reply("另一个人", code).text
    assert accounts_of(bot, "另一个人") == []
    assert account.person_id is not None


def test_an_expired_code_is_refused(bot: Harness) -> None:
    code = code_for(bot, "王秀兰")
    bot.clock.advance(days=8)
    assert "不对" in bot.reply("新号", code).text
    assert accounts_of(bot, "新号") == []


def test_guessing_locks_the_account_out(bot: Harness) -> None:
    code = code_for(bot, "王秀兰")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    replies = [bot.reply("猜码的人", wrong).text for _ in range(5)]
    assert all("不对" in r for r in replies[:4]) and "暂停" in replies[4]

    assert "暂停" in bot.reply("猜码的人", code).text
    assert accounts_of(bot, "猜码的人") == []

    bot.clock.advance(minutes=31)
    assert "绑定成功" in bot.reply("猜码的人", code).text


def test_a_coordinator_links_a_group_and_it_gets_the_posts(bot: Harness) -> None:
    with transaction(bot.app.engine) as session:
        station_id = session.exec(select(Station.id)).one()
    code = code_for(bot, station_id=station_id)
    refused = bot.say_in_group("王建国", "新群", f"/link {code}")
    assert [m.to for m in refused] == ["新群"] and "负责人" in refused[0].text

    bot.app.core.receive(console.incoming("刘玉梅", f"/link {code}", group="新群"))
    with transaction(bot.app.engine) as session:
        groups = session.exec(select(ChatGroup).where(ChatGroup.address == "新群")).all()
    assert [g.station_id for g in groups] == [station_id]

    sent = bot.say("王建国", "周六晚上八点跟我妈视频")
    assert {m.to for m in sent} >= {"青禾村志愿者群", "新群"}


def test_group_codes_do_not_link_people_and_the_other_way_round(bot: Harness) -> None:
    group_code = code_for(bot, station_id=1)
    assert "不对" in bot.reply("某人", group_code).text
    person_code = code_for(bot, "王建国")
    bot.app.core.receive(console.incoming("刘玉梅", f"绑定 {person_code}", group="新群"))
    with transaction(bot.app.engine) as session:
        assert session.exec(select(ChatGroup).where(ChatGroup.address == "新群")).all() == []
