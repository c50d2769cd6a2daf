"""Coordinators edit the FAQ while the bot runs: good edits are picked up, broken ones never take it down."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from faq.live import LiveKnowledgeBase
from faq.matcher import Decision

from faq_helpers import write


def touch_later(path: Path) -> None:
    """Make sure the mtime moves even on coarse file systems."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_nothing_changed_means_no_reload(kb_dir: Path) -> None:
    live = LiveKnowledgeBase([kb_dir])
    before = live.current()
    result = live.check_for_changes()
    assert not result.changed and not result.reloaded
    assert live.current() is before


def test_a_good_edit_is_picked_up(kb_dir: Path) -> None:
    live = LiveKnowledgeBase([kb_dir])
    write(kb_dir / "wifi.yaml", """
        - id: wifi
          lang: nl
          questions: ["Wat is het wifi wachtwoord?"]
          answer: Netwerk Stad-Personeel.
    """)
    result = live.check_for_changes()
    assert result.reloaded and result.ok
    kb, matcher = live.current()
    assert "wifi" in kb.ids()
    assert matcher.match("wifi paswoord").entry_id == "wifi"


def test_a_broken_edit_keeps_the_last_good_kb_and_says_why(kb_dir: Path, caplog) -> None:
    live = LiveKnowledgeBase([kb_dir])
    kb_before, _ = live.current()
    hr = kb_dir / "hr.yaml"
    hr.write_text(hr.read_text() + "- id: Kapot\n  lang: nl\n", encoding="utf-8")
    touch_later(hr)
    with caplog.at_level(logging.ERROR, logger="digicoach.faq"):
        result = live.check_for_changes()
    assert result.changed and not result.reloaded
    assert any(p.entry == "#3" for p in result.problems)
    assert live.current()[0] is kb_before
    assert live.current()[1].match("loonbrief bekijken").entry_id == "payslip"
    assert "keeping the previous version" in caplog.text

    # fixing the file brings the new content in
    hr.write_text(hr.read_text().replace("- id: Kapot\n  lang: nl\n", ""), encoding="utf-8")
    touch_later(hr)
    assert live.check_for_changes().reloaded


def test_deleting_a_file_is_a_change(kb_dir: Path) -> None:
    live = LiveKnowledgeBase([kb_dir])
    (kb_dir / "hr_en.yaml").unlink()
    result = live.check_for_changes()
    assert result.reloaded
    assert live.current()[0].languages_of("payslip") == ["nl"]


def test_forced_reload(kb_dir: Path) -> None:
    live = LiveKnowledgeBase([kb_dir])
    result = live.reload()
    assert result.reloaded and result.entries == 3
    assert live.current()[1].match("wachtwoord vergeten").decision is Decision.ANSWER
