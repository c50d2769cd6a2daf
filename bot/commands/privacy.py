"""`digicoach privacy export|erase PERSON` and `privacy retention`: for the data protection officer."""
from __future__ import annotations

import argparse
import asyncio
import json

from bot.clock import SystemClock
from bot.config import Config
from bot.commands.database import in_transaction
from storage.privacy import apply_retention, erase_person, export_person, find_person


def register(subparsers: argparse._SubParsersAction) -> None:
    privacy = subparsers.add_parser("privacy", help="export or erase a person's data; apply retention")
    sub = privacy.add_subparsers(dest="privacy_command", required=True)
    export = sub.add_parser("export", help="write everything stored about a person as JSON")
    export.add_argument("person", help="a person id, or a channel address such as console:jan or telegram:1001")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)
    erase = sub.add_parser("erase", help="remove a person's data, keeping anonymous counts")
    erase.add_argument("person")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=cmd_erase)
    retention = sub.add_parser("retention", help="erase texts older than [privacy] retention_days now")
    retention.set_defaults(func=cmd_retention)


def cmd_export(args: argparse.Namespace) -> int:
    async def work(session):  # type: ignore[no-untyped-def]
        person = await find_person(session, args.person)
        return None if person is None else await export_person(session, person)

    data = asyncio.run(in_transaction(args.settings, work))
    if data is None:
        print(f"no person {args.person!r}")
        return 1
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        print(f"written to {args.out}")
    else:
        print(text)
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input(f"Erase everything about {args.person}? Type 'erase' to confirm: ")
        if answer.strip() != "erase":
            print("nothing erased")
            return 1

    async def work(session):  # type: ignore[no-untyped-def]
        person = await find_person(session, args.person)
        return None if person is None else await erase_person(session, person, SystemClock().now())

    counts = asyncio.run(in_transaction(args.settings, work))
    if counts is None:
        print(f"no person {args.person!r}")
        return 1
    print("erased; " + ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()))
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    config: Config = args.settings

    async def work(session):  # type: ignore[no-untyped-def]
        return await apply_retention(session, SystemClock().now(), config.privacy.retention_days)

    counts = asyncio.run(in_transaction(config, work))
    print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()))
    return 0
