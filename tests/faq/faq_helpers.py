"""Small helpers shared by the faq tests."""
from __future__ import annotations

import textwrap
from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD_NL = """
- id: payslip
  lang: nl
  questions:
    - Waar vind ik mijn loonbrief?
    - loonbrief bekijken
  answer: Je loonbrief staat in Mia.
- id: password_forgotten
  lang: nl
  questions:
    - Ik ben mijn wachtwoord vergeten
  answer: Ga naar wachtwoord.example.
"""

GOOD_EN = """
- id: payslip
  lang: en
  questions:
    - Where can I find my payslip?
  answer: Your payslip is in Mia.
"""


