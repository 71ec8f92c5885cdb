"""The annotation model: label sets, layers and how to walk the spans of a document file.

Annotation files are plain JSON (validated by schema/document.schema.json and
schema/story.schema.json); this module names their parts once, for every stage.
"""

from __future__ import annotations

from typing import Any, Iterator

from .incident import pointer

SCHEMA_VERSION = "1.0.0"
GUIDELINES_VERSION = "1.0.0"
CONTEXT_CHARS = 24  # prefix/suffix kept with every span for re-anchoring

ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
)
KEYED_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE"})
DOCUMENT_LAYERS = ("sentences", "headings", "entities", "quotes")
STORY_LAYERS = ("entities", "alignments", "discrepancies")
STATUSES = ("gold", "silver", "none")
QUOTE_KINDS = ("full", "fragment")
ALIGNMENT_RELATIONS = ("equivalent", "overlap")
DISCREPANCY_KINDS = ("contradiction", "wording")
OPENING_QUOTES = "“\"‘'«„‹"
CLOSING_QUOTES = "”\"’'»“›"


def iter_spans(doc: dict[str, Any]) -> Iterator[tuple[tuple, dict[str, Any]]]:
    """Every span of a document file with its path: layer items, and the cue inside each quote."""
    layers = doc.get("layers") if isinstance(doc, dict) else None
    if not isinstance(layers, dict):
        return
    for name in DOCUMENT_LAYERS:
        layer = layers.get(name)
        items = layer.get("items") if isinstance(layer, dict) else None
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            yield ("layers", name, "items", index), item
            if name == "quotes" and isinstance(item.get("cue"), dict):
                yield ("layers", name, "items", index, "cue"), item["cue"]


def layer_items(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    layer = doc.get("layers", {}).get(name, {})
    return [item for item in layer.get("items", []) if isinstance(item, dict)]


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix kept with a span."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


ITEM_KEY_ORDER = (
    "id", "start", "end", "text", "prefix", "suffix", "label", "key", "kind", "speaker", "speaker_reason", "cue",
    "cue_reason", "source", "target", "relation", "statements", "description", "note", "document", "sentence",
    "provenance",
)
INVENTORY_KEY_ORDER = ("key", "name", "label", "aliases", "description")


_ITEM_RANK = {key: i for i, key in enumerate(ITEM_KEY_ORDER)}
_INVENTORY_RANK = {key: i for i, key in enumerate(INVENTORY_KEY_ORDER)}


def canonical_item(item: dict[str, Any]) -> dict[str, Any]:
    """The item with its keys in the canonical order (unknown keys last, in their own order)."""
    rank = _INVENTORY_RANK if "aliases" in item else _ITEM_RANK
    return {key: item[key] for key in sorted(item, key=lambda k: rank.get(k, 99))}


def lone_surrogate_pointer(value: Any, path: tuple = ()) -> str | None:
    """The JSON pointer of the first string (or key) holding a lone surrogate, or None.

    JSON may escape one (``"\\ud800"``); Python reads it into a str that cannot be encoded as
    UTF-8, so such a file can be read but never written back."""
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if _has_surrogate(node):
                return pointer(*where)
        elif isinstance(node, dict):
            for key, child in reversed(list(node.items())):
                if _has_surrogate(key):
                    return pointer(*where, key)
                stack.append((child, (*where, key)))
        elif isinstance(node, list):
            stack.extend((child, (*where, i)) for i, child in reversed(list(enumerate(node))))
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True
