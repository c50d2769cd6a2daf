"""The `digicoach` command: one argparse tree, each command group in its own module under bot/commands."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence

from bot.config import ConfigError, load_config
from bot.logs import json_wanted, setup_logging


def build_parser() -> argparse.ArgumentParser:
    from bot.commands import bench as bench_commands
    from bot.commands import digest as digest_commands
    from bot.commands import chat, faq, operator, privacy
    from bot.commands import teams as teams_commands

    parser = argparse.ArgumentParser(prog="digicoach", description="Digicoach: FAQ answers and hand-off to a digicoach.")
    parser.add_argument("--config", help="config file (default: $DIGICOACH_CONFIG, else built-in defaults)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at debug level")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat.register(sub)
    operator.register(sub)
    operator.register_invite(sub)
    privacy.register(sub)
    faq.register(sub)
    digest_commands.register(sub)
    teams_commands.register(sub)
    bench = sub.add_parser("bench", help="measure speed").add_subparsers(dest="bench_command", required=True)
    faq.register_bench(bench)
    bench_commands.register(bench)
    bench_commands.register_load(bench)
    digest_commands.register_bench(bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.verbose else getattr(logging, os.environ.get("DIGICOACH_LOG_LEVEL", "WARNING").upper(), logging.WARNING)
    setup_logging(level, json_format=json_wanted())
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    args.settings = config  # every command reads the checked configuration from here
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
