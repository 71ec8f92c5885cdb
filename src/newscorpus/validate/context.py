"""What level 3 needs beyond the file at hand: the sources record, clean texts, story files and
the other documents of a story. Loaded on demand and kept in small bounded caches, so memory
stays flat however many documents a run validates."""

from __future__ import annotations

from collections import OrderedDict
from functools import cached_property
from pathlib import Path
from typing import Any

from ..annotations.io import JSONSource, load_json, max_json_bytes
from ..layout import CorpusLayout
from ..raw import Source, load_sources
from .fast import fast_parse
from .level2 import check_schema

CACHE_ITEMS = 256


class _Bounded(OrderedDict):
    def remember(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > CACHE_ITEMS:
            self.popitem(last=False)
        return value


def load_checked(path: Path, display: str, kind: str) -> JSONSource:
    """A file through levels 1 and 2: the fast path decides, the reference path explains."""
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    if size is not None and size <= max_json_bytes():
        raw = path.read_bytes()
        data = fast_parse(raw, kind)
        if data is not None:  # the fast path accepts schema-valid objects only, never a bare null
            return JSONSource(path, display, raw, data, parsed=True)
    source = load_json(path, display)
    if source.parsed and not source.incidents:
        source.incidents = check_schema(source, kind)
    return source


class CorpusContext:
    def __init__(self, layout: CorpusLayout | None):
        self.layout = layout
        self._texts = _Bounded()
        self._files = _Bounded()

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

    def story_documents(self, story_id: str) -> list[str]:
        return self._by_story.get(story_id, [])

    def display(self, path: Path) -> str:
        return self.layout.relative(path) if self.layout else str(path)

    def clean_text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            path = self.layout.clean_text_path(doc_id) if self.layout else None
            self._texts.remember(doc_id, path.read_text(encoding="utf-8") if path and path.is_file() else None)
        return self._texts[doc_id]

    def load(self, path: Path, kind: str) -> JSONSource:
        """A file parsed and schema-checked once while it stays in the cache."""
        path = path.resolve()
        if path not in self._files:
            self._files.remember(path, load_checked(path, self.display(path), kind))
        return self._files[path]

    def _valid(self, path: Path, kind: str) -> dict[str, Any] | None:
        if not path.is_file():
            return None
        source = self.load(path, kind)
        return source.data if source.ok else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self._valid(self.layout.annotations_dir / f"{doc_id}.json", "document") if self.layout else None

    def story(self, story_id: str) -> dict[str, Any] | None:
        return self._valid(self.layout.annotations_dir / "stories" / f"{story_id}.json", "story") if self.layout else None

    def inventory(self, story_id: str) -> dict[str, dict[str, Any]] | None:
        story = self.story(story_id)
        return None if story is None else {e["key"]: e for e in story["entities"]["items"]}
