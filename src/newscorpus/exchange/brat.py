"""brat standoff: ``<id>.txt`` (the clean text) and ``<id>.ann``, plus ``annotation.conf`` and
``visual.conf`` for the collection (https://brat.nlplab.org/standoff.html).

Export, per document, in document order:

- ``T`` text-bound spans: every entity (its type is its label), every quote (``Quote``) and
  every cue (``Cue``; one per quote, so a tool edit of one quote's cue never moves another's);
- ``A`` attributes: ``Key`` on entities, ``Kind``, ``SpeakerReason``, ``CueReason`` and, when the
  speaker has no mention in the document to point at, ``SpeakerKey`` on quotes;
- ``R`` relations: ``Speaker`` (quote -> the speaker's nearest mention) and ``Cue`` (quote -> cue);
- ``#`` notes of type ``ItemId`` carry our item id of each entity and quote, which brat has no
  field for, so that ids survive the round trip.

brat has no Python library on PyPI, and a reader must locate every problem by line; the format
is six line shapes, read here. The tests read our files back with an independent parser too
(the ``bioc`` package's brat reader).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import ENTITY_LABELS, KEYED_LABELS, QUOTE_KINDS, layer_items
from .core import CUE, CUE_LABEL, ENTITY, QUOTE, QUOTE_LABEL, Decoded, Problem, Region, Source, keys_of, speaker_mention
from .offsets import CODE_POINTS, CRLF_ONE, Reading

SPEAKER_REASONS = ("unattributed", "multiple-speakers", "unnamed-source")
CUE_REASONS = ("no-cue-words", "heading")
LAYERS = ("entities", "quotes")
# brat's server reads .txt with universal newlines: a CRLF is one character to it (brat#853)
READING = Reading(CODE_POINTS, CRLF_ONE)

COLOURS = {
    "PERSON": "#aee6ff", "NORP": "#ffd9a8", "FAC": "#d9c8ff", "ORG": "#b8f0c2", "GPE": "#ffb8b8", "LOC": "#f5e6a3",
    "PRODUCT": "#e0e0e0", "EVENT": "#ffc8f0", "WORK_OF_ART": "#c8e0ff", "LAW": "#e8d0b0", "LANGUAGE": "#c0f0f0",
    "DATE": "#f0f0b0", "TIME": "#f0d8b0", "PERCENT": "#d0d0f8", "MONEY": "#c8f8d8", "QUANTITY": "#e8c8c8",
    "ORDINAL": "#d8e8c8", "CARDINAL": "#e8e8f8", QUOTE_LABEL: "#ffffff", CUE_LABEL: "#fff3b0",
}


# --- export -----------------------------------------------------------------------------------


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span as brat fragments: one per line it covers (a .ann line cannot hold a line end)."""
    pieces, at = [], start
    for line in text[start:end].split("\n"):
        if line:
            pieces.append((at, at + len(line)))
        at += len(line) + 1
    return pieces


def _span(text: str, start: int, end: int) -> str:
    pieces = _fragments(text, start, end)
    return ";".join(f"{a} {b}" for a, b in pieces) + "\t" + " ".join(text[a:b] for a, b in pieces)


def document_ann(source: Source) -> str:
    doc, text = source.doc, source.text
    spans: list[tuple[int, int, int, str, dict]] = []
    for entity in layer_items(doc, "entities"):
        spans.append((entity["start"], entity["end"], 1, ENTITY, entity))
    for quote in layer_items(doc, "quotes"):
        spans.append((quote["start"], quote["end"], 0, QUOTE, quote))
        if isinstance(quote.get("cue"), dict):
            spans.append((quote["cue"]["start"], quote["cue"]["end"], 2, CUE, quote))
    spans.sort(key=lambda s: (s[0], s[1], s[2], s[4]["id"]))
    t_lines, tid = [], {}
    for number, (start, end, _, kind, item) in enumerate(spans, 1):
        tid[(kind, item["id"])] = f"T{number}"
        label = item["label"] if kind == ENTITY else (QUOTE_LABEL if kind == QUOTE else CUE_LABEL)
        t_lines.append(f"T{number}\t{label} {_span(text, start, end)}")
    attributes, relations, notes = [], [], []

    def attribute(name: str, target: str, value: str) -> None:
        attributes.append(f"A{len(attributes) + 1}\t{name} {target} {value}")

    for _, _, _, kind, item in spans:
        if kind == CUE:
            continue
        target = tid[(kind, item["id"])]
        if kind == ENTITY and item.get("key") is not None:
            attribute("Key", target, item["key"])
        if kind == QUOTE:
            attribute("Kind", target, item["kind"])
            if item.get("speaker_reason"):
                attribute("SpeakerReason", target, item["speaker_reason"])
            if item.get("cue_reason"):
                attribute("CueReason", target, item["cue_reason"])
            mention = speaker_mention(doc, item)
            if mention is not None:
                relations.append(f"R{len(relations) + 1}\tSpeaker Arg1:{target} Arg2:{tid[(ENTITY, mention['id'])]}")
            elif item.get("speaker") is not None:
                attribute("SpeakerKey", target, item["speaker"])
            if isinstance(item.get("cue"), dict):
                relations.append(f"R{len(relations) + 1}\tCue Arg1:{target} Arg2:{tid[(CUE, item['id'])]}")
        notes.append(f"#{len(notes) + 1}\tItemId {target}\t{item['id']}")
    lines = t_lines + attributes + relations + notes
    return "".join(line + "\n" for line in lines)


