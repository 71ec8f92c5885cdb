"""The spans of a document file as columns: every start, end, text, prefix and suffix in one list
each, gathered with C-level ``map`` calls, so level 3 checks a whole document with a handful of
list operations and looks at single spans only where one is wrong.

Built once per document (by the fast path, which needs the offsets' types, or by level 3).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

from ..model import DOCUMENT_LAYERS

_START, _END, _TEXT, _ID, _LABEL = (itemgetter(k) for k in ("start", "end", "text", "id", "label"))


@dataclass
class SpanColumns:
    starts: list = field(default_factory=list)
    ends: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    prefixes: list = field(default_factory=list)  # None where a span keeps no prefix
    suffixes: list = field(default_factory=list)
    ids: list = field(default_factory=list)  # the items' ids (cues have none)
    keys: list = field(default_factory=list)  # the entities' keys (None where a mention has none)
    labels: list = field(default_factory=list)  # the entities' labels
    _bounds: list = field(default_factory=list)  # first flat index of each layer, then of the cues
    _cue_quotes: list = field(default_factory=list)  # the quote index of each cue

    def path(self, flat: int) -> tuple:
        """The pointer parts of span number ``flat``."""
        part = bisect_right(self._bounds, flat) - 1
        offset = flat - self._bounds[part]
        if part < len(DOCUMENT_LAYERS):
            return ("layers", DOCUMENT_LAYERS[part], "items", offset)
        return ("layers", "quotes", "items", self._cue_quotes[offset], "cue")

    def segment(self, layer: str) -> slice:
        """Where the spans of ``layer`` (a document layer, or "cues") are in the columns."""
        part = DOCUMENT_LAYERS.index(layer) if layer != "cues" else len(DOCUMENT_LAYERS)
        return slice(self._bounds[part], self._bounds[part + 1] if part + 1 < len(self._bounds) else len(self.starts))

    def integers_only(self) -> bool:
        """Every offset is a JSON integer (an ``int``: not a float such as 0.0, not a bool)."""
        return set(map(type, self.starts)) | set(map(type, self.ends)) <= {int}


def span_columns(doc: dict[str, Any]) -> SpanColumns:
    """The columns of a schema-valid document: the items of each layer in order, then the cues."""
    columns = SpanColumns()
    layers = doc["layers"]
    quotes = layers["quotes"]["items"]
    cue_quotes = [i for i, quote in enumerate(quotes) if isinstance(quote.get("cue"), dict)]
    groups = [layers[name]["items"] for name in DOCUMENT_LAYERS] + [[quotes[i]["cue"] for i in cue_quotes]]
    for spans in groups:
        columns._bounds.append(len(columns.starts))
        columns.starts += map(_START, spans)
        columns.ends += map(_END, spans)
        columns.texts += map(_TEXT, spans)
        columns.prefixes += map(dict.get, spans, repeat("prefix"))
        columns.suffixes += map(dict.get, spans, repeat("suffix"))
    columns._cue_quotes = cue_quotes
    for name in DOCUMENT_LAYERS:
        columns.ids += map(_ID, layers[name]["items"])
    entities = layers["entities"]["items"]
    columns.keys, columns.labels = list(map(dict.get, entities, repeat("key"))), list(map(_LABEL, entities))
    return columns
