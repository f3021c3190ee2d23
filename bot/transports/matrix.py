"""The Matrix transport on matrix-nio: its own sync loop into the inbox, the outbox out.

matrix-nio saves its sync token before it runs any callback, and without a token every start
replays recent history, so the bot keeps its own token and saves it only after the events
before it are in the inbox. A cold start (no token yet) ignores what happened before the
process started. Replies are sent with a transaction id made from their outbox row, which the
homeserver turns into the same event however often it is sent.

Errors:
    MatrixError
    ├── MatrixConfigError   the settings cannot work (no pickle key, another account's login)
    └── MatrixLoginError    the homeserver refused the login
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import ClientError
from nio import (
    AsyncClient,
    AsyncClientConfig,
    EnableEncryptionBuilder,
    ErrorResponse,
    Event,
    InviteMemberEvent,
    JoinError,
    LoginResponse,
    MegolmEvent,
    ReactionEvent,
    RoomCreateResponse,
    RoomEncryptedMedia,
    RoomMemberEvent,
    RoomMessageEmote,
    RoomMessageMedia,
    RoomMessageText,
    RoomPreset,
    RoomSendError,
    RoomSendResponse,
    SyncError,
    SyncResponse,
)
from nio.exceptions import LocalProtocolError, SendRetryError
from sqlalchemy.engine import Engine

from bot.app import deliver_forever
from bot.clock import Clock
from bot.delivery import DeliveryError, Gone, RetryLater
from bot.faults import crash_point
from bot.storage import outbox
from bot.storage.db import transaction
from bot.transports import matrix_state as state
from bot.transports.matrix_state import TRANSPORT, Credentials
from handlers import texts
from handlers.messages import Incoming, Outgoing

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("qinqing.matrix")

DEVICE_NAME = "qinqing"
SYNC_WAIT_MS = 30_000
# nio retries 429s forever and timeouts up to this many times unless told otherwise; the
# outbox and the sync loop do their own, bounded, waiting.
MAX_TIMEOUTS = 2
REQUEST_TIMEOUT = 45.0
SYNC_FILTER: dict[str, Any] = {
    "presence": {"types": []},
    "room": {"timeline": {"limit": 50}, "ephemeral": {"types": []}},
}
UNDECRYPTED_KEEP_SECONDS = 600.0
ROOM_WAIT_SECONDS = 10.0

KEYCAPS = {f"{digit}\ufe0f\u20e3": digit for digit in range(1, 10)}
KEYCAP_OF = {digit: keycap for keycap, digit in KEYCAPS.items()}
# Offered as ready-made reactions only on short questions (yes / no and the like); longer
# lists are answered by typing the number.
MAX_REACTION_CHOICES = 3

MEDIA_KINDS = {"m.audio": "voice", "m.image": "photo", "m.video": "video", "m.file": "file"}
MSGTYPES = {kind: msgtype for msgtype, kind in MEDIA_KINDS.items()}

REPLY_FALLBACK = re.compile(r"\A(?:>[^\n]*\n)+\n")


class MatrixError(Exception):
    """Root of what the Matrix transport raises."""


class MatrixConfigError(MatrixError):
    """The Matrix settings cannot work as given; the message says which one to change."""


class MatrixLoginError(MatrixError):
    """The homeserver refused to log the bot in."""


# --- pure helpers ----------------------------------------------------------------------------


def render(message: Outgoing) -> str:
    """Choices as numbered lines under the text, answered by typing the digit. Choices that
    are commands (接单 K7Q2, offered in groups where no question is pending) are shown as the
    words to type, since a digit there would answer nothing."""
    lines = [message.text]
    if question_nonce(message) is not None:
        lines += [f"{number}. {choice.label}" for number, choice in enumerate(message.choices, 1)]
    else:
        lines += [f"· {choice.label}" for choice in message.choices]
    return "\n".join(lines)


def question_nonce(message: Outgoing) -> str | None:
    """The question a message asks, from its choices' payloads ("<nonce>.<number>")."""
    if not message.choices:
        return None
    nonce, _, number = message.choices[0].key.partition(".")
    return nonce if number.isdigit() else None


def tx_id(outbox_id: int, part: str = "") -> str:
    return f"qinqing-{outbox_id}{part}"


