"""Rows of every config, built from the attached corpus, one document (or story) at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from ..annotations.io import load_json
from ..model import layer_items
from ..errors import Location, NewscorpusError
from ..fsutil import sha256_bytes
from ..layout import CorpusLayout
from ..raw import Source, load_sources
from .features import LAYERS, NER_TAGS

NER_IDS = {tag: i for i, tag in enumerate(NER_TAGS)}
from .tokens import bio_tags, tokenize


@dataclass
class Document:
    """Everything published about one document."""

    source: Source
    raw_text: str
    clean_text: str
    record: dict[str, Any]  # corpus/clean/<id>.json
    annotations: dict[str, Any]  # corpus/annotations/<id>.json

    @property
    def id(self) -> str:
        return self.source.id


@dataclass
class Story:
    id: str
    data: dict[str, Any]

    @property
    def inventory(self) -> dict[str, dict[str, Any]]:
        return {e["key"]: e for e in self.data["entities"]["items"]}


def load_document(layout: CorpusLayout, doc_id: str, sources: dict[str, Source] | None = None) -> Document:
    """One document, which must be attached (its annotations pinned to its current clean text).
    ``sources``: the sources entries by id, when the caller has read them already."""
    source = (sources if sources is not None else _sources_by_id(layout)).get(doc_id)
    if source is None:
        raise NewscorpusError(f"no document {doc_id!r} in sources.json", rule="publish.unknown-document")
    clean = layout.clean_text_path(doc_id).read_text(encoding="utf-8")
    annotation = _load_annotations(layout.annotations_dir / f"{doc_id}.json", "document")
    if not annotation.ok:
        raise NewscorpusError("annotation file is missing or invalid; run `newscorpus attach` and `newscorpus validate`",
                              rule="publish.not-validated", location=Location(layout.relative(annotation.path)))
    if annotation.data["text_sha256"] != sha256_bytes(clean.encode("utf-8")):
        raise NewscorpusError("annotations are pinned to another clean text; run `newscorpus attach`",
                              rule="publish.not-attached", location=Location(layout.relative(annotation.path)))
    return Document(
        source=source,
        raw_text=layout.raw_path(doc_id).read_bytes().decode("utf-8"),
        clean_text=clean,
        record=json.loads(layout.clean_record_path(doc_id).read_text(encoding="utf-8")),
        annotations=annotation.data,
    )


_BY_ID: dict[tuple, dict[str, Source]] = {}


def _sources_by_id(layout: CorpusLayout) -> dict[str, Source]:
    sources = load_sources(layout)
    key = (str(layout.root), id(sources))
    if key not in _BY_ID:
        _BY_ID.clear()
        _BY_ID[key] = {s.id: s for s in sources}
    return _BY_ID[key]


def story_of(layout: CorpusLayout, doc_id: str) -> str:
    return _sources_by_id(layout)[doc_id].story_id


def _load_annotations(path, kind: str):
    """An annotation file through the fast path (orjson and jsonschema-rs), the reference on rejection."""
    from ..annotations.io import JSONSource
    from ..validate.fast import fast_parse

    try:
        data = fast_parse(path.read_bytes(), kind)
    except OSError:
        data = None
    return JSONSource(path, str(path), data=data, parsed=True) if data is not None else load_json(path)


def load_story(layout: CorpusLayout, story_id: str) -> Story | None:
    path = layout.annotations_dir / "stories" / f"{story_id}.json"
    if not path.exists():
        return None
    source = _load_annotations(path, "story")
    if not source.ok:
        raise NewscorpusError("story file is invalid; run `newscorpus validate`", rule="publish.not-validated",
                              location=Location(layout.relative(path)))
    return Story(story_id, source.data)


def load_documents(layout: CorpusLayout) -> Iterator[Document]:
    """The corpus's documents in id order, one at a time."""
    for source in load_sources(layout):
        yield load_document(layout, source.id)


def load_stories(layout: CorpusLayout) -> dict[str, Story]:
    return {path.stem: load_story(layout, path.stem) for path in sorted((layout.annotations_dir / "stories").glob("*.json"))}


def _status(doc: Document, layer: str) -> str:
    return doc.annotations["layers"][layer]["status"]


def _provenance(doc: Document, layer: str) -> str:
    p = doc.annotations["layers"][layer].get("provenance")
    return f"{p['agent']}:{p['id']}@{p['guidelines_version']}" if p else ""


def _span(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item["id"], "start": item["start"], "end": item["end"], "text": item["text"]}


def _noise(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"start": s["start"], "end": s["end"], "label": s["label"], "label_name": s["label"], "rule": s["rule"], "text": s["text"],
             "clean_start": s["clean_start"]} for s in spans if s["label"] != "normalization"]


