"""`digicoach faq review` and `digicoach faq export`: the learning loop from a shell.

`review` lists pending FAQ candidates; `--approve ID` / `--reject ID` decide one
(`--by NAME`, else $USER, is stored as `cli:NAME`); `--from-gaps` first turns
the FAQ gap groups of the last `--since` days into candidates. `export --out DIR`
writes the FAQ files plus everything approved as YAML. An operator's mistake
(an unknown id, a candidate already decided, an id that cannot be used) gets
one line naming it and exit code 1; never a traceback.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import faq_paths
from bot.clock import SystemClock
from bot.commands.database import in_transaction
from bot.config import Config
from bot.engine.faq_review import approval_problem
from bot.engine.learned_faq import addition
from faq.export import export_kb
from faq.gaps import group_gaps, mask_personal
from faq.kb import KBError, KnowledgeBase, load_kb, phrasing_key
from faq.learning import derive_entry_id, is_known_phrasing, worth_learning
from storage import faq_learning
from storage.gaps import gap_rows

EXIT_OK, EXIT_MISTAKE, EXIT_USAGE = 0, 1, 2
PROBLEMS = {
    "entry_gone": "candidate #{id} is a phrasing of {entry}, which the FAQ files no longer have; reject it",
    "no_answer": "candidate #{id} is a new entry without an answer; give --answer TEXT",
    "bad_id": "candidate #{id}: {entry!r} cannot be the new entry's id (snake_case, not in use in {lang}); give --id ENTRY_ID",
}


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `faq review` and `faq export` (called from bot/commands/faq.py's `register`)."""
    review = commands.add_parser("review", help="list, approve or reject what the FAQ could learn")
    act = review.add_mutually_exclusive_group()
    act.add_argument("--approve", type=int, metavar="ID", help="approve this candidate")
    act.add_argument("--reject", type=int, metavar="ID", help="reject this candidate")
    act.add_argument("--from-gaps", action="store_true", help="turn FAQ gap groups into candidates, then list")
    review.add_argument("--question", help="with --approve: the phrasing as it should read")
    review.add_argument("--answer", help="with --approve: a new entry's answer")
    review.add_argument("--id", dest="entry_id", metavar="ENTRY_ID", help="with --approve: a new entry's id")
    review.add_argument("--by", help="who decides (default: $USER); stored as cli:NAME")
    review.add_argument("--since", type=int, default=30, metavar="DAYS", help="with --from-gaps (default 30)")
    review.set_defaults(func=cmd_review)
    export = commands.add_parser("export", help="write the FAQ files plus what was approved as YAML")
    export.add_argument("--out", required=True, metavar="DIR")
    export.set_defaults(func=cmd_export)


def _files_kb(config: Config) -> KnowledgeBase | None:
    try:
        return load_kb(faq_paths(config))
    except KBError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


async def _merged(session: AsyncSession, files: KnowledgeBase) -> KnowledgeBase:
    """The FAQ as the running bot has it: the files plus every approved candidate (the one merge rule)."""
    return files.with_additions(addition(r) for r in await faq_learning.approved(session) if r.entry_id)


def cmd_review(args: argparse.Namespace) -> int:
    config: Config = args.settings
    files = _files_kb(config)
    if files is None:
        return EXIT_MISTAKE
    if args.approve is not None or args.reject is not None:
        by = args.by or os.environ.get("USER")
        if not by:
            print("say who decides: --by NAME", file=sys.stderr)
            return EXIT_USAGE
        return asyncio.run(in_transaction(config, lambda s: _decide(s, files, args, f"cli:{by}")))
    if args.from_gaps:
        count = asyncio.run(in_transaction(config, lambda s: _from_gaps(s, files, args.since)))
        print(f"{count} gap group(s) from the last {args.since} days are candidates now")
    rows = asyncio.run(in_transaction(config, faq_learning.pending))
    if not rows:
        print("no FAQ candidates waiting")
    for row in rows:
        target = row.entry_id or "?"
        print(f"#{row.id}  {row.kind:<8} {target:<28} {row.lang}  {row.seen:>3}x  {row.source:<9} {row.question}")
        if row.kind == faq_learning.ENTRY:
            print(f"      answer: {(row.answer or '(none yet)').splitlines()[0] if row.answer else '(none yet)'}")
    return EXIT_OK


