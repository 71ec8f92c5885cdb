"""The import gate: a tool's files become annotation files only when every one of them is valid.

For each imported document, in order:

1. its text must be the clean text it was exported from: the sha256 of the tool's text (CRLF
   read as LF) must equal the sha256 the annotation file pins, or the sha256 the export wrote
   into the tool's file when the corpus has moved on since (then every span is re-anchored onto
   the new clean text by its exact text and context, as ``newscorpus attach`` does);
2. offsets are converted explicitly (:mod:`.offsets`): the reading under which every span's
   recorded text is the text at its offsets, the tool's own reading first;
3. every span's text is checked against the base text; labels, keys, kinds, reasons and
   relations are mapped back, each unknown one refused;
4. the new annotation file keeps every item id the tool carried back, gives new items new ids
   (never one the file already uses), and keeps all it does not carry (other layers, statuses,
   provenance); the story's inventory aliases follow the mentions;
5. the new files are validated, levels 1-3, on a scratch copy of the corpus
   (:func:`newscorpus.validate.validate_paths`).

Nothing is written unless every file passed; then only files whose bytes change are written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..annotations.anchor import reanchor
from ..annotations.io import dumps, load_json
from ..model import ENTITY_LABELS, GUIDELINES_VERSION, QUOTE_KINDS, context_of, layer_items
from ..fsutil import atomic_write_bytes, sha256_bytes
from ..layout import CorpusLayout
from .brat import CUE_REASONS, SPEAKER_REASONS
from .core import CUE, ENTITY, HEADING, ID_PREFIX, LAYER_OF, SENTENCE, Decoded, ImportRefused, Problem, Region
from .offsets import OffsetMap, choose_reading, normalize_line_ends
from .stage import story_update, validate_on_scratch


@dataclass
class ImportResult:
    documents: dict[str, tuple[dict, dict]] = field(default_factory=dict)  # id -> (before, after)
    stories: dict[str, tuple[dict, dict]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # conversions made, things ignored
    written: list[str] = field(default_factory=list)


@dataclass
class _Base:
    path: Path
    display: str
    doc: dict[str, Any]
    text: str
    inventory: dict[str, dict[str, Any]]


def _load_base(layout: CorpusLayout, decoded: Decoded, problems: list[Problem]) -> _Base | None:
    add = lambda rule, message: problems.append(Problem(decoded.file, rule, message))  # noqa: E731
    doc_id = decoded.doc_id
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}", doc_id or ""):
        add("import.unknown-document", f"{doc_id!r} is not a document id")
        return None
    path = layout.annotations_dir / f"{doc_id}.json"
    if not path.is_file():
        add("import.unknown-document", f"no document {doc_id!r} in {layout.relative(layout.annotations_dir)}/")
        return None
    source = load_json(path, layout.relative(path))
    if not source.ok:
        add("import.base-invalid", f"{source.display} is not valid JSON ({source.incidents[0].rule}); fix it first")
        return None
    text_path = layout.clean_text_path(doc_id)
    if not text_path.is_file():
        add("doc.no-clean-text", f"no clean text {layout.relative(text_path)}")
        return None
    text = text_path.read_text(encoding="utf-8")
    if sha256_bytes(text.encode("utf-8")) != source.data.get("text_sha256"):
        add("anchor.stale-checksum", f"{source.display} is not attached to the current clean text; run `newscorpus attach` first")
        return None
    story = layout.annotations_dir / "stories" / f"{source.data.get('story_id')}.json"
    inventory = {}
    if story.is_file():
        story_source = load_json(story, layout.relative(story))
        if story_source.ok:
            inventory = {e["key"]: e for e in story_source.data["entities"]["items"]}
    return _Base(path, source.display, source.data, text, inventory)


def _next_ids(doc: dict[str, Any]) -> dict[str, int]:
    """Per id prefix, one past the highest number in use (a deleted item's id is never reused
    while it is in the base file)."""
    highest: dict[str, int] = {}
    for name in ID_PREFIX:
        for item in layer_items(doc, name):
            m = re.fullmatch(r"([A-Za-z]+)(\d+)", item["id"])
            if m:
                highest[m.group(1)] = max(highest.get(m.group(1), 0), int(m.group(2)))
    return {prefix: n + 1 for prefix, n in highest.items()}


class _Builder:
    """Checks the regions of one decoded document and builds its new annotation file."""

    def __init__(self, decoded: Decoded, base: _Base, problems: list[Problem], annotator: str | None):
        self.decoded, self.base, self.problems, self.annotator = decoded, base, problems, annotator
        self.notes: list[str] = []

    def problem(self, rule: str, message: str, region: Region | None = None) -> None:
        where = region.where if region is not None else ""
        self.problems.append(Problem(self.decoded.file, rule, message, region.line if region else None, where))

    # -- offsets and texts ----------------------------------------------------------------------

    def place(self) -> dict[str, tuple[int, int]] | None:
        """Each region's span in the current clean text, by ref; None when the text is refused."""
        decoded, base = self.decoded, self.base
        tool_lf = normalize_line_ends(decoded.tool_text)
        tool_sha = sha256_bytes(tool_lf.encode("utf-8"))
        pinned = base.doc["text_sha256"]
        if decoded.exported_sha and decoded.exported_sha != tool_sha:
            self.problem("import.text-changed", f"the text is not the one exported (sha256 {tool_sha[:12]}…, the export wrote "
                         f"{decoded.exported_sha[:12]}…); annotate the text as exported, never edit it in the tool")
            return None
        if tool_sha != pinned and tool_sha != decoded.exported_sha:
            self.problem("import.text-changed", f"the text differs from the clean text {base.display} pins (sha256 {tool_sha[:12]}… "
                         f"against {pinned[:12]}…); annotate the text as exported, or export again if the corpus changed")
            return None
        spans = [(r.start, r.end, r.text) for r in decoded.regions if r.fragments is None]
        reading, maps = choose_reading(decoded.tool_text, tool_lf, spans, decoded.reading)
        if reading != decoded.reading:
            self.notes.append(f"{decoded.file}: offsets read as {reading.describe()} (the spans' texts match only so)")
        offsets = maps[reading] if reading in maps else OffsetMap(decoded.tool_text, reading)
        placed: dict[str, tuple[int, int]] = {}
        for region in decoded.regions:
            pieces = region.fragments or [(region.start, region.end)]
            mapped = [(offsets.to_ours(a), offsets.to_ours(b)) for a, b in pieces]
            if any(a is None or b is None or a >= b for a, b in mapped):
                self.problem("import.span-offsets", f"offsets {region.start}-{region.end} are not a span of the text "
                             f"({offsets.length} {reading.units}), or split a character or a line end", region)
                continue
            found = " ".join(tool_lf[a:b] for a, b in mapped)
            if region.text is not None and found != region.text:
                self.problem("import.span-text", f"the tool recorded {region.text!r} at {region.start}-{region.end}, "
                             f"but the text there is {found!r}", region)
                continue
            placed[region.ref] = (mapped[0][0], mapped[-1][1])
        if tool_sha != pinned:  # the corpus moved since the export: re-anchor onto the current text
            self.notes.append(f"{decoded.file}: the clean text changed since the export; spans re-anchored")
            for region in decoded.regions:
                if region.ref not in placed:
                    continue
                a, b = placed.pop(region.ref)
                prefix, suffix = context_of(tool_lf, a, b)
                anchor = reanchor({"start": a, "end": b, "text": tool_lf[a:b], "prefix": prefix, "suffix": suffix}, base.text)
                if anchor.placed:
                    placed[region.ref] = (anchor.start, anchor.end)
                else:
                    self.problem(f"import.anchor-{anchor.status}", f"{tool_lf[a:b]!r} cannot be placed on the current clean text "
                                 f"({anchor.candidates} occurrences); export again and redo this edit", region)
        return placed

    # -- the new file ---------------------------------------------------------------------------

    def build(self) -> dict[str, Any] | None:
        before = len(self.problems)
        placed = self.place()
        if placed is None:
            return None
        decoded, base = self.decoded, self.base
        by_ref = {r.ref: r for r in decoded.regions}
        cues_used: set[str] = set()
        layers: dict[str, list[tuple[Region, dict[str, Any]]]] = {name: [] for name in decoded.layers}
        for region in decoded.regions:
            if region.ref not in placed:
                continue
            start, end = placed[region.ref]
            fields = self.fields(region, by_ref, placed, cues_used)
            if fields is None or region.kind == CUE:
                continue
            layer = LAYER_OF[region.kind]
            if layer not in layers:
                self.problem("import.layer-not-carried", f"{decoded.file} cannot carry {layer}", region)
                continue
            layers[layer].append((region, {"start": start, "end": end, "text": base.text[start:end], **fields}))
        for region in decoded.regions:
            if region.kind == CUE and region.ref in placed and region.ref not in cues_used:
                self.problem("import.orphan-cue", "a cue that no quote links to (link it to its quote, or delete it)", region)
        if len(self.problems) > before:
            return None
        doc = copy.deepcopy(base.doc)
        next_ids = _next_ids(base.doc)
        for layer, entries in layers.items():
            doc["layers"][layer] = self.layer(layer, entries, next_ids)
        return doc

    def fields(self, region: Region, by_ref: dict[str, Region], placed: dict[str, tuple[int, int]], cues_used: set[str]) -> dict[str, Any] | None:
        inventory, text = self.base.inventory, self.base.text
        if region.kind == ENTITY:
            if region.label not in ENTITY_LABELS:
                self.problem("import.unknown-label", f"label {region.label!r} is not one of the 18 entity types, Quote or Cue", region)
                return None
            if region.key is not None and region.key not in inventory:
                self.problem("import.unknown-key", f"key {region.key!r} is not in the story's entity inventory "
                             f"(add it to corpus/annotations/stories/{self.base.doc['story_id']}.json first)", region)
                return None
            return {"label": region.label, "key": region.key}
        if region.kind in (SENTENCE, HEADING, CUE):
            return {}
        # a quote
        ok = True
        if region.quote_kind not in QUOTE_KINDS:
            self.problem("import.unknown-kind", f"quote kind {region.quote_kind!r} is not one of {', '.join(QUOTE_KINDS)}", region)
            ok = False
        speaker = None
        if region.speaker_ref is not None:
            mention = by_ref.get(region.speaker_ref)
            if mention is None or mention.kind != ENTITY:
                self.problem("import.bad-relation", "the speaker relation must point at an entity mention", region)
                ok = False
            elif mention.key is None:
                self.problem("import.speaker-unkeyed", f"the speaker mention {mention.where} has no key", region)
                ok = False
            else:
                speaker = mention.key
        if region.speaker is not None:
            if region.speaker not in inventory:
                self.problem("import.unknown-key", f"speaker key {region.speaker!r} is not in the story's entity inventory", region)
                ok = False
            elif speaker is not None and speaker != region.speaker:
                self.problem("import.speaker-conflict", f"the speaker relation says {speaker!r}, the speaker key says "
                             f"{region.speaker!r}; keep one", region)
                ok = False
            else:
                speaker = region.speaker
        for value, allowed, name in ((region.speaker_reason, SPEAKER_REASONS, "speaker reason"), (region.cue_reason, CUE_REASONS, "cue reason")):
            if value is not None and value not in allowed:
                self.problem("import.unknown-reason", f"{name} {value!r} is not one of {', '.join(allowed)}", region)
                ok = False
        cue = None
        if region.cue_ref is not None:
            target = by_ref.get(region.cue_ref)
            if target is None or target.kind != CUE:
                self.problem("import.bad-relation", "the cue relation must point at a Cue span", region)
                ok = False
            elif target.ref in placed:
                cues_used.add(target.ref)
                a, b = placed[target.ref]
                prefix, suffix = context_of(text, a, b)
                cue = {"start": a, "end": b, "text": text[a:b], "prefix": prefix, "suffix": suffix}
            else:
                ok = False  # the cue's own problem is reported
        if not ok:
            return None
        return {"kind": region.quote_kind, "speaker": speaker, "speaker_reason": region.speaker_reason if speaker is None else None,
                "cue": cue, "cue_reason": region.cue_reason if cue is None else None}

    def layer(self, name: str, entries: list[tuple[Region, dict[str, Any]]], next_ids: dict[str, int]) -> dict[str, Any]:
        base_layer = self.base.doc["layers"][name]
        base_items = {item["id"]: (index, item) for index, item in enumerate(layer_items(self.base.doc, name))}
        taken: set[str] = set()
        placed = []
        for order, (region, fields) in enumerate(entries):
            item_id = region.item_id if region.item_id in base_items and region.item_id not in taken else None
            if item_id is None:
                prefix = ID_PREFIX[name]
                item_id = f"{prefix}{next_ids.get(prefix, 1)}"
                next_ids[prefix] = next_ids.get(prefix, 1) + 1
            taken.add(item_id)
            rank = base_items[item_id][0] if item_id in base_items else len(base_items) + order
            placed.append(((fields["start"], fields["end"], rank), self.item(name, item_id, base_items.get(item_id, (0, None))[1], fields)))
        items = [item for _, item in sorted(placed, key=lambda p: p[0])]
        layer = dict(base_layer)
        if items != layer_items(self.base.doc, name) and base_layer.get("status") == "none" and items:
            if self.annotator is None:
                self.problem("import.annotator-needed", f"layer {name!r} had status 'none' and now has items; pass --annotator ID "
                             "(who annotated it) to mark it gold")
            else:
                layer = {"status": "gold", "provenance": {"agent": "human", "id": self.annotator, "guidelines_version": GUIDELINES_VERSION}}
        layer["items"] = items
        return layer

    def item(self, layer: str, item_id: str, base_item: dict[str, Any] | None, fields: dict[str, Any]) -> dict[str, Any]:
        item = dict(base_item) if base_item is not None else {}
        item["id"] = item_id
        text = self.base.text
        item["start"], item["end"], item["text"] = fields["start"], fields["end"], fields["text"]
        item["prefix"], item["suffix"] = context_of(text, fields["start"], fields["end"])
        optional = {"key", "speaker_reason", "cue_reason"}
        for name, value in fields.items():
            if name in ("start", "end", "text"):
                continue
            if value is None and name in optional:
                if name == "key" and base_item is not None and "key" in base_item and base_item["key"] is None:
                    item["key"] = None  # the file spelt an absent key as null: keep its spelling
                else:
                    item.pop(name, None)
            else:
                item[name] = value
        return item


