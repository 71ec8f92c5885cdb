"""Label Studio: ``tasks.json`` and ``labeling-config.xml``; import of Label Studio's JSON export.

The labeling config (checked by label-studio-sdk's ``LabelInterface`` when it is made) has one
``Text`` tag, one ``Labels`` tag with the 18 entity types, ``Quote`` and ``Cue``, ``Relations``
(``speaker``: quote -> a mention of its speaker; ``cue``: quote -> its cue), and per-region
``Choices``: ``key`` (the entity key, from the story inventories), ``kind``, ``speaker_reason``,
``cue_reason``, and ``speaker`` for a quote whose speaker has no mention to point at.

Each task's ``data`` holds the clean text, the document and story ids and the text's sha256; the
existing annotations come as a prediction (``model_version`` ``newscorpus``), each region's id
our item id. On import, a task's one submitted annotation is read, or its prediction when no one
has submitted an annotation (the task is unchanged); a task with several annotations is refused
(keep the one to import). Label Studio counts code points (older front ends: UTF-16 units,
label-studio#1347) and a CR as a character (label-studio#4929): the gate picks the reading under
which every region's recorded text matches.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..model import ENTITY_LABELS, QUOTE_KINDS, layer_items
from ..errors import NewscorpusError
from .brat import COLOURS, CUE_REASONS, SPEAKER_REASONS
from .core import CUE, CUE_LABEL, CUE_RELATION, ENTITY, QUOTE, QUOTE_LABEL, SPEAKER_RELATION, Decoded, Problem, Region, Source, keys_of, speaker_mention
from .offsets import CODE_POINTS, CRLF_TWO, Reading

TASKS, CONFIG = "tasks.json", "labeling-config.xml"
MODEL_VERSION = "newscorpus"
LAYERS = ("entities", "quotes")
READING = Reading(CODE_POINTS, CRLF_TWO)
FIELDS = ("key", "kind", "speaker", "speaker_reason", "cue_reason")


def labeling_config(keys: list[str]) -> str:
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$document_id")
    relations = ET.SubElement(view, "Relations")
    for value in (SPEAKER_RELATION, CUE_RELATION):
        ET.SubElement(relations, "Relation", value=value)
    labels = ET.SubElement(view, "Labels", name="label", toName="text")
    for value in (*ENTITY_LABELS, QUOTE_LABEL, CUE_LABEL):
        ET.SubElement(labels, "Label", value=value, background=COLOURS[value])
    ET.SubElement(view, "Text", name="text", value="$text")
    fields = ET.SubElement(view, "View", visibleWhen="region-selected")
    choices = [("key", keys, "select"), ("kind", QUOTE_KINDS, "inline"), ("speaker", keys, "select"),
               ("speaker_reason", SPEAKER_REASONS, "inline"), ("cue_reason", CUE_REASONS, "inline")]
    for name, values, layout in choices:
        if not values:
            continue
        ET.SubElement(fields, "Header", value=name.replace("_", " "))
        tag = ET.SubElement(fields, "Choices", name=name, toName="text", perRegion="true", layout=layout, choice="single")
        for value in values:
            ET.SubElement(tag, "Choice", value=value)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def _region(rid: str, start: int, end: int, text: str, name: str, kind: str, values: list[str]) -> dict[str, Any]:
    value: dict[str, Any] = {"start": start, "end": end, "text": text, kind: values}
    return {"id": rid, "from_name": name, "to_name": "text", "type": kind, "origin": "prediction", "value": value}


def task_of(source: Source) -> dict[str, Any]:
    doc, text = source.doc, source.text
    result: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for entity in layer_items(doc, "entities"):
        s, e = entity["start"], entity["end"]
        result.append(_region(entity["id"], s, e, text[s:e], "label", "labels", [entity["label"]]))
        if entity.get("key") is not None:
            result.append(_region(entity["id"], s, e, text[s:e], "key", "choices", [entity["key"]]))
    for quote in layer_items(doc, "quotes"):
        s, e, qid = quote["start"], quote["end"], quote["id"]
        result.append(_region(qid, s, e, text[s:e], "label", "labels", [QUOTE_LABEL]))
        result.append(_region(qid, s, e, text[s:e], "kind", "choices", [quote["kind"]]))
        for name in ("speaker_reason", "cue_reason"):
            if quote.get(name):
                result.append(_region(qid, s, e, text[s:e], name, "choices", [quote[name]]))
        mention = speaker_mention(doc, quote)
        if mention is not None:
            relations.append({"from_id": qid, "to_id": mention["id"], "type": "relation", "direction": "right", "labels": [SPEAKER_RELATION]})
        elif quote.get("speaker") is not None:
            result.append(_region(qid, s, e, text[s:e], "speaker", "choices", [quote["speaker"]]))
        cue = quote.get("cue")
        if isinstance(cue, dict):
            cid = f"{qid}-cue"
            result.append(_region(cid, cue["start"], cue["end"], cue["text"], "label", "labels", [CUE_LABEL]))
            relations.append({"from_id": qid, "to_id": cid, "type": "relation", "direction": "right", "labels": [CUE_RELATION]})
    data = {"text": text, "document_id": source.doc_id, "story_id": doc["story_id"], "text_sha256": source.sha256}
    return {"data": data, "predictions": [{"model_version": MODEL_VERSION, "result": result + relations}]}


def export_files(sources: list[Source]) -> dict[str, bytes]:
    from label_studio_sdk.label_interface import LabelInterface

    config = labeling_config(keys_of(sources))
    interface = LabelInterface(config)
    interface.validate()  # label-studio-sdk accepts the config, or this raises: a bug of ours, not bad input
    tasks = [task_of(source) for source in sources]
    for task in tasks:
        errors = interface.validate_prediction(task["predictions"][0], return_errors=True)
        if errors is not True and errors:
            raise NewscorpusError(f"label-studio-sdk refused the task of {task['data']['document_id']}: {errors[:3]}", rule="export.label-studio")
    return {CONFIG: config.encode("utf-8"), TASKS: (json.dumps(tasks, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}


# --- import -----------------------------------------------------------------------------------


def import_targets(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.glob("*.json")) if path.is_dir() else [path]
    return list(dict.fromkeys(found))


def _chosen_result(task: dict[str, Any]) -> tuple[list | None, str | None]:
    """The result to import, or (None, reason) when there is none or several to choose from."""
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if len(annotations) > 1:
        return None, f"{len(annotations)} submitted annotations; delete all but the one to import"
    if annotations:
        return annotations[0].get("result") or [], None
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict) and p.get("model_version") == MODEL_VERSION]
    if len(predictions) == 1:
        return predictions[0].get("result") or [], None
    return None, "no annotation and no newscorpus prediction: nothing to import"


def read_documents(path: Path, display: str) -> list[Decoded]:
    try:
        tasks = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        decoded = Decoded(display, path.stem, "", READING, LAYERS)
        decoded.problems.append(Problem(display, "import.ls-unreadable", f"not a Label Studio JSON export: {exc}"))
        return [decoded]
    if isinstance(tasks, dict):
        tasks = [tasks]
    out: list[Decoded] = []
    if not isinstance(tasks, list):
        tasks = [None]
    for index, task in enumerate(tasks):
        label = f"task {index + 1}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            decoded = Decoded(display, "", "", READING, LAYERS)
            decoded.problems.append(Problem(display, "import.ls-unreadable", "a task must be an object with 'data'", None, label))
            out.append(decoded)
            continue
        data = task["data"]
        label = f"task {task.get('id', index + 1)} ({data.get('document_id')})"
        decoded = Decoded(display, str(data.get("document_id") or ""), data.get("text") if isinstance(data.get("text"), str) else "",
                          READING, LAYERS, exported_sha=data.get("text_sha256") if isinstance(data.get("text_sha256"), str) else None)
        result, reason = _chosen_result(task)
        if result is None:
            if reason and reason.startswith("no annotation"):
                continue  # nothing was done to this task in the tool: the document stays as it is
            decoded.problems.append(Problem(display, "import.ls-several-annotations", reason or "", None, label))
            out.append(decoded)
            continue
        _read_result(decoded, result, label)
        out.append(decoded)
    return out


def _read_result(decoded: Decoded, result: list, label: str) -> None:
    problem = lambda rule, message, rid="": decoded.problems.append(Problem(decoded.file, rule, message, None, f"{label}, region {rid}" if rid else label))  # noqa: E731
    regions: dict[str, Region] = {}
    fields: list[tuple[str, str, list]] = []
    relations: list[dict] = []
    for entry in result if isinstance(result, list) else []:
        if not isinstance(entry, dict):
            problem("import.ls-unreadable", "a result entry must be an object")
            continue
        if entry.get("type") == "relation":
            relations.append(entry)
            continue
        rid, name, value = str(entry.get("id", "")), entry.get("from_name"), entry.get("value")
        if not isinstance(value, dict):
            problem("import.ls-unreadable", "a region needs a value", rid)
            continue
        if name == "label":
            values = value.get("labels") or []
            if len(values) != 1:
                problem("import.ls-several-labels", f"a region needs exactly one label, not {values}", rid)
                continue
            tag = values[0]
            kind = QUOTE if tag == QUOTE_LABEL else CUE if tag == CUE_LABEL else ENTITY
            start, end = value.get("start"), value.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                problem("import.span-offsets", f"offsets {start!r}-{end!r} are not integers", rid)
                continue
            regions[rid] = Region(kind, start, end, f"{label}, region {rid}", None, value.get("text"), rid, item_id=rid,
                                  label=tag if kind == ENTITY else None)
        elif name in FIELDS:
            choices = value.get("choices") or []
            fields.append((rid, name, choices))
        else:
            problem("import.unknown-field", f"field {name!r} is not in the newscorpus labeling config", rid)
    for rid, name, choices in fields:
        region = regions.get(rid)
        if region is None:
            problem("import.ls-orphan-field", f"{name} belongs to no labelled region", rid)
            continue
        if len(choices) != 1:
            problem("import.ls-several-choices", f"{name} needs one choice, not {choices}", rid)
            continue
        attribute = {"key": "key", "kind": "quote_kind", "speaker": "speaker", "speaker_reason": "speaker_reason", "cue_reason": "cue_reason"}[name]
        setattr(region, attribute, choices[0])
    for relation in relations:
        source, target = regions.get(str(relation.get("from_id"))), regions.get(str(relation.get("to_id")))
        if source is None or target is None:
            problem("import.ls-dangling-relation", f"relation {relation.get('from_id')} -> {relation.get('to_id')} joins no two regions")
            continue
        names = relation.get("labels") or [CUE_RELATION if target.kind == CUE else SPEAKER_RELATION]
        if source.kind != QUOTE and target.kind == QUOTE:
            source, target = target, source  # drawn the other way round
        if source.kind != QUOTE or len(names) != 1 or names[0] not in (SPEAKER_RELATION, CUE_RELATION):
            problem("import.bad-relation", f"a relation goes from a quote and is 'speaker' or 'cue' ({relation.get('from_id')} -> {relation.get('to_id')}, {names})", source.ref)
            continue
        field = "speaker_ref" if names[0] == SPEAKER_RELATION else "cue_ref"
        if getattr(source, field) is not None:
            problem("import.ls-duplicate-relation", f"the quote has two {names[0]} relations", source.ref)
            continue
        setattr(source, field, target.ref)
    decoded.regions = list(regions.values())