def annotation_conf(sources: list[Source]) -> str:
    keys = keys_of(sources)
    keyed = "|".join(label for label in ENTITY_LABELS if label in KEYED_LABELS)
    lines = ["# newscorpus: generated by `newscorpus export --format brat`; schema/GUIDELINES.md says how to annotate.",
             "[entities]", *ENTITY_LABELS, QUOTE_LABEL, CUE_LABEL, "",
             "[relations]",
             f"Speaker\tArg1:{QUOTE_LABEL}, Arg2:{keyed}",
             f"Cue\tArg1:{QUOTE_LABEL}, Arg2:{CUE_LABEL}",
             "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
             "[events]", "",
             "[attributes]"]
    if keys:
        lines.append(f"Key\tArg:{'|'.join(ENTITY_LABELS)}, Value:{'|'.join(keys)}")
        lines.append(f"SpeakerKey\tArg:{QUOTE_LABEL}, Value:{'|'.join(keys)}")
    lines += [f"Kind\tArg:{QUOTE_LABEL}, Value:{'|'.join(QUOTE_KINDS)}",
              f"SpeakerReason\tArg:{QUOTE_LABEL}, Value:{'|'.join(SPEAKER_REASONS)}",
              f"CueReason\tArg:{QUOTE_LABEL}, Value:{'|'.join(CUE_REASONS)}"]
    return "\n".join(lines) + "\n"


def visual_conf() -> str:
    lines = ["[labels]", *(f"{label} | {label.replace('_', ' ').title()}" for label in ENTITY_LABELS),
             f"{QUOTE_LABEL} | Quote", f"{CUE_LABEL} | Cue", "Speaker | Speaker", "", "[drawing]",
             *(f"{label}\tbgColor:{COLOURS[label]}" for label in (*ENTITY_LABELS, QUOTE_LABEL, CUE_LABEL)),
             "Speaker\tcolor:#3050a0, dashArray:3-3", "Cue\tcolor:#a08000"]
    return "\n".join(lines) + "\n"


def export_files(sources: list[Source]) -> dict[str, bytes]:
    files = {"annotation.conf": annotation_conf(sources).encode(), "visual.conf": visual_conf().encode()}
    for source in sources:
        files[f"{source.doc_id}.txt"] = source.text.encode("utf-8")
        files[f"{source.doc_id}.ann"] = document_ann(source).encode("utf-8")
    return files


# --- import -----------------------------------------------------------------------------------

_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_A = re.compile(r"^([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?$")
_R = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)$")
_NOTE = re.compile(r"^(#\d*)\t(\S+) (\S+)\t(.*)$")
ATTRIBUTES = {"Key", "Kind", "SpeakerKey", "SpeakerReason", "CueReason"}


