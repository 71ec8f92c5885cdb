"""Cleaning the corpus: ``corpus/clean/<id>.txt`` and ``<id>.json`` (the change record) per document.

Documents are processed one at a time and each file is written atomically, so a bad input
stops the run without touching what was already good. ``check_clean`` rebuilds in memory and
reports every committed file that a fresh run would write differently (the CI freshness check).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, NewscorpusError, Problems
from ..fsutil import atomic_write_bytes, sha256_bytes
from ..layout import CorpusLayout
from ..progress import progress
from ..raw import Source, check_raw, decode_text, load_sources
from .cleaner import RULESET_VERSION, Cleaner, CleanResult

CLEAN_RECORD_FORMAT = 1


def record_json(source_id: str, raw_sha256: str, result: CleanResult) -> dict:
    """The change record written beside a clean text."""
    return {
        "format": CLEAN_RECORD_FORMAT,
        "id": source_id,
        "raw_sha256": raw_sha256,
        "clean_sha256": sha256_bytes(result.text.encode("utf-8")),
        "ruleset_version": RULESET_VERSION,
        "offsets": "Unicode code points; 'start'/'end' of removed spans index the raw text, "
        "'clean_start' and headings index the clean text",
        "removed": [span.to_dict() for span in result.removed],
        "headings": [heading.to_dict() for heading in result.headings],
    }


def dumps(data: object) -> bytes:
    """Deterministic JSON bytes: fixed key order, indentation, UTF-8, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def expected_outputs(layout: CorpusLayout, source: Source, cleaner: Cleaner) -> dict[Path, bytes]:
    data = layout.raw_path(source.id).read_bytes()
    result = cleaner.clean(decode_text(data, layout.relative(layout.raw_path(source.id))))
    return {
        layout.clean_text_path(source.id): result.text.encode("utf-8"),
        layout.clean_record_path(source.id): dumps(record_json(source.id, sha256_bytes(data), result)),
    }


@dataclass
class CleanReport:
    documents: int = 0
    written: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)

    def summary(self, layout: CorpusLayout) -> str:
        noise = ", ".join(f"{rule} {n}" for rule, n in sorted(self.stats.items()) if not rule.startswith(("norm.", "heading.")))
        norm = sum(n for rule, n in self.stats.items() if rule.startswith("norm."))
        return (
            f"clean: {self.documents} documents -> {layout.relative(layout.clean_dir)}/ "
            f"({len(self.written)} files written, {len(self.deleted)} deleted); "
            f"noise lines removed: {noise or 'none'}; normalisations: {norm}; "
            f"headings: {self.stats.get('heading.short-line', 0)}"
        )


def _orphans(layout: CorpusLayout, sources: list[Source]) -> list[Path]:
    expected = {layout.clean_text_path(s.id) for s in sources} | {layout.clean_record_path(s.id) for s in sources}
    if not layout.clean_dir.is_dir():
        return []
    return sorted(p for p in layout.clean_dir.iterdir() if p.is_file() and not p.name.startswith(".") and p not in expected)


def _require_intact_raw(layout: CorpusLayout) -> list[Source]:
    problems = check_raw(layout)
    if problems:
        raise Problems.of(problems)
    return load_sources(layout)


def clean_corpus(layout: CorpusLayout, cleaner: Cleaner | None = None) -> CleanReport:
    """Clean every document of the corpus and write the files that changed."""
    cleaner = cleaner or Cleaner()
    sources = _require_intact_raw(layout)
    report = CleanReport()
    for source in progress(sources, desc="clean", unit="doc"):
        for path, data in expected_outputs(layout, source, cleaner).items():
            if not path.is_file() or path.read_bytes() != data:
                atomic_write_bytes(path, data)
                report.written.append(path)
        report.documents += 1
    for path in _orphans(layout, sources):
        path.unlink()
        report.deleted.append(path)
    report.stats = cleaner.stats
    return report


def check_clean(layout: CorpusLayout, cleaner: Cleaner | None = None) -> list[NewscorpusError]:
    """Every committed clean file that differs from what a fresh run writes, plus orphans."""
    cleaner = cleaner or Cleaner()
    sources = _require_intact_raw(layout)
    problems = []
    for source in progress(sources, desc="check clean", unit="doc"):
        for path, data in expected_outputs(layout, source, cleaner).items():
            where = Location(layout.relative(path))
            if not path.is_file():
                problems.append(NewscorpusError("missing; run `newscorpus clean`", rule="clean.missing", location=where))
            elif path.read_bytes() != data:
                problems.append(
                    NewscorpusError(
                        "stale: a fresh run of the cleaner writes different bytes; run `newscorpus clean` and commit",
                        rule="clean.stale",
                        location=where,
                    )
                )
    for path in _orphans(layout, sources):
        problems.append(
            NewscorpusError("belongs to no document in sources.json", rule="clean.orphan", location=Location(layout.relative(path)))
        )
    return problems
