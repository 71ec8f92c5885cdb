"""What level 3 needs beyond the file at hand, loaded once and cached: the sources record, clean
texts, story files and the other documents of a story."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from ..annotations.io import JSONSource, load_json
from ..layout import CorpusLayout
from ..raw import Source, load_sources
from .level2 import check_schema


class CorpusContext:
    def __init__(self, layout: CorpusLayout | None):
        self.layout = layout
        self._texts: dict[str, str | None] = {}
        self._files: dict[Path, JSONSource] = {}

    @cached_property
    def sources(self) -> dict[str, Source]:
        if self.layout is None:
            return {}
        return {s.id: s for s in load_sources(self.layout)}

    def clean_text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            path = self.layout.clean_text_path(doc_id) if self.layout else None
            self._texts[doc_id] = path.read_text(encoding="utf-8") if path and path.is_file() else None
        return self._texts[doc_id]

    def load(self, path: Path, kind: str) -> JSONSource:
        """A file parsed and schema-checked once; shared by every check that needs it."""
        path = path.resolve()
        if path not in self._files:
            display = self.layout.relative(path) if self.layout else str(path)
            source = load_json(path, display)
            if source.data is not None and not source.incidents:
                source.incidents = check_schema(source, kind)
            self._files[path] = source
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

    def other_inventories(self, story_id: str):
        if self.layout is None:
            return
        for path in sorted((self.layout.annotations_dir / "stories").glob("*.json")):
            if path.stem != story_id:
                inventory = self.inventory(path.stem)
                if inventory is not None:
                    yield path.stem, inventory
