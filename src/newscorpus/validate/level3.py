"""Level 3: semantics that no schema can say.

Document files: the pinned checksum matches the clean text; offsets lie in the text and every
span's text equals its slice (and its stored context, when given); ids are unique; sentences
tile the body (all text outside headings), never overlap and never cover a heading; headings
are whole lines; no entity crosses a sentence or heading boundary or overlaps another; quotes
keep their quotation marks; every key and speaker resolves in the story's entity inventory
with the mention's type; a gold layer was made by a human.

Story files: the documents exist and belong to the story; the inventory's keys are unique, agree
across stories, and its aliases are exactly the surface forms seen; alignments and
discrepancies refer to sentences that exist, in different documents.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from typing import Any, Iterable

from ..annotations.io import JSONSource
from ..annotations.model import CLOSING_QUOTES, DOCUMENT_LAYERS, OPENING_QUOTES, context_of, iter_spans, layer_items
from ..fsutil import sha256_bytes
from ..incident import Incident, pointer
from .context import CorpusContext


def _status_checks(source: JSONSource, layers: dict[str, Any], base: tuple) -> list[Incident]:
    incidents = []
    for name, layer in layers.items():
        if not isinstance(layer, dict):
            continue
        status, provenance = layer.get("status"), layer.get("provenance") or {}
        items = layer.get("items", [])
        if status == "none" and items:
            incidents.append(source.incident(3, "status.none-with-items", f"layer {name!r} has status 'none' but {len(items)} items", pointer(*base, name, "status")))
        if status == "gold":
            if provenance.get("agent") != "human":
                incidents.append(
                    source.incident(3, "status.silver-as-gold", f"layer {name!r} is marked gold but was made by a {provenance.get('agent')} ({provenance.get('id')}); gold needs human review", pointer(*base, name, "status"))
                )
            for index, item in enumerate(items):
                agent = item.get("provenance", {}).get("agent", "human") if isinstance(item, dict) else "human"
                if agent != "human":
                    incidents.append(
                        source.incident(3, "status.silver-as-gold", f"item of gold layer {name!r} was made by a {agent}; review it and drop its provenance", pointer(*base, name, "items", index, "provenance"))
                    )
    return incidents


def check_document(source: JSONSource, ctx: CorpusContext) -> list[Incident]:
    doc = source.data
    incidents: list[Incident] = []
    add = lambda rule, message, where=(): incidents.append(source.incident(3, rule, message, pointer(*where)))  # noqa: E731

    doc_id = doc["id"]
    if source.path.stem != doc_id:
        add("doc.id-filename", f"id {doc_id!r} does not match the file name {source.path.name!r}", ("id",))
    record = ctx.sources.get(doc_id)
    if record is None:
        add("doc.unknown", f"no document {doc_id!r} in corpus/sources.json", ("id",))
    elif record.story_id != doc["story_id"]:
        add("doc.story-mismatch", f"story_id {doc['story_id']!r}, but sources.json says {record.story_id!r}", ("story_id",))

    incidents += _status_checks(source, doc["layers"], ("layers",))

    # unique ids across all layers
    ids = Counter(item["id"] for name in DOCUMENT_LAYERS for item in layer_items(doc, name))
    for name in DOCUMENT_LAYERS:
        for index, item in enumerate(layer_items(doc, name)):
            if ids[item["id"]] > 1:
                add("id.duplicate", f"id {item['id']!r} is used {ids[item['id']]} times in this file", ("layers", name, "items", index, "id"))

    # references into the story's entity inventory
    inventory = ctx.inventory(doc["story_id"])
    if inventory is None:
        add("ref.no-story", f"no valid story file corpus/annotations/stories/{doc['story_id']}.json to resolve keys against", ("story_id",))
    else:
        for index, entity in enumerate(layer_items(doc, "entities")):
            key = entity.get("key")
            if key is None:
                continue
            if key not in inventory:
                add("ref.entity-key", f"key {key!r} is not in the story's entity inventory", ("layers", "entities", "items", index, "key"))
            elif inventory[key]["label"] != entity["label"]:
                add("key.type-mismatch", f"key {key!r} is a {inventory[key]['label']} in the inventory, but this mention is labelled {entity['label']}", ("layers", "entities", "items", index, "label"))
        for index, quote in enumerate(layer_items(doc, "quotes")):
            speaker = quote.get("speaker")
            if speaker is not None and speaker not in inventory:
                add("ref.speaker", f"speaker {speaker!r} is not in the story's entity inventory", ("layers", "quotes", "items", index, "speaker"))

    text = ctx.clean_text(doc_id)
    if text is None:
        add("doc.no-clean-text", f"no clean text corpus/clean/{doc_id}.txt; run `newscorpus clean`", ("id",))
        return incidents
    if sha256_bytes(text.encode("utf-8")) != doc["text_sha256"]:
        add("anchor.stale-checksum", "the clean text has changed since these annotations were made; run `newscorpus attach`", ("text_sha256",))
        return incidents  # offsets index the pinned text, which is gone: nothing more to check against

    spans_ok = True
    for path, span in iter_spans(doc):
        start, end = span["start"], span["end"]
        if not start < end <= len(text):
            add("span.offsets", f"offsets {start}-{end} are not a span inside the text (length {len(text)})", (*path, "start"))
            spans_ok = False
            continue
        if text[start:end] != span["text"]:
            add("span.text-mismatch", f"text {span['text']!r} differs from the text at {start}-{end}: {text[start:end]!r}", (*path, "text"))
            spans_ok = False
            continue
        if span["text"] != span["text"].strip():
            add("span.whitespace-edge", f"span {span['text']!r} starts or ends with white space", (*path, "text"))
        prefix, suffix = context_of(text, start, end)
        for side, expected in (("prefix", prefix), ("suffix", suffix)):
            if side in span and span[side] != expected:
                add("span.context-mismatch", f"{side} {span[side]!r} is not the text next to the span ({expected!r}); run `newscorpus attach` to rewrite it", (*path, side))
    if spans_ok:
        incidents += _structure_checks(source, doc, text)
    return incidents


def _structure_checks(source: JSONSource, doc: dict, text: str) -> list[Incident]:
    incidents: list[Incident] = []
    add = lambda rule, message, where=(): incidents.append(source.incident(3, rule, message, pointer(*where)))  # noqa: E731

    headings = sorted((h["start"], h["end"], i) for i, h in enumerate(layer_items(doc, "headings")))
    for start, end, index in headings:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:start].strip() or text[end:line_end].strip():
            add("heading.not-a-line", "a heading must be a whole line of the text", ("layers", "headings", "items", index))

    sentences = sorted((s["start"], s["end"], i) for i, s in enumerate(layer_items(doc, "sentences")))
    sentence_status = doc["layers"]["sentences"]["status"]
    blocks = sorted([(s, e, "sentence", i) for s, e, i in sentences] + [(s, e, "heading", i) for s, e, i in headings])
    previous_end, previous, overlapping = 0, None, False
    for start, end, kind, index in blocks:
        where = ("layers", "sentences" if kind == "sentence" else "headings", "items", index)
        if start < previous_end:
            overlapping = True
            if kind != previous:
                add("sentences.covers-heading", "a sentence overlaps a heading; headings are not sentences", where)
            else:
                add(f"{kind}s.overlap", f"this {kind} overlaps the previous one", where)
        elif sentence_status != "none" and text[previous_end:start].strip():
            gap = text[previous_end:start].strip()
            add("sentences.gap", f"text outside every sentence and heading: {gap[:60]!r}; sentences must tile the body", where)
        previous_end, previous = max(previous_end, end), kind
    if sentence_status != "none" and text[previous_end:].strip():
        add("sentences.gap", f"text after the last sentence: {text[previous_end:].strip()[:60]!r}", ("layers", "sentences", "items"))

    containers = sorted((s, e) for s, e, _, _ in blocks)
    container_starts = [s for s, _ in containers]

    def inside_one_block(start: int, end: int) -> bool:
        if overlapping:  # already reported; the exact answer, the slow way
            return any(s <= start and end <= e for s, e in containers)
        i = bisect_right(container_starts, start) - 1
        return i >= 0 and containers[i][1] >= end

    entities = sorted((e["start"], e["end"], i) for i, e in enumerate(layer_items(doc, "entities")))
    last_end = -1
    for start, end, index in entities:
        where = ("layers", "entities", "items", index)
        if sentences and not inside_one_block(start, end):
            add("entity.crosses-sentence", "the entity is not inside a single sentence or heading", where)
        if start < last_end:
            add("entity.overlap", "the entity overlaps the previous one; entity mentions are flat", where)
        last_end = max(last_end, end)

    for index, quote in enumerate(layer_items(doc, "quotes")):
        where = ("layers", "quotes", "items", index)
        body = quote["text"]
        if body[0] not in OPENING_QUOTES or body[-1] not in CLOSING_QUOTES:
            add("quote.marks", "a quote span starts and ends with its quotation marks", (*where, "text"))
        cue = quote.get("cue")
        if isinstance(cue, dict) and cue["start"] < quote["end"] and quote["start"] < cue["end"]:
            add("quote.cue-inside", "the cue overlaps the quotation", (*where, "cue"))
    return incidents


def check_story(source: JSONSource, ctx: CorpusContext) -> list[Incident]:
    story = source.data
    incidents: list[Incident] = []
    add = lambda rule, message, where=(): incidents.append(source.incident(3, rule, message, pointer(*where)))  # noqa: E731
    story_id = story["story_id"]
    if source.path.stem != story_id:
        add("story.id-filename", f"story_id {story_id!r} does not match the file name {source.path.name!r}", ("story_id",))
    incidents += _status_checks(source, {k: story[k] for k in ("entities", "alignments", "discrepancies")}, ())

    listed = story["documents"]
    for index, doc_id in enumerate(listed):
        record = ctx.sources.get(doc_id)
        if record is None:
            add("story.document-unknown", f"no document {doc_id!r} in corpus/sources.json", ("documents", index))
        elif record.story_id != story_id:
            add("story.document-mismatch", f"document {doc_id!r} belongs to story {record.story_id!r}", ("documents", index))
    for doc_id in sorted(d for d in ctx.story_documents(story_id) if d not in listed):
        if ctx.layout and (ctx.layout.annotations_dir / f"{doc_id}.json").exists():
            add("story.document-missing", f"document {doc_id!r} of this story is not listed", ("documents",))

    # the inventory: unique keys, agreement across stories, aliases exactly the forms seen
    entries = story["entities"]["items"]
    keys = Counter(e["key"] for e in entries)
    seen_forms: dict[str, set[str]] = defaultdict(set)
    annotated = False
    for doc_id in listed:
        doc = ctx.document(doc_id)
        if doc is None:
            continue
        if doc["layers"]["entities"]["status"] != "none":
            annotated = True
        for entity in layer_items(doc, "entities"):
            if entity.get("key"):
                seen_forms[entity["key"]].add(entity["text"])
    for index, entry in enumerate(entries):
        where = ("entities", "items", index)
        if keys[entry["key"]] > 1:
            add("inventory.duplicate-key", f"key {entry['key']!r} is listed {keys[entry['key']]} times", (*where, "key"))
        if annotated:
            forms = seen_forms.get(entry["key"], set())
            if not forms:
                add("inventory.unused-key", f"key {entry['key']!r} has no mention in the story's documents", (*where, "key"))
            for alias in entry["aliases"]:
                if forms and alias not in forms:
                    add("inventory.alias-unseen", f"alias {alias!r} of {entry['key']!r} is not the text of any of its mentions", (*where, "aliases"))
            for form in sorted(forms - set(entry["aliases"])):
                add("inventory.alias-missing", f"{form!r} is the text of a mention of {entry['key']!r} but not among its aliases", (*where, "aliases"))

    def check_ref(ref: dict, where: tuple) -> str | None:
        doc = ctx.document(ref["document"])
        if ref["document"] not in listed:
            add("ref.sentence-document", f"document {ref['document']!r} is not a document of this story", (*where, "document"))
            return None
        if doc is None:
            add("ref.sentence-document", f"document {ref['document']!r} has no readable annotation file", (*where, "document"))
            return None
        if ref["sentence"] not in {s["id"] for s in layer_items(doc, "sentences")}:
            add("ref.sentence", f"no sentence {ref['sentence']!r} in {ref['document']!r}", (*where, "sentence"))
        return ref["document"]

    pairs = Counter()
    for index, alignment in enumerate(story["alignments"]["items"]):
        where = ("alignments", "items", index)
        a = check_ref(alignment["source"], (*where, "source"))
        b = check_ref(alignment["target"], (*where, "target"))
        if a and b and a == b:
            add("alignment.same-document", "an alignment pairs sentences of two different reports", where)
        pair = frozenset({(alignment["source"]["document"], alignment["source"]["sentence"]), (alignment["target"]["document"], alignment["target"]["sentence"])})
        pairs[pair] += 1
        if pairs[pair] == 2:
            add("alignment.duplicate", "this sentence pair is aligned twice", where)
    for index, discrepancy in enumerate(story["discrepancies"]["items"]):
        where = ("discrepancies", "items", index)
        docs = {check_ref(ref, (*where, "statements", i)) for i, ref in enumerate(discrepancy["statements"])}
        if len(docs - {None}) < 2 and None not in docs:
            add("discrepancy.one-sided", "a discrepancy needs statements from at least two reports", (*where, "statements"))
    ids = Counter(item["id"] for layer in ("alignments", "discrepancies") for item in story[layer]["items"])
    for layer in ("alignments", "discrepancies"):
        for index, item in enumerate(story[layer]["items"]):
            if ids[item["id"]] > 1:
                add("id.duplicate", f"id {item['id']!r} is used {ids[item['id']]} times in this file", (layer, "items", index, "id"))
    return incidents


def check_inventory_conflicts(sources: Iterable[JSONSource]) -> list[Incident]:
    """Keys are shared across stories: each must have one name and one type everywhere.

    One pass over the story files, keeping only the first entry seen for each key.
    """
    first: dict[str, tuple[str, str, str]] = {}
    incidents = []
    for source in sources:
        if not source.ok:
            continue
        story_id = source.data["story_id"]
        for index, entry in enumerate(source.data["entities"]["items"]):
            seen = first.setdefault(entry["key"], (entry["name"], entry["label"], story_id))
            if (seen[0], seen[1]) != (entry["name"], entry["label"]):
                incidents.append(source.incident(3, "inventory.conflict", f"key {entry['key']!r} is {seen[0]!r} ({seen[1]}) in story {seen[2]!r}",
                                                 pointer("entities", "items", index, "key")))
    return incidents
