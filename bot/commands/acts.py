"""`digicoach faq acts`: measure the dialog-act classifier (faq/acts.py) on labelled cases.

Registered under `digicoach faq` by ``bot/commands/faq.py``. A city that adapts
``faq/lexicon/acts.yml`` (or keeps its own copy, ``--lexicon``) reruns this to see
what the change did before it reaches staff. The exit code is 1 when a greeting or
thanks case would reach a coach, so the command can guard a CI job.
"""
from __future__ import annotations

import argparse
import json
import sys

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _acts(args: argparse.Namespace) -> int:
    from faq.acts import ActClassifier, ActsLexiconError, classify
    from faq.acts_eval import ActCaseError, evaluate, load_cases

    from bot.commands.faq import read_cases

    cases = read_cases(load_cases, args.cases, ActCaseError)
    if isinstance(cases, int):
        return cases
    try:
        classify_fn = ActClassifier.from_file(args.lexicon).classify if args.lexicon else classify
        classify_fn("")  # a broken shipped lexicon shows here, as a clear error
    except ActsLexiconError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    report = evaluate(cases, classify_fn)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_report(report, args.cases))
    return EXIT_PROBLEMS if report["greeting_thanks_to_coach"] else EXIT_OK


def format_report(report: dict, source: str = "") -> str:
    """The evaluation as a short text table for people."""
    low, high = report["accuracy_ci95"]
    lines = [
        f"{report['cases']} cases{' from ' + source if source else ''}",
        f"  accuracy                 {report['accuracy']:.3f}  (95% Wilson interval {low:.3f}-{high:.3f}, "
        f"{report['correct']} right)",
        f"  greeting/thanks to coach {report['greeting_thanks_to_coach']:>5}  (must be 0)",
        f"  content-free to coach    {report['content_free_to_coach']:>5}",
        f"  questions not to coach   {report['questions_not_to_coach']:>5}",
        f"  latency p50 / max (ms)   {report['p50_ms']:.3f} / {report['max_ms']:.3f}",
        "",
        f"  {'label':<10} {'support':>7} {'predicted':>9} {'precision':>9} {'recall':>6}",
    ]
    for label, row in report["per_label"].items():
        lines.append(f"  {label:<10} {row['support']:>7} {row['predicted']:>9} {row['precision']:>9.3f} "
                     f"{row['recall']:>6.3f}")
    if report["wrong"]:
        lines += ["", f"  wrong ({len(report['wrong'])}):"]
        for case in report["wrong"]:
            expected = case["act"] + (f"|{case['alt']}" if case["alt"] else "")
            lines.append(f"    {case['got']:<10} expected {expected:<18} {case['text']!r}")
    return "\n".join(lines)


def register(faq_commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `acts` to the `digicoach faq` subcommands."""
    acts = faq_commands.add_parser("acts", help="measure the dialog-act classifier on JSON-lines cases")
    acts.add_argument("--cases", required=True, metavar="FILE.jsonl",
                      help='lines of {"text", "lang", "act", optional "alt"}')
    acts.add_argument("--lexicon", metavar="ACTS.yaml", help="an adapted acts lexicon (default: the shipped one)")
    acts.add_argument("--json", action="store_true", help="print one JSON object with the report")
    acts.set_defaults(func=_acts)
