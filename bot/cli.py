"""The `digicoach` command: one argparse tree, each command group in its own module under bot/commands."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence

from bot.config import ConfigError, load_config
from bot.logs import json_wanted, setup_logging
from bot.startup import StartupError


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
    bench_commands.register_web(bench)
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
        return _report(exc.problems, "configuration error: ", 2)
    args.settings = config  # every command reads the checked configuration from here
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that went away is found here, not in the interpreter's last flush
        return code
    except ConfigError as exc:  # found late, e.g. a channel's secret in the environment
        return _report(exc.problems, "configuration error: ", 2)
    except StartupError as exc:
        return _report(exc.problems, "", 1)
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        return 130


def _report(problems: list[str], prefix: str, code: int) -> int:
    """An operator's mistake: one line per problem, each naming the key, and no traceback."""
    for line in problems:
        print(f"{prefix}{line}", file=sys.stderr)
    return code


def _reader_gone() -> int:
    """`digicoach tickets list | head`: the reader closed the pipe, so end quietly, the way `yes | head` does.

    Standard output now points at /dev/null, so what is still buffered does not fail again at exit.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE, what a shell reports for a program a closed pipe stopped


if __name__ == "__main__":
    sys.exit(main())
