"""Corpus statistics computed from the published releases (for DATASHEET.md), per version and split."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any


from ..model import ENTITY_LABELS
from ..clean.rules import NOISE_LABELS
from .verify import read_release_table

COUNTS = ("documents", "sentences", "headings", "tokens", "entity mentions", "quotes", "alignments", "discrepancies", "noise spans")


def _rows(release: Path, manifest: dict[str, Any], config: str, split: str, columns: list[str]):
    info = manifest["configs"].get(config, {}).get("splits", {}).get(split)
    for name in (info or {}).get("files", []):
        for batch in read_release_table(release, name, columns).to_batches(max_chunksize=512):
            yield from batch.to_pylist()


def release_statistics(release: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Counter]]:
    """split -> {"counts", "labels", "noise"} counters for one release."""
    splits = sorted({s for c in manifest["configs"].values() for s in c["splits"]}, key=("train", "validation", "test").index)
    stats: dict[str, dict[str, Counter]] = {}
    for split in splits:
        counts, labels, noise = Counter(), Counter(), Counter()
        for doc in _rows(release, manifest, "documents", split, ["sentences", "headings", "entities", "quotes", "removed"]):
            counts["documents"] += 1
            counts["sentences"] += len(doc["sentences"])
            counts["headings"] += len(doc["headings"])
            counts["entity mentions"] += len(doc["entities"])
            counts["quotes"] += len(doc["quotes"])
            counts["noise spans"] += len(doc["removed"])
            labels.update(e["label_name"] for e in doc["entities"])
            noise.update(n["label_name"] for n in doc["removed"])
        counts["tokens"] = sum(len(r["tokens"]) for r in _rows(release, manifest, "ner", split, ["tokens"]))
        counts["alignments"] = sum(1 for _ in _rows(release, manifest, "alignments", split, ["id"]))
        counts["discrepancies"] = sum(1 for _ in _rows(release, manifest, "discrepancies", split, ["id"]))
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


def statistics_markdown(releases: list[tuple[Path, dict[str, Any]]]) -> str:
    """Markdown tables for every release, newest first."""
    if not releases:
        return "No release has been published yet.\n"
    lines: list[str] = []
    for release, manifest in reversed(releases):
        stats = release_statistics(release, manifest)
        lines += [f"#### Release {manifest['version']}", ""]
        lines += _grid("count", COUNTS, stats, "counts", skip_zero=False) + [""]
        lines += _grid("entity mentions per type", ENTITY_LABELS, stats, "labels", skip_zero=False) + [""]
        lines += _grid("removed noise spans per label", NOISE_LABELS, stats, "noise", skip_zero=False) + [""]
    return "\n".join(lines)