def run_gate(layout: CorpusLayout, decoded: list[Decoded], *, annotator: str | None = None, write: bool = True) -> ImportResult:
    """Check, build and validate every decoded document; write them all, or nothing."""
    problems: list[Problem] = []
    result = ImportResult()
    built: dict[str, dict] = {}
    bases: dict[str, _Base] = {}
    displays: dict[str, str] = {}
    for item in decoded:
        problems += item.problems
        if item.problems:
            continue
        if item.doc_id in built or item.doc_id in bases:
            problems.append(Problem(item.file, "import.duplicate-document", f"document {item.doc_id!r} is imported twice"))
            continue
        base = _load_base(layout, item, problems)
        if base is None:
            continue
        bases[item.doc_id] = base
        builder = _Builder(item, base, problems, annotator)
        doc = builder.build()
        result.notes += builder.notes
        if doc is not None:
            built[item.doc_id] = doc
            displays[item.doc_id] = item.file
    if problems:
        raise ImportRefused(problems)
    stories: dict[str, dict] = {}
    for story_id in sorted({doc["story_id"] for doc in built.values()}):
        updated = story_update(layout, story_id, built, result.notes)
        if updated is not None:
            stories[story_id] = updated
    validate_on_scratch(layout, built, stories, displays, problems)
    if problems:
        raise ImportRefused(problems)
    writes: list[tuple[Path, bytes]] = []
    for doc_id, doc in built.items():
        result.documents[doc_id] = (bases[doc_id].doc, doc)
        writes.append((bases[doc_id].path, dumps(doc).encode("utf-8")))
    for story_id, story in stories.items():
        path = layout.annotations_dir / "stories" / f"{story_id}.json"
        before = load_json(path)
        result.stories[story_id] = (before.data, story)
        writes.append((path, dumps(story).encode("utf-8")))
    if write:
        for path, data in writes:
            if path.read_bytes() != data:
                atomic_write_bytes(path, data)
                result.written.append(layout.relative(path))
    return result
