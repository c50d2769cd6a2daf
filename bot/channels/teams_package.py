"""The Teams app package IT uploads to the Teams admin centre: manifest.json, color.png, outline.png.

The icons are drawn here with a tiny PNG writer (zlib + struct), so the
package needs no image library and no binary files in the repository.
"""
from __future__ import annotations

import io
import json
import re
import struct
import zlib
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

MANIFEST_VERSION = "1.16"
SCHEMA = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
ACCENT = "#1F6FB2"  # also the colour icon's background
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# The personal-scope command menu (Teams allows 10). Teams has one menu per scope, not per role,
# so each description says who it is for; the engine answers a command meant for another role kindly.
# Full at 10: employees reach /scan through /help's "Doe de digiscan" button on Teams.
COMMANDS: list[tuple[str, str]] = [
    ("/help", "Hulp en uitleg / Help"),
    ("/cancel", "Je vraag stoppen / Stop your question"),
    ("/lang", "Taal: /lang nl, en of fr / Language"),
    ("/status", "Digicoach: je status / Digicoach: your status"),
    ("/pause", "Digicoach: pauze, bv. /pause 2h / Digicoach: pause"),
    ("/resume", "Digicoach: weer beschikbaar / Digicoach: available again"),
    ("/close", "Digicoach: vraag afsluiten / Digicoach: close a question"),
    ("/tickets", "Coördinator: wachtende vragen / Coordinator: waiting questions"),
    ("/faq", "Coördinator: FAQ-voorstellen / Coordinator: FAQ proposals"),
    ("/web", "Coördinator: webconsole / Coordinator: web console"),
]


class PackageError(Exception):
    """A value the manifest cannot hold; the message names it."""


@dataclass(frozen=True)
class PackageInfo:
    app_id: str
    version: str = "1.0.0"
    short_name: str = "Digicoach"
    full_name: str = "Digicoach: digitale hulp voor collega's"
    short_description: str = "Hulp bij je loonbrief, paswoord, verlof en Teams."
    full_description: str = (
        "Stel je vraag in een paar woorden. Digicoach antwoordt meteen uit de FAQ, "
        "of brengt je in contact met een digicoach in de buurt. "
        "Ask your question in a few words: an answer from the FAQ, or a digicoach nearby."
    )
    developer_name: str = "Stad"
    website_url: str = "https://www.example.org/digicoach"
    privacy_url: str = "https://www.example.org/digicoach/privacy"
    terms_url: str = "https://www.example.org/digicoach/terms"
    valid_domains: tuple[str, ...] = ()

    def check(self) -> None:
        if not GUID.match(self.app_id):
            raise PackageError(f"app id {self.app_id!r}: expected the Microsoft App ID (a GUID) from the Azure Bot resource")
        if not re.fullmatch(r"\d{1,3}\.\d{1,3}\.\d{1,3}", self.version):
            raise PackageError(f"version {self.version!r}: expected MAJOR.MINOR.PATCH, e.g. 1.0.0")
        for label, value, limit in (
            ("short name", self.short_name, 30), ("full name", self.full_name, 100),
            ("short description", self.short_description, 80), ("full description", self.full_description, 4000),
            ("developer name", self.developer_name, 32),
        ):
            if not value.strip() or len(value) > limit:
                raise PackageError(f"{label}: 1 to {limit} characters, got {len(value)}")
        for label, url in (("website", self.website_url), ("privacy", self.privacy_url), ("terms", self.terms_url)):
            if not url.startswith("https://"):
                raise PackageError(f"{label} URL {url!r}: Teams requires https://")
        for domain in self.valid_domains:
            if "/" in domain or ":" in domain or not domain:
                raise PackageError(f"valid domain {domain!r}: a host name only, e.g. bot.example.org")


def manifest(info: PackageInfo) -> dict[str, Any]:
    info.check()
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": info.version,
        "id": info.app_id,
        "developer": {
            "name": info.developer_name,
            "websiteUrl": info.website_url,
            "privacyUrl": info.privacy_url,
            "termsOfUseUrl": info.terms_url,
        },
        "name": {"short": info.short_name, "full": info.full_name},
        "description": {"short": info.short_description, "full": info.full_description},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": info.app_id,
                "scopes": ["personal"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": [{"title": t, "description": d} for t, d in COMMANDS]}
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": list(info.valid_domains),
    }


# -- icons ---------------------------------------------------------------------------


def png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int, int]]) -> bytes:
    """An RGBA PNG from a function of (x, y): signature, IHDR, one zlib IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR (how tests and IT can check the icons)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def _speech_bubble(x: float, y: float) -> bool:
    """A rounded speech bubble with a tail, in a unit square: the bot's mark on both icons."""
    inside_box = 0.18 <= x <= 0.82 and 0.2 <= y <= 0.66
    corner = min(abs(x - 0.18), abs(x - 0.82)) < 0.08 and min(abs(y - 0.2), abs(y - 0.66)) < 0.08
    if inside_box and corner:
        cx = 0.26 if x < 0.5 else 0.74
        cy = 0.28 if y < 0.43 else 0.58
        inside_box = (x - cx) ** 2 + (y - cy) ** 2 <= 0.08**2
    tail = 0.3 <= x <= 0.46 and 0.66 <= y <= 0.82 and (y - 0.66) <= (0.46 - x)
    return inside_box or tail


def color_icon(size: int = 192) -> bytes:
    """Full-colour 192x192: a white bubble on the accent colour."""
    r, g, b = (int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    return png(size, size, lambda x, y: (255, 255, 255, 255) if _speech_bubble((x + 0.5) / size, (y + 0.5) / size) else (r, g, b, 255))


def outline_icon(size: int = 32) -> bytes:
    """Outline 32x32: white on a transparent background, as Teams requires."""
    return png(size, size, lambda x, y: (255, 255, 255, 255) if _speech_bubble((x + 0.5) / size, (y + 0.5) / size) else (0, 0, 0, 0))


def build_package(info: PackageInfo) -> bytes:
    """The zip: the three files at its root, as the admin centre expects."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(info), indent=2, ensure_ascii=False))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()
