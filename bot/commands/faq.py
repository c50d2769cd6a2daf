"""`digicoach faq ...` and `digicoach bench faq`: argparse wiring for the faq package.

The lead wires ``register`` and ``register_bench`` into ``bot/cli.py``. Each
subcommand sets ``func(args) -> int`` (the exit code). ``gaps`` and
``reload`` need the database or the running bot, so they import
``bot.commands.faq_runtime`` only when run.
"""
from __future__ import annotations

import argparse
from typing import Callable, TypeVar
import json
import sys

from faq.kb import KBError, check_kb, default_kb_paths, load_kb

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
T = TypeVar("T")


def _check(args: argparse.Namespace) -> int:
    problems = check_kb(args.paths)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return EXIT_PROBLEMS
    kb = load_kb(args.paths)
    languages = {}
    for entry in kb.entries:
        languages[entry.lang] = languages.get(entry.lang, 0) + 1
    per_lang = ", ".join(f"{n} {lang}" for lang, n in sorted(languages.items()))
    print(f"OK: {len(kb.ids())} entries ({per_lang}) in {len(kb.files)} file(s).")
    return EXIT_OK


_LABELS = {
    "answer_accuracy": "answered with the right entry",
    "suggest_recall": "right entry answered or suggested",
    "wrong_answer_rate": "answered with a wrong entry",
    "oos_false_answer_rate": "out-of-scope questions answered",
    "route_rate": "routed to a coach",
    "p50_ms": "median latency (ms)",
    "p99_ms": "99th percentile latency (ms)",
}


def read_cases(load: Callable[[str], list[T]], path: str, error: type[Exception]) -> list[T] | int:
    """A command's labelled cases, or the exit code after saying on stderr what is wrong with the file."""
    try:
        return load(path)
    except error as exc:
        for problem in getattr(exc, "problems", [str(exc)]):
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _eval(args: argparse.Namespace) -> int:
    from faq.evaluate import CaseError, evaluate, load_cases
    from faq.matcher import Matcher

    try:
        kb = load_kb(args.kb or default_kb_paths())
    except KBError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    cases = read_cases(load_cases, args.cases, CaseError)
    if isinstance(cases, int):
        return cases
    result = evaluate(Matcher(kb), cases)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{len(cases)} cases, {sum(1 for c in cases if c.expect is None)} out of scope")
        for key, value in result.items():
            print(f"  {key:<22} {value:>8}   {_LABELS[key]}")
    return EXIT_OK


def _reload(args: argparse.Namespace) -> int:
    from bot.commands.faq_runtime import run_reload

    return run_reload(args)


def _gaps(args: argparse.Namespace) -> int:
    from bot.commands.faq_runtime import run_gaps

    return run_gaps(args)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `faq check|eval|reload|gaps` to the `digicoach` command."""
    faq = subparsers.add_parser("faq", help="check, evaluate and reload the FAQ knowledge base")
    commands = faq.add_subparsers(dest="faq_command", required=True, metavar="{check,eval,reload,gaps}")

    check = commands.add_parser("check", help="validate FAQ files; print every problem")
    check.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders")
    check.set_defaults(func=_check)

    evaluate = commands.add_parser("eval", help="measure the matcher on JSON-lines cases")
    evaluate.add_argument("--kb", action="append", metavar="PATH",
                          help="KB file or folder (repeatable; default: the shipped example KB)")
    evaluate.add_argument("--cases", required=True, metavar="FILE.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object with the metrics")
    evaluate.set_defaults(func=_eval)

    reload = commands.add_parser("reload", help="make the running bot re-read the FAQ files now")
    reload.set_defaults(func=_reload)

    gaps = commands.add_parser("gaps", help="group questions the FAQ could not answer")
    gaps.add_argument("--since", type=int, default=7, metavar="DAYS", help="look back this many days (default 7)")
    gaps.set_defaults(func=_gaps)
    __import__("bot.commands.acts", fromlist=["register"]).register(commands)  # `faq acts`: bot/commands/acts.py
    __import__("bot.commands.faq_learning", fromlist=["register"]).register(commands)  # `faq review|export`


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers separated by commas, not {text!r}") from None
    if not sizes or any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive numbers")
    return sizes


def _bench(args: argparse.Namespace) -> int:
    from faq.bench import format_table, run_bench

    print(format_table(run_bench(args.sizes, args.queries)))
    return EXIT_OK


def register_bench(bench_subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `faq` under `digicoach bench`."""
    bench = bench_subparsers.add_parser("faq", help="FAQ match latency and memory for generated KBs")
    bench.add_argument("--sizes", type=_sizes, default=(100, 1_000, 10_000),
                       help="KB sizes in entries, comma-separated (default 100,1000,10000)")
    bench.add_argument("--queries", type=int, default=500, help="queries timed per size (default 500)")
    bench.set_defaults(func=_bench)
