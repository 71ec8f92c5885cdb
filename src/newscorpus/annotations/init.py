"""``newscorpus annotate init <id>``: start the annotation file of a newly arrived document.

What rules do well is filled in and marked ``silver`` with the rule as provenance: sentences
(:mod:`.sentences`), headings (from the cleaner's record), and optionally entity mentions that
exactly match an alias of the entity inventory. Quotes start as ``none``. The document is added
to its story file (created if the story is new). Nothing here is ever ``gold``: a person
reviews each layer and then sets its status and provenance.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import Location, NewscorpusError
from ..faults import checkpoint
from ..fsutil import atomic_write_bytes, sha256_bytes
from ..layout import CorpusLayout
from ..raw import load_sources
from .io import dumps, load_json, max_json_bytes, save_json
from ..model import GUIDELINES_VERSION, SCHEMA_VERSION, context_of
from .sentences import RULE_ID as SENTENCE_RULE
from .sentences import split_sentences

ALIAS_RULE = "inventory-alias@1"
HEADING_RULE = "heading.short-line"


def _provenance(rule: str) -> dict[str, str]:
    return {"agent": "rule", "id": rule, "guidelines_version": GUIDELINES_VERSION}


def _layer(status: str, rule: str | None, items: list[dict[str, Any]]) -> dict[str, Any]:
    if rule is None:
        return {"status": status, "items": items}
    return {"status": status, "provenance": _provenance(rule), "items": items}


def span_item(item_id: str, text: str, start: int, end: int, **extra) -> dict[str, Any]:
    """An annotation item for ``text[start:end]``, with its context."""
    prefix, suffix = context_of(text, start, end)
    return {"id": item_id, "start": start, "end": end, "text": text[start:end], "prefix": prefix, "suffix": suffix, **extra}


def annotation_document(doc_id: str, story_id: str, text: str, layers: dict[str, Any]) -> dict[str, Any]:
    """A document annotation file pinned to ``text``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc_id,
        "story_id": story_id,
        "text_sha256": sha256_bytes(text.encode("utf-8")),
        "guidelines_version": GUIDELINES_VERSION,
        "layers": layers,
    }


def story_inventory(layout: CorpusLayout, story_id: str) -> dict[str, dict[str, Any]]:
    """The entity inventory of the document's own story (keys are per story: another story's
    'xi-jinping' is not in this story's inventory, and validate would refuse it)."""
    path = layout.annotations_dir / "stories" / f"{story_id}.json"
    if not path.is_file():
        return {}
    source = load_json(path, layout.relative(path))
    if not source.ok:
        return {}
    items = source.data.get("entities", {}).get("items", []) if isinstance(source.data, dict) else []
    return {entry["key"]: entry for entry in items if isinstance(entry, dict) and "key" in entry}


def silver_entities(text: str, blocks: list[tuple[int, int]], inventory: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Exact, whole-word matches of unambiguous aliases, longest first, never overlapping or crossing a block."""
    keys_of: dict[str, list[dict[str, Any]]] = {}
    for entry in inventory.values():
        for alias in entry["aliases"]:
            keys_of.setdefault(alias, []).append(entry)
    # an alias of two entities ('Kremlin', 'Moscow') needs a person to decide: not pre-annotated
    alias_to = {alias: entries[0] for alias, entries in keys_of.items() if len(entries) == 1}
    if not alias_to:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in sorted(alias_to, key=len, reverse=True)) + r")(?!\w)")
    items = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if not any(s <= start and end <= e for s, e in blocks):
            continue
        entry = alias_to[match.group()]
        items.append(span_item(f"e{len(items) + 1}", text, start, end, label=entry["label"], key=entry["key"]))
    return items


def init_annotations(layout: CorpusLayout, doc_id: str, *, with_entities: bool = False, force: bool = False) -> Path:
    """Create corpus/annotations/<id>.json with silver sentences and headings (and silver entities
    from the story's inventory), and list the document in its story file: both files or neither.
    Everything is checked and prepared first; then the story file is written, then the document."""
    sources = {s.id: s for s in load_sources(layout)}
    if doc_id not in sources:
        raise NewscorpusError(f"no document {doc_id!r} in corpus/sources.json", rule="annotate.unknown-document")
    path = layout.annotations_dir / f"{doc_id}.json"
    if path.exists() and not force:
        raise NewscorpusError("already exists; use --force to start over", rule="annotate.exists", location=Location(layout.relative(path)))
    text_path, record_path = layout.clean_text_path(doc_id), layout.clean_record_path(doc_id)
    if not text_path.is_file() or not record_path.is_file():
        raise NewscorpusError("no clean text; run `newscorpus clean` first", rule="doc.no-clean-text", location=Location(layout.relative(text_path)))
    story_id = sources[doc_id].story_id
    text = text_path.read_text(encoding="utf-8")
    headings = [(h["start"], h["end"]) for h in json.loads(record_path.read_text(encoding="utf-8"))["headings"]]
    sentences = split_sentences(text, headings)
    entities = silver_entities(text, sorted(sentences + headings), story_inventory(layout, story_id)) if with_entities else []
    doc = annotation_document(doc_id, story_id, text, {
        "sentences": _layer("silver", SENTENCE_RULE, [span_item(f"s{i}", text, s, e) for i, (s, e) in enumerate(sentences, 1)]),
        "headings": _layer("silver", HEADING_RULE, [span_item(f"h{i}", text, s, e) for i, (s, e) in enumerate(headings, 1)]),
        "entities": _layer("silver", ALIAS_RULE, entities) if with_entities else _layer("none", None, []),
        "quotes": _layer("none", None, []),
    })
    data = dumps(doc).encode("utf-8")
    if len(data) > max_json_bytes():
        raise NewscorpusError(f"the annotation file would be {len(data)} bytes, above validate's limit of {max_json_bytes()} "
                              "bytes for annotation files", rule="annotate.too-large", location=Location(layout.relative(path)))
    story_path, story = _story_with(layout, story_id, doc_id)
    if story is not None:  # a story that does not list the document yet; if the run dies here, a retry completes it
        save_json(story_path, story)
    checkpoint(f"annotate {doc_id}: story written, document not")
    atomic_write_bytes(path, data)
    return path


def _story_with(layout: CorpusLayout, story_id: str, doc_id: str) -> tuple[Path, dict[str, Any] | None]:
    """The story file and its new content listing ``doc_id`` (None when it lists it already)."""
    path = layout.annotations_dir / "stories" / f"{story_id}.json"
    if path.exists():
        source = load_json(path, layout.relative(path))
        story = source.data
        if not source.ok or not isinstance(story, dict) or not isinstance(story.get("documents"), list):
            raise NewscorpusError("the story file is not valid; fix it first (`newscorpus validate` says where)",
                                  rule="annotate.story-invalid", location=Location(source.display))
        if doc_id in story["documents"]:
            return path, None
        story["documents"] = sorted({*story["documents"], doc_id})
        return path, story
    empty = lambda: _layer("none", None, [])  # noqa: E731
    return path, {
        "schema_version": SCHEMA_VERSION,
        "story_id": story_id,
        "guidelines_version": GUIDELINES_VERSION,
        "documents": [doc_id],
        "entities": empty(),
        "alignments": empty(),
        "discrepancies": empty(),
    }
