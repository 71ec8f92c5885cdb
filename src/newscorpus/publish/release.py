"""Building a release: every config of the current corpus, written through ``datasets`` into a directory.

A release is ``<config>/<split>-0000N-of-0000M.parquet``, its own ``README.md`` card, a
``croissant.json`` and a ``manifest.json`` (versions, source commit, split assignment, and the
sha256, size and row count of every file). :func:`build_release` is the whole build: its inputs
are the corpus (``layout``), the version, the previous release's manifest (for the split
assignment) and an empty directory; its output is that directory filled, and the manifest and
split moves returned. Where the directory goes (published, scratch, the build's release check)
is decided by :mod:`.publisher`.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import GUIDELINES_VERSION, SCHEMA_VERSION
from ..clean import RULESET_VERSION
from ..errors import Location, NewscorpusError, Problems
from ..fsutil import atomic_write_text, sha256_file
from ..layout import CorpusLayout
from ..validate import validate_paths
from ..cache import Cache
from ..engine import Engine
from ..runner import Runner
from ..raw import load_sources
from .card import release_card
from .catalogue import CROISSANT, MANIFEST
from .croissant import croissant_metadata
from .features import CONFIGS, FEATURES
from .parquet import WRITER_OPTIONS, row_count
from .stream import RowsStage, rows_tasks, write_stream
from .inputs import inputs_digest, remember_inputs
from .splits import SPLITS, assign_splits, load_overrides

TIMINGS: dict[str, float] = {}  # seconds spent making rows (not writing them), for the benchmark


def _git(layout: CorpusLayout, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=layout.root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


@dataclass
class BuiltRelease:
    manifest: dict[str, Any]
    moves: dict[str, tuple[str, str]] = field(default_factory=dict)


def _items(layout: CorpusLayout, previous: dict[str, Any] | None):
    """Every (kind, id, split) to publish, in the order rows appear: documents by id, then stories."""
    sources = load_sources(layout)
    plan = assign_splits(sorted({s.story_id for s in sources}), (previous or {}).get("story_splits", {}), load_overrides(layout))
    stories = sorted(p.stem for p in (layout.annotations_dir / "stories").glob("*.json") if p.stem in plan.story_splits)
    items = [("doc", s.id, plan.story_splits[s.story_id]) for s in sources]
    items += [("story", story_id, plan.story_splits[story_id]) for story_id in stories]
    return items, plan, sources


def _rows_stream(layout: CorpusLayout, items, sources, engine: Engine, cache: Cache | None):
    """(kind, id, split, rows) in item order, each item's rows from the cache where its inputs
    are unchanged, else computed on the engine (:class:`.stream.RowsStage` on the runner)."""
    clock = time.perf_counter()
    runner = Runner(engine, cache)
    for outcome in runner.run(RowsStage(str(layout.root)), rows_tasks(layout, items, sources), desc="rows"):
        TIMINGS["rows"] = TIMINGS.get("rows", 0.0) + time.perf_counter() - clock
        kind, item_id, split = outcome.task.params[:3]
        yield kind, item_id, split, outcome.result
        clock = time.perf_counter()


def build_release(layout: CorpusLayout, version: str, out: Path, previous: dict[str, Any] | None, *,
                  engine: Engine | None = None, cache: Cache | None = None, validated: bool = False) -> BuiltRelease:
    """Write the release ``version`` of the current corpus into the empty directory ``out``."""
    outside = layout.links_outside()
    if outside:
        raise Problems.of(outside)
    if not validated:
        report = validate_paths(None, layout, engine=engine, cache=cache)
        if not report.ok:
            raise Problems.of([NewscorpusError(i.message, rule=i.rule, location=Location(i.file, i.line, i.column)) for i in report.errors])
    items, plan, sources = _items(layout, previous)
    digest = inputs_digest(layout, cache)
    import datasets
    import pyarrow

    manifest: dict[str, Any] = {
        "name": "newscorpus",
        "version": version,
        "schema_version": SCHEMA_VERSION,
        "guidelines_version": GUIDELINES_VERSION,
        "ruleset_version": RULESET_VERSION,
        "inputs_sha256": digest,
        "source_commit": _git(layout, "rev-parse", "HEAD"),
        "source_tree_clean": _git(layout, "status", "--porcelain", "--", "corpus", "schema", "src") == "",
        "writer": {"newscorpus": __version__, "datasets": datasets.__version__, "pyarrow": pyarrow.__version__, "parquet": WRITER_OPTIONS},
        "documents": len(sources),
        "story_splits": plan.story_splits,
        "configs": {},
        "files": [],
    }

    def footer(config: str, split: str) -> dict[str, str]:
        return {"newscorpus.name": "newscorpus", "newscorpus.version": version, "newscorpus.config": config,
                "newscorpus.split": split, "newscorpus.license": "see DATASHEET.md: source texts unknown",
                "newscorpus.schema_version": SCHEMA_VERSION, "newscorpus.guidelines_version": GUIDELINES_VERSION,
                "newscorpus.inputs_sha256": digest}

    stream = _rows_stream(layout, items, sources, engine or Engine(), cache)
    written = write_stream(out, stream, footer)
    for config in CONFIGS:
        splits = {split: written[config][split] for split in SPLITS if split in written.get(config, {})}
        if splits:
            manifest["configs"][config] = {"splits": splits, "features": FEATURES[config].to_dict()}
    atomic_write_text(out / "README.md", release_card(manifest))
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        relative = path.relative_to(out).as_posix()
        rows_in = row_count(path) if path.suffix == ".parquet" else None
        manifest["files"].append({"path": relative, "sha256": sha256_file(path), "size": path.stat().st_size, "rows": rows_in})
    # the Croissant description of the files above (it cannot list its own checksum)
    atomic_write_text(out / CROISSANT, json.dumps(croissant_metadata(manifest), indent=2, ensure_ascii=False) + "\n")
    manifest["files"].append({"path": CROISSANT, "sha256": sha256_file(out / CROISSANT), "size": (out / CROISSANT).stat().st_size, "rows": None})
    manifest["files"].sort(key=lambda entry: entry["path"])
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return BuiltRelease(manifest, plan.moves)