async def _decide(session: AsyncSession, files: KnowledgeBase, args: argparse.Namespace, by: str) -> int:
    candidate_id = args.approve if args.approve is not None else args.reject
    row = await faq_learning.get(session, candidate_id)
    if row is None:
        print(f"no FAQ candidate #{candidate_id}", file=sys.stderr)
        return EXIT_MISTAKE
    if row.status != faq_learning.PENDING:
        when = row.decided_at.strftime("%Y-%m-%d %H:%M") if row.decided_at else "?"
        print(f"FAQ candidate #{row.id} was already {row.status} by {row.decided_by} at {when} UTC", file=sys.stderr)
        return EXIT_MISTAKE
    now = SystemClock().now()
    if args.reject is not None:
        await faq_learning.decide(session, row.id, faq_learning.REJECTED, by, now)
        print(f"rejected #{row.id}: {row.question}")
        return EXIT_OK
    question = " ".join(args.question.split()) if args.question else None
    if question is not None and not worth_learning(question):
        print(f"candidate #{row.id}: {question!r} is too short or not a question", file=sys.stderr)
        return EXIT_MISTAKE
    entry_id = args.entry_id if args.entry_id is not None else row.entry_id
    answer = args.answer if args.answer is not None else row.answer
    problem = approval_problem(await _merged(session, files), row.kind, entry_id, row.lang, answer)
    if problem is not None:
        print(PROBLEMS[problem].format(id=row.id, entry=entry_id, lang=row.lang), file=sys.stderr)
        return EXIT_MISTAKE
    decided = await faq_learning.decide(session, row.id, faq_learning.APPROVED, by, now, question=question,
                                        key=phrasing_key(question) if question else None,
                                        answer=args.answer, entry_id=args.entry_id)
    if not decided.ok:
        print(f"FAQ candidate #{row.id} was decided by someone else meanwhile", file=sys.stderr)
        return EXIT_MISTAKE
    print(f"approved #{row.id}: {decided.row.question if decided.row else question} -> {entry_id}; "
          "running bots use it after their next FAQ check")
    return EXIT_OK


async def _from_gaps(session: AsyncSession, files: KnowledgeBase, days: int) -> int:
    """Each gap group (the questions the FAQ could not answer, grouped) as a candidate new entry without an answer."""
    now = SystemClock().now()
    rows = await gap_rows(session, now - timedelta(days=days))
    by_text = {text: (ticket, person, lang) for ticket, person, lang, text in reversed(rows)}
    kb = await _merged(session, files)
    taken = set(kb.ids()) | await faq_learning.approved_entry_ids(session)
    made = 0
    for group in group_gaps([text for *_, text in rows]):
        question = " ".join(mask_personal(group.example).split())
        ticket, person, lang = by_text.get(group.example, by_text.get(group.members[0], (None, None, "nl")))
        if not worth_learning(question) or is_known_phrasing(kb, None, lang, question):
            continue
        entry_id = derive_entry_id(question, taken)
        taken.add(entry_id)
        await faq_learning.propose(session, now, kind=faq_learning.ENTRY, entry_id=entry_id, lang=lang,
                                   question=question, key=phrasing_key(question), source="gap", ticket_id=ticket, person_id=person, seen=group.count)
        made += 1
    return made


def cmd_export(args: argparse.Namespace) -> int:
    config: Config = args.settings
    files = _files_kb(config)
    if files is None:
        return EXIT_MISTAKE
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"{out}: not a folder", file=sys.stderr)
        return EXIT_MISTAKE
    merged = asyncio.run(in_transaction(config, lambda s: _merged(s, files)))
    written = export_kb(merged, out)
    learned = len(merged.entries) - len(files.entries)
    print(f"{len(merged.entries)} entries ({learned} new from the database) in {len(written)} file(s) in {out}")
    return EXIT_OK
