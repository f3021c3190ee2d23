"""The fake Bot API server, exercised through aiogram's own HTTP client."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import SendMessage
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.support.botapi import BotApiServer, serve, serve_in_thread


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


class LoopbackSession(AiohttpSession):
    async def close(self) -> None:
        # aiogram sleeps 250 ms here to let TLS connections drain; loopback HTTP has none.
        if self._session is not None and not self._session.closed:
            await self._session.close()


@contextlib.asynccontextmanager
async def bot_for(server: BotApiServer, token: str | None = None) -> AsyncIterator[Bot]:
    session = LoopbackSession(api=TelegramAPIServer.from_base(server.base_url))
    bot = Bot(token or server.token, session=session)
    try:
        yield bot
    finally:
        await session.close()


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons]
    )


def test_get_me_wrong_token_and_unknown_method() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            me = await bot.get_me()
            assert me.id == bot.id == api.bot_user["id"]
            assert me.is_bot and me.username == "qinqing_test_bot"

            async with bot_for(api, token="123:not-the-token") as stranger:
                with pytest.raises(TelegramUnauthorizedError):
                    await stranger.get_me()

            async with aiohttp.ClientSession() as http:
                url = f"{api.base_url}/bot{api.token}/sendTelepathy"
                async with http.post(url, json={}) as response:
                    assert response.status == 404
                    assert await response.json() == {
                        "ok": False,
                        "error_code": 404,
                        "description": "Not Found",
                    }

    run(scenario)


def test_sent_message_keeps_its_inline_keyboard() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user("王奶奶")
            markup = keyboard(("接单", "claim:17"), ("稍后", "later:17"))

            message = await bot.send_message(user["id"], "有新的上门单", reply_markup=markup)

            assert message.chat.id == user["id"]
            assert message.from_user is not None and message.from_user.id == bot.id
            assert message.reply_markup is not None
            assert message.reply_markup.model_dump() == markup.model_dump()
            record = api.last_sent(user["id"])
            assert (record.method, record.message_id) == ("sendMessage", message.message_id)
            assert record.text == "有新的上门单"
            assert record.callback_data == ["claim:17", "later:17"]
            assert record.button("稍后")["callback_data"] == "later:17"

    run(scenario)


def test_get_updates_confirms_by_offset_and_survives_an_id_jump() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            for text in ("一", "二", "三"):
                api.send_text(user["id"], text)

            first = await bot.get_updates()
            ids = [u.update_id for u in first]
            assert ids == [ids[0], ids[0] + 1, ids[0] + 2]
            assert [u.message.text for u in first if u.message] == ["一", "二", "三"]

            again = await bot.get_updates(offset=ids[1] + 1)
            assert [u.update_id for u in again] == [ids[2]]
            assert api.confirmed_update_ids() == ids[:2]

            jumped = api.jump_update_ids()
            api.send_text(user["id"], "一周后")
            api.send_text(user["id"], "又一条")
            later = await bot.get_updates(offset=ids[2] + 1, limit=1)
            assert [u.update_id for u in later] == [jumped]
            assert api.pending_update_ids() == [jumped, jumped + 1]

            offsets = [call.offset for call in api.poll_calls()]
            assert offsets == [None, ids[1] + 1, ids[2] + 1]

    run(scenario)


def test_long_poll_returns_as_soon_as_an_update_arrives() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            started = time.monotonic()
            poll = asyncio.create_task(bot.get_updates(timeout=5))
            await asyncio.sleep(0.2)
            assert not poll.done()

            api.send_text(user["id"], "在吗")
            updates = await asyncio.wait_for(poll, 2)

            assert [u.message.text for u in updates if u.message] == ["在吗"]
            assert time.monotonic() - started < 1.5
            assert api.poll_calls()[0].timeout == 5

    run(scenario)


def test_allowed_updates_leave_out_other_kinds() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            sent = await bot.send_message(
                user["id"], "选一个", reply_markup=keyboard(("好", "ok"))
            )
            await bot.get_updates(allowed_updates=["message"])

            pressed = api.press_button(user["id"], sent.message_id, data="ok")
            api.send_text(user["id"], "文字")

            updates = await bot.get_updates()
            assert [u.event_type for u in updates] == ["message"]
            assert api.dropped_update_ids() == [pressed["update_id"]]

    run(scenario)


def test_callback_query_can_be_answered_only_once_and_only_while_fresh() -> None:
    async def scenario() -> None:
        async with serve(callback_answer_ttl=0.5) as api, bot_for(api) as bot:
            user = api.add_user()
            sent = await bot.send_message(
                user["id"], "确认?", reply_markup=keyboard(("是", "yes"))
            )

            api.press_button(user["id"], sent.message_id, text="是")
            (update,) = await bot.get_updates()
            query = update.callback_query
            assert query is not None and query.data == "yes"
            assert query.message is not None and query.message.message_id == sent.message_id
            assert query.from_user.id == user["id"]

            assert await bot.answer_callback_query(query.id, text="收到")
            with pytest.raises(TelegramBadRequest, match="query is too old"):
                await bot.answer_callback_query(query.id)
            assert [a.text for a in api.callback_answers()] == ["收到"]

            api.press_button(user["id"], sent.message_id, data="yes")
            (late,) = await bot.get_updates(offset=update.update_id + 1)
            await asyncio.sleep(0.55)
            assert late.callback_query is not None
            with pytest.raises(TelegramBadRequest, match="query is too old"):
                await bot.answer_callback_query(late.callback_query.id)

    run(scenario)


def test_flood_control_surfaces_as_retry_after() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            first, second = api.add_user(), api.add_user()
            api.flood_next("sendMessage", retry_after=7, chat_id=first["id"])

            await bot.send_message(second["id"], "别的聊天不受影响")
            with pytest.raises(TelegramRetryAfter) as caught:
                await bot.send_message(first["id"], "提醒")
            assert caught.value.retry_after == 7
            await bot.send_message(first["id"], "提醒")

            assert [m.chat_id for m in api.sent()] == [second["id"], first["id"]]
            assert [c.status for c in api.calls("sendMessage")] == [200, 429, 200]

    run(scenario)


def test_rate_limits_are_enforced_when_switched_on() -> None:
    async def scenario() -> None:
        async with serve(enforce_rate_limits=True) as api, bot_for(api) as bot:
            first, second = api.add_user(), api.add_user()

            await bot.send_message(first["id"], "一")
            with pytest.raises(TelegramRetryAfter) as caught:
                await bot.send_message(first["id"], "二")
            await bot.send_message(second["id"], "三")

            assert caught.value.retry_after == 1
            assert len(api.send_times(first["id"])) == 1
            assert len(api.send_times()) == 2

    run(scenario)


def test_blocked_user_answers_forbidden() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            api.block_bot(user["id"])

            with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
                await bot.send_message(user["id"], "明天九点上门")

            (update,) = await bot.get_updates()
            assert update.my_chat_member is not None
            assert update.my_chat_member.new_chat_member.status == "kicked"
            assert api.sent() == []

    run(scenario)


def test_migrated_group_points_to_its_supergroup() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            group = api.add_group("村委会", members=[user["id"]])
            new_id = api.migrate_group(group["id"], by_user_id=user["id"])

            with pytest.raises(TelegramMigrateToChat) as caught:
                await bot.send_message(group["id"], "每周调度")
            assert caught.value.migrate_to_chat_id == new_id
            assert str(new_id).startswith("-100")

            message = await bot.send_message(new_id, "每周调度")
            assert message.chat.type == "supergroup"
            member = await bot.get_chat_member(new_id, user["id"])
            assert member.status == "member"

    run(scenario)


def test_text_limits_markup_and_callback_data() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            chat = api.add_user()["id"]

            await bot.send_message(chat, "字" * 4096)
            with pytest.raises(TelegramBadRequest, match="message is too long"):
                await bot.send_message(chat, "字" * 4097)
            # Emoji outside the BMP count twice, as Telegram counts UTF-16 units.
            with pytest.raises(TelegramBadRequest, match="message is too long"):
                await bot.send_message(chat, "👵" * 2049)

            with pytest.raises(TelegramBadRequest, match="can't parse entities"):
                await bot.send_message(chat, "<b>未闭合", parse_mode="HTML")
            with pytest.raises(TelegramBadRequest, match="can't parse entities"):
                await bot.send_message(chat, "1 < 2", parse_mode="HTML")
            bold = await bot.send_message(chat, "<b>粗体</b> &lt;好&gt;", parse_mode="HTML")
            assert bold.text == "粗体 <好>"
            assert bold.entities is not None and bold.entities[0].type == "bold"

            await bot.send_message(chat, "按钮", reply_markup=keyboard(("二十一字", "字" * 21)))
            with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
                await bot.send_message(chat, "按钮", reply_markup=keyboard(("太长", "字" * 22)))

    run(scenario)


def test_edits_and_deletions_follow_telegram_rules() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            chat = api.add_user()["id"]
            markup = keyboard(("接单", "claim:1"))
            sent = await bot.send_message(chat, "新单", reply_markup=markup)

            with pytest.raises(TelegramBadRequest, match="message is not modified"):
                await bot.edit_message_text(
                    "新单", chat_id=chat, message_id=sent.message_id, reply_markup=markup
                )
            edited = await bot.edit_message_text(
                "已接单", chat_id=chat, message_id=sent.message_id
            )
            assert isinstance(edited, type(sent)) and edited.reply_markup is None
            assert api.message(chat, sent.message_id)["text"] == "已接单"
            assert [e.text for e in api.edits(chat)] == ["已接单"]

            assert await bot.delete_message(chat, sent.message_id)
            assert api.is_deleted(chat, sent.message_id)
            with pytest.raises(TelegramBadRequest, match="message to delete not found"):
                await bot.delete_message(chat, sent.message_id)

    run(scenario)


@pytest.mark.slow
def test_webhook_gets_secret_header_and_is_redelivered_after_failures() -> None:
    received: list[tuple[int, str | None]] = []
    answers = ["fail", "hang", "ok"]

    async def receive(request: web.Request) -> web.Response:
        update = await request.json()
        received.append(
            (update["update_id"], request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        answer = answers.pop(0) if answers else "ok"
        if answer == "fail":
            return web.Response(status=500)
        if answer == "hang":
            await asyncio.sleep(0.8)
        return web.json_response({})

    async def scenario() -> None:
        receiver = web.Application()
        receiver.router.add_post("/hook", receive)
        runner = web.AppRunner(receiver)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        options = {"webhook_timeout": 0.4, "webhook_retry_delay": 0.1}
        try:
            async with serve(**options) as api, bot_for(api) as bot:
                user = api.add_user()
                hook = f"http://127.0.0.1:{port}/hook"
                assert await bot.set_webhook(hook, secret_token="s3cr3t-Token_1")
                update = api.send_text(user["id"], "语音转文字")

                await api.until(lambda: api.confirmed_update_ids(), timeout=3)

                attempts = api.webhook_attempts()
                assert [a.attempt for a in attempts] == [1, 2, 3]
                assert "500" in (attempts[0].error or "")
                assert attempts[1].error == "Read timeout expired"
                assert attempts[2].ok
                assert received[0] == (update["update_id"], "s3cr3t-Token_1")
                assert len(received) == 3
                assert len({r for r in received}) == 1

                info = await bot.get_webhook_info()
                assert info.url == hook and info.pending_update_count == 0
                assert info.last_error_message == "Read timeout expired"
                with pytest.raises(TelegramConflictError, match="webhook is active"):
                    await bot.get_updates()

                assert await bot.delete_webhook()
                api.send_text(user["id"], "轮询")
                updates = await bot.get_updates()
                assert [u.message.text for u in updates if u.message] == ["轮询"]
        finally:
            await runner.cleanup()

    run(scenario)


def test_a_new_poller_terminates_the_waiting_one() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as old, bot_for(api) as new:
            waiting = asyncio.create_task(old.get_updates(timeout=5))
            await asyncio.sleep(0.1)

            assert await new.get_updates(timeout=0) == []
            with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
                await waiting
            assert [p.outcome for p in api.poll_calls()] == ["conflict", "ok"]

    run(scenario)


def test_a_new_poller_can_be_the_one_refused() -> None:
    async def scenario() -> None:
        options = {"conflict_policy": "reject_newer"}
        async with serve(**options) as api, bot_for(api) as old, bot_for(api) as new:
            waiting = asyncio.create_task(old.get_updates(timeout=5))
            await asyncio.sleep(0.1)

            with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
                await new.get_updates()
            api.send_text(api.add_user()["id"], "唤醒")
            assert len(await waiting) == 1

    run(scenario)


def test_a_poller_that_hangs_up_frees_its_slot() -> None:
    async def scenario() -> None:
        async with serve(conflict_policy="reject_newer") as api, bot_for(api) as bot:
            url = f"{api.base_url}/bot{api.token}/getUpdates"
            async with aiohttp.ClientSession() as http:
                with pytest.raises(asyncio.TimeoutError):
                    await http.post(
                        url, data={"timeout": "5"}, timeout=aiohttp.ClientTimeout(total=0.2)
                    )
            await api.until(lambda: api.poll_calls()[0].outcome == "disconnected", timeout=2)

            assert await bot.get_updates() == []

    run(scenario)


def test_files_go_up_and_come_back_down() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            report = BufferedInputFile("每周调度报表".encode(), filename="weekly.txt")

            sent = await bot.send_document(user["id"], report, caption="本周")
            assert sent.document is not None and sent.document.file_name == "weekly.txt"
            record = api.last_sent(user["id"])
            assert record.file is not None and record.file.data == "每周调度报表".encode()
            assert record.text == "本周"

            again = await bot.send_document(user["id"], sent.document.file_id)
            assert again.document is not None
            assert again.document.file_unique_id == sent.document.file_unique_id

            api.send_voice(user["id"], b"OggS-voice-bytes", duration=4)
            (update,) = await bot.get_updates()
            voice = update.message.voice if update.message else None
            assert voice is not None and voice.duration == 4
            downloaded = await bot.download(voice)
            assert downloaded is not None and downloaded.read() == b"OggS-voice-bytes"
            assert [f.via for f in api.file_fetches()] == ["getFile", "download"]

            with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
                await bot.send_photo(user["id"], "no-such-file")

    run(scenario)


def test_configured_delay_and_generic_faults() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            chat = api.add_user()["id"]
            api.set_delay(0.3, method="sendChatAction")
            api.fail_next("getChat", 404, "Not Found")

            started = time.monotonic()
            assert await bot.send_chat_action(chat, "typing")
            assert time.monotonic() - started >= 0.3
            assert [a.action for a in api.chat_actions(chat)] == ["typing"]

            with pytest.raises(TelegramNotFound):
                await bot.get_chat(chat)
            full = await bot.get_chat(chat)
            assert full.id == chat and full.type == "private"

    run(scenario)


def test_forward_copy_and_commands() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            grandma, volunteer = api.add_user("王奶奶"), api.add_user("小李")
            photo = api.send_photo(grandma["id"], b"jpeg-bytes", caption="药盒")["message"]

            forwarded = await bot.forward_message(
                volunteer["id"], grandma["id"], photo["message_id"]
            )
            assert forwarded.forward_origin is not None and forwarded.photo is not None
            copied = await bot.copy_message(
                volunteer["id"],
                grandma["id"],
                photo["message_id"],
                caption="<i>转发</i>",
                parse_mode="HTML",
            )
            copy_record = api.last_sent(volunteer["id"])
            assert copy_record.message_id == copied.message_id and copy_record.text == "转发"
            with pytest.raises(TelegramBadRequest, match="message to copy not found"):
                await bot.copy_message(volunteer["id"], grandma["id"], 999)

            commands = [BotCommand(command="order", description="点单")]
            assert await bot.set_my_commands(commands)
            listed = await bot.get_my_commands()
            assert [c.model_dump() for c in listed] == [c.model_dump() for c in commands]
            assert api.commands() == [{"command": "order", "description": "点单"}]
            assert await bot.delete_my_commands()
            assert api.commands() == []

    run(scenario)


def test_aiogram_dispatcher_polls_and_answers() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            dispatcher = Dispatcher()

            @dispatcher.message()
            async def echo(message: Message) -> None:
                await message.answer(f"收到:{message.text}")

            polling = asyncio.create_task(
                dispatcher.start_polling(
                    bot, polling_timeout=1, handle_signals=False, close_bot_session=False
                )
            )
            api.send_text(user["id"], "你好")
            (reply,) = await api.sent_eventually(user["id"])
            await dispatcher.stop_polling()
            await polling

            assert reply.text == "收到:你好"
            assert api.poll_calls()[0].allowed_updates == ["message"]

    run(scenario)


def test_aiogram_webhook_handler_answers_in_its_response() -> None:
    async def scenario() -> None:
        async with serve() as api, bot_for(api) as bot:
            user = api.add_user()
            dispatcher = Dispatcher()

            @dispatcher.message()
            async def answer(message: Message) -> SendMessage:
                return message.answer("网页钩子收到")

            receiver = web.Application()
            handler = SimpleRequestHandler(
                dispatcher, bot, handle_in_background=False, secret_token="right"
            )
            handler.register(receiver, path="/hook")
            runner = web.AppRunner(receiver)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
            try:
                await bot.set_webhook(url, secret_token="right")
                api.send_text(user["id"], "在吗")
                (reply,) = await api.sent_eventually(user["id"])
                assert reply.text == "网页钩子收到"
                assert api.webhook_attempts()[0].ok
            finally:
                await runner.cleanup()

    run(scenario)


def test_thread_runner_serves_synchronous_tests() -> None:
    with serve_in_thread() as api:
        user = api.add_user("李爷爷")
        environment = api.env()
        assert environment["QINQING_TELEGRAM_TOKEN"] == api.token

        async def bot_process() -> None:
            async with bot_for(api) as bot:
                (update,) = await bot.get_updates(timeout=2)
                assert update.message is not None
                await bot.send_message(update.message.chat.id, "您好")

        api.send_text(user["id"], "/start")
        asyncio.run(bot_process())
        (reply,) = api.wait_for_sent(user["id"], timeout=2)
        assert reply.text == "您好"

        url = f"{environment['QINQING_TELEGRAM_API']}/bot{api.token}/getMe"
        with urllib.request.urlopen(url, timeout=2) as response:
            body: dict[str, Any] = json.load(response)
        assert body["ok"] and body["result"]["id"] == api.bot_user["id"]
