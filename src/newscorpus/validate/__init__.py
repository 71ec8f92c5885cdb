"""Validation of annotation files, in levels, reporting every incident (not only the first).

Level 1: well-formed JSON (encoding, size, nesting, syntax, duplicate keys).
Level 2: JSON Schema (schema/document.schema.json, schema/story.schema.json).
Level 3: semantics against the clean texts, the sources record and the story files.

Files are validated in batches by a pure function (:func:`validate_batch`) that any engine can
run; levels 1 and 2 take a fast path (orjson and jsonschema-rs) and fall back to the reference
validators, which locate every error. With a cache, a file whose inputs (its bytes, its clean
text, its story file, its sources entry; for a story, its documents) are unchanged is not
validated again.

Public API: :func:`validate_paths` returns a :class:`ValidationReport`; the command line prints
its incidents one per line (``FILE:LINE:COL: L<level> <rule-id> <message> (at <pointer>)``).
"""

from __future__ import annotations

import json
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
from ..annotations.io import max_json_bytes
from .context import CorpusContext, load_checked
from .level3 import check_document, check_inventory_conflicts, check_story


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
        elif path.exists():
            files.append(path)
        else:
            raise NewscorpusError("no such file or directory", rule="usage", location=Location(str(path)))
    return files


_CONTEXTS: dict[tuple, CorpusContext] = {}


def _context(root: str | None, run: str) -> CorpusContext:
    """One context per run per process: workers keep theirs between the batches of one run, and
    a new run (files may have changed) starts afresh."""
    key = (root or "", run)
    if key not in _CONTEXTS:
        _CONTEXTS.clear()
        _CONTEXTS[key] = CorpusContext(CorpusLayout(Path(root)) if root else None)
    return _CONTEXTS[key]


def validate_file(ctx: CorpusContext, path: Path) -> tuple[list[Incident], list[tuple[str, str]]]:
    kind = kind_of(path)
    source = load_checked(path, ctx.display(path), kind)
    if not source.ok:
        return source.incidents, []
    data = source.data
    layers = data["layers"] if kind == "document" else {k: data[k] for k in ("entities", "alignments", "discrepancies")}
    statuses = [(f"{kind}:{name}", layer["status"]) for name, layer in layers.items()]
    if ctx.layout is None:
        return [], statuses
    return (check_document(source, ctx) if kind == "document" else check_story(source, ctx)), statuses


def validate_batch(task: tuple[str | None, str, list[str]]) -> list[tuple[str, list[dict], list[tuple[str, str]]]]:
    """Pure batch function: validate the files ``paths`` of the corpus at ``root`` (levels 1-3)."""
    root, run, paths = task
    ctx = _context(root, run)
    results = []
    for name in paths:
        incidents, statuses = validate_file(ctx, Path(name))
        results.append((name, [i.to_dict() for i in incidents], statuses))
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


def _inventory_conflicts(ctx: CorpusContext, stories: list[Path], cache: Cache | None) -> list[Incident]:
    """Keys agree across all stories: one pass over the story files, cached on all their digests."""
    key = None
    if cache is not None and cache.enabled:
        digests = cache.digests(stories)
        key = make_key("inventory-conflicts", _verdict_options(), [[str(p), digests.get(p)] for p in stories])
        found = cache.get(key)
        if found is not None:
            return [Incident(**i) for i in json.loads(found)]
    incidents = check_inventory_conflicts(load_checked(p, ctx.display(p), "story") for p in stories)
    if key is not None:
        cache.put(key, json.dumps([i.to_dict() for i in incidents]).encode())
    return incidents


def validate_paths(paths: list[Path] | None, layout: CorpusLayout | None, *, engine: Engine | None = None,
                   cache: Cache | None = None) -> ValidationReport:
    """Validate annotation files (default: every file under corpus/annotations/)."""
    whole_corpus = not paths
    if not paths:
        if layout is None:
            raise NewscorpusError("no paths given and no corpus found", rule="usage")
        paths = [layout.annotations_dir] if layout.annotations_dir.is_dir() else []
    files = [p.resolve() for p in annotation_files([Path(p) for p in paths])]
    ctx = CorpusContext(layout)
    report = ValidationReport(files=len(files))
    if layout is not None:
        report.incidents += [Incident(p.location.file or "", 1, p.rule, p.message) for p in layout.links_outside()]
    keys = _cache_keys(layout, ctx, files, cache) if (cache is not None and cache.enabled and layout is not None) else {}

    def absorb(answer: dict) -> None:  # results are folded in as they come: nothing kept per file
        report.incidents.extend(Incident(**i) for i in answer["incidents"])
        for layer, status in answer["statuses"]:
            report.status_counts[(layer, status)] += 1

    todo = files
    if keys:
        found = cache.get_many(list(keys.values()))
        todo = [p for p in files if keys[p] not in found]
        for path in files:
            if keys[path] in found:
                absorb(json.loads(found[keys[path]]))
        del found
    report.cached = len(files) - len(todo)
    root = str(layout.root) if layout is not None else None
    run = uuid.uuid4().hex
    batches = ((root, run, [str(p) for p in todo[i:i + 32]]) for i in range(0, len(todo), 32))
    for results in (engine or Engine()).map(validate_batch, batches):
        for name, incidents, statuses in results:
            answer = {"incidents": incidents, "statuses": statuses}
            absorb(answer)
            # Not cached: these verdicts read the sources entry and story of the id *inside* the file,
            # which the key (made from the file name) does not cover.
            if keys and not any(i["rule"] in ("doc.id-filename", "doc.unknown", "doc.story-mismatch") for i in incidents):
                cache.put(keys[Path(name)], json.dumps(answer, sort_keys=True).encode())
    stories = [p for p in files if kind_of(p) == "story"]
    if layout is not None and stories:
        report.incidents += _inventory_conflicts(ctx, stories, cache)
    if layout is not None and whole_corpus:
        for doc_id in sorted(ctx.sources):
            if not (layout.annotations_dir / f"{doc_id}.json").exists():
                report.incidents.append(Incident(layout.relative(layout.raw_path(doc_id)), 3, "doc.unannotated",
                                                 "no annotation file yet; `newscorpus attach` or `annotate init` creates one", severity="warning"))
    if cache is not None:
        cache.flush()
    report.incidents.sort(key=lambda i: (i.file, i.line or 0, i.column or 0, i.level, i.rule))
    return report
