"""Telegram through aiogram 3: updates in through the inbox, messages out through the outbox.

Updates are read with our own getUpdates loop on aiogram's `Bot`, not with its Dispatcher. The
Dispatcher confirms an update (by asking for the next offset) while its handler may still run
and drops unfinished handlers on shutdown, so a crash could lose a message; handling a batch in
line instead replays the whole batch after a crash. Here every update of a batch is written to
the inbox before the offset that confirms the batch is asked for. A crash therefore leaves each
update either unconfirmed (Telegram sends it again and the inbox recognises the repeat by its
update id) or in the inbox (`Core.recover` finishes it at the next start), never answered twice
and never lost. A webhook call is answered only after its update is in the inbox, for the same
reason.

What goes out is paced under Telegram's limits (`telegram_limits`), split to its sizes
(`telegram_text`), and a flood-control wait holds every chat, not only the one that got it.

Errors this module raises to `serve()`:

    TelegramTransportError
     ├── AnotherPoller    another process already polls updates for this bot
     └── TokenRejected    Telegram does not know the token
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import hmac
import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from aiohttp import web
from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.clock import Clock
from bot.delivery import Deliverer, DeliveryError, Gone, RetryLater
from bot.faults import crash_point
from bot.storage.db import transaction
from bot.storage.models import Account, ChatGroup, OutboxMessage, Person
from bot.transports.telegram_limits import Limits, RateLimiter
from bot.transports.telegram_text import (
    MAX_CAPTION,
    MAX_TEXT,
    Entity,
    button_rows,
    numbered,
    split_text,
    utf16_len,
)
from handlers import texts
from handlers.messages import Incoming, Outgoing

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("qinqing.telegram")

TRANSPORT = "telegram"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT = 25
MAX_CONFLICTS = 3
# Waits up to this long are slept through; longer ones are written to the outbox row.
MAX_SLEEP = 2.0
# The server's clock and ours differ by the time a request takes to arrive.
PACING_MARGIN = 0.05
STAFF_ROLES = ("volunteer", "coordinator")


class TelegramTransportError(Exception):
    """Telegram cannot be used as configured."""


class AnotherPoller(TelegramTransportError):
    pass


class TokenRejected(TelegramTransportError):
    pass


class TelegramTransport:
    name = "Telegram"

    def __init__(
        self, app: App, limits: Limits | None = None, poll_timeout: int = POLL_TIMEOUT
    ) -> None:
        token = app.settings.telegram_token
        if token is None:
            raise TelegramTransportError("QINQING_TELEGRAM_TOKEN is not set")
        self.app = app
        self.poll_timeout = poll_timeout
        self.limiter = RateLimiter(limits)
        self._token = token.get_secret_value()
        self.bot_id = self._token.split(":", 1)[0]
        self._lock = PollerLock(app.engine, self.bot_id)
        self._webhook_queue: asyncio.Queue[list[Accepted]] = asyncio.Queue()

    async def run(self) -> None:
        settings = self.app.settings
        webhook = settings.telegram_webhook_url
        if webhook is None and not self._lock.acquire():
            log.error(
                "another process already polls Telegram for bot %s; not starting", self.bot_id
            )
            raise AnotherPoller(f"another process already polls Telegram for bot {self.bot_id}")
        api = settings.telegram_api
        session = AiohttpSession(api=TelegramAPIServer.from_base(api)) if api else AiohttpSession()
        bot = Bot(self._token, session=session)
        try:
            try:
                me = await bot.get_me()
            except TelegramUnauthorizedError as error:
                raise TokenRejected("Telegram rejected QINQING_TELEGRAM_TOKEN") from error
            log.info(
                "connected as @%s (%s) by %s",
                me.username,
                me.id,
                "webhook" if webhook else "polling",
            )
            sender = TelegramSender(bot, self.app.engine, self.app.clock, self.limiter)
            deliverer = self.app.deliverer(sender)
            receiving = self._webhook(bot, webhook) if webhook else self._poll(bot)
            await _first_failure(self._deliver(deliverer), receiving)
        finally:
            self._lock.release()
            await session.close()

    # Receiving.

    async def _poll(self, bot: Bot) -> None:
        await bot.delete_webhook(drop_pending_updates=False)
        offset: int | None = None
        conflicts = 0
        backoff = Backoff("getUpdates")
        while True:
            try:
                updates = await bot.get_updates(
                    offset=offset,
                    timeout=self.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    request_timeout=self.poll_timeout + 30,
                )
            except TelegramConflictError as error:
                conflicts += 1
                log.warning(
                    "getUpdates conflict %d of %d: %s", conflicts, MAX_CONFLICTS, error.message
                )
                if conflicts >= MAX_CONFLICTS:
                    raise AnotherPoller(
                        f"Telegram keeps answering 409 for bot {self.bot_id}: another process "
                        "polls with this token, or a webhook is set"
                    ) from error
                await asyncio.sleep(conflicts)
                continue
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
                continue
            except TelegramUnauthorizedError as error:
                raise TokenRejected("Telegram rejected QINQING_TELEGRAM_TOKEN") from error
            except (TelegramAPIError, OSError) as error:
                await backoff.failed(describe(error, self._token))
                continue
            backoff.recovered()
            conflicts = 0
            if not updates:
                continue
            accepted = [item for u in updates if (item := await self._accept(u)) is not None]
            await self._finish(bot, accepted)
            # Only now is the batch confirmed: every update of it is in the inbox.
            offset = updates[-1].update_id + 1

    async def _webhook(self, bot: Bot, url: str) -> None:
        configured = self.app.settings.telegram_webhook_secret
        secret = configured.get_secret_value() if configured else secrets.token_urlsafe(32)
        host, port, path = webhook_listen(url)
        app = web.Application()
        app.router.add_post(path, self._webhook_handler(bot, secret))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
            await bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
            log.info("webhook listening on %s:%s%s", host, port, path)
            while True:
                batch = await self._webhook_queue.get()
                await self._finish(bot, batch)
        finally:
            await runner.cleanup()

    def _webhook_handler(self, bot: Bot, secret: str) -> Any:
        expected = secret.encode()

        async def handle(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, expected):
                log.warning("webhook call without the right secret refused")
                return web.Response(status=401)
            try:
                update = Update.model_validate(await request.json(), context={"bot": bot})
            except (ValueError, ValidationError):
                return web.Response(status=400)
            accepted = await self._accept(update)
            if accepted is not None:
                self._webhook_queue.put_nowait([accepted])
            return web.Response(status=200)

        return handle

    async def _accept(self, update: Update) -> Accepted | None:
        """Into the inbox; None for updates with nothing to answer, handled here at once."""
        started = time.monotonic()
        incoming = await self._read(update)
        if incoming is None:
            log.info(
                "update %s: %s, nothing to answer (%.0f ms)",
                update.update_id,
                update.event_type,
                (time.monotonic() - started) * 1000,
            )
            return None
        inbox_id = await asyncio.to_thread(self.app.core.accept, incoming)
        crash_point("telegram.accepted")
        return Accepted(update, incoming, inbox_id, started)

    async def _finish(self, bot: Bot, batch: list[Accepted]) -> None:
        for item in batch:
            if item.update.callback_query is not None:
                await self._answer(bot, item.update.callback_query, item.incoming)
        for position, item in enumerate(batch, 1):
            crash_point(f"telegram.update.{position}")
            if item.inbox_id is not None:
                await asyncio.to_thread(self.app.core.process, item.inbox_id, item.incoming)
                self.app.wake_all()
            log.info(
                "update %s: %s %s in %.0f ms",
                item.update.update_id,
                item.incoming.kind if item.incoming.choice is None else "button",
                f"inbox {item.inbox_id}" if item.inbox_id is not None else "repeat, ignored",
                (time.monotonic() - item.started) * 1000,
            )

    async def _answer(self, bot: Bot, query: CallbackQuery, incoming: Incoming) -> None:
        """Stop the button's spinner at once; in a group, only the station's staff may press."""
        notice = None
        if incoming.is_group:
            allowed = await asyncio.to_thread(is_group_staff, self.app.engine, incoming)
            notice = None if allowed else texts.BUTTON_NOT_YOURS
        try:
            await bot.answer_callback_query(query.id, text=notice)
        except TelegramAPIError as error:
            # A query answered late (after a restart) is refused; the reply still goes out.
            log.info("callback %s not answered: %s", query.id, describe(error, self._token))

    async def _read(self, update: Update) -> Incoming | None:
        if update.message is not None:
            message = update.message
            if message.migrate_to_chat_id is not None:
                old, new = str(message.chat.id), str(message.migrate_to_chat_id)
                await asyncio.to_thread(follow_migration, self.app.engine, old, new)
                return None
            return incoming_message(update.update_id, message)
        if update.callback_query is not None:
            return incoming_press(update.update_id, update.callback_query)
        member = update.my_chat_member
        if member is not None and member.chat.type == "private":
            status = "gone" if member.new_chat_member.status in ("kicked", "left") else "active"
            await asyncio.to_thread(mark_account, self.app.engine, str(member.chat.id), status)
        return None

    # Sending.

    async def _deliver(self, deliverer: Deliverer) -> None:
        while True:
            if await deliverer.deliver():
                crash_point("telegram.replied")
            await deliverer.nap(self.app.settings.sweep_seconds)


@dataclass(frozen=True, slots=True)
class Accepted:
    update: Update
    incoming: Incoming
    inbox_id: int | None
    started: float


class TelegramSender:
    """Sends one outbox row: split to Telegram's sizes, paced under its limits."""

    transport = TRANSPORT

    def __init__(
        self,
        bot: Bot,
        engine: Engine,
        clock: Clock,
        limiter: RateLimiter,
        max_sleep: float = MAX_SLEEP,
    ) -> None:
        self.bot = bot
        self.engine = engine
        self.clock = clock
        self.limiter = limiter
        self.max_sleep = max_sleep
        # Kept on the app's clock, so that it and the rows it postpones agree on when it ends.
        self.paused_until: datetime | None = None
        # Parts of a split message already sent, so a retry does not repeat them.
        self._progress: dict[int, int] = {}

    def already_sent(self, outbox_id: int) -> bool:
        # Telegram cannot be asked whether a message arrived; see the README's limits.
        return False

    async def send(self, message: Outgoing) -> None:
        self._check_pause()
        chat = message.address
        parts = plan(message)
        try:
            for index in range(self._progress.get(message.outbox_id, 0), len(parts)):
                chat = await self._send_part(chat, parts[index])
                self._progress[message.outbox_id] = index + 1
        except Gone:
            self._progress.pop(message.outbox_id, None)
            raise
        self._progress.pop(message.outbox_id, None)

    def _check_pause(self) -> None:
        if self.paused_until is None:
            return
        left = (self.paused_until - self.clock.now()).total_seconds()
        if left > 0:
            raise RetryLater(left, "flood control")
        self.paused_until = None
        log.info("flood control over; sending again")

    async def _send_part(self, chat: str, part: Part) -> str:
        for _ in range(3):
            await self._pace(chat)
            try:
                await self._call(chat, part)
            except TelegramMigrateToChat as error:
                new = str(error.migrate_to_chat_id)
                await asyncio.to_thread(follow_migration, self.engine, chat, new)
                chat = new
                continue
            except TelegramRetryAfter as error:
                self._pause(error.retry_after)
                raise RetryLater(error.retry_after, "flood control") from error
            except TelegramForbiddenError as error:
                raise Gone(error.message) from error
            except TelegramBadRequest as error:
                if "chat not found" in error.message:
                    raise Gone(error.message) from error
                if part.copy is None:
                    raise
                # The original was deleted: the volunteers still get the words.
                log.info("chat %s: copy failed (%s); sending the text", chat, error.message)
                part = Part(part.text or texts.MEDIA_GONE)
                continue
            self.limiter.sent(chat, is_group_chat(chat))
            return chat
        raise DeliveryError(f"chat {chat} kept moving")

    async def _pace(self, chat: str) -> None:
        wait = self.limiter.wait(chat, is_group_chat(chat))
        if wait > self.max_sleep:
            raise RetryLater(wait, "rate limit")
        if wait > 0:
            await asyncio.sleep(wait + PACING_MARGIN)

    def _pause(self, seconds: float) -> None:
        until = self.clock.now() + timedelta(seconds=seconds)
        if self.paused_until is None or until > self.paused_until:
            log.warning("flood control: every chat waits %.0f s", seconds)
            self.paused_until = until

    async def _call(self, chat: str, part: Part) -> None:
        markup = None
        if part.buttons:
            markup = InlineKeyboardMarkup(
                inline_keyboard=[
                    [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
                    for row in part.buttons
                ]
            )
        if part.copy is not None:
            await self.bot.copy_message(
                chat_id=int(chat),
                from_chat_id=int(str(part.copy["chat"])),
                message_id=int(str(part.copy["message_id"])),
                caption=part.text or None,
                reply_markup=markup,
            )
            return
        entities = [
            MessageEntity(type=e.type, offset=e.offset, length=e.length, url=e.url)
            for e in part.entities
        ]
        await self.bot.send_message(
            chat_id=int(chat), text=part.text, entities=entities or None, reply_markup=markup
        )


@dataclass(frozen=True, slots=True)
class Part:
    """One Telegram message of an outbox row: text (or a caption), buttons, a copied media."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    buttons: list[list[tuple[str, str]]] | None = None
    copy: dict[str, object] | None = None


def plan(message: Outgoing) -> list[Part]:
    """The Telegram messages an outbox row becomes, buttons under the last one."""
    choices = [(choice.key, choice.label) for choice in message.choices]
    rows = button_rows(choices) if choices else None
    body = numbered(message.text, choices) if choices and rows is None else message.text
    attachment = message.attachment
    if attachment is not None and attachment.get("transport") == TRANSPORT:
        if utf16_len(body) <= MAX_CAPTION:
            return [Part(body, buttons=rows, copy=attachment)]
        return [*_text_parts(body, None), Part("", buttons=rows, copy=attachment)]
    return _text_parts(body, rows)


def _text_parts(body: str, rows: list[list[tuple[str, str]]] | None) -> list[Part]:
    parts = [Part(piece, entities) for piece, entities in split_text(body, MAX_TEXT)]
    if parts:
        parts[-1] = Part(parts[-1].text, parts[-1].entities, rows)
    return parts


# Reading updates.


def is_group_chat(chat: str) -> bool:
    """Groups and supergroups have negative ids; people have positive ones."""
    return chat.startswith("-")


def incoming_message(update_id: int, message: Message) -> Incoming | None:
    user = message.from_user
    if user is None or user.is_bot or message.chat.type == "channel":
        return None
    group = message.chat.type in ("group", "supergroup")
    kind, file_id = media_of(message)
    text = message.text or message.caption or ""
    if group and kind == "text" and not text:
        return None
    attachment: dict[str, object] | None = None
    if file_id is not None:
        attachment = {
            "kind": kind,
            "transport": TRANSPORT,
            "chat": str(message.chat.id),
            "message_id": message.message_id,
            "file_id": file_id,
        }
    return Incoming(
        transport=TRANSPORT,
        external_id=str(update_id),
        sender=str(user.id),
        chat=str(message.chat.id),
        text=text,
        is_group=group,
        kind=kind,
        sender_name=user.full_name,
        attachment=attachment,
    )


def media_of(message: Message) -> tuple[str, str | None]:
    if message.voice is not None:
        return "voice", message.voice.file_id
    if message.audio is not None:
        return "voice", message.audio.file_id
    if message.photo:
        return "photo", message.photo[-1].file_id
    for video in (message.video, message.video_note, message.animation):
        if video is not None:
            return "video", video.file_id
    if message.document is not None:
        return "file", message.document.file_id
    return "text", None


def incoming_press(update_id: int, query: CallbackQuery) -> Incoming | None:
    if query.data is None:
        return None
    message = query.message
    chat = message.chat if message is not None else None
    return Incoming(
        transport=TRANSPORT,
        external_id=str(update_id),
        sender=str(query.from_user.id),
        chat=str(chat.id if chat is not None else query.from_user.id),
        choice=query.data,
        is_group=chat is not None and chat.type in ("group", "supergroup"),
        sender_name=query.from_user.full_name,
    )


# The database, for what only Telegram tells us.


def follow_migration(engine: Engine, old: str, new: str) -> None:
    """A group became a supergroup with a new id: link, accounts and unsent messages follow."""
    with transaction(engine) as session:
        for table in (ChatGroup, Account):
            taken = session.exec(
                select(table).where(table.transport == TRANSPORT, table.address == new)
            ).first()
            rows = session.exec(
                select(table).where(table.transport == TRANSPORT, table.address == old)
            ).all()
            for row in rows:
                if taken is None:
                    row.address = new
                    session.add(row)
                else:
                    session.delete(row)
        session.exec(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.transport) == TRANSPORT,
                col(OutboxMessage.address) == old,
                col(OutboxMessage.status).in_(("pending", "sending")),
            )
            .values(address=new)
        )
    log.info("chat %s moved to %s", old, new)


def mark_account(engine: Engine, address: str, status: str) -> None:
    """The person blocked the bot (gone) or came back (active)."""
    with transaction(engine) as session:
        changed = session.exec(
            update(Account)
            .where(
                col(Account.transport) == TRANSPORT,
                col(Account.address) == address,
                col(Account.status) != status,
            )
            .values(status=status)
        )
    if changed.rowcount:
        log.info("account at chat %s is now %s", address, status)


def is_group_staff(engine: Engine, incoming: Incoming) -> bool:
    """Whether the sender is a volunteer or coordinator of the station this group belongs to."""
    with transaction(engine) as session:
        group = session.exec(
            select(ChatGroup).where(
                ChatGroup.transport == TRANSPORT, ChatGroup.address == incoming.chat
            )
        ).first()
        if group is None:
            return False
        person = session.exec(
            select(Person)
            .join(Account, col(Account.person_id) == Person.id)
            .where(Account.transport == TRANSPORT, Account.address == incoming.sender)
        ).first()
        return (
            person is not None
            and person.role in STAFF_ROLES
            and person.station_id == group.station_id
        )


class PollerLock:
    """One poller per bot: a file lock beside SQLite, an advisory lock on PostgreSQL."""

    def __init__(self, engine: Engine, bot_id: str) -> None:
        self.engine = engine
        self.bot_id = bot_id
        self._handle: Any = None

    def acquire(self) -> bool:
        if self.engine.dialect.name == "sqlite":
            database = self.engine.url.database or "memory"
            handle = os.open(
                Path(f"{database}.telegram-{self.bot_id}.lock"), os.O_RDWR | os.O_CREAT
            )
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                return False
            self._handle = handle
            return True
        digest = hashlib.sha256(f"qinqing telegram {self.bot_id}".encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        connection = self.engine.connect()
        held = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        if not held:
            connection.close()
            return False
        connection.commit()
        self._handle = connection
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        if isinstance(self._handle, int):
            os.close(self._handle)
        else:
            self._handle.close()
        self._handle = None


# Small helpers.


class _WebhookSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="QINQING_", env_file="qinqing.env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_webhook_listen: str | None = None


def webhook_listen(url: str) -> tuple[str, int, str]:
    """Where to listen: QINQING_TELEGRAM_WEBHOOK_LISTEN (host:port), else the URL's own."""
    parts = urlsplit(url)
    path = parts.path or "/"
    listen = _WebhookSettings().telegram_webhook_listen
    if listen:
        host, _, port = listen.rpartition(":")
        return host or "0.0.0.0", int(port), path
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "0.0.0.0", parts.port or default_port, path


def describe(error: BaseException, token: str) -> str:
    """An error in one line, without the token a library may have put in a URL."""
    detail = error.message if isinstance(error, TelegramAPIError) else str(error)
    return f"{type(error).__name__}: {detail}".replace(token, "<token>")


class Backoff:
    """Waits growing to 30 s while a call keeps failing; logs the change of state once."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.delay = 0.0

    async def failed(self, reason: str) -> None:
        if self.delay == 0:
            log.warning("%s failing (%s); retrying with back-off", self.what, reason)
        self.delay = min(max(self.delay * 2, 1.0), 30.0)
        await asyncio.sleep(self.delay)

    def recovered(self) -> None:
        if self.delay:
            log.info("%s works again", self.what)
        self.delay = 0.0


async def _first_failure(*jobs: Any) -> None:
    """Run until cancelled or until one job fails, and then fail with its error."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
