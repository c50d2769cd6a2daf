"""`digicoach teams package`: the app package IT uploads to the Teams admin centre."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Config


def register(subparsers: argparse._SubParsersAction) -> None:
    teams = subparsers.add_parser("teams", help="Microsoft Teams").add_subparsers(dest="teams_command", required=True)
    package = teams.add_parser("package", help="build the Teams app package (manifest.json and icons in a zip)")
    package.add_argument("--out", required=True, help="the zip to write, e.g. digicoach-teams.zip")
    package.add_argument("--app-id", help="Microsoft App ID (default: [teams] app_id)")
    package.add_argument("--app-version", default="1.0.0", help="package version; raise it for every upload (default 1.0.0)")
    package.add_argument("--name", help="short name shown in Teams (max 30)")
    package.add_argument("--full-name", help="full name (max 100)")
    package.add_argument("--developer", help="developer name shown in the store: the city or its IT department")
    package.add_argument("--website", help="https:// URL about the bot")
    package.add_argument("--privacy-url", help="https:// URL of the privacy statement")
    package.add_argument("--terms-url", help="https:// URL of the terms of use")
    package.add_argument("--domain", action="append", default=[], help="host name the bot links to (repeatable)")
    package.set_defaults(func=cmd_package)


def cmd_package(args: argparse.Namespace) -> int:
    from bot.channels.teams_package import PackageError, PackageInfo, build_package

    config: Config = args.settings
    app_id = args.app_id or config.teams.app_id
    if not app_id:
        print("no app id: set [teams] app_id in the config or pass --app-id")
        return 2
    chosen = {
        "short_name": args.name, "full_name": args.full_name, "developer_name": args.developer,
        "website_url": args.website, "privacy_url": args.privacy_url, "terms_url": args.terms_url,
    }
    info = PackageInfo(
        app_id=app_id, version=args.app_version, valid_domains=tuple(args.domain),
        **{k: v for k, v in chosen.items() if v},
    )
    try:
        data = build_package(info)
    except PackageError as exc:
        print(f"cannot build the package: {exc}")
        return 2
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out}: upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app)")
    return 0
