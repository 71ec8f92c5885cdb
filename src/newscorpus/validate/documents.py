"""Level 3 of a document file: what no schema can say.

The pinned checksum matches the clean text; offsets lie in the text and every span's text
equals its slice (and its stored context, when given); ids are unique; sentences tile the body
(all text outside headings), never overlap and never cover a heading; headings are whole lines;
no entity crosses a sentence or heading boundary or overlaps another; quotes keep their
quotation marks; every key and speaker resolves in the story's entity inventory with the
mention's type; a gold layer was made by a human.

Each check reads the document's spans as columns (:mod:`.columns`) and looks at single spans
only where a whole-column comparison found one wrong, so a valid document costs a few list
operations per check.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter
from functools import cached_property
from itertools import accumulate, chain, repeat
from operator import add, ge, le, lt, sub
from typing import Any

from ..model import CLOSING_QUOTES, CONTEXT_CHARS, DOCUMENT_LAYERS, OPENING_QUOTES
from ..fsutil import sha256_bytes
from ..incident import Incident, pointer, short
from .checks import CheckList
from .columns import SpanColumns, span_columns
from .context import CorpusContext
from .rules import incident
from .source import JSONSource


class Document:
    """One schema-valid document file under level 3, and what its checks share."""

    def __init__(self, source: JSONSource, ctx: CorpusContext):
        self.source, self.ctx, self.data = source, ctx, source.data
        self.id, self.story_id = self.data["id"], self.data["story_id"]
        self.layers = self.data["layers"]
        # Which document and story the file belongs to: its file name and sources.json say (a
        # different id or story_id inside is reported by check_identity); the clean text and the
        # story file checked against are those, so each verdict depends only on declared inputs.
        self.file_id = source.path.stem
        record = ctx.sources.get(self.file_id)
        self.home_story = record.story_id if record is not None else self.story_id

    def found(self, rule_id: str, message: str, *where: Any) -> Incident:
        return incident(self.source, rule_id, message, pointer(*where))

    def items(self, name: str) -> list[dict]:
        return self.layers[name]["items"]

    @cached_property
    def columns(self) -> SpanColumns:
        if self.source.columns is None:
            self.source.columns = span_columns(self.data)
        return self.source.columns

    @cached_property
    def text(self) -> str | None:
        return self.ctx.clean_text(self.file_id)

    @cached_property
    def placed(self) -> list[bool] | None:
        """Per span: its offsets lie in the text and its text is their slice (None: every span is)."""
        c, text = self.columns, self.text
        if all(map(lt, c.starts, c.ends)) and max(c.ends, default=0) <= len(text):
            if list(map(text.__getitem__, map(slice, c.starts, c.ends))) == c.texts:
                return None
        return [s < e <= len(text) and text[s:e] == t for s, e, t in zip(c.starts, c.ends, c.texts)]

    def is_placed(self, flat: int) -> bool:
        return self.placed is None or self.placed[flat]

    @cached_property
    def blocks(self) -> list[tuple[int, int, str, int]]:
        """Sentences and headings as (start, end, layer, index), in text order."""
        spans = [(s["start"], s["end"], "sentences", i) for i, s in enumerate(self.items("sentences"))]
        spans += [(h["start"], h["end"], "headings", i) for i, h in enumerate(self.items("headings"))]
        return sorted(spans)


DOCUMENT_CHECKS = CheckList()
check = DOCUMENT_CHECKS.check


@check("doc.id-filename", "doc.unknown", "doc.story-mismatch")
def check_identity(doc: Document) -> list[Incident]:
    """The id is the file name and a document of corpus/sources.json, of the same story.
    Raises doc.id-filename, doc.unknown, doc.story-mismatch."""
    found = []
    if doc.source.path.stem != doc.id:
        found.append(doc.found("doc.id-filename", f"id {short(doc.id)} does not match the file name {short(doc.source.path.name)}", "id"))
    record = doc.ctx.sources.get(doc.id)
    if record is None:
        found.append(doc.found("doc.unknown", f"no document {short(doc.id)} in corpus/sources.json", "id"))
    elif record.story_id != doc.story_id:
        found.append(doc.found("doc.story-mismatch", f"story_id {short(doc.story_id)}, but sources.json says {short(record.story_id)}", "story_id"))
    return found


def status_incidents(subject, layers: dict[str, Any], base: tuple) -> list[Incident]:
    """Statuses say what was done: 'none' has no items, 'gold' was made (and its items kept) by a human."""
    found = []
    for name, layer in layers.items():
        status, provenance, items = layer["status"], layer.get("provenance") or {}, layer["items"]
        if status == "none" and items:
            found.append(subject.found("status.none-with-items", f"layer {name!r} has status 'none' but {len(items)} items", *base, name, "status"))
        if status != "gold":
            continue
        if provenance.get("agent") != "human":
            found.append(subject.found("status.silver-as-gold", f"layer {name!r} is marked gold but was made by a {provenance.get('agent')} "
                                       f"({short(provenance.get('id'))}); gold needs human review", *base, name, "status"))
        if any(map(dict.get, items, repeat("provenance"))):
            for index, item in enumerate(items):
                agent = (item.get("provenance") or {}).get("agent", "human")
                if agent != "human":
                    found.append(subject.found("status.silver-as-gold", f"item of gold layer {name!r} was made by a {agent}; "
                                               "review it and drop its provenance", *base, name, "items", index, "provenance"))
    return found


@check("status.none-with-items", "status.silver-as-gold")
def check_statuses(doc: Document) -> list[Incident]:
    """Raises status.none-with-items, status.silver-as-gold (see :func:`status_incidents`)."""
    return status_incidents(doc, doc.layers, ("layers",))


@check("id.duplicate")
def check_unique_ids(doc: Document) -> list[Incident]:
    """Item ids are unique across the document's layers. Raises id.duplicate."""
    ids = doc.columns.ids
    if len(set(ids)) == len(ids):
        return []
    counts = Counter(ids)
    return [doc.found("id.duplicate", f"id {short(item['id'])} is used {counts[item['id']]} times in this file", "layers", name, "items", index, "id")
            for name in DOCUMENT_LAYERS for index, item in enumerate(doc.items(name)) if counts[item["id"]] > 1]


