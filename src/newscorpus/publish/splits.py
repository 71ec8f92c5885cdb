"""Split assignment: by story, deterministic, stable across versions, overridable by a file.

Policy, in order of precedence:

1. A story published before keeps the split it had in the latest release, forever; its new
   documents join it. Moving a story (by the override file) needs a new major version.
2. ``corpus/splits.json`` (``{"stories": {"<story_id>": "train" | "validation" | "test"}}``)
   places a story explicitly.
3. Otherwise the story's split comes from the first 32 bits of sha256(story_id) read as a
   fraction f: train if f < 0.8, validation if f < 0.9, else test.

Reports of the same event therefore never straddle splits. A split with no rows is not
published (it would not load), so a config lists only the splits that have rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..errors import Location, NewscorpusError
from ..layout import CorpusLayout

SPLITS = ("train", "validation", "test")
OVERRIDE_FILE = "splits.json"


def hashed_split(story_id: str) -> str:
    fraction = int(hashlib.sha256(story_id.encode("utf-8")).hexdigest()[:8], 16) / 2**32
    return "train" if fraction < 0.8 else "validation" if fraction < 0.9 else "test"


def load_overrides(layout: CorpusLayout) -> dict[str, str]:
    path = layout.corpus / OVERRIDE_FILE
    if not path.is_file():
        return {}
    where = Location(layout.relative(path))
    try:
        stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    except (ValueError, KeyError, TypeError) as exc:
        raise NewscorpusError(f"cannot read the split overrides: {exc}", rule="splits.invalid", location=where) from None
    for story, split in stories.items():
        if split not in SPLITS:
            raise NewscorpusError(f"story {story!r}: unknown split {split!r} (use {', '.join(SPLITS)})", rule="splits.invalid", location=where)
    return dict(stories)


@dataclass
class SplitPlan:
    story_splits: dict[str, str]
    moves: dict[str, tuple[str, str]] = field(default_factory=dict)  # story -> (before, now)
    reasons: dict[str, str] = field(default_factory=dict)


def assign_splits(stories: list[str], previous: dict[str, str], overrides: dict[str, str]) -> SplitPlan:
    """Split of every story; ``moves`` lists stories whose split differs from ``previous``."""
    plan = SplitPlan({})
    for story in sorted(stories):
        if story in overrides:
            plan.story_splits[story], plan.reasons[story] = overrides[story], f"override ({OVERRIDE_FILE})"
        elif story in previous:
            plan.story_splits[story], plan.reasons[story] = previous[story], "kept from the previous release"
        else:
            plan.story_splits[story], plan.reasons[story] = hashed_split(story), "sha256 of the story id"
        if story in previous and previous[story] != plan.story_splits[story]:
            plan.moves[story] = (previous[story], plan.story_splits[story])
    return plan
