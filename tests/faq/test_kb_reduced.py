"""KnowledgeBase.reduced: the "first KB" condition (first N phrasings, no vocabulary file of its own)."""
from __future__ import annotations

from pathlib import Path

import pytest

from faq.kb import Addition, load_kb
from faq.matcher import Matcher

from faq_helpers import write

ENTRIES = """
- id: payslip
  lang: nl
  questions:
    - Waar vind ik mijn loonbrief?
    - loonbrief bekijken
    - loonfiche downloaden
    - loonstrook van vorige maand
  answer: Je loonbrief staat in Mia.
- id: payslip
  lang: en
  questions:
    - Where can I find my payslip?
  answer: Your payslip is in Mia.
- id: wifi
  lang: nl
  questions:
    - Wat is het wifi wachtwoord?
    - geen internet op mijn gsm
  answer: Stad-Personeel.
"""

VOCABULARY = """
synonyms:
  - [mia, personeelsapp]
spoken:
  kzie: ik zie
"""


@pytest.fixture
def kb_with_vocabulary(tmp_path: Path) -> Path:
    write(tmp_path / "hr.yaml", ENTRIES)
    write(tmp_path / "vocabulary.yaml", VOCABULARY)
    return tmp_path


def test_first_phrasings_of_each_entry_in_file_order(kb_with_vocabulary: Path) -> None:
    kb = load_kb([kb_with_vocabulary])
    small = kb.reduced(phrasings=2)
    assert small.entry("payslip", "nl").questions == ("Waar vind ik mijn loonbrief?", "loonbrief bekijken")
    assert small.entry("payslip", "en").questions == ("Where can I find my payslip?",)
    assert small.entry("wifi", "nl").questions == ("Wat is het wifi wachtwoord?", "geen internet op mijn gsm")
    assert (kb.phrasing_count(), small.phrasing_count()) == (7, 5)
    assert small.ids() == kb.ids() and len(small) == len(kb)
    assert small.entry("payslip", "nl").answer == "Je loonbrief staat in Mia."
    assert kb.entry("payslip", "nl").questions[3] == "loonstrook van vorige maand"  # the original is untouched


def test_without_vocabulary_drops_only_the_kbs_own_file(kb_with_vocabulary: Path) -> None:
    kb = load_kb([kb_with_vocabulary])
    assert kb.vocabulary.spoken == {"kzie": "ik zie"}
    bare = kb.reduced(vocabulary=False)
    assert bare.vocabulary.synonyms == [] and bare.vocabulary.spoken == {}
    assert [Path(f).name for f in bare.files] == ["hr.yaml"]
    assert bare.phrasing_count() == kb.phrasing_count()  # phrasings None keeps them all
    assert kb.reduced(phrasings=1).vocabulary is kb.vocabulary  # vocabulary=True keeps it
    # the matcher still gets its general lexicon: a reduced KB builds and matches
    match = Matcher(kb.reduced(1, vocabulary=False)).match("Waar vind ik mijn loonbrief?", "nl")
    assert "payslip" in (match.entry_id, *match.suggestions)


def test_reduced_kb_learns_like_any_other(kb_with_vocabulary: Path) -> None:
    small = load_kb([kb_with_vocabulary]).reduced(1, vocabulary=False)
    grown = small.with_additions([Addition("payslip", "nl", "loonfiche downloaden")])
    assert grown.entry("payslip", "nl").questions == ("Waar vind ik mijn loonbrief?", "loonfiche downloaden")
    assert grown.vocabulary.spoken == {}


def test_zero_phrasings_is_refused(kb_with_vocabulary: Path) -> None:
    with pytest.raises(ValueError):
        load_kb([kb_with_vocabulary]).reduced(0)
