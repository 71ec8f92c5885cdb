"""attach: join the annotation files to the current clean texts.

Each document file pins the sha256 of the clean text its offsets index. When the clean text
is still that text, attach only writes each span's ``prefix``/``suffix`` context where missing
or stale. When the clean text has changed (a cleaning rule changed), every span is re-anchored
by its exact text and context (:mod:`.anchor`); if every span is placed, the file is rewritten
with the new offsets and checksum and the moves are reported; if any span is ambiguous or
missing, nothing at all is written and each such span is reported on its own line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
import os
from pathlib import Path

from ..cache import Cache
from ..engine import Engine
from ..errors import NewscorpusError
from ..faults import checkpoint
from ..fsutil import atomic_write_bytes, sha256_bytes
from ..incident import Incident, pointer
from ..layout import CorpusLayout
from ..runner import DeclaredFiles, Runner, Stage, Task
from .anchor import KEPT, MOVED, reanchor
from .io import dumps, load_json
from ..raw import DOC_ID
from ..model import context_of, iter_spans, lone_surrogate_pointer


@dataclass
class AttachReport:
    files: int = 0
    initialised: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    reanchored: dict[str, Counter] = field(default_factory=dict)  # file -> status counts
    moves: list[str] = field(default_factory=list)  # one line per moved span
    failures: list[Incident] = field(default_factory=list)

    def summary(self) -> str:
        text = f"attach: {self.files} documents, {len(self.rewritten)} files rewritten"
        if self.initialised:
            text += f"; new documents given silver sentences and headings: {', '.join(self.initialised)}"
        for file, counts in sorted(self.reanchored.items()):
            text += f"\n  {file}: clean text changed; re-anchored {counts[KEPT]} kept, {counts[MOVED]} moved"
        return text


class AttachFailed(NewscorpusError):
    def __init__(self, failures: list[Incident]):
        super().__init__(f"{_what_failed(failures)}; nothing was written", rule="attach.failed")
        self.failures = failures

    def __str__(self) -> str:
        return "\n".join([*(f.render() for f in self.failures), f"error: {self.message}"])


def _what_failed(failures: list[Incident]) -> str:
    """'2 spans could not be placed unambiguously', '1 file could not be read', ... in words."""
    unreadable = {f.file for f in failures if f.level == 1}
    malformed = {f.file for f in failures if f.level == 2}
    spans = sum(1 for f in failures if f.rule.startswith("anchor."))
    other = len(failures) - spans - sum(1 for f in failures if f.level in (1, 2))
    parts = []
    if unreadable:
        parts.append(f"{_count(len(unreadable), 'file')} could not be read as JSON")
    if malformed:
        parts.append(f"{_count(len(malformed), 'file')} {'is not a valid annotation file' if len(malformed) == 1 else 'are not valid annotation files'} "
                     "(`newscorpus validate` lists each error)")
    if spans:
        parts.append(f"{_count(spans, 'span')} could not be placed unambiguously")
    if other:
        parts.append(f"{_count(other, 'other problem')}")
    return "; ".join(parts) or "attach failed"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _malformed(source, spans) -> list[Incident]:
    """What attach relies on, checked before it computes anything: integer offsets within order,
    span texts as strings, no lone surrogate (it could never be written back as UTF-8)."""
    problems = []
    for path_parts, span in spans:
        where = pointer(*path_parts)
        start, end, text = span.get("start"), span.get("end"), span.get("text")
        if type(start) is not int or type(end) is not int:  # noqa: E721 - bool and 0.0 are not offsets
            problems.append(source.incident(2, "attach.malformed", f"offsets must be JSON integers (start {_brief(start)}, "
                                            f"end {_brief(end)}); run `newscorpus validate`", where))
        elif not isinstance(text, str):
            problems.append(source.incident(2, "attach.malformed", f"text must be a string (got {_brief(text)}); run `newscorpus validate`", where))
        elif not 0 <= start <= end:
            problems.append(source.incident(2, "attach.malformed", f"offsets {start}-{end} are not an ordered span; run `newscorpus validate`", where))
    surrogate = lone_surrogate_pointer(source.data)
    if surrogate is not None:
        problems.append(source.incident(2, "attach.malformed", "a string holds a lone surrogate escape (such as \\ud800), "
                                        "which is not a character and cannot be written as UTF-8", surrogate))
    return problems


def _brief(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def document_names(layout: CorpusLayout) -> list[str]:
    """The document annotation files, as sorted path strings (one scandir, no Path per file)."""
    try:
        with os.scandir(layout.annotations_dir) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".json") and not e.name.startswith(".") and not e.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [os.path.join(layout.annotations_dir, name) for name in names]


def _attach_one(layout: CorpusLayout, path: Path, report: AttachReport) -> tuple[dict, bool] | None:
    """The updated data of one file and whether it changed, or None when it cannot be attached."""
    display = layout.relative(path)
    source = load_json(path, display)
    if not source.ok:
        report.failures += source.incidents
        return None
    doc = source.data
    try:
        doc_id, pinned = doc["id"], doc["text_sha256"]
        spans = list(iter_spans(doc))
        for _, span in spans:
            span["start"], span["end"], span["text"]  # noqa: B018 - the fields attach relies on
    except (KeyError, TypeError, AttributeError) as exc:
        report.failures.append(Incident(display, 2, "attach.malformed", f"missing field {exc}; run `newscorpus validate` first"))
        return None
    malformed = _malformed(source, spans)
    if malformed or not isinstance(doc_id, str) or not DOC_ID.fullmatch(doc_id):
        report.failures += malformed or [source.incident(2, "attach.malformed", "the document id is not a valid id; run `newscorpus validate`", "/id")]
        return None
    if doc_id != path.stem:  # the clean text to attach to would be another document's
        report.failures.append(source.incident(3, "attach.id-filename", f"the file of document {doc_id!r} must be named "
                                               f"{doc_id}.json, not {path.name}", "/id"))
        return None
    clean_path = layout.clean_text_path(doc_id)
    if not clean_path.is_file():
        report.failures.append(source.incident(3, "doc.no-clean-text", f"no clean text {layout.relative(clean_path)}; run `newscorpus clean`", "/id"))
        return None
    text = clean_path.read_text(encoding="utf-8")
    current = sha256_bytes(text.encode("utf-8"))
    changed = current != pinned
    if changed:
        counts = Counter()
        for path_parts, span in spans:
            anchor = reanchor(span, text)
            counts[anchor.status] += 1
            where = pointer(*path_parts)
            if not anchor.placed:
                report.failures.append(
                    source.incident(3, f"anchor.{anchor.status}", f"{span['text']!r} at {span['start']}-{span['end']} cannot be placed unambiguously ({anchor.candidates} occurrences of its text in the new clean text)", where)
                )
                continue
            if anchor.status == MOVED:
                report.moves.append(f"{display}: {where} {span['text'][:40]!r} {span['start']}-{span['end']} -> {anchor.start}-{anchor.end}")
            span["start"], span["end"] = anchor.start, anchor.end
        report.reanchored[display] = counts
        doc["text_sha256"] = current
    for _, span in spans:
        if 0 <= span["start"] < span["end"] <= len(text) and text[span["start"] : span["end"]] == span["text"]:
            prefix, suffix = context_of(text, span["start"], span["end"])
            if span.get("prefix") != prefix or span.get("suffix") != suffix:
                span["prefix"], span["suffix"] = prefix, suffix
                changed = True
    return doc, changed


STAGED = ".attach-staged"


@dataclass
class AttachStage(Stage):
    """Attach each annotation file to its document's clean text. A file that needs no change is
    ``settled`` (cached); a changed one is written to a staged copy beside it (``staged``), which
    the caller renames into place only when no file ``failed``."""

    root: str
    name = "attach"
    batch_size = 32

    def tasks(self):
        layout = CorpusLayout(Path(self.root))
        for name in document_names(layout):
            stem = os.path.basename(name)[: -len(".json")]
            yield Task(name, (name, layout.clean_text_file(stem)), outputs=(name + STAGED,))

    def run(self, task: Task, files: DeclaredFiles) -> dict:
        layout, path = CorpusLayout(Path(self.root)), Path(task.id)
        report = AttachReport(files=1)
        attached = _attach_one(layout, path, report)
        result = {"failures": [i.to_dict() for i in report.failures], "moves": report.moves,
                  "reanchored": {f: dict(c) for f, c in report.reanchored.items()}}
        if attached is None:
            return {**result, "outcome": "failed"}
        data, changed = attached
        if not changed:  # pinned to this text, every context right: the file stays as it is
            return {**result, "outcome": "settled"}
        atomic_write_bytes(Path(task.outputs[0]), dumps(data).encode("utf-8"))
        return {**result, "outcome": "staged"}

    def cacheable(self, result: dict) -> bool:
        return result["outcome"] == "settled"


def attach_annotations(layout: CorpusLayout, *, write: bool = True, init_missing: bool = True,
                       engine: Engine | None = None, cache: Cache | None = None) -> AttachReport:
    """Attach every document's annotations to its current clean text (see the module docstring).

    A document of the corpus that has no annotation file yet gets one first (``annotate init``:
    silver sentences and headings, other layers ``none``), so every layer of every document
    declares its status. Files are processed in batches on ``engine``; a file whose bytes and
    clean text are unchanged since it was last found settled is skipped (``cache``). Changed
    files are staged beside the originals and renamed into place only when no span failed.
    """
    report = AttachReport()
    if init_missing and write:
        from ..raw import load_sources
        from .init import init_annotations

        for source in load_sources(layout):
            if not (layout.annotations_dir / f"{source.id}.json").exists() and layout.clean_text_path(source.id).is_file():
                init_annotations(layout, source.id)
                report.initialised.append(source.id)
    stage = AttachStage(str(layout.root))
    runner = Runner(engine or Engine(), cache)
    staged: list[tuple[Path, Task]] = []
    try:
        for outcome in runner.run(stage, desc="attach"):
            result = outcome.result
            report.files += 1
            report.failures += [Incident(**i) for i in result["failures"]]
            report.moves += result["moves"]
            report.reanchored.update({f: Counter(c) for f, c in result["reanchored"].items()})
            if result["outcome"] == "staged":
                staged.append((Path(outcome.task.id), outcome.task))
        if report.failures:
            raise AttachFailed(report.failures)
        if write:
            for path, task in staged:
                checkpoint(f"attach {path.name}: staged, not renamed")
                os.replace(task.outputs[0], path)
                report.rewritten.append(layout.relative(path))
                runner.remember(stage, task, {"failures": [], "moves": [], "reanchored": {}, "outcome": "settled"})
    finally:
        for path, task in staged:
            Path(task.outputs[0]).unlink(missing_ok=True)
        if cache is not None:
            cache.flush()
    return report
