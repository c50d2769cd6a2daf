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
from faq.semantic import DEFAULT_ENCODER, ENCODERS

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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_kb_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cases_file", nargs="?", metavar="CASES", help="labelled cases, JSON lines (or --cases)")
    parser.add_argument("--cases", metavar="FILE.jsonl", help="the same as CASES")
    parser.add_argument("--kb", action="append", metavar="PATH",
                        help="KB file or folder (repeatable; default: the shipped example KB)")
    parser.add_argument("--first-kb", type=_positive, metavar="N",
                        help='the "first KB" condition: only the first N phrasings of each entry, '
                             "and without the KB's own vocabulary file")
    parser.add_argument("--encoder", choices=(*ENCODERS, "off"), default=DEFAULT_ENCODER,
                        help=f"sentence encoder of the meaning stage, or off for words only (default {DEFAULT_ENCODER})")


def _matcher_factory(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from functools import partial

    from faq.matcher import Matcher

    return partial(Matcher, encoder=None if args.encoder == "off" else args.encoder)


def _kb_and_cases(args: argparse.Namespace):
    """(kb, cases, description of the KB) for eval and replay, or the exit code after saying what is wrong."""
    from faq.evaluate import CaseError, load_cases

    if args.cases and args.cases_file and args.cases != args.cases_file:
        print("give the cases once: either CASES or --cases", file=sys.stderr)
        return EXIT_USAGE
    path = args.cases or args.cases_file
    if not path:
        print("which cases? give a JSON-lines file: CASES or --cases FILE.jsonl", file=sys.stderr)
        return EXIT_USAGE
    try:
        kb = load_kb(args.kb or default_kb_paths())
    except KBError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    cases = read_cases(load_cases, path, CaseError)
    if isinstance(cases, int):
        return cases
    described = f"KB: {len(kb.ids())} entries, {kb.phrasing_count()} phrasings"
    if args.first_kb:
        full = kb.phrasing_count()
        kb = kb.reduced(phrasings=args.first_kb, vocabulary=False)
        described = (f"first KB: {len(kb.ids())} entries, {kb.phrasing_count()} of {full} phrasings "
                     f"(the first {args.first_kb} of each), without its vocabulary file")
    return kb, cases, described


def _figure(report: dict, key: str) -> str:
    """``0.912 [0.881-0.936]``, or ``-`` for a rate of no cases."""
    if not report[f"{key}_n"]:
        return "-"
    low, high = report[f"{key}_ci95"]
    return f"{report[key]:.3f} [{low:.3f}-{high:.3f}]"


def _rate(report: dict, key: str) -> str:
    """``0.912 [0.881-0.936] n=250``: the rate, its 95% interval and its denominator."""
    return f"{_figure(report, key):<19} n={report[f'{key}_n']}"


def _eval(args: argparse.Namespace) -> int:
    from faq.evaluate import RATE_KEYS, case_record, report, run_cases

    loaded = _kb_and_cases(args)
    if isinstance(loaded, int):
        return loaded
    kb, cases, described = loaded
    results = run_cases(_matcher_factory(args)(kb), cases)
    result = report(results)
    if args.cases_out:
        try:
            with open(args.cases_out, "w", encoding="utf-8") as out:
                for case, match, _ in results:
                    out.write(json.dumps(case_record(case, match), ensure_ascii=False) + "\n")
        except OSError as exc:
            print(f"{args.cases_out}: cannot write: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        print(json.dumps(result))
        return EXIT_OK
    print(f"{len(cases)} cases, {sum(1 for c in cases if c.expect is None)} out of scope; {described}")
    for key in RATE_KEYS:
        print(f"  {key:<22} {_rate(result, key):<29}  {_LABELS[key]}")
    for key in ("p50_ms", "p99_ms"):
        print(f"  {key:<22} {result[key]:<29}  {_LABELS[key]}")
    print("  [low-high]: 95% Wilson interval; n: the cases the rate is a share of")
    if args.cases_out:
        print(f"Per-case decisions written to {args.cases_out}")
    return EXIT_OK


def _replay(args: argparse.Namespace) -> int:
    from faq.evaluate import RATE_KEYS
    from faq.replay import replay

    loaded = _kb_and_cases(args)
    if isinstance(loaded, int):
        return loaded
    kb, cases, described = loaded
    result = replay(kb, cases, args.seed, _matcher_factory(args))
    learn, held = result.split.learn, result.split.held
    held_oos = sum(1 for c in held if c.expect is None)
    if args.json:
        print(json.dumps({
            "seed": result.seed, "first_kb": args.first_kb,
            "A": len(learn), "B": len(held) - held_oos, "B_out_of_scope": held_oos,
            "offered": len(result.additions), "learned": result.learned,
            "phrasings_before": result.phrasings_before,
            "before": {"B": result.before_held, "A": result.before_learn},
            "after": {"B": result.after_held, "A": result.after_learn},
        }))
        return EXIT_OK
    offered = len(result.additions)
    print(f"{len(cases)} cases, seed {result.seed}; {described}")
    print(f"  A: {len(learn)} in-scope cases, the questions learned from")
    print(f"  B: {len(held) - held_oos} in-scope and {held_oos} out-of-scope cases, never learned from")
    print(f"Learned {result.learned} new phrasing(s), {result.phrasings_before} -> "
          f"{result.phrasings_before + result.learned} in the KB:")
    print(f"  {offered} of A's {len(learn)} questions had their entry answered or suggested "
          f"({offered - result.learned} of them were phrasings already, or repeated);")
    print(f"  {len(learn) - offered} were not offered, so nobody could pick them: not learned")
    sections = (("B, new wording (the figure that counts)", result.before_held, result.after_held, RATE_KEYS),
                ("A, the same wording again (learned from)", result.before_learn, result.after_learn,
                 tuple(k for k in RATE_KEYS if k != "oos_false_answer_rate")))
    for title, before, after, keys in sections:
        print()
        print(f"{title}")
        print(f"  {'':<22} {'before':<19}      {'after':<19}  n")
        for key in keys:
            print(f"  {key:<22} {_figure(before, key):<19}  ->  {_figure(after, key):<19}  "
                  f"{before[f'{key}_n']:<5}  {_LABELS[key]}")
    print()
    print("[low-high]: 95% Wilson interval; n: the cases the rate is a share of")
    return EXIT_OK


def _reload(args: argparse.Namespace) -> int:
    from bot.commands.faq_runtime import run_reload

    return run_reload(args)


def _gaps(args: argparse.Namespace) -> int:
    from bot.commands.faq_runtime import run_gaps

    return run_gaps(args)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `faq check|eval|replay|reload|gaps` to the `digicoach` command."""
    faq = subparsers.add_parser("faq", help="check, evaluate and reload the FAQ knowledge base")
    commands = faq.add_subparsers(dest="faq_command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate FAQ files; print every problem")
    check.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders")
    check.set_defaults(func=_check)

    evaluate = commands.add_parser("eval", help="measure the matcher on JSON-lines cases")
    _add_kb_arguments(evaluate)
    evaluate.add_argument("--json", action="store_true",
                          help="print one JSON object with the metrics and their intervals")
    evaluate.add_argument("--cases-out", metavar="FILE.jsonl",
                          help="write each case's decision, scores and outcome, one JSON line per case")
    evaluate.set_defaults(func=_eval)

    replay = commands.add_parser("replay", help="measure the learning loop: learn from half the cases, "
                                                "evaluate on the other half")
    _add_kb_arguments(replay)
    replay.add_argument("--seed", type=int, default=0, help="which split of the cases into halves (default 0)")
    replay.add_argument("--json", action="store_true", help="print one JSON object with both halves' figures")
    replay.set_defaults(func=_replay)

    reload = commands.add_parser("reload", help="make the running bot re-read the FAQ files now")
    reload.set_defaults(func=_reload)

    gaps = commands.add_parser("gaps", help="group questions the FAQ could not answer")
    gaps.add_argument("--since", type=int, default=7, metavar="DAYS", help="look back this many days (default 7)")
    gaps.set_defaults(func=_gaps)
    from bot.commands import acts, faq_learning

    acts.register(commands)  # `faq acts`
    faq_learning.register(commands)  # `faq review`, `faq export`
    commands.metavar = "{" + ",".join(commands.choices) + "}"  # every sub-command in `digicoach faq -h`


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers separated by commas, not {text!r}") from None
    if not sizes or any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive numbers")
    return sizes


def _bench(args: argparse.Namespace) -> int:
    from faq.bench import encoder_memory_mb, format_table, run_bench

    encoder = None if args.encoder == "off" else args.encoder
    print(f"meaning stage: {args.encoder}; the encoder's weights add {encoder_memory_mb(encoder):.0f} MB resident memory")
    print(format_table(run_bench(args.sizes, args.queries, encoder)))
    return EXIT_OK


def register_bench(bench_subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `faq` under `digicoach bench`."""
    bench = bench_subparsers.add_parser("faq", help="FAQ match latency and memory for generated KBs")
    bench.add_argument("--sizes", type=_sizes, default=(100, 1_000, 10_000),
                       help="KB sizes in entries, comma-separated (default 100,1000,10000)")
    bench.add_argument("--queries", type=int, default=500, help="queries timed per size (default 500)")
    bench.add_argument("--encoder", choices=(*ENCODERS, "off"), default=DEFAULT_ENCODER,
                       help=f"sentence encoder of the meaning stage, or off for words only (default {DEFAULT_ENCODER})")
    bench.set_defaults(func=_bench)
