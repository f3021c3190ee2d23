"""Transport-neutral messages: what arrives, and what the bot answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message as a transport hands it over.

    `choice` is the payload of a pressed button (Telegram) when there is one; numbered answers
    typed as digits arrive as plain text.
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


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message ready for a transport: where, what, and the choices to show."""

    outbox_id: int
    transport: str
    address: str
    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)
