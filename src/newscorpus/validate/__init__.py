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

import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import Cache, make_key
from ..engine import Engine
from ..errors import Location, NewscorpusError
from ..incident import Incident
from ..layout import CorpusLayout
from ..schema_store import schema_digest
from .context import CorpusContext, load_checked
from .level1 import max_json_bytes
from .level3 import check_document, check_story, inventory_conflicts, inventory_entries
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


def kind_of(path: Path) -> str:
    return "story" if path.parent.name == "stories" else "document"


def annotation_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted((p for p in path.rglob("*.json") if not any(part.startswith(".") for part in p.parts)), key=str)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise NewscorpusError("no such file or directory", rule="usage", location=Location(str(path)))
    return files


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


def validate_batch(task: tuple) -> list[tuple[str, dict]]:
    """Pure batch function: validate the files ``paths`` of the corpus at ``root`` (levels 1-3)."""
    root, run, paths, outside = task
    ctx = _context(root, run, outside)
    results = []
    for name in paths:
        answer = _validate(ctx, name)
        answer["incidents"] = [i.to_dict() for i in answer["incidents"]]
        results.append((name, answer))
    return results


def _verdict_options() -> dict:
    """What decides a verdict besides the files: both schemas (a story's checks read its documents
    at level 2 too) and the size limit (`--max-bytes`: a verdict under one limit is not one under another)."""
    return {"schemas": [schema_digest("document"), schema_digest("story")], "max_json_bytes": max_json_bytes()}


def _cache_keys(layout: CorpusLayout, ctx: CorpusContext, files: list[Path], cache: Cache) -> dict[Path, str]:
    """The key of each file's result: the digests of everything its validation reads."""
    story_file = lambda story: layout.annotations_dir / "stories" / f"{story}.json"  # noqa: E731
    wanted: set[Path] = set(files)
    for path in files:
        if kind_of(path) == "document" and path.stem in ctx.sources:
            wanted |= {layout.clean_text_path(path.stem), story_file(ctx.sources[path.stem].story_id)}
        elif kind_of(path) == "story":
            wanted |= {layout.annotations_dir / f"{d}.json" for d in ctx.story_documents(path.stem)}
    digests = cache.digests(sorted(wanted, key=str))
    verdict_options = _verdict_options()
    keys = {}
    for path in files:
        if kind_of(path) == "document":
            source = ctx.sources.get(path.stem)
            entry = [source.id, source.sha256, source.story_id] if source else None
            parts = [digests.get(path), entry]
            if source:
                parts += [digests.get(layout.clean_text_path(path.stem)), digests.get(story_file(source.story_id))]
        else:
            docs = ctx.story_documents(path.stem)
            parts = [digests.get(path), [[d, ctx.sources[d].sha256, digests.get(layout.annotations_dir / f"{d}.json")] for d in docs]]
        kind = kind_of(path)
        where = str(path.relative_to(layout.root)) if path.is_relative_to(layout.root) else str(path)
        keys[path] = make_key("validate", kind, where, verdict_options, parts)
    return keys


def _batches(todo: list[Path], ctx: CorpusContext) -> list[list[str]]:
    """Batches of about BATCH_FILES files, each story after its documents in the same batch (so
    its checks use what they left behind instead of parsing them again)."""
    groups: dict[str, list[str]] = {}
    for path in todo:
        if kind_of(path) == "document":
            record = ctx.sources.get(path.stem)
            groups.setdefault(record.story_id if record else "", []).append(str(path))
    for path in todo:
        if kind_of(path) == "story":
            groups.setdefault(path.stem, []).append(str(path))
    batches, batch = [], []
    for story_id in sorted(groups):
        batch += groups[story_id]
        if len(batch) >= BATCH_FILES:
            batches.append(batch)
            batch = []
    return batches + [batch] if batch else batches


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
    files = [Path(os.path.abspath(p)) for p in annotation_files([Path(p) for p in paths])]
    files = [p for p in files if str(p) not in outside]  # never read: reported as path.outside
    ctx = CorpusContext(layout, outside)
    report = ValidationReport(files=len(files))
    report.incidents += [unlocated(p.location.file or "", "path.outside", p.message) for p in links]
    keys = _cache_keys(layout, ctx, files, cache) if (cache is not None and cache.enabled and layout is not None) else {}
    inventories: dict[str, tuple[str, list]] = {}  # story path -> (story id, entries), for the cross-story check

    def absorb(name: str, answer: dict) -> None:  # results are folded in as they come: nothing kept per file
        report.incidents.extend(Incident(**i) for i in answer["incidents"])
        for layer, status in answer["statuses"]:
            report.status_counts[(layer, status)] += 1
        if answer.get("inventory") is not None:
            inventories[name] = tuple(answer["inventory"])

    todo = files
    if keys:
        found = cache.get_many(list(keys.values()))
        todo = [p for p in files if keys[p] not in found]
        for path in files:
            if keys[path] in found:
                absorb(str(path), json.loads(found[keys[path]]))
        del found
    report.cached = len(files) - len(todo)
    root = str(layout.root) if layout is not None else None
    run = uuid.uuid4().hex
    tasks = ((root, run, batch, outside) for batch in _batches(todo, ctx))
    for results in (engine or Engine()).map(validate_batch, tasks):
        for name, answer in results:
            absorb(name, answer)
            if keys and not any(i["rule"] in _UNCACHED_RULES for i in answer["incidents"]):
                cache.put(keys[Path(name)], json.dumps(answer, sort_keys=True).encode())
    if layout is not None and inventories:
        report.incidents += _inventory_conflicts(ctx, inventories)
    if layout is not None and whole_corpus:
        report.incidents += _unannotated(layout, ctx)
    if cache is not None:
        cache.flush()
    report.incidents.sort(key=lambda i: (i.file, i.line or 0, i.column or 0, i.level, i.rule, i.pointer, i.message))
    return report


def _inventory_conflicts(ctx: CorpusContext, inventories: dict[str, tuple[str, list]]) -> list[Incident]:
    """Keys agree across the valid story files, in file order; a story is parsed again only to locate an incident."""
    stories = ((path, story_id, entries) for path, (story_id, entries) in sorted(inventories.items()))
    return inventory_conflicts(stories, lambda path: ctx.load(path, "story"))


def _unannotated(layout: CorpusLayout, ctx: CorpusContext) -> list[Incident]:
    return [unlocated(layout.relative(layout.raw_path(doc_id)), "doc.unannotated",
                      "no annotation file yet; `newscorpus attach` or `annotate init` creates one")
            for doc_id in sorted(ctx.sources) if not os.path.lexists(ctx.document_path(doc_id))]
