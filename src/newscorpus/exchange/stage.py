"""What the gate does around the new files: the story inventory they imply, and their validation
(levels 1-3) on a scratch copy of exactly what that validation reads, so nothing of the checkout
changes before every file has passed."""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..annotations.io import dumps, load_json
from ..model import layer_items
from ..incident import split_pointer
from ..layout import CorpusLayout
from .core import Problem


def story_update(layout: CorpusLayout, story_id: str, docs: dict[str, dict], notes: list[str]) -> dict | None:
    """The story file with its inventory aliases recomputed from the new mentions (and entries
    left without any mention dropped), or None when it needs no change."""
    path = layout.annotations_dir / "stories" / f"{story_id}.json"
    source = load_json(path, layout.relative(path)) if path.is_file() else None
    if source is None or not source.ok:
        return None
    story = source.data
    forms: dict[str, set[str]] = {}
    for doc_id in story.get("documents", []):
        doc = docs.get(doc_id)
        if doc is None:
            other = load_json(layout.annotations_dir / f"{doc_id}.json")
            doc = other.data if other.ok else None
        for entity in layer_items(doc, "entities") if isinstance(doc, dict) else []:
            if entity.get("key"):
                forms.setdefault(entity["key"], set()).add(entity["text"])
    new = copy.deepcopy(story)
    items = []
    for entry in new["entities"]["items"]:
        seen = forms.get(entry["key"], set())
        if not seen and set(entry["aliases"]):
            notes.append(f"{source.display}: key {entry['key']!r} has no mention left; dropped from the inventory")
            continue
        if seen != set(entry["aliases"]):
            entry["aliases"] = sorted(seen)
        items.append(entry)
    new["entities"]["items"] = items
    return None if new == story else new


def validate_on_scratch(layout: CorpusLayout, docs: dict[str, dict], stories: dict[str, dict], displays: dict[str, str], problems: list[Problem]) -> None:
    """Levels 1-3 on the new files, in a scratch copy of what their validation reads."""
    from ..validate import validate_paths

    scratch = Path(tempfile.mkdtemp(prefix="newscorpus-import-"))
    try:
        scratch_layout = CorpusLayout(scratch)
        scratch_layout.corpus.mkdir(parents=True)
        shutil.copyfile(layout.sources_file, scratch_layout.sources_file)
        (scratch_layout.annotations_dir / "stories").mkdir(parents=True)
        scratch_layout.clean_dir.mkdir(parents=True)
        story_ids = {doc["story_id"] for doc in docs.values()} | set(stories)
        wanted_docs: set[str] = set(docs)
        for story_id in story_ids:
            story = stories.get(story_id)
            path = layout.annotations_dir / "stories" / f"{story_id}.json"
            if story is None and path.is_file():
                shutil.copyfile(path, scratch_layout.annotations_dir / "stories" / path.name)
                loaded = load_json(path)
                wanted_docs |= set(loaded.data.get("documents", [])) if loaded.ok and isinstance(loaded.data, dict) else set()
            elif story is not None:
                (scratch_layout.annotations_dir / "stories" / path.name).write_text(dumps(story), encoding="utf-8")
                wanted_docs |= set(story.get("documents", []))
        for doc_id in sorted(wanted_docs):
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}", doc_id):
                continue
            target = scratch_layout.annotations_dir / f"{doc_id}.json"
            if doc_id in docs:
                target.write_text(dumps(docs[doc_id]), encoding="utf-8")
            elif (layout.annotations_dir / f"{doc_id}.json").is_file():
                shutil.copyfile(layout.annotations_dir / f"{doc_id}.json", target)
            clean = layout.clean_text_path(doc_id)
            if clean.is_file():
                shutil.copyfile(clean, scratch_layout.clean_text_path(doc_id))
        paths = [scratch_layout.annotations_dir / f"{d}.json" for d in sorted(docs)]
        paths += [scratch_layout.annotations_dir / "stories" / f"{s}.json" for s in sorted(story_ids)
                  if (scratch_layout.annotations_dir / "stories" / f"{s}.json").is_file()]
        report = validate_paths(paths, scratch_layout)
        for incident in report.errors:
            name = Path(incident.file).stem
            kind = "story" if "/stories/" in incident.file.replace(os.sep, "/") else "document"
            data = (stories.get(name) or _read(scratch_layout.annotations_dir / "stories" / f"{name}.json")) if kind == "story" else docs.get(name)
            where = _item_of(data, incident.pointer)
            display = displays.get(name, f"corpus/annotations/{'stories/' if kind == 'story' else ''}{name}.json")
            problems.append(Problem(display, f"L{incident.level} {incident.rule}", incident.message, None, where))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read(path: Path) -> dict | None:
    source = load_json(path)
    return source.data if source.ok else None


def _item_of(data: Any, pointer: str) -> str:
    """'entities e12' for a pointer into an item, else the pointer."""
    parts = split_pointer(pointer)
    node = data
    for depth, part in enumerate(parts):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            if isinstance(node, dict) and "id" in node:
                layer = parts[depth - 2] if depth >= 2 else ""
                return f"{layer} item {node['id']}"
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
    return f"at {pointer or '/'}"