def read_document(txt: Path, display: str) -> Decoded:
    """A ``.txt``/``.ann`` pair as regions; problems located by line of the ``.ann`` file."""
    ann = txt.with_suffix(".ann")
    ann_display = display[: -len(".txt")] + ".ann" if display.endswith(".txt") else str(ann)
    decoded = Decoded(ann_display, txt.stem, "", READING, LAYERS)
    problem = lambda rule, message, line=None, where="": decoded.problems.append(Problem(ann_display, rule, message, line, where))  # noqa: E731
    try:
        decoded.tool_text = txt.read_bytes().decode("utf-8")
        lines = ann.read_bytes().decode("utf-8").split("\n")
    except FileNotFoundError as exc:
        problem("import.missing-file", f"no such file: {exc.filename}")
        return decoded
    except UnicodeDecodeError as exc:
        problem("import.not-utf8", f"not UTF-8 at byte offset {exc.start}")
        return decoded
    regions: dict[str, Region] = {}
    seen_attributes: set[tuple[str, str]] = set()
    pending: list[tuple[int, str, str, str, str | None]] = []  # line, id kind, name, target, value
    for number, raw in enumerate(lines, 1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip():
            continue
        if m := _T.match(line):
            ref, label, spans, text = m.groups()
            pieces = [tuple(map(int, piece.split(" "))) for piece in spans.split(";")]
            if ref in regions:
                problem("import.brat-duplicate-id", f"id {ref} is used twice", number, ref)
                continue
            kind = QUOTE if label == QUOTE_LABEL else CUE if label == CUE_LABEL else ENTITY
            region = Region(kind, pieces[0][0], pieces[-1][1], ref, number, text, ref, label=label if kind == ENTITY else None,
                            fragments=pieces if len(pieces) > 1 else None)
            regions[ref] = region
        elif m := _A.match(line):
            ref, name, target, value = m.groups()
            pending.append((number, "A", name, target, value))
            if (name, target) in seen_attributes:
                problem("import.brat-duplicate-attribute", f"{target} has two {name} attributes", number, ref)
            seen_attributes.add((name, target))
        elif m := _R.match(line):
            ref, name, arg1, arg2 = m.groups()
            pending.append((number, "R", name, arg1, arg2))
        elif m := _NOTE.match(line):
            _, name, target, text = m.groups()
            if name == "ItemId":
                pending.append((number, "#", name, target, text.strip()))
            # other notes (AnnotatorNotes) are the annotator's own: they have no place in our JSON
        elif line[:1] in ("E", "N", "*"):
            problem("import.brat-unsupported", f"{line[:1]} annotations have no place in newscorpus (events, normalisations, equivalences)", number)
        else:
            problem("import.brat-syntax", f"not a brat standoff line: {line[:60]!r}", number)
    for number, kind, name, target, value in pending:
        region = regions.get(target)
        if region is None:
            problem("import.brat-dangling", f"{name} refers to {target}, which is not a text-bound annotation here", number)
            continue
        if kind == "#":
            region.item_id = value
        elif kind == "A":
            if name not in ATTRIBUTES:
                problem("import.unknown-attribute", f"attribute {name!r} is not one of {', '.join(sorted(ATTRIBUTES))}", number, target)
            elif value is None:
                problem("import.brat-syntax", f"attribute {name} has no value", number, target)
            elif name == "Key":
                region.key = value
            elif name == "Kind":
                region.quote_kind = value
            elif name == "SpeakerKey":
                region.speaker = value
            elif name == "SpeakerReason":
                region.speaker_reason = value
            else:
                region.cue_reason = value
        else:  # a relation
            arg2 = regions.get(value or "")
            if arg2 is None:
                problem("import.brat-dangling", f"{name} points at {value}, which is not a text-bound annotation here", number)
            elif name == "Speaker":
                _relate(decoded, region, "speaker_ref", arg2, number)
            elif name == "Cue":
                _relate(decoded, region, "cue_ref", arg2, number)
            else:
                problem("import.unknown-relation", f"relation {name!r} is not Speaker or Cue", number)
    decoded.regions = list(regions.values())
    return decoded


def _relate(decoded: Decoded, quote: Region, field: str, target: Region, line: int) -> None:
    if getattr(quote, field) is not None:
        decoded.problems.append(Problem(decoded.file, "import.brat-duplicate-relation", f"{quote.ref} has two {field[:-4]} relations", line, quote.ref))
    setattr(quote, field, target.ref)


def import_targets(paths: list[Path]) -> list[Path]:
    """The ``.txt`` files of a brat collection: given as files (``.txt`` or ``.ann``) or directories."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.txt") if p.with_suffix(".ann").exists())
        else:
            found.append(path.with_suffix(".txt"))
    return list(dict.fromkeys(found))
