"""A Telegram Bot API server for end-to-end tests.

It listens on a real loopback socket and answers the subset of the Bot API the bot uses, with
Telegram's status codes, error descriptions and object shapes, so that aiogram's own client can
be pointed at it unchanged. Tests drive it from the outside: they add users and chats, make users
write, press buttons or send voice notes, inject faults, and read back what the bot did.

Three ways to run it:

* ``async with BotApiServer() as api:`` on the running event loop;
* ``with serve_in_thread() as api:`` on a private event loop in a background thread, for
  synchronous tests and for bots started as separate processes (see ``api.env()``);
* ``python -m tests.support.botapi --port 8081`` for manual tries.

Every public method of ``BotApiServer`` may be called from any thread. A typical test::

    with serve_in_thread() as api:
        grandma = api.add_user("王奶奶")
        bot = subprocess.Popen([...], env={**os.environ, **api.env()})
        api.send_text(grandma["id"], "明天上午来看我")
        (reply,) = api.wait_for_sent(grandma["id"])
        api.press_button(grandma["id"], reply.message_id, text="确认")
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import logging
import math
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web

log = logging.getLogger("qinqing.tests.botapi")

T = TypeVar("T")

DEFAULT_TOKEN = "7000000001:TEST-qinqing-fake-bot-api-token"
MAX_TEXT_UNITS = 4096
MAX_CAPTION_UNITS = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Telegram leaves these out unless a bot asks for them by name.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendVoice",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "forwardMessage",
        "copyMessage",
    }
)


class ApiError(Exception):
    """An answer with ``ok: false``, as Telegram would word it."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Records of what the bot did. Times are time.monotonic() readings.


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict[str, Any]
    status: int
    started: float
    duration: float


@dataclass(frozen=True)
class SentMessage:
    method: str
    chat_id: int
    message_id: int
    message: dict[str, Any]
    at: float
    reply_markup: dict[str, Any] | None = None
    file: StoredFile | None = None

    @property
    def text(self) -> str | None:
        return self.message.get("text", self.message.get("caption"))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    def button(self, text: str) -> dict[str, Any]:
        for button in self.buttons:
            if button.get("text") == text:
                return button
        raise KeyError(text)


@dataclass(frozen=True)
class Edit:
    method: str
    chat_id: int
    message_id: int
    text: str | None
    reply_markup: dict[str, Any] | None
    at: float


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    age: float
    at: float


@dataclass(frozen=True)
class Deletion:
    chat_id: int
    message_id: int
    at: float


@dataclass(frozen=True)
class FileFetch:
    file_id: str
    file_path: str
    via: str
    at: float


@dataclass(frozen=True)
class ChatAction:
    chat_id: int
    action: str
    at: float


@dataclass
class PollCall:
    offset: int | None
    limit: int
    timeout: float
    allowed_updates: list[str] | None
    started: float
    finished: float | None = None
    returned: tuple[int, ...] = ()
    outcome: str = "waiting"


@dataclass(frozen=True)
class WebhookAttempt:
    update_id: int
    attempt: int
    url: str
    secret_token: str | None
    status: int | None
    error: str | None
    at: float
    duration: float

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str | None = None
    file_name: str | None = None
    url: str | None = None

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass(frozen=True)
class RateLimits:
    """Sliding windows as (messages, seconds); Telegram's published guidance by default."""

    per_chat: tuple[int, float] = (1, 1.0)
    per_group: tuple[int, float] = (20, 60.0)
    overall: tuple[int, float] = (30, 1.0)


@dataclass
class _Fault:
    method: str
    chat_id: str | None
    remaining: int
    error: ApiError


@dataclass
class _Delay:
    method: str | None
    chat_id: str | None
    seconds: float


@dataclass
class _Query:
    created: float
    answered: bool = False


@dataclass
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    ip_address: str | None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class _Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class _Poll:
    record: PollCall
    terminated_by: ApiError | None = None


# Text formatting: Telegram parses markup into plain text plus entities and refuses broken markup.


class _EntityError(Exception):
    pass