@check("ref.no-story", "ref.story-unreadable", gives="inventory")
def check_story_found(doc: Document) -> list[Incident]:
    """The document's story file exists and is valid, to resolve keys against. Raises ref.no-story,
    or ref.story-unreadable (a warning: the story file's own incidents are the error)."""
    if doc.ctx.inventory(doc.home_story) is not None:
        return []
    where = f"corpus/annotations/stories/{doc.home_story}.json"
    if os.path.lexists(doc.ctx.story_path(doc.home_story)):  # there, but invalid (or a link out: path.outside)
        return [doc.found("ref.story-unreadable", f"the story file {where} is not valid (see its own incidents): keys and speakers "
                          "were not checked", "story_id")]
    return [doc.found("ref.no-story", f"no story file {where} to resolve keys and speakers against", "story_id")]


@check("ref.entity-key", "key.type-mismatch", needs=("inventory",))
def check_keys(doc: Document) -> list[Incident]:
    """Every entity key is in the story's inventory, with the mention's label. Raises ref.entity-key, key.type-mismatch."""
    labels_of, keys, labels = doc.ctx.inventory_labels(doc.home_story), doc.columns.keys, doc.columns.labels
    if set(keys) - {None} <= labels_of.keys() and list(map(labels_of.get, keys, labels)) == labels:
        return []
    found = []
    for index, (key, label) in enumerate(zip(keys, labels)):
        if key is not None and key not in labels_of:
            found.append(doc.found("ref.entity-key", f"key {short(key)} is not in the story's entity inventory", "layers", "entities", "items", index, "key"))
        elif key is not None and label != labels_of[key]:
            found.append(doc.found("key.type-mismatch", f"key {short(key)} is a {labels_of[key]} in the inventory, but this mention is labelled {label}",
                                   "layers", "entities", "items", index, "label"))
    return found