def document_row(doc: Document, story: Story | None) -> dict[str, Any]:
    inventory = story.inventory if story else {}
    name = lambda key: inventory.get(key, {}).get("name") if key else None  # noqa: E731
    quotes = []
    for q in layer_items(doc.annotations, "quotes"):
        cue = q.get("cue") or {}
        quotes.append({**_span(q), "kind": q["kind"], "kind_name": q["kind"], "speaker": q.get("speaker"),
                       "speaker_name": name(q.get("speaker")), "speaker_reason": q.get("speaker_reason"),
                       "cue_start": cue.get("start"), "cue_end": cue.get("end"), "cue_text": cue.get("text")})
    return {
        "id": doc.id,
        "story_id": doc.source.story_id,
        "text": doc.clean_text,
        "language": doc.source.language,
        "machine_translated": doc.source.machine_translated,
        "event_date": doc.source.event_date,
        "headings": [_span(h) for h in layer_items(doc.annotations, "headings")],
        "sentences": [_span(s) for s in layer_items(doc.annotations, "sentences")],
        "entities": [{**_span(e), "label": e["label"], "label_name": e["label"], "key": e.get("key"),
                      "entity_name": name(e.get("key"))} for e in layer_items(doc.annotations, "entities")],
        "quotes": quotes,
        "removed": _noise(doc.record["removed"]),
        "status": {layer: _status(doc, layer) for layer in LAYERS},
        "status_names": {layer: _status(doc, layer) for layer in LAYERS},
        "provenance": {layer: _provenance(doc, layer) for layer in LAYERS},
        "raw_sha256": doc.source.sha256,
        "clean_sha256": doc.record["clean_sha256"],
    }


def ner_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """One row per sentence; none when the document's entities are not annotated (status none)."""
    status = _status(doc, "entities")
    if status == "none":
        return
    entities = [(e["start"], e["end"], e["label"]) for e in layer_items(doc.annotations, "entities")]
    for sentence in layer_items(doc.annotations, "sentences"):
        base, text = sentence["start"], sentence["text"]
        inside = [(s - base, e - base, label) for s, e, label in entities if base <= s and e <= sentence["end"]]
        spans = tokenize(text, {b for s, e, _ in inside for b in (s, e)})
        tags = bio_tags(spans, inside)
        tag_ids = [NER_IDS[tag] for tag in tags]
        yield {
            "id": f"{doc.id}-{sentence['id']}",
            "tokens": [text[a:b] for a, b in spans],
            "ner_tags": tag_ids,
            "ner_tag_names": tags,
            "document_id": doc.id,
            "sentence_id": sentence["id"],
            "sentence_start": base,
            "token_starts": [a for a, _ in spans],
            "entities_status": status,
            "entities_status_name": status,
        }


def quote_rows(doc: Document, story: Story | None) -> Iterator[dict[str, Any]]:
    inventory = story.inventory if story else {}
    blocks = layer_items(doc.annotations, "sentences") + layer_items(doc.annotations, "headings")
    for q in layer_items(doc.annotations, "quotes"):
        around = sorted((b for b in blocks if b["start"] < q["end"] and q["start"] < b["end"]), key=lambda b: b["start"])
        cue = q.get("cue") or {}
        yield {
            "id": f"{doc.id}-{q['id']}",
            "text": q["text"],
            "kind": q["kind"],
            "kind_name": q["kind"],
            "speaker": q.get("speaker"),
            "speaker_name": inventory.get(q.get("speaker"), {}).get("name") if q.get("speaker") else None,
            "speaker_reason": q.get("speaker_reason"),
            "cue": cue.get("text"),
            "sentence": doc.clean_text[around[0]["start"] : around[-1]["end"]] if around else q["text"],
            "document_id": doc.id,
            "start": q["start"],
            "end": q["end"],
            "cue_start": cue.get("start"),
            "cue_end": cue.get("end"),
        }


def _sentence_texts(docs: dict[str, Document]) -> dict[tuple[str, str], str]:
    return {(d.id, s["id"]): s["text"] for d in docs.values() for s in layer_items(d.annotations, "sentences")}


def alignment_rows(story: Story, docs: dict[str, Document]) -> Iterator[dict[str, Any]]:
    texts = _sentence_texts(docs)
    for a in story.data["alignments"]["items"]:
        src, tgt = a["source"], a["target"]
        yield {
            "id": f"{story.id}-{a['id']}",
            "source_text": texts[(src["document"], src["sentence"])],
            "target_text": texts[(tgt["document"], tgt["sentence"])],
            "relation": a["relation"],
            "relation_name": a["relation"],
            "story_id": story.id,
            "source_document": src["document"],
            "source_sentence": src["sentence"],
            "target_document": tgt["document"],
            "target_sentence": tgt["sentence"],
        }


def discrepancy_rows(story: Story, docs: dict[str, Document]) -> Iterator[dict[str, Any]]:
    texts = _sentence_texts(docs)
    for d in story.data["discrepancies"]["items"]:
        yield {
            "id": f"{story.id}-{d['id']}",
            "description": d["description"],
            "kind": d["kind"],
            "kind_name": d["kind"],
            "statements": [{"document": s["document"], "sentence": s["sentence"], "text": texts[(s["document"], s["sentence"])]}
                           for s in d["statements"]],
            "story_id": story.id,
        }


def cleaning_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "raw_text": doc.raw_text,
        "noise": _noise(doc.record["removed"]),
        "clean_text": doc.clean_text,
        "normalizations": [{"start": s["start"], "end": s["end"], "rule": s["rule"], "text": s["text"], "replacement": s["replacement"]}
                           for s in doc.record["removed"] if s["label"] == "normalization"],
        "ruleset_version": doc.record["ruleset_version"],
    }
