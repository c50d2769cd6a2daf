"""`digicoach teams package` builds a zip the Teams admin centre accepts: manifest fields and icon sizes."""
from __future__ import annotations

import json
import zipfile

from bot.channels.teams_package import png_size
from bot.cli import main

APP_ID = "8f0c4b6e-1d2a-4c3b-9e5f-6a7b8c9d0e1f"


def run(tmp_path, monkeypatch, *args: str) -> int:
    monkeypatch.delenv("DIGICOACH_CONFIG", raising=False)
    return main(["teams", "package", *args])


def test_package_has_a_valid_manifest_and_icons(tmp_path, monkeypatch, capsys):
    out = tmp_path / "digicoach.zip"
    assert run(tmp_path, monkeypatch, "--out", str(out), "--app-id", APP_ID, "--developer", "Stad Gent",
               "--domain", "digicoach.stad.gent") == 0
    check_package(out.read_bytes(), developer="Stad Gent", domains=["digicoach.stad.gent"])


def check_package(data: bytes, developer: str = "Stad", domains: list[str] | None = None) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color, outline = archive.read("color.png"), archive.read("outline.png")
    assert manifest["manifestVersion"] >= "1.16" and "v1.16" in manifest["$schema"]
    assert manifest["id"] == APP_ID and manifest["version"] == "1.0.0"
    for key in ("name", "websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert manifest["developer"][key], key
    assert manifest["developer"]["name"] == developer
    assert all(url.startswith("https://") for k, url in manifest["developer"].items() if k.endswith("Url"))
    assert 0 < len(manifest["name"]["short"]) <= 30 and 0 < len(manifest["description"]["short"]) <= 80
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and bot["scopes"] == ["personal"]
    [commands] = bot["commandLists"]
    assert commands["scopes"] == ["personal"] and 0 < len(commands["commands"]) <= 10
    assert all(len(c["title"]) <= 32 and c["description"] for c in commands["commands"])
    assert {"/help", "/pause", "/close", "/tickets"} <= {c["title"] for c in commands["commands"]}
    assert manifest["validDomains"] == (domains or [])
    assert png_size(color) == (192, 192) and png_size(outline) == (32, 32)
    # outline: white or fully transparent pixels only (colour type 6 = RGBA)
    import struct
    import zlib

    assert outline[25] == 6
    idat = outline[outline.index(b"IDAT") + 4 : outline.index(b"IEND") - 8]
    raw = zlib.decompress(idat)
    pixels = [raw[row * (1 + 32 * 4) + 1 + i * 4 : row * (1 + 32 * 4) + 5 + i * 4] for row in range(32) for i in range(32)]
    assert set(pixels) == {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"}
    assert struct.unpack(">I", outline[8:12])[0] == 13


def test_package_built_directly(tmp_path):
    from bot.channels.teams_package import PackageInfo, build_package

    check_package(build_package(PackageInfo(app_id=APP_ID)))


def test_bad_app_id_is_refused(tmp_path):
    import pytest

    from bot.channels.teams_package import PackageError, PackageInfo, build_package

    with pytest.raises(PackageError, match="GUID"):
        build_package(PackageInfo(app_id="my-bot"))
