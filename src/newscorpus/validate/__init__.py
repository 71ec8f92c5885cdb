"""Validation of annotation files, in levels, reporting every incident (not only the first).

Level 1: well-formed JSON (encoding, size, nesting, syntax, duplicate keys) (:mod:`.level1`).
Level 2: JSON Schema (schema/document.schema.json, schema/story.schema.json) (:mod:`.level2`).
Level 3: semantics against the clean texts, the sources record and the story files (:mod:`.level3`).
Every rule id is registered in :mod:`.rules` (``newscorpus validate --list-rules``).

Files are validated in batches by a pure function (:func:`validate_batch`) that any engine can
run; a story travels in the batch of its documents, after them, so each file is read and parsed
once. Levels 1 and 2 take a fast path (orjson and jsonschema-rs) and fall back to the reference
validators, which locate every error. With a cache, a file whose inputs (its bytes, its clean
text, its story file, its sources entry; for a story, its documents) are unchanged is not
validated again.

Public API: :func:`validate_paths` returns a :class:`ValidationReport`; the command line prints
its incidents one per line (``FILE:LINE:COL: L<level> <rule-id> <message> (at <pointer>)``).
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import Cache
from ..engine import Engine
from ..runner import DeclaredFiles, Runner, Stage, Task
from ..errors import Location, NewscorpusError
from ..incident import Incident
from ..layout import CorpusLayout
from ..schema_store import schema_digest
from .context import CorpusContext, load_checked
from .level1 import max_json_bytes
from .level3 import InventoryConflicts, check_document, check_story, inventory_entries
from .rules import unlocated

BATCH_FILES = 32
# Not cached: these verdicts read the sources entry and story of the id *inside* the file, which
# the key (made from the file name) does not cover.
_UNCACHED_RULES = ("doc.id-filename", "doc.unknown", "doc.story-mismatch")


@dataclass
class ValidationReport:
    files: int = 0
    incidents: list[Incident] = field(default_factory=list)
    status_counts: Counter = field(default_factory=Counter)  # (layer, status) -> count
    cached: int = 0

    @property
    def errors(self) -> list[Incident]:
        return [i for i in self.incidents if i.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        statuses = Counter()
        for (_, status), n in self.status_counts.items():
            statuses[status] += n
        layers = ", ".join(f"{s} {statuses[s]}" for s in ("gold", "silver", "none"))
        verdict = "valid" if self.ok else f"{len(self.errors)} errors"
        cached = f" ({self.cached} unchanged, answered by the cache)" if self.cached else ""
        return f"validate: {self.files} files, {verdict}; layers: {layers}{cached}"


def kind_of(name: str) -> str:
    return "story" if os.path.basename(os.path.dirname(name)) == "stories" else "document"


def annotation_files(paths: list[Path]) -> list[str]:
    """The annotation files named or under the directories named, as absolute path strings."""
    files = []
    for path in paths:
        if path.is_dir():
            files += json_names(os.path.abspath(path))
        elif path.exists() or path.is_symlink():
            files.append(os.path.abspath(path))
        else:
            raise NewscorpusError("no such file or directory", rule="usage", location=Location(str(path)))
    return files


def json_names(directory: str) -> list[str]:
    """Every ``*.json`` entry under ``directory`` (a directory so named too: reported as unreadable),
    none under a hidden name, as sorted path strings: ``Path.rglob`` without a Path per file."""
    found, pending = [], [directory]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.name.endswith(".json"):
                    found.append(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    return sorted(found)


_CONTEXTS: dict[tuple, CorpusContext] = {}


def _context(root: str | None, run: str, outside: frozenset[str] = frozenset()) -> CorpusContext:
    """One context per run per process: workers keep theirs between the batches of one run, and
    a new run (files may have changed) starts afresh."""
    key = (root or "", run)
    if key not in _CONTEXTS:
        _CONTEXTS.clear()
        _CONTEXTS[key] = CorpusContext(CorpusLayout(Path(root)) if root else None, outside)
    return _CONTEXTS[key]


def _validate(ctx: CorpusContext, name: str) -> dict:
    """One file's answer: its incidents, its layers' statuses, and (a story) its inventory entries."""
    kind = "story" if os.path.basename(os.path.dirname(name)) == "stories" else "document"
    if kind == "story":
        source = ctx.load(name, kind)
    else:
        source = load_checked(name, ctx.display(name), kind)
        stem = source.path.stem
        if ctx.layout is not None and name == ctx.document_path(stem):
            ctx.remember_summary(stem, source)
    if not source.ok:
        return {"incidents": source.incidents, "statuses": [], "inventory": None}
    data = source.data
    layers = data["layers"] if kind == "document" else {k: data[k] for k in ("entities", "alignments", "discrepancies")}
    statuses = [(f"{kind}:{name}", layer["status"]) for name, layer in layers.items()]
    inventory = [data["story_id"], inventory_entries(data)] if kind == "story" else None
    if ctx.layout is None:
        return {"incidents": [], "statuses": statuses, "inventory": inventory}
    incidents = check_document(source, ctx) if kind == "document" else check_story(source, ctx)
    return {"incidents": incidents, "statuses": statuses, "inventory": inventory}


def validate_file(ctx: CorpusContext, path: Path) -> tuple[list[Incident], list[tuple[str, str]]]:
    answer = _validate(ctx, os.path.abspath(path))
    return answer["incidents"], answer["statuses"]


def _verdict_options() -> dict:
    """What decides a verdict besides the files: both schemas (a story's checks read its documents
    at level 2 too) and the size limit (`--max-bytes`: a verdict under one limit is not one under another)."""
    return {"schemas": [schema_digest("document"), schema_digest("story")], "max_json_bytes": max_json_bytes()}


@dataclass
class ValidateStage(Stage):
    """Levels 1-3 of each annotation file, one task per file.

    A document's task reads the file, its clean text and its story file (by its file name and
    sources.json); its sources entry is a key part. A story's task reads the file and its
    documents' annotation files, and comes after them in one batch, so it reuses what they left
    behind instead of parsing them again. sources.json itself is read once per batch, outside the
    tasks (:meth:`prepare`): each task's key carries the entries it uses."""

    root: str | None
    run_id: str  # one context per run in each worker (files may change between runs)
    outside: frozenset[str] = frozenset()
    name = "validate"
    batch_size = BATCH_FILES

    def key_parts(self):
        return _verdict_options()

    def prepare(self) -> None:
        _context(self.root, self.run_id, self.outside).sources  # noqa: B018 - loaded before the guarded tasks

    def run(self, task: Task, files: DeclaredFiles) -> dict:
        answer = _validate(_context(self.root, self.run_id, self.outside), task.id)
        return {**answer, "incidents": [i.to_dict() for i in answer["incidents"]]}

    def cacheable(self, result: dict) -> bool:
        return not any(i["rule"] in _UNCACHED_RULES for i in result["incidents"])

    def guarded_dir(self) -> str | None:
        return os.path.join(self.root, "corpus") if self.root else None


