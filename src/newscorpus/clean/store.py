"""Cleaning the corpus: ``corpus/clean/<id>.txt`` and ``<id>.json`` (the change record) per document.

Documents are cleaned by :class:`CleanStage` on the stage runner (:mod:`..runner`: batches on
any engine, results in order); each file is written atomically, so a bad input stops the run
without touching what was already good. With a cache, a document whose raw text and rules are
unchanged and whose output files are intact is not cleaned again (nor even read). ``check_clean`` reports every committed
file that a fresh run would write differently (the CI freshness check).
"""

from __future__ import annotations

import json
import os

import orjson
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import Cache
from ..engine import Engine
from ..errors import Location, NewscorpusError, Problems
from ..fsutil import _is_our_temporary, atomic_write_bytes, sha256_bytes, sha256_file
from ..layout import CorpusLayout
from ..progress import progress
from ..runner import DeclaredFiles, Runner, Stage, Task
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
    """Deterministic JSON bytes: fixed key order, indentation, UTF-8, final newline. orjson writes
    exactly what ``json.dumps(data, ensure_ascii=False, indent=2)`` writes for a record (strings,
    integers, lists and objects), at C speed: the record is most of the stage's output."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


@dataclass
class CleanOutput:
    doc_id: str
    text: bytes
    record: bytes
    stats: dict[str, int]


def clean_one(layout: CorpusLayout, doc_id: str, cleaner: Cleaner, data: bytes | None = None) -> CleanOutput:
    path = layout.raw_path(doc_id)
    data = path.read_bytes() if data is None else data
    before = Counter(cleaner.stats)
    result = cleaner.clean(decode_text(data, layout.relative(path)))
    stats = dict(cleaner.stats - before)
    return CleanOutput(doc_id, result.text.encode("utf-8"), dumps(record_json(doc_id, sha256_bytes(data), result)), stats)


@lru_cache(maxsize=1)
def _package_cleaner() -> Cleaner:
    """The package's cleaner, one per process (workers keep it between batches)."""
    return Cleaner()


@dataclass
class CleanStage(Stage):
    """Clean each document's raw text into its clean text and change record.

    A task reads one raw file and writes its two outputs (each only when its bytes differ, so a
    rebuild touches nothing that is right); it reports their digests, not their bytes, so no text
    crosses between processes. A custom ``cleaner`` (other rules than the package's) is keyed by
    nothing the cache knows: run it uncached."""

    root: str
    cleaner: Cleaner | None = None
    name = "clean"

    def key_parts(self):
        return {"ruleset": RULESET_VERSION, "record_format": CLEAN_RECORD_FORMAT}

    def tasks(self):
        layout = CorpusLayout(Path(self.root))
        for source in load_sources(layout):
            outputs = (layout.clean_text_file(source.id), layout.clean_record_file(source.id))
            yield Task(source.id, (layout.raw_file(source.id),), outputs=outputs)

    def run(self, task: Task, files: DeclaredFiles) -> dict:
        layout = CorpusLayout(Path(self.root))
        cleaner = self.cleaner or _package_cleaner()
        out = clean_one(layout, task.id, cleaner, files.read_bytes(layout.raw_path(task.id)))
        written, outputs = [], {}
        for path, data in ((layout.clean_text_path(task.id), out.text), (layout.clean_record_path(task.id), out.record)):
            digest = sha256_bytes(data)
            if not files.is_file(path) or sha256_bytes(files.read_bytes(path)) != digest:
                atomic_write_bytes(path, data, durable=False)  # derived: remade if torn
                written.append(str(path))
            outputs[str(path)] = digest
        return {"outputs": outputs, "stats": out.stats, "written": written}


def expected_outputs(layout: CorpusLayout, source: Source, cleaner: Cleaner) -> dict[Path, bytes]:
    out = clean_one(layout, source.id, cleaner)
    return {layout.clean_text_path(source.id): out.text, layout.clean_record_path(source.id): out.record}


