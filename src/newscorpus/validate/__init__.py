"""Validation of annotation files, in levels, reporting every incident (not only the first).

Level 1: well-formed JSON (encoding, size, nesting, syntax, duplicate keys).
Level 2: JSON Schema (schema/document.schema.json, schema/story.schema.json).
Level 3: semantics against the clean texts, the sources record and the story files.

Public API: :func:`validate_paths` returns a :class:`ValidationReport`; the command line prints
its incidents one per line (``FILE:LINE:COL: L<level> <rule-id> <message> (at <pointer>)``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, NewscorpusError
from ..incident import Incident
from ..layout import CorpusLayout
from .context import CorpusContext
from .level3 import check_document, check_story


@dataclass
class ValidationReport:
    files: int = 0
    incidents: list[Incident] = field(default_factory=list)
    status_counts: Counter = field(default_factory=Counter)  # (layer, status) -> count

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
        return f"validate: {self.files} files, {verdict}; layers: {layers}"


def kind_of(path: Path) -> str:
    return "story" if path.parent.name == "stories" else "document"


def annotation_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.json") if not any(part.startswith(".") for part in p.parts))
        elif path.exists():
            files.append(path)
        else:
            raise NewscorpusError("no such file or directory", rule="usage", location=Location(str(path)))
    return files


def validate_paths(paths: list[Path] | None, layout: CorpusLayout | None) -> ValidationReport:
    """Validate annotation files (default: every file under corpus/annotations/)."""
    if not paths:
        if layout is None:
            raise NewscorpusError("no paths given and no corpus found", rule="usage")
        paths = [layout.annotations_dir] if layout.annotations_dir.is_dir() else []
    ctx = CorpusContext(layout)
    report = ValidationReport()
    for path in annotation_files([Path(p) for p in paths]):
        kind = kind_of(path)
        source = ctx.load(path, kind)
        report.files += 1
        report.incidents += source.incidents
        if not source.ok:
            continue
        layers = source.data["layers"] if kind == "document" else {k: source.data[k] for k in ("entities", "alignments", "discrepancies")}
        for name, layer in layers.items():
            report.status_counts[(f"{kind}:{name}", layer["status"])] += 1
        if layout is not None:
            report.incidents += check_document(source, ctx) if kind == "document" else check_story(source, ctx)
    if layout is not None and paths == [layout.annotations_dir]:  # a whole-corpus run
        for doc_id in sorted(ctx.sources):
            if not (layout.annotations_dir / f"{doc_id}.json").exists():
                report.incidents.append(Incident(layout.relative(layout.raw_path(doc_id)), 3, "doc.unannotated",
                                                 "no annotation file yet; `newscorpus attach` or `annotate init` creates one", severity="warning"))
    report.incidents.sort(key=lambda i: (i.file, i.line or 0, i.column or 0, i.level, i.rule))
    return report