def _tasks(layout: CorpusLayout | None, ctx: CorpusContext, files: list[str]) -> list[Task]:
    """One task per file, each story after its documents (grouped by story), with what it reads."""
    groups: dict[str, list[Task]] = {}
    root = str(layout.root) + os.sep if layout is not None else None
    for name in files:
        where = name[len(root):] if root and name.startswith(root) else (layout.relative(Path(name)) if layout else name)
        stem = os.path.basename(name)[: -len(".json")] if name.endswith(".json") else os.path.basename(name)
        if kind_of(name) == "document":
            record = ctx.sources.get(stem)
            group = record.story_id if record else ""
            inputs: tuple[str, ...] = (name,) if layout is None else (name, layout.clean_text_file(stem))
            if layout is not None and record is not None:
                inputs += (ctx.story_path(record.story_id),)
            params = ["document", where, [record.id, record.sha256, record.story_id] if record else None]
        else:
            group = stem
            docs = ctx.story_documents(stem)
            inputs = (name, *(ctx.document_path(d) for d in docs))
            params = ["story", where, [[d, ctx.sources[d].sha256] for d in docs]]
        groups.setdefault(group, []).append(Task(name, inputs, params, group=group))
    for tasks in groups.values():  # documents first, then their story
        tasks.sort(key=lambda t: t.params[0] == "story")
    return [task for group in sorted(groups) for task in groups[group]]


def validate_paths(paths: list[Path] | None, layout: CorpusLayout | None, *, engine: Engine | None = None,
                   cache: Cache | None = None) -> ValidationReport:
    """Validate annotation files (default: every file under corpus/annotations/)."""
    whole_corpus = not paths
    if not paths:
        if layout is None:
            raise NewscorpusError("no paths given and no corpus found", rule="usage")
        paths = [layout.annotations_dir] if layout.annotations_dir.is_dir() else []
    max_json_bytes()  # a bad limit is a usage error before any work
    links = layout.links_outside() if layout is not None else []
    outside = frozenset(os.path.join(str(layout.root), p.location.file or "") for p in links)
    files = [name for name in annotation_files([Path(p) for p in paths]) if name not in outside]  # links out: path.outside
    ctx = CorpusContext(layout, outside)
    report = ValidationReport(files=len(files))
    report.incidents += [unlocated(p.location.file or "", "path.outside", p.message) for p in links]
    conflicts = InventoryConflicts(lambda path: ctx.load(path, "story"))  # stories come in file order
    stage = ValidateStage(str(layout.root) if layout is not None else None, uuid.uuid4().hex, outside)
    runner = Runner(engine or Engine(), cache if layout is not None else None)
    for outcome in runner.run(stage, _tasks(layout, ctx, files), desc="validate"):
        answer = outcome.result  # folded in as it comes: nothing kept per file
        report.cached += outcome.cached
        report.incidents.extend(Incident(**i) for i in answer["incidents"])
        for layer, status in answer["statuses"]:
            report.status_counts[(layer, status)] += 1
        if answer.get("inventory") is not None and layout is not None:
            conflicts.add(outcome.task.id, *answer["inventory"])
    report.incidents += conflicts.found
    if layout is not None and whole_corpus:
        report.incidents += _unannotated(layout, ctx)
    report.incidents.sort(key=lambda i: (i.file, i.line or 0, i.column or 0, i.level, i.rule, i.pointer, i.message))
    return report


def _unannotated(layout: CorpusLayout, ctx: CorpusContext) -> list[Incident]:
    return [unlocated(layout.relative(layout.raw_path(doc_id)), "doc.unannotated",
                      "no annotation file yet; `newscorpus attach` or `annotate init` creates one")
            for doc_id in sorted(ctx.sources) if not os.path.lexists(ctx.document_path(doc_id))]
