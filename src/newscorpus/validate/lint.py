"""Level 4, lint: consistency findings across the whole corpus.

``lint.label-conflict``         the same string is labelled with different entity types.
``lint.unannotated-occurrence`` a string annotated somewhere occurs, as a whole word, where no
                                entity covers it.
``lint.key-two-types``          one entity key is used with two types.
``lint.quote-no-speaker``       a quote has no speaker.

Each finding has a stable id (``<rule>:<document or *>:<text>``). A finding is settled either by
fixing the annotations or by justifying it in schema/GUIDELINES.md, in the table under
"Justified lint findings" (``| `<finding id>` | why |``); justified findings are counted, not
reported, and a justification that matches nothing any more is reported as stale.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..annotations.model import layer_items
from ..incident import Incident
from ..layout import CorpusLayout
from .context import CorpusContext

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


def lint_corpus(layout: CorpusLayout) -> LintReport:
    ctx = CorpusContext(layout)
    docs = {}
    for path in sorted(layout.annotations_dir.glob("*.json")):
        source = ctx.load(path, "document")
        if source.ok and ctx.clean_text(source.data["id"]) is not None:
            docs[source.data["id"]] = source
    found: list[tuple[str, Incident]] = []

    def finding(rule: str, scope: str, text: str, source, where: str, message: str) -> None:
        found.append((f"{rule}:{scope}:{text}", source.incident(4, rule, message, where)))

    labels: dict[str, Counter] = defaultdict(Counter)
    first_with: dict[tuple[str, str], tuple] = {}
    key_types: dict[str, Counter] = defaultdict(Counter)
    for doc_id, source in docs.items():
        for index, entity in enumerate(layer_items(source.data, "entities")):
            labels[entity["text"]][entity["label"]] += 1
            first_with.setdefault((entity["text"], entity["label"]), (source, f"/layers/entities/items/{index}"))
            if entity.get("key"):
                key_types[entity["key"]][entity["label"]] += 1
    for text, counts in sorted(labels.items()):
        if len(counts) > 1:
            majority = counts.most_common(1)[0][0]
            for label in sorted(set(counts) - {majority}):
                source, where = first_with[(text, label)]
                summary = ", ".join(f"{lab} {n}" for lab, n in counts.most_common())
                finding("lint.label-conflict", "*", text, source, where, f"{text!r} is labelled {summary}")
    for key, counts in sorted(key_types.items()):
        if len(counts) > 1:
            source, where = next(first_with[(t, lab)] for (t, lab) in first_with if lab in counts and _has_key(docs, t, key))
            finding("lint.key-two-types", "*", key, source, where, f"key {key!r} is used as " + " and ".join(sorted(counts)))

    annotated = sorted(labels)
    if annotated:
        for doc_id, source in docs.items():
            text = ctx.clean_text(doc_id)
            covered = sorted((e["start"], e["end"]) for e in layer_items(source.data, "entities"))
            for start, end in _whole_word_occurrences(text, annotated):
                if not any(s <= start and end <= e for s, e in covered):
                    surface = text[start:end]
                    finding("lint.unannotated-occurrence", doc_id, surface, source, "/layers/entities",
                            f"{surface!r} at {start}-{end} is annotated elsewhere but not here: …{text[max(0, start - 30):end + 30]!r}…")

    for doc_id, source in docs.items():
        for index, quote in enumerate(layer_items(source.data, "quotes")):
            if quote.get("speaker") is None:
                finding("lint.quote-no-speaker", doc_id, quote["text"], source, f"/layers/quotes/items/{index}",
                        f"quote {quote['text'][:50]!r} has no speaker ({quote.get('speaker_reason')})")

    allowed = justifications(layout)
    report = LintReport()
    ids_found = set()
    for finding_id, incident in found:
        ids_found.add(finding_id)
        if finding_id in allowed:
            report.justified.append(finding_id)
        else:
            report.findings.append(incident)
    for finding_id in sorted(set(allowed) - ids_found):
        report.findings.append(Incident(str(GUIDELINES), 4, "lint.stale-justification", f"{finding_id!r} is justified but no longer found; remove the row", severity="warning"))
    return report


def _has_key(docs, text: str, key: str) -> bool:
    return any(e["text"] == text and e.get("key") == key for s in docs.values() for e in layer_items(s.data, "entities"))


def _whole_word_occurrences(text: str, strings: list[str]) -> list[tuple[int, int]]:
    """Every whole-word occurrence of every string, including those inside a longer one."""
    spans = set()
    for string in strings:
        for match in re.finditer(r"(?<!\w)" + re.escape(string) + r"(?!\w)", text):
            spans.add(match.span())
    return sorted(spans)