@dataclass
class CleanReport:
    documents: int = 0
    cleaned: int = 0  # documents actually cleaned (not answered by the cache)
    written: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)
    foreign: list[Path] = field(default_factory=list)  # not ours: reported, never deleted
    stats: Counter = field(default_factory=Counter)

    def summary(self, layout: CorpusLayout) -> str:
        noise = ", ".join(f"{rule} {n}" for rule, n in sorted(self.stats.items()) if not rule.startswith(("norm.", "heading.")))
        norm = sum(n for rule, n in self.stats.items() if rule.startswith("norm."))
        return (
            f"clean: {self.documents} documents -> {layout.relative(layout.clean_dir)}/ "
            f"({len(self.written)} files written, {len(self.deleted)} deleted, {self.documents - self.cleaned} unchanged by cache); "
            f"noise lines removed: {noise or 'none'}; normalisations: {norm}; "
            f"headings: {self.stats.get('heading.short-line', 0)}"
        ) + "".join(f"\n  {layout.relative(p)}: not written by newscorpus clean; left as it is" for p in self.foreign)


def _leftovers(layout: CorpusLayout, sources: list[Source]) -> tuple[list[Path], list[Path]]:
    """Files in corpus/clean/ that no document of sources.json expects, split in two.

    *Orphans* are outputs of this stage for a document that is gone: a change record of ours
    (its format, its id equal to its file name) and the text whose sha256 it records. Only
    those may be deleted. Everything else is *foreign* (a user's notes, a text edited by hand):
    reported, never deleted. Our own temporary files are not listed (see :func:`sweep_stale_temporaries`).
    """
    if not layout.clean_dir.is_dir():
        return [], []
    expected = {f"{s.id}.txt" for s in sources} | {f"{s.id}.json" for s in sources}
    with os.scandir(layout.clean_dir) as entries:
        names = sorted(e.name for e in entries if e.name not in expected and not _is_our_temporary(e.name))
    orphans, foreign = [], []
    present = set(names)
    ours: set[str] = set()
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if ext != "json" or not dot:
            continue
        record = _our_record(layout.clean_dir / name, stem)
        if record is None:
            continue
        ours.add(name)
        text = f"{stem}.txt"
        if text in present and sha256_file(layout.clean_dir / text) == record.get("clean_sha256"):
            ours.add(text)
    for name in names:
        path = layout.clean_dir / name
        (orphans if name in ours and path.is_file() and not path.is_symlink() else foreign).append(path)
    return orphans, foreign


def _our_record(path: Path, stem: str) -> dict | None:
    """The change record at ``path`` if this stage wrote it (else None: not ours to delete)."""
    if path.is_symlink() or not path.is_file() or path.stat().st_size > 64 * 1024 * 1024:
        return None
    try:
        record = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(record, dict) and record.get("format") == CLEAN_RECORD_FORMAT and record.get("id") == stem \
            and isinstance(record.get("clean_sha256"), str) and "removed" in record:
        return record
    return None


def _require_intact_raw(layout: CorpusLayout, cache: Cache | None = None) -> list[Source]:
    problems = check_raw(layout, cache)
    if problems:
        raise Problems.of(problems)
    return load_sources(layout)


def clean_corpus(layout: CorpusLayout, cleaner: Cleaner | None = None, *, engine: Engine | None = None,
                 cache: Cache | None = None, raw_checked: bool = False) -> CleanReport:
    """Clean every document of the corpus and write the files that changed (``raw_checked``: the
    caller has just run :func:`~newscorpus.raw.check_raw` and found the raw corpus intact).

    A custom ``cleaner`` (other rules than the package's) runs here, uncached: neither workers
    nor the cache know its rules.
    """
    sources = load_sources(layout) if raw_checked else _require_intact_raw(layout, cache)
    report = CleanReport(documents=len(sources))
    custom = cleaner is not None
    runner = Runner(Engine() if custom else (engine or Engine()), None if custom else cache)
    for outcome in runner.run(CleanStage(str(layout.root), cleaner)):
        report.stats.update(outcome.result["stats"])
        if not outcome.cached:
            report.cleaned += 1
            report.written += [Path(p) for p in outcome.result["written"]]
    orphans, foreign = _leftovers(layout, sources)
    for path in orphans:
        path.unlink()
        report.deleted.append(path)
    report.foreign = foreign
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
    orphans, foreign = _leftovers(layout, sources)
    for path in orphans:
        problems.append(
            NewscorpusError("belongs to no document in sources.json; `newscorpus clean` deletes it", rule="clean.orphan",
                            location=Location(layout.relative(path)))
        )
    for path in foreign:
        problems.append(
            NewscorpusError("not written by `newscorpus clean` (it never deletes such a file); move it out of corpus/clean/",
                            rule="clean.foreign", location=Location(layout.relative(path)))
        )
    return problems
