"""Level 4, lint: consistency findings across the whole corpus.

``lint.label-conflict``         the same string is labelled with different entity types.
``lint.unannotated-occurrence`` a string annotated somewhere occurs, as a whole word, where no
                                entity covers it.
``lint.key-two-types``          one entity key is used with two types.
``lint.quote-no-speaker``       a quote has no speaker.
``lint.unreadable``             a document that is not valid at levels 1-2 cannot be linted
                                (so ``newscorpus lint`` fails on it rather than passing it by);
                                a link out of the checkout is reported (``path.outside``), never read.

Each finding has a stable id (``<rule>:<document or *>:<text>``). A finding is settled either by
fixing the annotations or by justifying it in schema/GUIDELINES.md, in the table under
"Justified lint findings" (``| `<finding id>` | why |``); justified findings are counted, not
reported, and a justification that matches nothing any more is reported as stale.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import layer_items
from ..incident import Incident
from ..layout import CorpusLayout
from .context import load_checked
from .level1 import load_json
from .rules import incident, unlocated

GUIDELINES = Path("schema") / "GUIDELINES.md"
_JUSTIFIED_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$")


@dataclass
class LintReport:
    findings: list[Incident] = field(default_factory=list)
    justified: list[str] = field(default_factory=list)

    def summary(self) -> str:
        open_ = [f for f in self.findings if f.severity == "error"]
        return f"lint: {len(open_)} findings to fix or justify, {len(self.justified)} justified in {GUIDELINES}"


def justifications(layout: CorpusLayout) -> dict[str, str]:
    path = layout.root / GUIDELINES
    if not path.is_file():
        return {}
    found, inside = {}, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            inside = "justified lint findings" in line.casefold()
            continue
        match = _JUSTIFIED_ROW.match(line) if inside else None
        if match:
            found[match.group(1)] = match.group(2)
    return found


def _documents(layout: CorpusLayout, outside: frozenset[str], problems: list[Incident] | None = None):
    """(path, data, clean text) of every valid document, one at a time; the invalid ones go to
    ``problems`` (when given), and links out of the checkout are never read."""
    for path in sorted(layout.annotations_dir.glob("*.json"), key=str):
        if str(path) in outside:
            continue
        source = load_checked(path, layout.relative(path), "document")
        text_path = layout.clean_text_path(path.stem)
        if not source.ok:
            if problems is not None:
                first = source.incidents[0]
                where = f" at {first.line}:{first.column}" if first.line else ""
                problems.append(unlocated(source.display, "lint.unreadable", f"cannot be linted: L{first.level} {first.rule}{where} "
                                          "(run `newscorpus validate`)", first.line, first.column))
        elif str(text_path) not in outside and text_path.is_file():
            yield path, source.data, text_path.read_text(encoding="utf-8")


Finding = tuple[str, Path, str, str, str]  # (finding id, file, pointer, rule, message)


def lint_corpus(layout: CorpusLayout) -> LintReport:
    """Two streaming passes over the documents: memory grows with distinct strings, not documents."""
    links = layout.links_outside()
    outside = frozenset(os.path.join(str(layout.root), p.location.file or "") for p in links)
    problems = [unlocated(p.location.file or "", "path.outside", p.message) for p in links]
    found: list[Finding] = []
    labels = _label_pass(layout, outside, problems, found)
    found += _unannotated_occurrences(layout, outside, labels)
    return _settle(layout, found, problems)


def _finding(rule: str, scope: str, text: str, path: Path, where: str, message: str) -> Finding:
    return (f"{rule}:{scope}:{text}", path, where, rule, message)


def _label_pass(layout: CorpusLayout, outside: frozenset[str], problems: list[Incident], found: list[Finding]) -> dict[str, Counter]:
    """First pass: quotes without a speaker, and the labels of every entity string and key.
    Gives ``lint.quote-no-speaker``, ``lint.label-conflict``, ``lint.key-two-types``."""
    labels: dict[str, Counter] = defaultdict(Counter)
    first_with: dict[tuple[str, str], tuple[Path, str]] = {}
    key_types: dict[str, Counter] = defaultdict(Counter)
    key_first: dict[tuple[str, str], tuple[Path, str]] = {}
    for path, doc, _ in _documents(layout, outside, problems):
        for index, entity in enumerate(layer_items(doc, "entities")):
            where = f"/layers/entities/items/{index}"
            labels[entity["text"]][entity["label"]] += 1
            first_with.setdefault((entity["text"], entity["label"]), (path, where))
            if entity.get("key"):
                key_types[entity["key"]][entity["label"]] += 1
                key_first.setdefault((entity["key"], entity["label"]), (path, where))
        for index, quote in enumerate(layer_items(doc, "quotes")):
            if quote.get("speaker") is None:
                found.append(_finding("lint.quote-no-speaker", path.stem, quote["text"], path, f"/layers/quotes/items/{index}",
                                      f"quote {quote['text'][:50]!r} has no speaker ({quote.get('speaker_reason')})"))
    for text, counts in sorted(labels.items()):
        if len(counts) > 1:
            majority = counts.most_common(1)[0][0]
            summary = ", ".join(f"{lab} {n}" for lab, n in counts.most_common())
            for label in sorted(set(counts) - {majority}):
                found.append(_finding("lint.label-conflict", "*", text, *first_with[(text, label)], f"{text!r} is labelled {summary}"))
    for key, counts in sorted(key_types.items()):
        if len(counts) > 1:
            minority = sorted(counts, key=lambda lab: (counts[lab], lab))[0]
            found.append(_finding("lint.key-two-types", "*", key, *key_first[(key, minority)],
                                  f"key {key!r} is used as " + " and ".join(sorted(counts))))
    return labels


def _unannotated_occurrences(layout: CorpusLayout, outside: frozenset[str], labels: dict[str, Counter]) -> list[Finding]:
    """Second pass: a string annotated somewhere that occurs, as a whole word, where no entity
    covers it. Gives ``lint.unannotated-occurrence``."""
    found: list[Finding] = []
    if not labels:
        return found
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(labels, key=len, reverse=True)) + r")(?!\w)")
    for path, doc, text in _documents(layout, outside):
        covered = sorted((e["start"], e["end"]) for e in layer_items(doc, "entities"))
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(s <= start and end <= e for s, e in covered):
                surface = text[start:end]
                found.append(_finding("lint.unannotated-occurrence", path.stem, surface, path, "/layers/entities",
                                      f"{surface!r} at {start}-{end} is annotated elsewhere but not here: …{text[max(0, start - 30):end + 30]!r}…"))
    return found


def _settle(layout: CorpusLayout, found: list[Finding], problems: list[Incident]) -> LintReport:
    """Justified findings are counted, the rest reported (located), stale justifications reported.
    Gives ``lint.stale-justification``."""
    allowed = justifications(layout)
    report = LintReport(findings=problems)
    ids_found = set()
    sources: dict[Path, Any] = {}
    for finding_id, path, where, rule, message in found:
        ids_found.add(finding_id)
        if finding_id in allowed:
            report.justified.append(finding_id)
            continue
        if path not in sources:  # locate only what is reported
            sources[path] = load_json(path, layout.relative(path))
        report.findings.append(incident(sources[path], rule, message, where))
    for finding_id in sorted(set(allowed) - ids_found):
        report.findings.append(unlocated(str(GUIDELINES), "lint.stale-justification", f"{finding_id!r} is justified but no longer found; remove the row"))
    return report