@check("ref.speaker", needs=("inventory",))
def check_speakers(doc: Document) -> list[Incident]:
    """Every quote's speaker is in the story's inventory. Raises ref.speaker."""
    inventory = doc.ctx.inventory(doc.home_story)
    return [doc.found("ref.speaker", f"speaker {short(quote['speaker'])} is not in the story's entity inventory", "layers", "quotes", "items", index, "speaker")
            for index, quote in enumerate(doc.items("quotes")) if quote.get("speaker") is not None and quote["speaker"] not in inventory]


@check("doc.no-clean-text", gives="text")
def check_clean_text(doc: Document) -> list[Incident]:
    """The document has a clean text. Raises doc.no-clean-text."""
    if doc.text is not None:
        return []
    return [doc.found("doc.no-clean-text", f"no clean text corpus/clean/{doc.file_id}.txt (or not UTF-8); run `newscorpus clean`", "id")]


@check("anchor.stale-checksum", needs=("text",), gives="anchored")
def check_checksum(doc: Document) -> list[Incident]:
    """The clean text is the one the offsets index (text_sha256). Raises anchor.stale-checksum."""
    if sha256_bytes(doc.text.encode("utf-8")) == doc.data["text_sha256"]:
        return []
    return [doc.found("anchor.stale-checksum", "the clean text has changed since these annotations were made; run `newscorpus attach`", "text_sha256")]


@check("span.offsets", "span.text-mismatch", needs=("anchored",), gives="placed")
def check_offsets(doc: Document) -> list[Incident]:
    """Offsets are start < end <= length of the text, and each span's text is its slice.
    Raises span.offsets, span.text-mismatch."""
    if doc.placed is None:
        return []
    c, text, found = doc.columns, doc.text, []
    for flat in (i for i, ok in enumerate(doc.placed) if not ok):
        start, end, path = c.starts[flat], c.ends[flat], c.path(flat)
        if not start < end <= len(text):
            found.append(doc.found("span.offsets", f"offsets {start}-{end} are not a span inside the text (length {len(text)})", *path, "start"))
        else:
            found.append(doc.found("span.text-mismatch", f"text {short(c.texts[flat])} differs from the text at {start}-{end}: "
                                   f"{short(text[start:end])}", *path, "text"))
    return found


@check("span.whitespace-edge", needs=("anchored",))
def check_span_edges(doc: Document) -> list[Incident]:
    """No placed span starts or ends with white space. Raises span.whitespace-edge."""
    texts = doc.columns.texts
    if list(map(str.strip, texts)) == texts:
        return []
    return [doc.found("span.whitespace-edge", f"span {short(t)} starts or ends with white space", *doc.columns.path(i), "text")
            for i, t in enumerate(texts) if t != t.strip() and doc.is_placed(i)]


@check("span.context-mismatch", needs=("anchored",))
def check_contexts(doc: Document) -> list[Incident]:
    """A placed span's stored prefix and suffix are the text beside it. Raises span.context-mismatch."""
    c, text, found = doc.columns, doc.text, []
    prefixes = list(map(text.__getitem__, map(slice, map(max, map(sub, c.starts, repeat(CONTEXT_CHARS)), repeat(0)), c.starts)))
    suffixes = list(map(text.__getitem__, map(slice, c.ends, map(add, c.ends, repeat(CONTEXT_CHARS)))))
    for side, stored, expected in (("prefix", c.prefixes, prefixes), ("suffix", c.suffixes, suffixes)):
        if stored == expected:
            continue
        found += [doc.found("span.context-mismatch", f"{side} {short(got)} is not the text next to the span ({short(want)}); "
                            "run `newscorpus attach` to rewrite it", *c.path(i), side)
                  for i, (got, want) in enumerate(zip(stored, expected)) if got is not None and got != want and doc.is_placed(i)]
    return found


@check("heading.not-a-line", needs=("placed",))
def check_headings(doc: Document) -> list[Incident]:
    """A heading is a whole line of the text. Raises heading.not-a-line."""
    found, text = [], doc.text
    for index, heading in enumerate(doc.items("headings")):
        start, end = heading["start"], heading["end"]
        line_end = text.find("\n", end)
        if text[text.rfind("\n", 0, start) + 1 : start].strip() or text[end : len(text) if line_end < 0 else line_end].strip():
            found.append(doc.found("heading.not-a-line", "a heading must be a whole line of the text", "layers", "headings", "items", index))
    return found


