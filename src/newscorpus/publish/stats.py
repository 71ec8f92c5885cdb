"""Corpus statistics computed from the published releases (for DATASHEET.md), per version and split.

Releases are read through :mod:`.reader` (verified first), one batch of rows at a time.
"""

from __future__ import annotations

from collections import Counter

from ..model import ENTITY_LABELS
from ..clean.rules import NOISE_LABELS
from .reader import Release

COUNTS = ("documents", "sentences", "headings", "tokens", "entity mentions", "quotes", "alignments", "discrepancies", "noise spans")
SPLIT_ORDER = ("train", "validation", "test")


def release_statistics(release: Release) -> dict[str, dict[str, Counter]]:
    """split -> {"counts", "labels", "noise"} counters for one release."""
    splits = sorted({s for c in release.manifest["configs"].values() for s in c["splits"]}, key=SPLIT_ORDER.index)
    stats: dict[str, dict[str, Counter]] = {}
    for split in splits:
        counts, labels, noise = Counter(), Counter(), Counter()
        for doc in release.rows("documents", ["sentences", "headings", "entities", "quotes", "removed"], split=split):
            counts["documents"] += 1
            counts["sentences"] += len(doc["sentences"])
            counts["headings"] += len(doc["headings"])
            counts["entity mentions"] += len(doc["entities"])
            counts["quotes"] += len(doc["quotes"])
            counts["noise spans"] += len(doc["removed"])
            labels.update(e["label_name"] for e in doc["entities"])
            noise.update(n["label_name"] for n in doc["removed"])
        counts["tokens"] = sum(len(r["tokens"]) for r in release.rows("ner", ["tokens"], split=split))
        counts["alignments"] = sum(1 for _ in release.rows("alignments", ["id"], split=split))
        counts["discrepancies"] = sum(1 for _ in release.rows("discrepancies", ["id"], split=split))
        stats[split] = {"counts": counts, "labels": labels, "noise": noise}
    return stats


def _grid(title: str, keys: tuple[str, ...], stats: dict[str, dict[str, Counter]], part: str, skip_zero: bool) -> list[str]:
    splits = list(stats)
    rows = [k for k in keys if not skip_zero or any(stats[s][part][k] for s in splits)]
    lines = [f"| {title} | " + " | ".join(splits) + (" | all |" if len(splits) > 1 else " |"),
             "|---|" + "---|" * (len(splits) + (1 if len(splits) > 1 else 0))]
    for key in rows:
        values = [stats[s][part][key] for s in splits]
        lines.append(f"| {key} | " + " | ".join(str(v) for v in values) + (f" | {sum(values)} |" if len(splits) > 1 else " |"))
    return lines


def statistics_markdown(releases: list[Release]) -> str:
    """Markdown tables for every release (given oldest first), newest first."""
    if not releases:
        return "No release has been published yet.\n"
    lines: list[str] = []
    for release in reversed(releases):
        stats = release_statistics(release)
        lines += [f"#### Release {release.version}", ""]
        lines += _grid("count", COUNTS, stats, "counts", skip_zero=False) + [""]
        lines += _grid("entity mentions per type", ENTITY_LABELS, stats, "labels", skip_zero=False) + [""]
        lines += _grid("removed noise spans per label", NOISE_LABELS, stats, "noise", skip_zero=False) + [""]
    return "\n".join(lines)
