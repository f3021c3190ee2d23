"""The local console chat: pick who you are, type, and watch what the bot sends to everyone.

Its transcript file plays the part a chat server plays for the other transports: what is
written there has been delivered, so a message is never shown twice after a crash.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from handlers.messages import Incoming, Outgoing

TRANSPORT = "console"


class ConsoleSender:
    transport = TRANSPORT

    def __init__(
        self, transcript: Path, show: Callable[[str], None], label: Callable[[str], str]
    ) -> None:
        self.transcript = transcript
        self.show = show
        self.label = label
        transcript.parent.mkdir(parents=True, exist_ok=True)

    async def send(self, message: Outgoing) -> None:
        record = {
            "outbox": message.outbox_id,
            "to": message.address,
            "text": message.text,
            "choices": [choice.label for choice in message.choices],
        }
        with self.transcript.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.show(render(self.label(message.address), message))

    def already_sent(self, outbox_id: int) -> bool:
        if not self.transcript.exists():
            return False
        with self.transcript.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    if json.loads(line).get("outbox") == outbox_id:
                        return True
                except json.JSONDecodeError:
                    continue
        return False


def render(label: str, message: Outgoing) -> str:
    lines = [f"→ {label}:"]
    lines += [f"  {line}" for line in message.text.splitlines()]
    lines += [f"  {number}. {choice.label}" for number, choice in enumerate(message.choices, 1)]
    return "\n".join(lines)


def incoming(name: str, text: str, group: str | None = None) -> Incoming:
    return Incoming(
        transport=TRANSPORT,
        external_id=uuid.uuid4().hex,
        sender=name,
        chat=group or name,
        text=text,
        is_group=group is not None,
        sender_name=name,
    )
