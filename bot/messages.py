"""The two values every channel speaks with the engine.

A channel turns its platform update into one `Incoming` and renders each
`Outgoing` its own way (inline keyboard, Adaptive Card, numbered lines); the
engine never sees a platform object, so one engine serves every channel.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    label: str
    payload: str


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class Attachment:
    """A photo or file a channel received; `ref` is the channel's own handle (a Telegram file_id, a URL)."""

    kind: str  # photo | file | voice | sticker | video
    ref: str
    caption: str | None = None


@dataclass(frozen=True)
class Incoming:
    channel: str  # console | telegram | teams
    address: str  # the person's id on that channel
    text: str | None = None
    payload: str | None = None  # a pressed button's payload
    location: Location | None = None
    attachment: Attachment | None = None
    message_id: str | None = None  # platform id, used to drop duplicate deliveries
    display_name: str | None = None
    locale: str | None = None  # e.g. "nl-BE" from Teams or Telegram's language_code
    start_code: str | None = None  # a deep-link / invitation code
    reference: str | None = None  # the channel's handle for messaging this address later (Teams), kept by the engine
    inbox_id: int | None = None  # the stored update (bot/inbox.py): the turn marks it handled in its own transaction


@dataclass(frozen=True)
class Outgoing:
    text: str
    buttons: tuple[Button, ...] = ()
    image: bytes | None = None  # a PNG to show (digest chart)
    document: tuple[str, bytes] | None = None  # (file name, content)
    attachment: Attachment | None = None  # a relayed photo from another person
    request_location: bool = False  # channel may offer a "share my location" button
    tag: str | None = None  # what the message is about, so a channel can edit it in place later
    idempotency_key: str | None = None  # the outbox row's key: the same on every retry of one message


@dataclass
class Reply:
    """What the engine answers to one Incoming: messages for the sender."""

    messages: list[Outgoing] = field(default_factory=list)

    def add(self, text: str, buttons: tuple[Button, ...] | list[Button] = (), **kw: object) -> None:
        self.messages.append(Outgoing(text=text, buttons=tuple(buttons), **kw))  # type: ignore[arg-type]
