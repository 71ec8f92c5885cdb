"""What level 3 needs beyond the file at hand: the sources record, clean texts, story files and
what the story checks need of each document (its :class:`DocumentSummary`). Loaded on demand and
kept in small bounded caches, so memory stays flat however many documents a run validates.

Each file is read and parsed once per run where the run is ordered for it (a story's documents
before the story, in one batch): a document leaves its summary behind for its story, and a
story file parsed for its documents' key checks is the one its own checks use.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..layout import CorpusLayout
from ..raw import Source, load_sources
from ..runner import require_declared
from .columns import span_columns
from .fast import fast_check
from .level1 import load_json, max_json_bytes, read_bounded
from .level2 import check_schema
from .source import JSONSource

CACHE_ITEMS = 256
SUMMARY_ITEMS = 1024


class _Bounded(OrderedDict):
    def __init__(self, limit: int = CACHE_ITEMS):
        super().__init__()
        self.limit = limit

    def remember(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
        return value


def load_checked(path: Path | str, display: str, kind: str) -> JSONSource:
    """A file through levels 1 and 2, read once: the fast path decides, the reference path explains."""
    raw, incidents = read_bounded(path, display, max_json_bytes())
    if raw is None:
        return JSONSource(Path(path), display, incidents=incidents)
    found = fast_check(raw, kind)
    if found is not None:
        return JSONSource(Path(path), display, raw, found[0], parsed=True, columns=found[1])
    source = load_json(path, display, raw=raw)
    if source.ok:
        source.incidents = check_schema(source, kind)
    return source


@dataclass(frozen=True)
class DocumentSummary:
    """What a story's checks need of one of its documents."""

    sentences: frozenset  # sentence ids
    mentions: frozenset  # (key, text) of every entity mention (key None when it has none)
    entities_annotated: bool  # the entity layer's status is not 'none'

    @staticmethod
    def of(source: JSONSource) -> DocumentSummary:
        if source.columns is None:
            source.columns = span_columns(source.data)
        columns, layers = source.columns, source.data["layers"]
        texts = columns.texts[columns.segment("entities")]
        return DocumentSummary(frozenset(columns.ids[columns.segment("sentences")]), frozenset(zip(columns.keys, texts)),
                               layers["entities"]["status"] != "none")


class CorpusContext:
    def __init__(self, layout: CorpusLayout | None, outside: frozenset[str] = frozenset()):
        self.layout = layout
        self.outside = outside  # absolute paths of links out of the checkout: never read
        self._texts = _Bounded()
        self._files = _Bounded()
        self._inventories = _Bounded()
        self._summaries = _Bounded(SUMMARY_ITEMS)

    @cached_property
    def sources(self) -> dict[str, Source]:
        if self.layout is None:
            return {}
        return {s.id: s for s in load_sources(self.layout)}

    @cached_property
    def _by_story(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for source in self.sources.values():
            index.setdefault(source.story_id, []).append(source.id)
        return index

    @cached_property
    def _annotations(self) -> str:
        return str(self.layout.annotations_dir) if self.layout else ""

    def story_documents(self, story_id: str) -> list[str]:
        return self._by_story.get(story_id, [])

    def display(self, path: Path | str) -> str:
        return self.layout.relative(path) if self.layout else str(path)

    def document_path(self, doc_id: str) -> str:
        return os.path.join(self._annotations, f"{doc_id}.json")

    def story_path(self, story_id: str) -> str:
        return os.path.join(self._annotations, "stories", f"{story_id}.json")

    def readable(self, path: str) -> bool:
        return path not in self.outside and os.path.isfile(path)

    def clean_text(self, doc_id: str) -> str | None:
        if self.layout:
            require_declared(self.layout.clean_text_path(doc_id))
        if doc_id not in self._texts:
            path = str(self.layout.clean_text_path(doc_id)) if self.layout else None
            text = None
            if path and self.readable(path):
                with open(path, "rb") as handle:
                    raw = handle.read()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:  # reported as no clean text: `newscorpus clean` writes it again
                    text = None
            self._texts.remember(doc_id, text)
        return self._texts[doc_id]

    def load(self, path: str, kind: str) -> JSONSource:
        """A file parsed and schema-checked once while it stays in the cache."""
        require_declared(path)
        if path not in self._files:
            self._files.remember(path, load_checked(path, self.display(path), kind))
        return self._files[path]

    def _valid(self, path: str, kind: str) -> JSONSource | None:
        if not self.readable(path):
            return None
        source = self.load(path, kind)
        return source if source.ok else None

    def story(self, story_id: str) -> dict[str, Any] | None:
        source = self._valid(self.story_path(story_id), "story") if self.layout else None
        return None if source is None else source.data

    def inventory(self, story_id: str) -> dict[str, dict[str, Any]] | None:
        if self.layout:
            require_declared(self.story_path(story_id))
        if story_id not in self._inventories:
            story = self.story(story_id)
            found = None if story is None else {e["key"]: e for e in story["entities"]["items"]}
            self._inventories.remember(story_id, found)
        return self._inventories[story_id]

    def inventory_labels(self, story_id: str) -> dict[str, str]:
        """key -> label of a story's valid inventory."""
        key = ("labels", story_id)
        if self.layout:
            require_declared(self.story_path(story_id))
        if key not in self._inventories:
            self._inventories.remember(key, {k: e["label"] for k, e in (self.inventory(story_id) or {}).items()})
        return self._inventories[key]

    def remember_summary(self, doc_id: str, source: JSONSource) -> None:
        """Keep what a validated document's story will ask of it (the file is not parsed again)."""
        self._summaries.remember(doc_id, DocumentSummary.of(source) if source.ok else None)

    def summary(self, doc_id: str) -> DocumentSummary | None:
        """The summary of a document with a valid (levels 1-2) annotation file, else None."""
        if self.layout:
            require_declared(self.document_path(doc_id))
        if doc_id not in self._summaries:
            source = self._valid(self.document_path(doc_id), "document") if self.layout else None
            self._summaries.remember(doc_id, None if source is None else DocumentSummary.of(source))
        return self._summaries[doc_id]
