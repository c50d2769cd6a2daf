"""`digicoach privacy export|erase PERSON` and `privacy retention`: for the data protection officer."""
from __future__ import annotations

import argparse
import asyncio
import sys

from bot.clock import SystemClock
from bot.config import Config
from bot.commands.database import in_transaction
from storage.privacy import apply_retention, erase_person, export_json, export_person, find_person


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
    text = export_json(data)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"written to {args.out}")
    else:
        print(text, end="")
    return 0


def confirmed(person: str) -> bool:
    """Asks on standard input; anything but "erase" is a no, and so is no answer at all.

    Without a terminal (a script, cron, `ssh host digicoach ...`) input() meets the end of input: that is a
    no, said plainly; a script that means it passes --yes.
    """
    try:
        answer: str | None = input(f"Erase everything about {person}? Type 'erase' to confirm: ")
    except EOFError:
        answer = None
    if answer is None or not sys.stdin.isatty():
        print()  # nobody typed Enter (Ctrl-D, or a pipe): end the question's line
    if answer is None:
        print("not erased: no answer on standard input (pass --yes to erase without a question)")
        return False
    if answer.strip() != "erase":
        print("not erased")
        return False
    return True


def cmd_erase(args: argparse.Namespace) -> int:
    if not args.yes and not confirmed(args.person):
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