def strip_reply_fallback(body: str) -> str:
    """Replies quote the message they answer as "> " lines; only the answer is meant."""
    return REPLY_FALLBACK.sub("", body, count=1)


def to_incoming(event: Event, room_id: str, is_group: bool) -> Incoming | None:
    """A room message as the core sees it, or None for events that are not messages to us."""
    if isinstance(event, RoomMessageText | RoomMessageEmote):
        return Incoming(
            transport=TRANSPORT,
            external_id=event.event_id,
            sender=event.sender,
            chat=room_id,
            text=strip_reply_fallback(event.body),
            is_group=is_group,
        )
    if isinstance(event, RoomMessageMedia | RoomEncryptedMedia):
        msgtype = event.source.get("content", {}).get("msgtype", "m.file")
        kind = MEDIA_KINDS.get(msgtype, "file")
        return Incoming(
            transport=TRANSPORT,
            external_id=event.event_id,
            sender=event.sender,
            chat=room_id,
            is_group=is_group,
            kind=kind,
            attachment={
                "kind": kind,
                "transport": TRANSPORT,
                "chat": room_id,
                "event_id": event.event_id,
                "url": event.url,
            },
        )
    return None


def reaction_incoming(event: ReactionEvent, room_id: str, nonce: str) -> Incoming | None:
    """A keycap reaction to one of the bot's questions: the same as pressing that choice."""
    number = KEYCAPS.get(event.key)
    if number is None:
        return None
    return Incoming(
        transport=TRANSPORT,
        external_id=event.event_id,
        sender=event.sender,
        chat=room_id,
        choice=f"{nonce}.{number}",
    )


def send_failure(answer: ErrorResponse) -> DeliveryError:
    """What the outbox should do about a refused send."""
    status = answer.transport_response.status if answer.transport_response else None
    code = answer.status_code
    # Synapse sometimes wraps a rate limit in M_UNKNOWN; the HTTP status still says 429.
    if status == 429 or code == "M_LIMIT_EXCEEDED":
        retry_after_ms = getattr(answer, "retry_after_ms", None) or 5000
        return RetryLater(retry_after_ms / 1000, "rate limited")
    if code == "M_FORBIDDEN" or status == 403:
        return Gone("not allowed in the room")
    if status is not None and status >= 500:
        return RetryLater(30, f"homeserver error {status}")
    return DeliveryError(f"refused: {code or status}")


def allowed_servers(configured: str, bot_user_id: str) -> frozenset[str]:
    servers = {part.strip().lower() for part in configured.split(",") if part.strip()}
    return frozenset(servers or {server_of(bot_user_id)})


def server_of(user_id: str) -> str:
    return user_id.partition(":")[2].lower()


class Backoff:
    """Waits that double from `first` up to `cap`, and start over after a success."""

    def __init__(self, first: float = 1.0, cap: float = 60.0) -> None:
        self.first = first
        self.cap = cap
        self.failures = 0

    def next(self) -> float:
        delay = min(self.first * 2**self.failures, self.cap)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


# --- sending ---------------------------------------------------------------------------------


