from __future__ import annotations

from pathlib import Path

import pytest

from faq_helpers import GOOD_EN, GOOD_NL, write


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder / "hr.yaml", GOOD_NL)
    write(folder / "hr_en.yaml", GOOD_EN)
    return folder
