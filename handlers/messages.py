"""Transport-neutral messages: what arrives, and what the bot answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message as a transport hands it over.

    `choice` is the payload of a pressed button (Telegram) when there is one; numbered answers
    typed as digits arrive as plain text. `kind` is text, voice, photo, video or file; for the
    others `attachment` says where the media is (see `Outgoing`).
    """

    transport: str
    external_id: str
    sender: str
    chat: str
    text: str = ""
    choice: str | None = None
    is_group: bool = False
    kind: str = "text"
    sender_name: str = ""
    attachment: dict[str, object] | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message ready for a transport: where, what, and the choices to show.

    `attachment` describes a voice note, photo or file to pass on: its `kind` and the
    `transport`, `chat` and `message_id` (or `file_id`) where it can be found.
    """

    outbox_id: int
    transport: str
    address: str
    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)
    attachment: dict[str, object] | None = None
