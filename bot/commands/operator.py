"""Operator commands: `db upgrade`, `directory import` and `export`, `tickets list`, `invite`."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import SystemClock
from bot.commands.database import in_transaction, migrated
from bot.config import Config
from routing.directory import DirectoryError, parse_directory, read_directory_text
from routing.directory_export import directory_table, directory_toml
from routing.sync import ImportReport, directory_timezone, import_directory, remember_file
from storage.migrate import current_revision
from storage.reports import TicketRow, ticket_rows


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply Alembic migrations").set_defaults(func=cmd_db_upgrade)

    directory = subparsers.add_parser("directory", help="coach directory").add_subparsers(dest="dir_command", required=True)
    imp = directory.add_parser("import", help="import or update the directory from a TOML file")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_directory_import)
    exp = directory.add_parser("export", help="write the directory as the database holds it, as a TOML file")
    exp.add_argument("--out", help="file to write (default: standard output)")
    exp.set_defaults(func=cmd_directory_export)

    tickets = subparsers.add_parser("tickets", help="tickets").add_subparsers(dest="tickets_command", required=True)
    lst = tickets.add_parser("list", help="list tickets with wait and handling time")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_tickets_list)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    config: Config = args.settings
    async def run() -> int:
        async with migrated(config) as db:
            print(f"database at revision {await current_revision(db.engine)}")
        return 0

    return asyncio.run(run())


def cmd_directory_import(args: argparse.Namespace) -> int:
    """Always imports. The configured `[directory] path` file itself is remembered as imported, so the next start
    does not import it again over edits made in the web console since (routing/sync.py, "which one wins")."""
    config: Config = args.settings
    try:
        text = read_directory_text(args.file)
        directory = parse_directory(text, args.file)
    except DirectoryError as exc:
        print(str(exc))
        return 1
    configured = bool(config.directory.path) and Path(args.file).resolve() == Path(config.directory.path).resolve()

    async def work(session: AsyncSession) -> ImportReport:
        report = await import_directory(session, directory, SystemClock().now())
        if configured:
            await remember_file(session, text)
        return report

    async def run() -> int:
        report = await in_transaction(config, work)
        print(f"directory imported: {report.summary()}")
        return 0

    return asyncio.run(run())


def cmd_directory_export(args: argparse.Namespace) -> int:
    """What `directory import` reads back without changing anything (tests/bot/test_directory_export_cli.py)."""
    config: Config = args.settings
    table = asyncio.run(in_transaction(config, directory_table))
    if not table["site"] and not table["coach"]:
        print("no directory in the database yet: import one (digicoach directory import FILE) or start once",
              file=sys.stderr)
        return 1
    text = directory_toml(table)
    if not args.out:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"--out: {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(table[kind])} {plural}" for kind, plural in
                       (("site", "sites"), ("coach", "coaches"), ("coordinator", "coordinators")))
    print(f"directory exported to {args.out}: {counts}")
    return 0


def faq_column(row: TicketRow) -> str:
    """A self-served answer in the plain list: "confirmed" (a yes) apart from "unconfirmed" (silence, or the
    employee moved on), the split the digest makes; "-" for every other ticket."""
    if row.faq_confirmed is None:
        return "-"
    return "confirmed" if row.faq_confirmed else "unconfirmed"


def local_time(iso: str, zone: ZoneInfo) -> str:
    """A stored UTC time as an operator reads it: wall-clock time in the directory's zone, to the second."""
    return datetime.fromisoformat(iso).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def cmd_tickets_list(args: argparse.Namespace) -> int:
    """The human table shows local times; --json keeps the stored UTC times for scripts (docs/formats.md)."""
    config: Config = args.settings

    async def read(session: AsyncSession) -> tuple[list[TicketRow], str]:
        return await ticket_rows(session), await directory_timezone(session)

    async def run() -> int:
        rows, zone_name = await in_transaction(config, read)
        if args.json:
            print(json.dumps([r.as_dict() for r in rows], indent=1))
            return 0
        if not rows:
            print("no tickets")
            return 0
        zone = ZoneInfo(zone_name)
        created = f"created ({zone_name})"
        width = max(19, len(created))
        print(f"{'id':>5}  {'state':<11} {'outcome':<20} {'coach':<10} {'site':<22} {created:<{width}} {'wait s':>7} "
              f"{'handling s':>10}  {'faq':<11}")
        for r in rows:
            print(
                f"{r.id:>5}  {r.state:<11} {r.outcome or '-':<20} {r.coach or '-':<10} {r.site or '-':<22} "
                f"{local_time(r.created, zone):<{width}} {r.wait_seconds if r.wait_seconds is not None else '-':>7} "
                f"{r.handling_seconds if r.handling_seconds is not None else '-':>10}  {faq_column(r):<11}"
            )
        return 0

    return asyncio.run(run())


def register_invite(subparsers: argparse._SubParsersAction) -> None:
    invite = subparsers.add_parser("invite", help="make a single-use invitation for a coach or coordinator")
    invite.add_argument("who", help="coach:ID or coordinator:ID from the directory")
    invite.add_argument("--days", type=int, default=7, help="days the code stays valid (default 7)")
    invite.set_defaults(func=cmd_invite)


def cmd_invite(args: argparse.Namespace) -> int:
    from bot.app import prepare_database
    from bot.directory_admin import MAX_INVITE_DAYS, make_invitation

    config: Config = args.settings
    role, _, ident = args.who.partition(":")
    if role not in ("coach", "coordinator") or not ident:
        print(f"{args.who!r}: expected coach:ID or coordinator:ID")
        return 2
    if not 1 <= args.days <= MAX_INVITE_DAYS:
        print(f"--days: between 1 and {MAX_INVITE_DAYS}")
        return 2

    async def run() -> int:
        async with migrated(config) as db:
            # the directory a start would import (the configured file, or the demo one into an empty database):
            # an invitation made before the first start must find the same people
            await prepare_database(db, config, SystemClock())
            async with db.session() as session:
                invitation, problems = await make_invitation(
                    session, role, ident, SystemClock().now(), bot_username=config.telegram.bot_username or "",
                    days=args.days,
                )
        if invitation is None:
            source = f" ({config.directory.path})" if config.directory.path else ""
            for problem in problems:
                print(problem + source, file=sys.stderr)
            return 1
        print(invitation.text())
        return 0

    return asyncio.run(run())