class MatrixSender:
    """Sends outbox rows into rooms.

    Every row goes out with the transaction id `qinqing-<outbox id>`. A homeserver answers a
    repeated transaction id from the same device with the event it made the first time, so a
    row left "sending" by a crash is simply sent again: `already_sent` always says no, and the
    resend shows nothing twice. That holds while the device stays the same (its id is in the
    credentials file beside the key store) and for as long as the homeserver keeps transaction
    ids (Synapse: about a day). Asking the database instead would also deadlock on SQLite: the
    deliverer calls `already_sent` inside its own write transaction.

    An address is a room id, or a user id for messages to a person (reminders, notices to a
    volunteer): those go to the person's direct room, opened by the bot if there is none.
    """

    transport = TRANSPORT

    def __init__(self, client: AsyncClient, engine: Engine, clock: Clock, encrypt: bool) -> None:
        self.client = client
        self.engine = engine
        self.clock = clock
        self.encrypt = encrypt
        self.backoff = Backoff(first=2.0, cap=300.0)
        self.synced = asyncio.Condition()

    async def send(self, message: Outgoing) -> None:
        started = time.monotonic()
        room_id = await self._room_for(message.address)
        content = {"msgtype": "m.text", "body": render(message)}
        event_id = await self._send(room_id, "m.room.message", content, tx_id(message.outbox_id))
        nonce = question_nonce(message)
        await asyncio.to_thread(
            state.record_sent, self.engine, message.outbox_id, room_id, event_id, nonce
        )
        self.backoff.reset()
        log.info(
            "outbox %s: event %s in %s sent in %.0f ms",
            message.outbox_id,
            event_id,
            room_id,
            (time.monotonic() - started) * 1000,
        )
        await self._media(room_id, message)
        if nonce is not None and len(message.choices) <= MAX_REACTION_CHOICES:
            await self._offer_reactions(room_id, event_id, message)

    def already_sent(self, outbox_id: int) -> bool:
        return False

    async def after_sync(self) -> None:
        async with self.synced:
            self.synced.notify_all()

    async def _known(self, room_id: str) -> None:
        """A room the bot just joined or opened is known to nio after the next sync."""
        if room_id in self.client.rooms:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(ROOM_WAIT_SECONDS), self.synced:
                await self.synced.wait_for(lambda: room_id in self.client.rooms)

    async def _send(self, room_id: str, kind: str, content: dict[str, Any], txn: str) -> str:
        await self._known(room_id)
        try:
            answer = await self.client.room_send(
                room_id, kind, content, tx_id=txn, ignore_unverified_devices=True
            )
        except (ClientError, TimeoutError, SendRetryError) as error:
            raise RetryLater(self.backoff.next(), type(error).__name__) from error
        except LocalProtocolError as error:
            # nio knows a room only after a sync has shown it; a room it was thrown out of
            # stays unknown for good.
            if await asyncio.to_thread(state.room_left, self.engine, room_id):
                raise Gone("left the room") from error
            raise RetryLater(self.backoff.next(), "room not synced yet") from error
        if isinstance(answer, RoomSendError):
            failure = send_failure(answer)
            if isinstance(failure, Gone):
                await asyncio.to_thread(state.forget_room, self.engine, room_id)
            raise failure
        assert isinstance(answer, RoomSendResponse)
        crash_point("matrix.sent")
        return str(answer.event_id)

    async def _room_for(self, address: str) -> str:
        if not address.startswith("@"):
            return address
        room_id = await asyncio.to_thread(state.direct_room, self.engine, address)
        if room_id is not None:
            return room_id
        try:
            created = await self.client.room_create(
                is_direct=True,
                preset=RoomPreset.trusted_private_chat,
                invite=[address],
                initial_state=[EnableEncryptionBuilder().as_dict()] if self.encrypt else [],
            )
        except (ClientError, TimeoutError) as error:
            raise RetryLater(self.backoff.next(), type(error).__name__) from error
        if not isinstance(created, RoomCreateResponse):
            raise send_failure(created)
        await asyncio.to_thread(
            state.remember_room, self.engine, created.room_id, "direct", address, self.clock.now()
        )
        log.info("room %s: opened as a direct room", created.room_id)
        return str(created.room_id)

    async def _media(self, room_id: str, message: Outgoing) -> None:
        """Voice notes and pictures that came in on Matrix are passed on by their mxc URL."""
        media = message.attachment
        if not media or media.get("transport") != TRANSPORT:
            return
        url = str(media.get("url") or "")
        if not url.startswith("mxc://"):
            return
        kind = str(media.get("kind", "file"))
        content = {"msgtype": MSGTYPES.get(kind, "m.file"), "body": kind, "url": url}
        await self._send(room_id, "m.room.message", content, tx_id(message.outbox_id, "-media"))

    async def _offer_reactions(self, room_id: str, event_id: str, message: Outgoing) -> None:
        """Ready-made keycaps under a short question. Merely a convenience: failures pass."""
        for number in range(1, len(message.choices) + 1):
            content = {
                "m.relates_to": {
                    "rel_type": "m.annotation",
                    "event_id": event_id,
                    "key": KEYCAP_OF[number],
                }
            }
            txn = tx_id(message.outbox_id, f"-r{number}")
            try:
                await self._send(room_id, "m.reaction", content, txn)
            except DeliveryError:
                return


# --- receiving -------------------------------------------------------------------------------


