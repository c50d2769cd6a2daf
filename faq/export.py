"""Write a knowledge base back as YAML files (docs/formats.md), e.g. the files plus what the FAQ learned.

One file per source file name, so an editor finds each entry where it was;
entries that came from elsewhere (approved in the chat) go to `learned.yaml`.
Vocabulary files are copied as they are. `load_kb` on the folder gives the
same entries back: that round trip is tested.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from faq.kb import Entry, KnowledgeBase, is_vocabulary_file

LEARNED_FILE = "learned.yaml"


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Answers over several lines as a `|` block, as a person would write them."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _as_yaml(entry: Entry) -> dict[str, object]:
    data: dict[str, object] = {"id": entry.id, "lang": entry.lang, "questions": list(entry.questions), "answer": entry.answer}
    if entry.tags:
        data["tags"] = list(entry.tags)
    return data


def export_kb(kb: KnowledgeBase, out: Path) -> list[Path]:
    """Write `kb` into the folder `out` (created if needed); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    sources = [Path(f) for f in kb.files]
    entry_files = {p.name for p in sources if not is_vocabulary_file(p)}
    learned = LEARNED_FILE
    n = 2
    while learned in entry_files:
        learned, n = f"learned_{n}.yaml", n + 1
    files: dict[str, list[Entry]] = {}
    for entry in kb.entries:
        name = Path(entry.source).name if entry.source and Path(entry.source).name in entry_files else learned
        files.setdefault(name, []).append(entry)
    written = []
    for name, entries in files.items():
        path = out / name
        text = yaml.dump([_as_yaml(e) for e in entries], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for source in sources:
        if is_vocabulary_file(source):
            written.append(Path(shutil.copyfile(source, out / source.name)))
    return written
