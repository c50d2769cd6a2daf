"""The learning loop from a shell: the console chat piped in, then `digicoach faq review` and `faq export`."""
from __future__ import annotations

from faq.kb import Addition, load_kb
from tests.bot.test_console import run_cli

SCRIPT = """\
hallo
1
de printer in de kantine drukt alles scheef af
1
ja
/as piet
hallo
1
de koffieautomaat in de kantine geeft geen wisselgeld
/as coach:lotte
1
/close opgelost 5
1
Bel facilitair, zij vullen het wisselgeld bij.
"""
COFFEE = "de koffieautomaat in de kantine geeft geen wisselgeld"


def entries(kb) -> set:
    return {(e.id, e.lang, e.questions, e.answer, e.tags) for e in kb.entries}


def test_review_approve_reject_and_export(tmp_path):
    chat = run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=SCRIPT)
    assert chat.returncode == 0 and "Een coördinator bekijkt je voorstel" in chat.stdout, chat.stdout[-2000:]

    listed = run_cli(tmp_path, "faq", "review")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert any(line.startswith("#1") and "printing" in line and "de printer in de kantine" in line for line in lines)
    assert any(line.startswith("#2") and "entry" in line and COFFEE in line for line in lines)
    assert "answer: Bel facilitair" in listed.stdout

    bad_id = run_cli(tmp_path, "faq", "review", "--approve", "2", "--id", "Koffie Automaat", "--by", "ops")
    assert bad_id.returncode == 1 and "'Koffie Automaat' cannot be the new entry's id" in bad_id.stderr
    taken = run_cli(tmp_path, "faq", "review", "--approve", "2", "--id", "payslip", "--by", "ops")
    assert taken.returncode == 1 and "'payslip' cannot be" in taken.stderr

    ok = run_cli(tmp_path, "faq", "review", "--approve", "1", "--by", "ops")
    assert ok.returncode == 0 and "approved #1" in ok.stdout
    again = run_cli(tmp_path, "faq", "review", "--reject", "1", "--by", "els")
    assert again.returncode == 1 and again.stderr.strip().startswith("FAQ candidate #1 was already approved by cli:ops")
    unknown = run_cli(tmp_path, "faq", "review", "--approve", "99", "--by", "ops")
    assert unknown.returncode == 1 and unknown.stderr.strip() == "no FAQ candidate #99"
    nobody = run_cli(tmp_path, "faq", "review", "--approve", "2", env={"USER": ""})
    assert nobody.returncode == 2 and "--by NAME" in nobody.stderr
    for result in (bad_id, again, unknown, nobody):
        assert "Traceback" not in result.stderr + result.stdout

    new = run_cli(tmp_path, "faq", "review", "--approve", "2", "--id", "koffie_wisselgeld",
                  "--answer", "Bel facilitair (09 266 00 00).\nZij vullen het wisselgeld bij.", "--by", "ops")
    assert new.returncode == 0, new.stderr
    assert "no FAQ candidates waiting" in run_cli(tmp_path, "faq", "review").stdout

    out = tmp_path / "merged"
    exported = run_cli(tmp_path, "faq", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in out.iterdir()) == ["accounts.yaml", "help.yaml", "hr.yaml", "learned.yaml",
                                                     "phone.yaml", "vocabulary.yaml"]
    checked = run_cli(tmp_path, "faq", "check", str(out))
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 43 entries"), checked.stdout

    coffee_answer = "Bel facilitair (09 266 00 00).\nZij vullen het wisselgeld bij."
    expected = load_kb().with_additions([
        Addition("printing", "nl", "de printer in de kantine drukt alles scheef af"),
        Addition("koffie_wisselgeld", "nl", COFFEE, coffee_answer),
    ])
    merged = load_kb([out])
    assert entries(merged) == entries(expected), "the export is the files plus the approved rows, by the one merge rule"
    assert merged.entry("printing", "nl").questions[-1] == "de printer in de kantine drukt alles scheef af"
    assert (merged.entry("koffie_wisselgeld", "nl").answer, merged.entry("koffie_wisselgeld", "nl").questions) == (
        coffee_answer, (COFFEE,))


def test_export_without_anything_learned_is_the_files_again(tmp_path):
    out = tmp_path / "same"
    assert run_cli(tmp_path, "faq", "export", "--out", str(out)).returncode == 0
    assert entries(load_kb([out])) == entries(load_kb())
    assert not (out / "learned.yaml").exists()


GAPS = """\
hallo
1
de koffieautomaat in de kantine geeft geen wisselgeld
/as piet
hallo
1
koffieautomaat in de kantine geeft geen wisselgeld meer
"""


def test_gap_groups_become_candidate_entries_once(tmp_path):
    chat = run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=GAPS)
    assert chat.returncode == 0, chat.stdout[-2000:]
    assert "no FAQ candidates waiting" in run_cli(tmp_path, "faq", "review").stdout

    made = run_cli(tmp_path, "faq", "review", "--from-gaps", "--since", "3650")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("1 gap group(s) from the last 3650 days are candidates now"), made.stdout
    listed = [line for line in made.stdout.splitlines() if line.startswith("#")]
    assert len(listed) == 1 and "entry" in listed[0] and "koffieautomaat" in listed[0] and "2x" in made.stdout, made.stdout

    again = run_cli(tmp_path, "faq", "review", "--from-gaps", "--since", "3650")
    assert [line for line in again.stdout.splitlines() if line.startswith("#")] == listed, "the same gaps twice: no new rows"