class MatrixTransport:
    """Logs in once, syncs into the durable inbox, and delivers the outbox until cancelled."""

    name = "Matrix"

    def __init__(self, app: App) -> None:
        self.app = app
        self.settings = app.settings
        self.engine = app.engine
        self.started_ms = int(time.time() * 1000)
        self.client: AsyncClient | None = None
        self.allowed: frozenset[str] = frozenset()
        self.undecrypted: dict[str, tuple[str, MegolmEvent, float]] = {}
        for noisy in ("nio", "peewee"):
            logging.getLogger(noisy).setLevel(logging.WARNING)

    async def run(self) -> None:
        client = await self.connect()
        self.client = client
        self.allowed = allowed_servers(self.settings.matrix_allowed_homeservers, client.user_id)
        sender = MatrixSender(client, self.engine, self.app.clock, self.settings.matrix_encryption)
        delivering: asyncio.Task[None] | None = None
        try:
            since = await asyncio.to_thread(state.load_token, self.engine, client.user_id)
            cutoff = None if since is not None else self.started_ms
            if cutoff is not None:
                log.info("no saved sync token: ignoring events from before this start")
            backoff = Backoff()
            first = True
            while True:
                answer = await self._sync(client, since, first)
                if not isinstance(answer, SyncResponse):
                    delay = backoff.next()
                    if backoff.failures == 1 or backoff.failures % 10 == 0:
                        log.warning("sync failed (%s), backing off %.0f s", answer, delay)
                    await asyncio.sleep(delay)
                    continue
                if backoff.failures:
                    log.info("sync recovered after %d failures", backoff.failures)
                backoff.reset()

                await self._take(answer, cutoff)
                since = answer.next_batch
                await self._keep_keys(client)
                await sender.after_sync()
                if first:
                    first = False
                    # Sending into a room needs nio to know it, which the first sync (with
                    # full state) ensures.
                    deliverer = self.app.deliverer(sender)
                    delivering = asyncio.create_task(
                        deliver_forever(self.app, deliverer, None), name="matrix-outbox"
                    )
                    log.info("syncing as device %s", client.device_id)
                elif delivering is not None and delivering.done():
                    delivering.result()
        finally:
            if delivering is not None:
                delivering.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await delivering
            await client.close()

    # --- login -------------------------------------------------------------------------------

    async def connect(self) -> AsyncClient:
        """The stored login if there is one; a password login only the first time."""
        settings = self.settings
        homeserver = settings.matrix_homeserver
        assert homeserver is not None
        folder = settings.matrix_store
        folder.mkdir(parents=True, exist_ok=True)
        pickle_key = settings.matrix_pickle_key
        if settings.matrix_encryption and pickle_key is None:
            raise MatrixConfigError(
                "QINQING_MATRIX_PICKLE_KEY must be set when Matrix encryption is on "
                "(or set QINQING_MATRIX_ENCRYPTION=false)"
            )
        config = AsyncClientConfig(
            encryption_enabled=settings.matrix_encryption,
            store_sync_tokens=False,
            pickle_key=pickle_key.get_secret_value() if pickle_key else "",
            max_limit_exceeded=0,
            max_timeouts=MAX_TIMEOUTS,
            request_timeout=REQUEST_TIMEOUT,
            backoff_factor=0.5,
            max_timeout_retry_wait_time=10,
        )

        stored = Credentials.load(folder)
        wanted = settings.matrix_user or ""
        if stored is not None and (
            stored.homeserver != homeserver
            or (wanted.startswith("@") and stored.user_id != wanted)
        ):
            raise MatrixConfigError(
                f"the login stored in {folder} is for another account or homeserver; "
                "point QINQING_MATRIX_STORE at another folder"
            )
        client = AsyncClient(
            homeserver,
            stored.user_id if stored else wanted,
            device_id=stored.device_id if stored else None,
            store_path=str(folder),
            config=config,
        )
        if stored is not None:
            client.restore_login(stored.user_id, stored.device_id, stored.access_token)
            log.info("restored the stored login of device %s", stored.device_id)
        else:
            await self._password_login(client)
        if client.olm is not None and client.should_upload_keys:
            await client.keys_upload()
        return client

    async def _password_login(self, client: AsyncClient) -> None:
        password = self.settings.matrix_password
        if password is None or not client.user:
            raise MatrixConfigError(
                "no stored Matrix login: set QINQING_MATRIX_USER and QINQING_MATRIX_PASSWORD "
                "for the first start"
            )
        started = time.monotonic()
        # A known device id is passed along, so a new token keeps the device's keys and
        # transaction ids.
        answer = await client.login(password.get_secret_value(), device_name=DEVICE_NAME)
        if not isinstance(answer, LoginResponse):
            raise MatrixLoginError(f"the homeserver refused the login: {answer.status_code}")
        Credentials(
            homeserver=client.homeserver,
            user_id=answer.user_id,
            device_id=answer.device_id,
            access_token=answer.access_token,
        ).save(self.settings.matrix_store)
        log.info(
            "logged in with the password as device %s in %.0f ms",
            answer.device_id,
            (time.monotonic() - started) * 1000,
        )

    # --- the sync loop -----------------------------------------------------------------------

    async def _sync(self, client: AsyncClient, since: str | None, first: bool) -> Any:
        try:
            answer = await client.sync(
                timeout=0 if first else SYNC_WAIT_MS,
                sync_filter=SYNC_FILTER,
                since=since,
                # The first sync tells nio every room's state, which it needs to send there.
                full_state=True if first else None,
                set_presence="offline",
            )
        except (ClientError, TimeoutError) as error:
            return type(error).__name__
        if isinstance(answer, SyncError):
            if answer.status_code == "M_UNKNOWN_TOKEN" and self.settings.matrix_password:
                log.warning("the stored access token was refused; logging in again")
                await self._password_login(client)
            return answer.status_code or "error"
        return answer

    async def _take(self, answer: SyncResponse, cutoff: int | None) -> None:
        """Everything a sync brought: invites, rooms left, messages — then save the token."""
        for room_id, info in answer.rooms.invite.items():
            await self._on_invite(room_id, info.invite_state)
        for room_id in answer.rooms.leave:
            await asyncio.to_thread(state.forget_room, self.engine, room_id)
            log.info("room %s: left or removed", room_id)

        arrived: list[Incoming] = []
        for room_id, joined in answer.rooms.join.items():
            if joined.timeline.limited and cutoff is None:
                log.warning(
                    "room %s: more events than one sync holds; older ones skipped", room_id
                )
            arrived += await self._messages(room_id, joined.timeline.events, cutoff)
        arrived += await self._decrypted_late()

        accepted: list[tuple[int, Incoming, float]] = []
        for incoming in arrived:
            started = time.monotonic()
            inbox_id = await asyncio.to_thread(self.app.core.accept, incoming)
            if inbox_id is not None:
                accepted.append((inbox_id, incoming, started))
        if accepted:
            crash_point("matrix.accepted")
        await asyncio.to_thread(
            state.save_token,
            self.engine,
            self.client_user,
            answer.next_batch,
            self.app.clock.now(),
        )

        for inbox_id, incoming, started in accepted:
            await asyncio.to_thread(self.app.core.process, inbox_id, incoming)
            log.info(
                "event %s: inbox %s handled in %.0f ms",
                incoming.external_id,
                inbox_id,
                (time.monotonic() - started) * 1000,
            )
        if accepted:
            self.app.wake_all()

    @property
    def client_user(self) -> str:
        assert self.client is not None
        return str(self.client.user_id)

    async def _messages(
        self, room_id: str, events: Iterable[Event], cutoff: int | None
    ) -> list[Incoming]:
        events = list(events)
        group = await asyncio.to_thread(state.room_is_group, self.engine, room_id)
        if group is None:
            room = self.client.rooms.get(room_id) if self.client else None
            group = room is not None and room.member_count > 2
        if group:
            # A group room's history from before the bot joined is not addressed to it.
            joined_at = _own_join(events, self.client_user)
            if joined_at is not None:
                events = events[joined_at + 1 :]

        found = []
        for event in events:
            if event.sender == self.client_user:
                continue
            if cutoff is not None and event.server_timestamp < cutoff:
                continue
            if isinstance(event, MegolmEvent):
                await self._undecryptable(room_id, event)
                continue
            if isinstance(event, ReactionEvent):
                nonce = await asyncio.to_thread(
                    state.nonce_of, self.engine, room_id, event.reacts_to
                )
                incoming = None if nonce is None else reaction_incoming(event, room_id, nonce)
            else:
                incoming = to_incoming(event, room_id, group)
            if incoming is not None:
                found.append(incoming)
        return found

    async def _undecryptable(self, room_id: str, event: MegolmEvent) -> None:
        """A message whose key has not arrived yet: ask for it and try again after each sync."""
        if event.event_id in self.undecrypted:
            return
        self.undecrypted[event.event_id] = (room_id, event, time.monotonic())
        log.warning("event %s: cannot decrypt yet, waiting for its key", event.event_id)
        assert self.client is not None
        with contextlib.suppress(LocalProtocolError, ClientError, TimeoutError):
            await self.client.request_room_key(event)

    async def _decrypted_late(self) -> list[Incoming]:
        found = []
        assert self.client is not None
        for event_id, (room_id, event, since) in list(self.undecrypted.items()):
            try:
                decrypted = self.client.decrypt_event(event)
            except Exception:
                if time.monotonic() - since > UNDECRYPTED_KEEP_SECONDS:
                    del self.undecrypted[event_id]
                    log.warning("event %s: its key never came; dropped", event_id)
                continue
            del self.undecrypted[event_id]
            group = bool(await asyncio.to_thread(state.room_is_group, self.engine, room_id))
            incoming = to_incoming(decrypted, room_id, group)
            if incoming is not None:
                found.append(incoming)
        return found

    async def _keep_keys(self, client: AsyncClient) -> None:
        """The key traffic nio's own sync_forever would do between syncs."""
        if client.olm is None:
            return
        try:
            if client.should_upload_keys:
                await client.keys_upload()
            if client.should_query_keys:
                await client.keys_query()
            if client.should_claim_keys:
                await client.keys_claim(client.get_users_for_key_claiming())
            await client.send_to_device_messages()
        except (ClientError, TimeoutError, LocalProtocolError) as error:
            log.warning("key upkeep failed (%s); trying again after the next sync", error)

    # --- invites -----------------------------------------------------------------------------

    async def _on_invite(self, room_id: str, invite_state: Iterable[Any]) -> None:
        """Direct rooms from allowed servers; group rooms only from a linked coordinator."""
        me = self.client_user
        invite = next(
            (
                event
                for event in invite_state
                if isinstance(event, InviteMemberEvent)
                and event.state_key == me
                and event.membership == "invite"
            ),
            None,
        )
        if invite is None:
            return
        inviter = invite.sender
        direct = bool(invite.content.get("is_direct"))
        if direct:
            welcome = server_of(inviter) in self.allowed
            reason = "direct room from a server not allowed"
        else:
            welcome = await asyncio.to_thread(state.is_coordinator, self.engine, inviter)
            reason = "group room not from a linked coordinator"
        assert self.client is not None
        if not welcome:
            log.info("room %s: invite declined (%s)", room_id, reason)
            with contextlib.suppress(ClientError, TimeoutError):
                await self.client.room_leave(room_id)
            return

        answer = await self.client.join(room_id)
        if isinstance(answer, JoinError):
            log.warning("room %s: joining failed: %s", room_id, answer.status_code)
            return
        kind = "direct" if direct else "group"
        now = self.app.clock.now()
        await asyncio.to_thread(state.remember_room, self.engine, room_id, kind, inviter, now)
        if not direct:
            await asyncio.to_thread(self._ask_for_group_code, room_id, now)
        log.info("room %s: joined as a %s room", room_id, kind)

    def _ask_for_group_code(self, room_id: str, now: datetime) -> None:
        with transaction(self.engine) as session:
            outbox.enqueue(
                session,
                key=f"matrix:joined:{room_id}",
                transport=TRANSPORT,
                address=room_id,
                text=texts.GROUP_JOINED,
                now=now,
            )
        self.app.wake_all()


def _own_join(events: list[Event], user_id: str) -> int | None:
    for index, event in enumerate(events):
        if (
            isinstance(event, RoomMemberEvent)
            and event.state_key == user_id
            and event.membership == "join"
            and event.prev_membership != "join"
        ):
            return index
    return None
