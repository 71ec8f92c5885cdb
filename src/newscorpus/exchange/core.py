"""The model every exchange format maps to and from.

Exporting reads a document's annotation file, its clean text and its story's entity inventory
(:class:`Source`). Importing turns a tool's file into :class:`Region` objects, one per span the
tool holds, still in the tool's own offsets (:class:`Decoded`); the gate (:mod:`.gate`) converts
the offsets, checks every region and builds the new annotation file from them.

What each tool holds of a document (the rest stays as it is in our JSON):

========================  =========  =========  ===========
layer                     brat       INCEpTION  Label Studio
========================  =========  =========  ===========
sentences, headings       no         yes        no
entities (label, key)     yes        yes        yes
quotes (kind, speaker,    yes        yes        yes
cue, reasons)
layer status, provenance  no         no         no
========================  =========  =========  ===========
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..annotations.io import load_json
from ..model import KEYED_LABELS, layer_items
from ..errors import Location, NewscorpusError
from ..fsutil import sha256_bytes
from ..layout import CorpusLayout
from .offsets import Reading

FORMATS = ("brat", "inception", "label-studio")
QUOTE, CUE, SENTENCE, HEADING, ENTITY = "quote", "cue", "sentence", "heading", "entity"
LAYER_OF = {ENTITY: "entities", QUOTE: "quotes", SENTENCE: "sentences", HEADING: "headings"}
ID_PREFIX = {"entities": "e", "quotes": "q", "sentences": "s", "headings": "h"}
# the labels the tools show for our non-entity spans
QUOTE_LABEL, CUE_LABEL = "Quote", "Cue"
SPEAKER_RELATION, CUE_RELATION = "speaker", "cue"


@dataclass
class Problem:
    """One located import problem: the tool file, the line or item, a rule id."""

    file: str
    rule: str
    message: str
    line: int | None = None
    where: str = ""

    def render(self) -> str:
        place = f"{self.file}:{self.line}" if self.line is not None else self.file
        if self.where:
            place += f": {self.where}"
        return f"{place}: {self.rule}: {self.message}"


class ImportRefused(NewscorpusError):
    """Import found problems: each is printed, nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems; nothing was written", rule="import.refused")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([*(p.render() for p in self.problems), f"error: import.refused: {self.message}"])


@dataclass
class Region:
    """One span as a tool holds it, in the tool's offsets."""

    kind: str  # entity, quote, cue, sentence, heading
    start: int
    end: int
    where: str  # how a person finds it in the tool's file ("T3", "task 2, region e4")
    line: int | None = None
    text: str | None = None  # the text the tool recorded for the span, when it records one
    ref: str = ""  # the tool's own id, which relations use
    item_id: str | None = None  # our item id, when the tool carried it
    label: str | None = None
    key: str | None = None
    quote_kind: str | None = None
    speaker: str | None = None  # a key given directly (INCEpTION, or no mention to point at)
    speaker_ref: str | None = None  # ref of the speaker's mention (a relation)
    speaker_reason: str | None = None
    cue_ref: str | None = None
    cue_reason: str | None = None
    fragments: list[tuple[int, int]] | None = None  # a span in pieces (brat's discontinuous spans)


@dataclass
class Decoded:
    """One document read from a tool's file, before any check against the corpus."""

    file: str
    doc_id: str
    tool_text: str
    reading: Reading  # how the tool counts, tried first
    layers: tuple[str, ...]  # our layers the format carries
    regions: list[Region] = field(default_factory=list)
    exported_sha: str | None = None  # the sha256 the export recorded in the file, if the format keeps one
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Source:
    """A document of the corpus as an export needs it."""

    doc: dict[str, Any]
    text: str
    inventory: dict[str, dict[str, Any]]
    path: str

    @property
    def doc_id(self) -> str:
        return self.doc["id"]

    @property
    def sha256(self) -> str:
        return self.doc["text_sha256"]


def load_source(layout: CorpusLayout, doc_id: str) -> Source:
    """A valid document with its clean text and inventory, or a located error."""
    path = layout.annotations_dir / f"{doc_id}.json"
    display = layout.relative(path)
    if "/" in doc_id or "\\" in doc_id or doc_id.startswith(".") or not path.is_file():
        raise NewscorpusError(f"no annotation file for document {doc_id!r}", rule="export.unknown-document", location=Location(display))
    source = load_json(path, display)
    if not source.ok:
        raise NewscorpusError(f"not valid JSON ({source.incidents[0].rule}); run `newscorpus validate`", rule="export.invalid", location=Location(display))
    doc = source.data
    text_path = layout.clean_text_path(doc_id)
    if not text_path.is_file():
        raise NewscorpusError("no clean text; run `newscorpus clean`", rule="doc.no-clean-text", location=Location(layout.relative(text_path)))
    text = text_path.read_text(encoding="utf-8")
    if sha256_bytes(text.encode("utf-8")) != doc.get("text_sha256"):
        raise NewscorpusError("the clean text changed since these annotations were made; run `newscorpus attach` first",
                              rule="anchor.stale-checksum", location=Location(display))
    return Source(doc, text, story_inventory(layout, doc.get("story_id", "")), display)


def story_inventory(layout: CorpusLayout, story_id: str) -> dict[str, dict[str, Any]]:
    path = layout.annotations_dir / "stories" / f"{story_id}.json"
    if not story_id or "/" in story_id or not path.is_file():
        return {}
    source = load_json(path, layout.relative(path))
    if not source.ok:
        return {}
    return {entry["key"]: entry for entry in source.data.get("entities", {}).get("items", []) if isinstance(entry, dict)}


def keys_of(sources: list[Source]) -> list[str]:
    """Every inventory key of the exported stories, sorted: the choices a tool offers."""
    return sorted({key for source in sources for key in source.inventory})


def speaker_mention(doc: dict[str, Any], quote: dict[str, Any]) -> dict[str, Any] | None:
    """The mention of the quote's speaker a tool's speaker relation points at: the nearest one
    in the quote's sentence, else the nearest in the document (the earlier on a tie)."""
    speaker = quote.get("speaker")
    if speaker is None:
        return None
    mentions = [e for e in layer_items(doc, "entities") if e.get("key") == speaker]
    if not mentions:
        return None
    sentence = containing(doc, quote["start"], quote["end"])

    def rank(entity: dict[str, Any]) -> tuple[int, int, int]:
        same = sentence is not None and sentence["start"] <= entity["start"] and entity["end"] <= sentence["end"]
        gap = max(quote["start"] - entity["end"], entity["start"] - quote["end"], 0)
        return (0 if same else 1, gap, entity["start"])

    return min(mentions, key=rank)


def containing(doc: dict[str, Any], start: int, end: int) -> dict[str, Any] | None:
    """The sentence or heading holding ``start``-``end``, if one does."""
    for name in ("sentences", "headings"):
        for item in layer_items(doc, name):
            if item["start"] <= start and end <= item["end"]:
                return item
    return None


def needs_key(label: str | None) -> bool:
    return label in KEYED_LABELS