_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class _HtmlEntityParser(HTMLParser):
    def __init__(self) -> None:
        # Character references are resolved by hand so that a literal "<" in the data can only
        # come from markup that was not a tag, which Telegram refuses.
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.units = 0
        self.stack: list[tuple[str, int, dict[str, str | None]]] = []
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in _HTML_ENTITY_TYPES:
            raise _EntityError(f'Unsupported start tag "{tag}"')
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise _EntityError('Tag "span" must have class "tg-spoiler"')
        self.stack.append((tag, self.units, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _EntityError(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            raise _EntityError(f'Unexpected end tag "{tag}"')
        opened, start, attributes = self.stack.pop()
        if opened != tag:
            raise _EntityError(f'Can\'t find end tag corresponding to start tag "{opened}"')
        if self.units == start:
            return
        entity: dict[str, Any] = {
            "type": _HTML_ENTITY_TYPES[tag],
            "offset": start,
            "length": self.units - start,
        }
        if tag == "a":
            if not attributes.get("href"):
                return
            entity["url"] = attributes["href"]
        if tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id") or ""
        self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        if "<" in data:
            raise _EntityError(f'Unsupported start tag "{data[data.index("<") + 1 :][:16]}"')
        self._add(data)

    def handle_entityref(self, name: str) -> None:
        self._add(_NAMED_HTML_ENTITIES.get(name, f"&{name};"))

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            self._add(chr(code))
        except (ValueError, OverflowError) as exc:
            raise _EntityError(f'Unsupported HTML entity "&#{name};"') from exc

    def handle_comment(self, data: str) -> None:
        raise _EntityError('Unsupported start tag "!--"')

    def handle_decl(self, decl: str) -> None:
        raise _EntityError(f'Unsupported start tag "!{decl[:16]}"')

    def handle_pi(self, data: str) -> None:
        raise _EntityError(f'Unsupported start tag "?{data[:16]}"')

    def unknown_decl(self, data: str) -> None:
        raise _EntityError(f'Unsupported start tag "{data[:16]}"')

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.units += utf16_len(text)

    def finish(self) -> tuple[str, list[dict[str, Any]]]:
        self.close()
        if self.stack:
            raise _EntityError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"'
            )
        return "".join(self.parts), sorted(self.entities, key=lambda e: e["offset"])


_MARKDOWN_V2_MARKS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_MARKDOWN_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")


def _parse_markdown_v2(source: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    units = 0
    open_marks: dict[str, int] = {}
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            out.append(source[i + 1])
            units += utf16_len(source[i + 1])
            i += 2
            continue
        mark = source[i : i + 2] if source[i : i + 2] in ("__", "||") else ch
        if mark in _MARKDOWN_V2_MARKS:
            if mark in open_marks:
                start = open_marks.pop(mark)
                if units > start:
                    entities.append(
                        {
                            "type": _MARKDOWN_V2_MARKS[mark],
                            "offset": start,
                            "length": units - start,
                        }
                    )
            else:
                open_marks[mark] = units
            i += len(mark)
            continue
        if ch == "`":
            end = source.find("`", i + 1)
            if end < 0:
                raise _EntityError(f"Can't find end of Code entity at byte offset {i}")
            code = source[i + 1 : end]
            entities.append({"type": "code", "offset": units, "length": utf16_len(code)})
            out.append(code)
            units += utf16_len(code)
            i = end + 1
            continue
        if ch == ">" and (i == 0 or source[i - 1] == "\n"):
            i += 1
            continue
        if ch in _MARKDOWN_V2_RESERVED:
            raise _EntityError(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(ch)
        units += utf16_len(ch)
        i += 1
    if open_marks:
        kind = _MARKDOWN_V2_MARKS[next(iter(open_marks))]
        raise _EntityError(f"Can't find end of {kind.capitalize()} entity")
    return "".join(out), sorted(entities, key=lambda e: e["offset"])


def format_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities for a text with optional markup; raises ApiError like Telegram."""
    try:
        if not parse_mode:
            return text, list(entities or [])
        mode = parse_mode.lower()
        if mode == "html":
            parser = _HtmlEntityParser()
            parser.feed(text)
            return parser.finish()
        if mode == "markdownv2":
            return _parse_markdown_v2(text)
        if mode == "markdown":
            return re.sub(r"[*_`]", "", text), []
    except _EntityError as exc:
        raise bad_request(f"can't parse entities: {exc}") from exc
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """The keyboard as Telegram would accept it, or ApiError with Telegram's wording."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > 100:
            raise bad_request("reply markup is too long")
        for button in (button for row in rows for button in row):
            _check_inline_button(button)
    elif not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    actions = {"url", "callback_data", "web_app", "login_url", "switch_inline_query"}
    actions |= {"switch_inline_query_current_chat", "switch_inline_query_chosen_chat"}
    actions |= {"copy_text", "callback_game", "pay"}
    if not actions & button.keys():
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https", "tg"):
            raise bad_request("BUTTON_URL_INVALID")


class _Params:
    """Request parameters from the query string and a JSON, urlencoded or multipart body."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, _Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str, required: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(required)
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def number(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def required_number(self, name: str, missing: str) -> int:
        value = self.number(name)
        if value is None:
            raise bad_request(missing)
        return value

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def parsed(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
        return value

    def chat_key(self) -> str | None:
        value = self.values.get("chat_id")
        return None if value is None else str(value)


class BotApiServer:
    """One bot's view of Telegram, served over HTTP on loopback."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "qinqing_test_bot",
        bot_name: str = "亲情连线",
        webhook_timeout: float = 2.0,
        webhook_retry_delay: float = 1.0,
        callback_answer_ttl: float = 15.0,
        conflict_policy: str = "terminate_older",
        enforce_rate_limits: bool = False,
        rate_limits: RateLimits | None = None,
        require_https_webhook: bool = False,
    ) -> None:
        if conflict_policy not in ("terminate_older", "reject_newer"):
            raise ValueError(f"unknown conflict policy {conflict_policy!r}")
        self.token = token
        self.host = host
        self.port = port
        self.webhook_timeout = webhook_timeout
        self.webhook_retry_delay = webhook_retry_delay
        self.callback_answer_ttl = callback_answer_ttl
        self.conflict_policy = conflict_policy
        self.enforce_rate_limits = enforce_rate_limits
        self.rate_limits = rate_limits or RateLimits()
        self.require_https_webhook = require_https_webhook
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._worker: asyncio.Task[None] | None = None
        self._stopping = False

        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._members: dict[int, dict[int, str]] = {}
        self._blocked: set[int] = set()
        self._kicked: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._next_user_id = 100_000_001
        self._next_group_id = 4_000_000_001
        self._next_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._deleted: set[tuple[int, int]] = set()
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._queries: dict[str, _Query] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}

        self._next_update_id = 1
        self._pending: deque[dict[str, Any]] = deque()
        self._updates: list[dict[str, Any]] = []
        self._confirmed: list[int] = []
        self._dropped: list[int] = []
        self._allowed_updates: frozenset[str] | None = None
        self._poll: _Poll | None = None
        self._webhook: _Webhook | None = None
        self._webhook_retry_at = 0.0
        self._webhook_attempts_by_update: dict[int, int] = {}

        self._faults: list[_Fault] = []
        self._delays: list[_Delay] = []
        self._send_times: dict[int, list[float]] = {}
        self._all_send_times: list[float] = []

        self._calls: list[ApiCall] = []
        self._sent: list[SentMessage] = []
        self._edits: list[Edit] = []
        self._answers: list[CallbackAnswer] = []
        self._deletions: list[Deletion] = []
        self._fetches: list[FileFetch] = []
        self._actions: list[ChatAction] = []
        self._polls: list[PollCall] = []
        self._webhook_log: list[WebhookAttempt] = []

        self._methods: dict[str, tuple[str, Callable[[_Params], Awaitable[Any]]]] = {}
        for name, handler in (
            ("getMe", self._get_me),
            ("logOut", self._true),
            ("close", self._true),
            ("getUpdates", self._get_updates),
            ("setWebhook", self._set_webhook),
            ("deleteWebhook", self._delete_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("sendMessage", self._send_message),
            ("sendPhoto", self._media_sender("photo")),
            ("sendVoice", self._media_sender("voice")),
            ("sendDocument", self._media_sender("document")),
            ("sendAudio", self._media_sender("audio")),
            ("sendVideo", self._media_sender("video")),
            ("forwardMessage", self._forward_message),
            ("copyMessage", self._copy_message),
            ("editMessageText", self._edit_message_text),
            ("editMessageCaption", self._edit_message_caption),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("deleteMessage", self._delete_message),
            ("answerCallbackQuery", self._answer_callback_query),
            ("getFile", self._get_file),
            ("getChat", self._get_chat),
            ("getChatMember", self._get_chat_member),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("sendChatAction", self._send_chat_action),
        ):
            self._methods[name.lower()] = (name, handler)

    # Lifecycle.

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        """Environment for a bot process that should talk to this server."""
        return {"QINQING_TELEGRAM_API": self.base_url, "QINQING_TELEGRAM_TOKEN": self.token}

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        self._stopping = False
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_post("/_test/{action}", self._handle_control)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        # A bot killed mid long-poll must free its slot, or its successor would see a conflict.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._client = aiohttp.ClientSession()
        self._worker = asyncio.create_task(self._deliver_webhooks())
        log.info("fake Bot API listening on %s", self.base_url)

    async def stop(self) -> None:
        self._stopping = True
        self._notify()
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self._loop = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _notify(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake()
        else:
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._wakeup is not None:
            self._wakeup.set()
        self._wakeup = asyncio.Event()

    async def _sleep_until_woken(self, timeout: float) -> None:
        event = self._wakeup
        if event is None or timeout <= 0:
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    # People and chats.

    def add_user(
        self,
        first_name: str = "测试用户",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A Telegram user with a private chat to the bot; returns the User object."""
        with self._lock:
            if user_id is None:
                user_id = self._next_user_id
                self._next_user_id += 1
            user = {"id": user_id, "is_bot": False, "first_name": first_name}
            for key, value in (
                ("last_name", last_name),
                ("username", username),
                ("language_code", language_code),
            ):
                if value is not None:
                    user[key] = value
            self._users[user_id] = user
            chat = {"id": user_id, "type": "private", "first_name": first_name}
            for key in ("last_name", "username"):
                if key in user:
                    chat[key] = user[key]
            self._chats[user_id] = chat
            self._members[user_id] = {user_id: "member", self.bot_user["id"]: "member"}
            return dict(user)

    def add_group(
        self,
        title: str = "测试群",
        *,
        members: tuple[int, ...] | list[int] = (),
        supergroup: bool = False,
        chat_id: int | None = None,
        bot_status: str = "member",
    ) -> dict[str, Any]:
        """A group or supergroup the bot belongs to; returns the Chat object."""
        with self._lock:
            if chat_id is None:
                number = self._next_group_id
                self._next_group_id += 1
                chat_id = -(1_000_000_000_000 + number) if supergroup else -number
            chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
            self._chats[chat_id] = chat
            self._members[chat_id] = {self.bot_user["id"]: bot_status}
            for user_id in members:
                self._members[chat_id][user_id] = "member"
            return dict(chat)

    def set_member(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """Status is one of creator, administrator, member, left, kicked."""
        with self._lock:
            self._members[chat_id][user_id] = status

    def user(self, user_id: int) -> dict[str, Any]:
        with self._lock:
            return dict(self._users[user_id])

    def chat(self, chat_id: int) -> dict[str, Any]:
        with self._lock:
            return dict(self._chats[chat_id])

    def block_bot(self, user_id: int, *, announce: bool = True) -> None:
        """The user blocks the bot: sends to them answer 403 from now on."""
        with self._lock:
            self._blocked.add(user_id)
        if announce:
            self._push_member_change(user_id, user_id, "member", "kicked")

    def unblock_bot(self, user_id: int, *, announce: bool = True) -> None:
        with self._lock:
            self._blocked.discard(user_id)
        if announce:
            self._push_member_change(user_id, user_id, "kicked", "member")

    def kick_bot(self, chat_id: int, by_user_id: int, *, announce: bool = True) -> None:
        """Someone removes the bot from a group."""
        with self._lock:
            self._kicked.add(chat_id)
            self._members[chat_id][self.bot_user["id"]] = "kicked"
        if announce:
            self._push_member_change(chat_id, by_user_id, "member", "kicked")

    def migrate_group(self, chat_id: int, by_user_id: int | None = None) -> int:
        """Upgrade a group to a supergroup; the old id then answers with migrate_to_chat_id."""
        with self._lock:
            old = self._chats[chat_id]
            new = self.add_group(old["title"], supergroup=True)
            self._members[new["id"]] = dict(self._members[chat_id])
            self._migrated[chat_id] = new["id"]
            sender = self._users.get(by_user_id) if by_user_id else None
        self._push_message(chat_id, sender, {"migrate_to_chat_id": new["id"]})
        self._push_message(new["id"], sender, {"migrate_from_chat_id": chat_id})
        return int(new["id"])

    def _push_member_change(self, chat_id: int, by_user_id: int, old: str, new: str) -> None:
        with self._lock:
            by = self._users[by_user_id]
            change: dict[str, Any] = {
                "chat": dict(self._chats[chat_id]),
                "from": dict(by),
                "date": int(time.time()),
                "old_chat_member": {"status": old, "user": dict(self.bot_user)},
                "new_chat_member": {"status": new, "user": dict(self.bot_user)},
            }
            if new == "kicked":
                change["new_chat_member"]["until_date"] = 0
        self._push_update("my_chat_member", change)

    # What users do.

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """The user writes a text message; returns the Update."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return self._user_message(user_id, chat_id, content, reply_to_message_id)

    def send_voice(
        self,
        user_id: int,
        data: bytes = b"OggS\x00fake-voice",
        *,
        duration: int = 3,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        stored = self._store_file("voice", data, mime_type="audio/ogg", file_name=None)
        voice = self._media_object("voice", stored, {"duration": duration})
        return self._user_message(user_id, chat_id, {"voice": voice}, None)

    def send_photo(
        self,
        user_id: int,
        data: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        *,
        caption: str | None = None,
        width: int = 640,
        height: int = 480,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        stored = self._store_file("photo", data, mime_type="image/jpeg", file_name=None)
        photo = self._media_object("photo", stored, {"width": width, "height": height})
        content: dict[str, Any] = {"photo": photo}
        if caption is not None:
            content["caption"] = caption
        return self._user_message(user_id, chat_id, content, None)

    def send_document(
        self,
        user_id: int,
        data: bytes,
        *,
        file_name: str = "file.bin",
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        stored = self._store_file("document", data, mime_type=mime_type, file_name=file_name)
        content: dict[str, Any] = {"document": self._media_object("document", stored, {})}
        if caption is not None:
            content["caption"] = caption
        return self._user_message(user_id, chat_id, content, None)

    def edit_text(self, user_id: int, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        """The user edits one of their messages; returns the edited_message Update."""
        with self._lock:
            message = self._messages[(chat_id, message_id)]
            if message.get("from", {}).get("id") != user_id:
                raise ValueError("users can only edit their own messages")
            message["text"] = text
            message["edit_date"] = int(time.time())
            snapshot = copy.deepcopy(message)
        return self._push_update("edited_message", snapshot)

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        *,
        data: str | None = None,
        text: str | None = None,
        user_id: int | None = None,
        check: bool = True,
    ) -> dict[str, Any]:
        """The user presses an inline button under a bot message; returns the Update.

        The button is found by its callback data or its label. With ``check=False`` any data is
        sent, as a client showing an outdated keyboard would.
        """
        with self._lock:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise KeyError(f"no message {message_id} in chat {chat_id}")
            if user_id is None:
                if self._chats[chat_id]["type"] != "private":
                    raise ValueError("say which user pressed the button in a group")
                user_id = chat_id
            buttons = [
                button
                for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                for button in row
                if "callback_data" in button
            ]
            chosen = [
                b
                for b in buttons
                if (data is None or b["callback_data"] == data)
                and (text is None or b["text"] == text)
            ]
            if chosen:
                data = chosen[0]["callback_data"]
            elif check or data is None:
                raise KeyError(f"no button matching data={data!r} text={text!r}")
            query_id = str(secrets.randbits(62))
            self._queries[query_id] = _Query(created=time.monotonic())
            query = {
                "id": query_id,
                "from": dict(self._users[user_id]),
                "message": copy.deepcopy(message),
                "chat_instance": str(abs(hash((chat_id, self.token))) % 10**18),
                "data": data,
            }
        return self._push_update("callback_query", query)

    def jump_update_ids(self, to: int | None = None) -> int:
        """Make the next update id jump, as Telegram does after a quiet week; returns it."""
        with self._lock:
            if to is None:
                to = secrets.randbelow(2**31 - 10**9) + 10**9
            self._next_update_id = to
            return to

    def _user_message(
        self,
        user_id: int,
        chat_id: int | None,
        content: dict[str, Any],
        reply_to_message_id: int | None,
    ) -> dict[str, Any]:
        with self._lock:
            sender = self._users[user_id]
            target = user_id if chat_id is None else chat_id
            if reply_to_message_id is not None:
                content = dict(content)
                content["reply_to_message"] = copy.deepcopy(
                    self._messages[(target, reply_to_message_id)]
                )
        return self._push_message(target, sender, content)

    def _push_message(
        self, chat_id: int, sender: dict[str, Any] | None, content: dict[str, Any]
    ) -> dict[str, Any]:
        with self._lock:
            message = self._new_message(chat_id, sender, content)
        return self._push_update("message", copy.deepcopy(message))

    def _push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            update_id = self._next_update_id
            update: dict[str, Any] = {"update_id": update_id, kind: payload}
            self._next_update_id += 1
            self._updates.append(update)
            if self._update_allowed(kind):
                self._pending.append(update)
            else:
                self._dropped.append(update_id)
        self._notify()
        return copy.deepcopy(update)

    def _update_allowed(self, kind: str) -> bool:
        if self._allowed_updates is None:
            return kind not in OPT_IN_UPDATES
        return kind in self._allowed_updates

    def _new_message(
        self, chat_id: int, sender: dict[str, Any] | None, content: dict[str, Any]
    ) -> dict[str, Any]:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": dict(self._chats[chat_id]),
        }
        if sender is not None:
            message["from"] = dict(sender)
        message.update(content)
        self._messages[(chat_id, message_id)] = message
        return message

    # Faults.

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        times: int = 1,
        chat_id: int | str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        """The next ``times`` calls of a method (to one chat, if given) fail this way."""
        error = ApiError(error_code, description, parameters)
        key = None if chat_id is None else str(chat_id)
        with self._lock:
            self._faults.append(_Fault(method.lower(), key, times, error))

    def flood_next(
        self,
        method: str = "sendMessage",
        *,
        retry_after: int = 3,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Flood control: the next calls answer 429 with ``parameters.retry_after``."""
        error = too_many_requests(retry_after)
        self.fail_next(
            method,
            error.code,
            error.description,
            times=times,
            chat_id=chat_id,
            parameters=error.parameters,
        )

    def set_delay(
        self, seconds: float, *, method: str | None = None, chat_id: int | str | None = None
    ) -> None:
        """Answer a method (all methods if None) only after ``seconds``; 0 removes the delay."""
        with self._lock:
            key = None if chat_id is None else str(chat_id)
            name = None if method is None else method.lower()
            self._delays = [d for d in self._delays if (d.method, d.chat_id) != (name, key)]
            if seconds > 0:
                self._delays.append(_Delay(name, key, seconds))

    # What the bot did.

    def calls(self, method: str | None = None) -> list[ApiCall]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent, forwarded or copied, oldest first."""
        with self._lock:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def last_sent(self, chat_id: int) -> SentMessage:
        messages = self.sent(chat_id)
        if not messages:
            raise LookupError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as it stands now, after edits."""
        with self._lock:
            return copy.deepcopy(self._messages[(chat_id, message_id)])

    def is_deleted(self, chat_id: int, message_id: int) -> bool:
        with self._lock:
            return (chat_id, message_id) in self._deleted

    def edits(self, chat_id: int | None = None) -> list[Edit]:
        with self._lock:
            return [e for e in self._edits if chat_id is None or e.chat_id == chat_id]

    def callback_answers(self) -> list[CallbackAnswer]:
        with self._lock:
            return list(self._answers)

    def deletions(self, chat_id: int | None = None) -> list[Deletion]:
        with self._lock:
            return [d for d in self._deletions if chat_id is None or d.chat_id == chat_id]

    def file_fetches(self) -> list[FileFetch]:
        with self._lock:
            return list(self._fetches)

    def file(self, file_id: str) -> StoredFile:
        with self._lock:
            return self._files[file_id]

    def chat_actions(self, chat_id: int | None = None) -> list[ChatAction]:
        with self._lock:
            return [a for a in self._actions if chat_id is None or a.chat_id == chat_id]

    def poll_calls(self) -> list[PollCall]:
        with self._lock:
            return [copy.copy(p) for p in self._polls]

    def webhook_attempts(self) -> list[WebhookAttempt]:
        with self._lock:
            return list(self._webhook_log)

    def pending_update_ids(self) -> list[int]:
        with self._lock:
            return [u["update_id"] for u in self._pending]

    def confirmed_update_ids(self) -> list[int]:
        """Updates the bot confirmed (getUpdates offset) or a webhook accepted."""
        with self._lock:
            return list(self._confirmed)

    def dropped_update_ids(self) -> list[int]:
        """Updates never queued because allowed_updates excluded their kind."""
        with self._lock:
            return list(self._dropped)

    def send_times(self, chat_id: int | None = None) -> list[float]:
        with self._lock:
            if chat_id is None:
                return list(self._all_send_times)
            return list(self._send_times.get(chat_id, []))

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[Any]:
        with self._lock:
            return copy.deepcopy(self._commands.get((_scope_key(scope), language_code), []))

    def webhook_url(self) -> str | None:
        with self._lock:
            return None if self._webhook is None else self._webhook.url

    # Waiting for the bot.

    def wait_until(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, interval: float = 0.02
    ) -> T:
        """Block until ``predicate()`` is truthy and return it; for threads other than ours."""
        if self._loop is not None and _running_loop() is self._loop:
            raise RuntimeError("wait_until would block the server's own loop; use until()")
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"condition not met within {timeout} s")
            time.sleep(interval)

    async def until(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, interval: float = 0.02
    ) -> T:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"condition not met within {timeout} s")
            await asyncio.sleep(interval)

    def wait_for_sent(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Block until the bot has sent ``count`` messages to the chat; returns them all."""
        return self.wait_until(lambda: _at_least(self.sent(chat_id), count), timeout)

    async def sent_eventually(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        return await self.until(lambda: _at_least(self.sent(chat_id), count), timeout)

    # HTTP entry points.

    async def _handle_method(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, "Unauthorized").body(), 401)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return _json_response(ApiError(404, "Not Found").body(), 404)
        name, handler = entry

        try:
            params = await _read_params(request)
        except ApiError as exc:
            return _json_response(exc.body(), exc.code)

        status, body = await self._call(name, handler, params)
        self._record_call(name, params, status, started)
        return _json_response(body, status)

    async def _call(
        self, name: str, handler: Callable[[_Params], Awaitable[Any]], params: _Params
    ) -> tuple[int, dict[str, Any]]:
        delay = self._delay_for(name.lower(), params.chat_key())
        if delay:
            await asyncio.sleep(delay)
        try:
            self._raise_fault(name.lower(), params.chat_key())
            result = await handler(params)
        except ApiError as exc:
            log.debug("%s answered %s: %s", name, exc.code, exc.description)
            return exc.code, exc.body()
        return 200, {"ok": True, "result": result}

    def _record_call(self, name: str, params: _Params, status: int, started: float) -> None:
        shown = {
            key: (f"<file {value.filename}>" if isinstance(value, _Upload) else value)
            for key, value in params.values.items()
        }
        duration = time.monotonic() - started
        with self._lock:
            self._calls.append(ApiCall(name, shown, status, started, duration))
        log.debug("%s -> %s in %.3f s", name, status, duration)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, "Unauthorized").body(), 401)
        path = request.match_info["path"]
        with self._lock:
            stored = self._files_by_path.get(path)
            if stored is not None:
                self._fetches.append(FileFetch(stored.file_id, path, "download", time.monotonic()))
        if stored is None:
            return _json_response(ApiError(404, "Not Found").body(), 404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return _json_response(ApiError(404, "Not Found").body(), 404)

    async def _handle_control(self, request: web.Request) -> web.Response:
        """A small control surface for a server run by hand, driven with curl."""
        try:
            body = await request.json() if request.can_read_body else {}
            action = request.match_info["action"]
            if action == "user":
                result: Any = self.add_user(body.get("first_name", "测试用户"))
            elif action == "group":
                result = self.add_group(
                    body.get("title", "测试群"), members=body.get("members", [])
                )
            elif action == "text":
                result = self.send_text(body["user_id"], body["text"], chat_id=body.get("chat_id"))
            elif action == "press":
                result = self.press_button(
                    body["chat_id"],
                    body["message_id"],
                    data=body.get("data"),
                    text=body.get("text"),
                    user_id=body.get("user_id"),
                )
            elif action == "sent":
                result = [m.message for m in self.sent(body.get("chat_id"))]
            else:
                return _json_response({"ok": False, "description": "unknown action"}, 404)
        except (KeyError, ValueError, TypeError) as exc:
            return _json_response({"ok": False, "description": repr(exc)}, 400)
        return _json_response({"ok": True, "result": result}, 200)

    def _delay_for(self, method: str, chat_key: str | None) -> float:
        with self._lock:
            matching = [
                d.seconds
                for d in self._delays
                if d.method in (None, method) and d.chat_id in (None, chat_key)
            ]
        return max(matching, default=0.0)

    def _raise_fault(self, method: str, chat_key: str | None) -> None:
        with self._lock:
            for fault in self._faults:
                if fault.method == method and fault.chat_id in (None, chat_key):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    raise ApiError(
                        fault.error.code, fault.error.description, fault.error.parameters
                    )

    # Chats as seen by a method call.

    def _resolve_chat(self, params: _Params, name: str = "chat_id") -> dict[str, Any]:
        raw = params.raw(name)
        if raw is None or raw == "":
            raise bad_request(f"{name} is empty")
        with self._lock:
            if isinstance(raw, str) and raw.startswith("@"):
                for chat in self._chats.values():
                    if chat.get("username") == raw[1:]:
                        return chat
                raise bad_request("chat not found")
            try:
                chat_id = int(raw)
            except (TypeError, ValueError) as exc:
                raise bad_request("chat not found") from exc
            if chat_id in self._migrated:
                raise ApiError(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    {"migrate_to_chat_id": self._migrated[chat_id]},
                )
            if chat_id not in self._chats:
                raise bad_request("chat not found")
            return self._chats[chat_id]

    def _writable_chat(self, params: _Params) -> dict[str, Any]:
        chat = self._resolve_chat(params)
        with self._lock:
            if chat["type"] == "private" and chat["id"] in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat["id"] in self._kicked:
                kind = "supergroup chat" if chat["type"] == "supergroup" else "group chat"
                raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")
        return chat

    def _check_rate(self, chat: dict[str, Any]) -> None:
        if not self.enforce_rate_limits:
            return
        now = time.monotonic()
        with self._lock:
            limits = [(self._send_times.get(chat["id"], []), self.rate_limits.per_chat)]
            if chat["type"] in ("group", "supergroup"):
                limits.append((self._send_times.get(chat["id"], []), self.rate_limits.per_group))
            limits.append((self._all_send_times, self.rate_limits.overall))
            for times, (count, window) in limits:
                recent = [t for t in times if t > now - window]
                if len(recent) >= count:
                    wait = recent[-count] + window - now
                    raise too_many_requests(max(1, math.ceil(wait)))

    def _record_sent(
        self,
        method: str,
        chat: dict[str, Any],
        message: dict[str, Any],
        reply_markup: dict[str, Any] | None,
        stored: StoredFile | None = None,
    ) -> None:
        now = time.monotonic()
        with self._lock:
            self._send_times.setdefault(chat["id"], []).append(now)
            self._all_send_times.append(now)
            self._sent.append(
                SentMessage(
                    method=method,
                    chat_id=chat["id"],
                    message_id=message["message_id"],
                    message=copy.deepcopy(message),
                    at=now,
                    reply_markup=copy.deepcopy(reply_markup),
                    file=stored,
                )
            )

    def _bot_message(
        self,
        chat: dict[str, Any],
        content: dict[str, Any],
        params: _Params,
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        content = dict(content)
        reply_to = params.number("reply_to_message_id")
        reply_parameters = params.parsed("reply_parameters")
        if isinstance(reply_parameters, dict):
            reply_to = reply_parameters.get("message_id", reply_to)
        with self._lock:
            if reply_to is not None:
                original = self._messages.get((chat["id"], int(reply_to)))
                if original is None:
                    raise bad_request("message to be replied not found")
                content["reply_to_message"] = copy.deepcopy(original)
            if markup and "inline_keyboard" in markup:
                content["reply_markup"] = markup
            return self._new_message(chat["id"], self.bot_user, content)

    # Methods.

    async def _true(self, params: _Params) -> bool:
        return True

    async def _get_me(self, params: _Params) -> dict[str, Any]:
        return dict(self.bot_user)

    async def _send_message(self, params: _Params) -> dict[str, Any]:
        chat = self._writable_chat(params)
        source = params.text("text", required="message text is empty") or ""
        text, entities = format_text(source, params.text("parse_mode"), params.parsed("entities"))
        if not text.strip():
            raise bad_request("message text is empty")
        if utf16_len(text) > MAX_TEXT_UNITS:
            raise bad_request("message is too long")
        markup = check_reply_markup(params.parsed("reply_markup"))
        self._check_rate(chat)

        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        message = self._bot_message(chat, content, params, markup)
        self._record_sent("sendMessage", chat, message, markup)
        return copy.deepcopy(message)

    def _media_sender(self, kind: str) -> Callable[[_Params], Awaitable[Any]]:
        async def send(params: _Params) -> dict[str, Any]:
            return self._send_media(kind, params)

        return send

    def _send_media(self, kind: str, params: _Params) -> dict[str, Any]:
        chat = self._writable_chat(params)
        stored = self._resolve_input_file(kind, params)
        extra: dict[str, Any] = {}
        for key in ("duration", "width", "height"):
            value = params.number(key)
            if value is not None:
                extra[key] = value
        content: dict[str, Any] = {kind: self._media_object(kind, stored, extra)}
        content.update(self._caption(params))
        markup = check_reply_markup(params.parsed("reply_markup"))
        self._check_rate(chat)

        message = self._bot_message(chat, content, params, markup)
        method = {"photo": "sendPhoto", "voice": "sendVoice", "document": "sendDocument"}.get(
            kind, f"send{kind.capitalize()}"
        )
        self._record_sent(method, chat, message, markup, stored)
        return copy.deepcopy(message)

    def _caption(self, params: _Params) -> dict[str, Any]:
        source = params.text("caption")
        if source is None:
            return {}
        text, entities = format_text(
            source, params.text("parse_mode"), params.parsed("caption_entities")
        )
        if utf16_len(text) > MAX_CAPTION_UNITS:
            raise bad_request("message caption is too long")
        content: dict[str, Any] = {"caption": text}
        if entities:
            content["caption_entities"] = entities
        return content

    def _resolve_input_file(self, kind: str, params: _Params) -> StoredFile:
        value = params.raw(kind)
        upload: _Upload | None = None
        if isinstance(value, _Upload):
            upload = value
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = params.uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        elif value is None or value == "":
            raise bad_request(f"there is no {kind} in the request")

        if upload is not None:
            return self._store_file(
                kind,
                upload.data,
                mime_type=_default_mime(kind, upload.content_type),
                file_name=upload.filename,
            )
        if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
            stored = self._store_file(
                kind, b"", mime_type=_default_mime(kind, None), file_name=None
            )
            stored.url = value
            return stored
        with self._lock:
            known = self._files.get(str(value))
        if known is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return known

    def _store_file(
        self, kind: str, data: bytes, *, mime_type: str | None, file_name: str | None
    ) -> StoredFile:
        folder, extension = {
            "photo": ("photos", "jpg"),
            "voice": ("voice", "oga"),
            "audio": ("music", "mp3"),
            "video": ("videos", "mp4"),
        }.get(kind, ("documents", "bin"))
        if file_name and "." in file_name:
            extension = file_name.rsplit(".", 1)[1]
        with self._lock:
            number = len(self._files) + 1
            stored = StoredFile(
                file_id=f"{kind[:2].upper()}{number}-{secrets.token_urlsafe(18)}",
                file_unique_id=f"U{number}{secrets.token_hex(4)}",
                file_path=f"{folder}/file_{number}.{extension}",
                data=data,
                mime_type=mime_type,
                file_name=file_name,
            )
            self._files[stored.file_id] = stored
            self._files_by_path[stored.file_path] = stored
        return stored

    def _media_object(self, kind: str, stored: StoredFile, extra: dict[str, Any]) -> Any:
        base: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if kind == "photo":
            base.update(width=extra.get("width", 640), height=extra.get("height", 480))
            return [base]
        if kind in ("voice", "audio", "video"):
            base["duration"] = extra.get("duration", 0)
        if kind == "video":
            base.update(width=extra.get("width", 640), height=extra.get("height", 480))
        if kind in ("document", "audio", "video") and stored.file_name:
            base["file_name"] = stored.file_name
        if stored.mime_type and kind != "photo":
            base["mime_type"] = stored.mime_type
        return base

    def _source_message(self, params: _Params, missing: str) -> dict[str, Any]:
        source_chat = self._resolve_chat(params, "from_chat_id")
        message_id = params.required_number("message_id", missing)
        with self._lock:
            key = (source_chat["id"], message_id)
            source = self._messages.get(key)
            if source is None or key in self._deleted:
                raise bad_request(missing)
            return copy.deepcopy(source)

    async def _forward_message(self, params: _Params) -> dict[str, Any]:
        chat = self._writable_chat(params)
        source = self._source_message(params, "message to forward not found")
        self._check_rate(chat)

        content = {k: v for k, v in source.items() if k in _CONTENT_KEYS}
        content["forward_origin"] = {
            "type": "user",
            "date": source["date"],
            "sender_user": source.get("from", self.bot_user),
        }
        with self._lock:
            message = self._new_message(chat["id"], self.bot_user, content)
        self._record_sent("forwardMessage", chat, message, None)
        return copy.deepcopy(message)

    async def _copy_message(self, params: _Params) -> dict[str, Any]:
        chat = self._writable_chat(params)
        source = self._source_message(params, "message to copy not found")
        content = {k: v for k, v in source.items() if k in _CONTENT_KEYS}
        if "text" not in content and params.raw("caption") is not None:
            content.pop("caption_entities", None)
            content.update(self._caption(params))
        markup = check_reply_markup(params.parsed("reply_markup"))
        self._check_rate(chat)

        message = self._bot_message(chat, content, params, markup)
        self._record_sent("copyMessage", chat, message, markup)
        return {"message_id": message["message_id"]}

    def _editable(self, params: _Params) -> dict[str, Any]:
        if params.raw("inline_message_id"):
            raise bad_request("inline messages are not supported by this test server")
        chat = self._writable_chat(params)
        message_id = params.required_number("message_id", "message identifier is not specified")
        with self._lock:
            key = (chat["id"], message_id)
            message = self._messages.get(key)
            if message is None or key in self._deleted:
                raise bad_request("message to edit not found")
            if message.get("from", {}).get("id") != self.bot_user["id"]:
                raise bad_request("message can't be edited")
            return message

    def _apply_edit(
        self,
        method: str,
        message: dict[str, Any],
        changes: dict[str, Any],
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        # Leaving reply_markup out of an edit removes the inline keyboard, as on Telegram.
        inline = markup if markup and "inline_keyboard" in markup else None
        with self._lock:
            unchanged = all(message.get(k) == v for k, v in changes.items() if v is not None)
            unchanged = unchanged and message.get("reply_markup") == inline
            unchanged = unchanged and all(
                message.get(k) is None for k, v in changes.items() if v is None
            )
            if unchanged:
                raise bad_request(NOT_MODIFIED)
            for key, value in changes.items():
                if value is None:
                    message.pop(key, None)
                else:
                    message[key] = value
            if inline is None:
                message.pop("reply_markup", None)
            else:
                message["reply_markup"] = inline
            message["edit_date"] = int(time.time())
            self._edits.append(
                Edit(
                    method=method,
                    chat_id=message["chat"]["id"],
                    message_id=message["message_id"],
                    text=message.get("text", message.get("caption")),
                    reply_markup=copy.deepcopy(markup),
                    at=time.monotonic(),
                )
            )
            return copy.deepcopy(message)

    async def _edit_message_text(self, params: _Params) -> dict[str, Any]:
        message = self._editable(params)
        source = params.text("text", required="text must be non-empty") or ""
        text, entities = format_text(source, params.text("parse_mode"), params.parsed("entities"))
        if not text.strip():
            raise bad_request("text must be non-empty")
        if utf16_len(text) > MAX_TEXT_UNITS:
            raise bad_request("message is too long")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        markup = check_reply_markup(params.parsed("reply_markup"))
        changes = {"text": text, "entities": entities or None}
        return self._apply_edit("editMessageText", message, changes, markup)

    async def _edit_message_caption(self, params: _Params) -> dict[str, Any]:
        message = self._editable(params)
        if "text" in message:
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(params)
        markup = check_reply_markup(params.parsed("reply_markup"))
        changes = {
            "caption": caption.get("caption"),
            "caption_entities": caption.get("caption_entities"),
        }
        return self._apply_edit("editMessageCaption", message, changes, markup)

    async def _edit_message_reply_markup(self, params: _Params) -> dict[str, Any]:
        message = self._editable(params)
        markup = check_reply_markup(params.parsed("reply_markup"))
        return self._apply_edit("editMessageReplyMarkup", message, {}, markup)

    async def _delete_message(self, params: _Params) -> bool:
        chat = self._resolve_chat(params)
        message_id = params.required_number("message_id", "message identifier is not specified")
        with self._lock:
            key = (chat["id"], message_id)
            if key not in self._messages or key in self._deleted:
                raise bad_request("message to delete not found")
            self._deleted.add(key)
            self._deletions.append(Deletion(chat["id"], message_id, time.monotonic()))
        return True

    async def _answer_callback_query(self, params: _Params) -> bool:
        query_id = params.text("callback_query_id", required=QUERY_TOO_OLD) or ""
        now = time.monotonic()
        with self._lock:
            query = self._queries.get(query_id)
            if query is None or query.answered or now - query.created > self.callback_answer_ttl:
                raise bad_request(QUERY_TOO_OLD)
            query.answered = True
            self._answers.append(
                CallbackAnswer(
                    callback_query_id=query_id,
                    text=params.text("text"),
                    show_alert=params.flag("show_alert"),
                    url=params.text("url"),
                    age=now - query.created,
                    at=now,
                )
            )
        return True

    async def _get_file(self, params: _Params) -> dict[str, Any]:
        file_id = params.text("file_id", required="invalid file_id") or ""
        with self._lock:
            stored = self._files.get(file_id)
            if stored is None:
                raise bad_request("invalid file_id")
            self._fetches.append(FileFetch(file_id, stored.file_path, "getFile", time.monotonic()))
            return stored.as_file()

    async def _get_chat(self, params: _Params) -> dict[str, Any]:
        chat = dict(self._resolve_chat(params))
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return chat

    async def _get_chat_member(self, params: _Params) -> dict[str, Any]:
        chat = self._resolve_chat(params)
        user_id = params.required_number("user_id", "user not found")
        with self._lock:
            if user_id == self.bot_user["id"]:
                user = self.bot_user
            elif user_id in self._users:
                user = self._users[user_id]
            else:
                raise bad_request("user not found")
            status = self._members.get(chat["id"], {}).get(user_id, "left")
            return _chat_member(status, dict(user))

    async def _set_my_commands(self, params: _Params) -> bool:
        commands = params.parsed("commands")
        if not isinstance(commands, list):
            raise bad_request("commands must be an array")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("command description must be non-empty")
        key = (_scope_key(params.parsed("scope")), params.text("language_code") or "")
        with self._lock:
            self._commands[key] = commands
        return True

    async def _get_my_commands(self, params: _Params) -> list[Any]:
        return self.commands(params.parsed("scope"), params.text("language_code") or "")

    async def _delete_my_commands(self, params: _Params) -> bool:
        key = (_scope_key(params.parsed("scope")), params.text("language_code") or "")
        with self._lock:
            self._commands.pop(key, None)
        return True

    async def _send_chat_action(self, params: _Params) -> bool:
        chat = self._writable_chat(params)
        action = params.text("action", required="action is empty")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        with self._lock:
            self._actions.append(ChatAction(chat["id"], action, time.monotonic()))
        return True

    # Updates by long polling.

    async def _get_updates(self, params: _Params) -> list[dict[str, Any]]:
        offset = params.number("offset")
        limit = min(max(params.number("limit", 100) or 100, 1), 100)
        timeout = max(float(params.number("timeout", 0) or 0), 0.0)
        allowed = params.parsed("allowed_updates")
        record = PollCall(offset, limit, timeout, allowed, time.monotonic())
        poll = _Poll(record)

        with self._lock:
            self._polls.append(record)
            if self._webhook is not None:
                record.outcome, record.finished = "conflict", record.started
                raise _webhook_conflict()
            if self._poll is not None:
                if self.conflict_policy == "reject_newer":
                    record.outcome, record.finished = "conflict", record.started
                    raise _terminated_conflict()
                self._poll.terminated_by = _terminated_conflict()
            self._poll = poll
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) if allowed else None
            self._confirm(offset)
        self._notify()

        try:
            deadline = time.monotonic() + timeout
            while True:
                with self._lock:
                    if poll.terminated_by is not None:
                        record.outcome = "conflict"
                        raise poll.terminated_by
                    batch = list(self._pending)[:limit]
                    remaining = deadline - time.monotonic()
                    if batch or remaining <= 0 or self._stopping:
                        record.outcome = "ok"
                        record.returned = tuple(u["update_id"] for u in batch)
                        return copy.deepcopy(batch)
                await self._sleep_until_woken(remaining)
        except asyncio.CancelledError:
            record.outcome = "disconnected"
            raise
        finally:
            record.finished = time.monotonic()
            with self._lock:
                if self._poll is poll:
                    self._poll = None

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            while len(self._pending) > -offset:
                self._confirmed.append(self._pending.popleft()["update_id"])
            return
        kept = deque(u for u in self._pending if u["update_id"] >= offset)
        self._confirmed.extend(u["update_id"] for u in self._pending if u["update_id"] < offset)
        self._pending = kept

    # Updates by webhook.

    async def _set_webhook(self, params: _Params) -> bool:
        url = params.text("url") or ""
        if not url:
            return await self._delete_webhook(params)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_request("bad webhook: invalid webhook URL specified")
        if self.require_https_webhook and (
            parts.scheme != "https" or (parts.port or 443) not in (80, 88, 443, 8443)
        ):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.text("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.parsed("allowed_updates")

        with self._lock:
            self._webhook = _Webhook(
                url=url,
                secret_token=secret,
                max_connections=params.number("max_connections", 40) or 40,
                ip_address=params.text("ip_address"),
            )
            self._webhook_retry_at = 0.0
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) if allowed else None
            if params.flag("drop_pending_updates"):
                self._pending.clear()
            if self._poll is not None:
                self._poll.terminated_by = _webhook_conflict()
        self._notify()
        return True

    async def _delete_webhook(self, params: _Params) -> bool:
        with self._lock:
            self._webhook = None
            if params.flag("drop_pending_updates"):
                self._pending.clear()
        self._notify()
        return True

    async def _get_webhook_info(self, params: _Params) -> dict[str, Any]:
        with self._lock:
            info: dict[str, Any] = {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._pending),
            }
            hook = self._webhook
            if hook is None:
                return info
            info["url"] = hook.url
            info["max_connections"] = hook.max_connections
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
            return info

    async def _deliver_webhooks(self) -> None:
        # Telegram delivers one update at a time, in order, and keeps retrying the oldest one.
        while not self._stopping:
            with self._lock:
                hook = self._webhook
                wait = self._webhook_retry_at - time.monotonic()
                update = self._pending[0] if hook and self._pending and wait <= 0 else None
            if hook is None or update is None:
                await self._sleep_until_woken(wait if hook and wait > 0 else 3600.0)
                continue
            await self._post_update(hook, update)

    async def _post_update(self, hook: _Webhook, update: dict[str, Any]) -> None:
        assert self._client is not None
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        reply: _Params | None = None
        try:
            async with self._client.post(
                hook.url,
                data=json.dumps(update, ensure_ascii=False).encode(),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as response:
                status = response.status
                if 200 <= status < 300:
                    reply = await _read_webhook_reply(response)
                else:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
        except TimeoutError:
            error = "Read timeout expired"
        except aiohttp.ClientConnectorError:
            error = "Connection refused"
        except aiohttp.ClientError as exc:
            error = f"Connection failed: {type(exc).__name__}"

        update_id = update["update_id"]
        with self._lock:
            attempt = self._webhook_attempts_by_update.get(update_id, 0) + 1
            self._webhook_attempts_by_update[update_id] = attempt
            self._webhook_log.append(
                WebhookAttempt(
                    update_id=update_id,
                    attempt=attempt,
                    url=hook.url,
                    secret_token=hook.secret_token,
                    status=status,
                    error=error,
                    at=started,
                    duration=time.monotonic() - started,
                )
            )
            if error is None:
                if self._pending and self._pending[0] is update:
                    self._pending.popleft()
                    self._confirmed.append(update_id)
            else:
                hook.last_error_date = int(time.time())
                hook.last_error_message = error
                self._webhook_retry_at = time.monotonic() + self.webhook_retry_delay
        if error is not None:
            log.info("webhook delivery of update %s failed: %s", update_id, error)
        if reply is not None:
            await self._run_webhook_reply(reply)

    async def _run_webhook_reply(self, reply: _Params) -> None:
        entry = self._methods.get(str(reply.values.pop("method")).lower())
        if entry is None:
            return
        name, handler = entry
        started = time.monotonic()
        status, _ = await self._call(name, handler, reply)
        self._record_call(name, reply, status, started)


_CONTENT_KEYS = frozenset(
    {"text", "entities", "photo", "voice", "document", "audio", "video", "caption"}
    | {"caption_entities"}
)


async def _read_webhook_reply(response: aiohttp.ClientResponse) -> _Params | None:
    """The method call a webhook may answer with, sent as JSON or as multipart form data."""
    values: dict[str, Any] = {}
    uploads: dict[str, _Upload] = {}
    try:
        if response.content_type.startswith("multipart/"):
            reader = aiohttp.MultipartReader(response.headers, response.content)
            while (part := await reader.next()) is not None:
                if not isinstance(part, aiohttp.BodyPartReader) or not part.name:
                    continue
                if part.filename:
                    upload = _Upload(
                        part.filename,
                        part.headers.get("Content-Type", "application/octet-stream"),
                        bytes(await part.read()),
                    )
                    uploads[part.name] = values[part.name] = upload
                else:
                    values[part.name] = await part.text()
        else:
            body = await response.json(content_type=None)
            values = body if isinstance(body, dict) else {}
    except (ValueError, aiohttp.ClientError):
        return None
    if not isinstance(values.get("method"), str):
        return None
    return _Params(values, uploads)


def _webhook_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
    )


def _terminated_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
    )


def _chat_member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(can_be_edited=False, is_anonymous=False)
        for right in (
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
            "can_send_welcome_messages",
        ):
            member[right] = right in ("can_manage_chat", "can_delete_messages")
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _scope_key(scope: Any) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _default_mime(kind: str, given: str | None) -> str | None:
    if given and given != "application/octet-stream":
        return given
    return {
        "photo": "image/jpeg",
        "voice": "audio/ogg",
        "audio": "audio/mpeg",
        "video": "video/mp4",
    }.get(kind, given)


def _at_least(items: list[T], count: int) -> list[T] | None:
    return items if len(items) >= count else None


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _json_response(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


async def _read_params(request: web.Request) -> _Params:
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, _Upload] = {}
    try:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise bad_request("parameters must be a JSON object")
            values.update(body)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    upload = _Upload(value.filename, value.content_type, value.file.read())
                    uploads[key] = upload
                    values[key] = upload
                else:
                    values[key] = value
    except web.HTTPRequestEntityTooLarge as exc:
        raise ApiError(413, "Request Entity Too Large") from exc
    except ValueError as exc:
        raise bad_request("can't parse request JSON object") from exc
    return _Params(values, uploads)


class ServerThread:
    """Runs a BotApiServer on its own event loop in a daemon thread."""

    def __init__(self, server: BotApiServer) -> None:
        self.server = server
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="fake-bot-api", daemon=True)

    def start(self, timeout: float = 10.0) -> BotApiServer:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the Bot API server did not start")
        if self._error is not None:
            raise RuntimeError("the Bot API server did not start") from self._error
        return self.server

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop)
            future.result(timeout)
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)

    def run(self, coroutine: Awaitable[T], timeout: float | None = None) -> T:
        """Run a coroutine on the server's loop from another thread."""

        async def wrapper() -> T:
            return await coroutine

        return asyncio.run_coroutine_threadsafe(wrapper(), self._loop).result(timeout)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self.server.start())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            self._loop.close()
            return
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()


@contextlib.contextmanager
def serve_in_thread(**options: Any) -> Iterator[BotApiServer]:
    """A started server on a background thread; options go to BotApiServer."""
    runner = ServerThread(BotApiServer(**options))
    runner.start()
    try:
        yield runner.server
    finally:
        runner.stop()


@contextlib.asynccontextmanager
async def serve(**options: Any) -> AsyncIterator[BotApiServer]:
    """A started server on the running event loop; options go to BotApiServer."""
    async with BotApiServer(**options) as server:
        yield server


@pytest.fixture
def botapi() -> Iterator[BotApiServer]:
    """A fresh server per test; enable with ``pytest_plugins = ["tests.support.botapi"]``."""
    with serve_in_thread() as server:
        yield server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake Telegram Bot API on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s %(message)s")

    async def run() -> None:
        async with BotApiServer(args.token, host=args.host, port=args.port) as server:
            user = server.add_user("张三")
            print(f"QINQING_TELEGRAM_API={server.base_url}")
            print(f"QINQING_TELEGRAM_TOKEN={server.token}")
            print(f"user {user['id']} exists; make them write with:")
            print(
                f'  curl -d \'{{"user_id": {user["id"]}, "text": "你好"}}\' '
                f"-H 'Content-Type: application/json' {server.base_url}/_test/text"
            )
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