@check("sentences.overlap", "headings.overlap", "sentences.covers-heading", "sentences.gap", needs=("placed",))
def check_tiling(doc: Document) -> list[Incident]:
    """Sentences and headings tile the body: no overlap, no sentence over a heading, no text outside them.
    Raises sentences.overlap, headings.overlap, sentences.covers-heading, sentences.gap."""
    found, text, tiled = [], doc.text, doc.layers["sentences"]["status"] != "none"
    previous_end, previous = 0, None
    for start, end, layer, index in doc.blocks:
        where = ("layers", layer, "items", index)
        if start < previous_end:
            if layer != previous:
                found.append(doc.found("sentences.covers-heading", "a sentence overlaps a heading; headings are not sentences", *where))
            else:
                found.append(doc.found(f"{layer}.overlap", f"this {layer[:-1]} overlaps the previous one", *where))
        elif tiled and text[previous_end:start].strip():
            found.append(doc.found("sentences.gap", f"text outside every sentence and heading: {short(text[previous_end:start].strip(), 60)}; "
                                   "sentences must tile the body", *where))
        previous_end, previous = max(previous_end, end), layer
    if tiled and text[previous_end:].strip():
        found.append(doc.found("sentences.gap", f"text after the last sentence: {short(text[previous_end:].strip(), 60)}", "layers", "sentences", "items"))
    return found


@check("entity.crosses-sentence", "entity.overlap", needs=("placed",))
def check_entities(doc: Document) -> list[Incident]:
    """Each entity lies inside one sentence or heading, and mentions are flat.
    Raises entity.crosses-sentence, entity.overlap."""
    segment = doc.columns.segment("entities")
    starts, ends = doc.columns.starts[segment], doc.columns.ends[segment]
    order = list(range(len(starts)))
    if not all(map(le, starts, starts[1:])):  # in text order (as written), or sorted here
        order.sort(key=list(zip(starts, ends)).__getitem__)
        starts, ends = [starts[i] for i in order], [ends[i] for i in order]
    inside = _inside_one_block(doc, starts, ends)
    reach = list(accumulate(ends, max))
    overlaps = [False, *map(lt, starts[1:], reach)]
    if all(inside) and not any(overlaps):
        return []
    found = []
    for index, alone, overlap in zip(order, inside, overlaps):
        if not alone:
            found.append(doc.found("entity.crosses-sentence", "the entity is not inside a single sentence or heading", "layers", "entities", "items", index))
        if overlap:
            found.append(doc.found("entity.overlap", "the entity overlaps the previous one; entity mentions are flat", "layers", "entities", "items", index))
    return found


def _inside_one_block(doc: Document, starts: list[int], ends: list[int]) -> list[bool]:
    """Per mention: some sentence or heading contains it, i.e. the blocks starting at or before it
    reach at least as far as it does (exact even where blocks overlap)."""
    if not doc.items("sentences"):
        return [True] * len(starts)  # nothing to be inside yet
    block_starts = [-1] + [b[0] for b in doc.blocks]
    reach = list(accumulate(chain([-1], (b[1] for b in doc.blocks)), max))
    nearest = map(sub, map(bisect_right, repeat(block_starts), starts), repeat(1))
    return list(map(ge, map(reach.__getitem__, nearest), ends))


@check("quote.marks", "quote.cue-inside", needs=("placed",))
def check_quotes(doc: Document) -> list[Incident]:
    """A quote keeps its quotation marks, and its cue lies outside it. Raises quote.marks, quote.cue-inside."""
    found = []
    for index, quote in enumerate(doc.items("quotes")):
        body, cue = quote["text"], quote.get("cue")
        if body[0] not in OPENING_QUOTES or body[-1] not in CLOSING_QUOTES:
            found.append(doc.found("quote.marks", "a quote span starts and ends with its quotation marks", "layers", "quotes", "items", index, "text"))
        if isinstance(cue, dict) and cue["start"] < quote["end"] and quote["start"] < cue["end"]:
            found.append(doc.found("quote.cue-inside", "the cue overlaps the quotation", "layers", "quotes", "items", index, "cue"))
    return found
