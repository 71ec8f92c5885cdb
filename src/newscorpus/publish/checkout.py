"""Keeping the checkout's documents in step with the published releases: README.md's front
matter (the dataset card) and DATASHEET.md's generated sections (statistics, cleaning rules)."""

from __future__ import annotations

import re
from pathlib import Path

from ..clean.cleaner import rules_markdown
from ..fsutil import atomic_write_text
from ..layout import CorpusLayout
from .card import checkout_front_matter, with_front_matter
from .catalogue import Catalogue, read_manifest
from .changelog import changelog_path, has_entry
from .reader import Release, open_release
from .stats import statistics_markdown


def _section(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin[^>]*-->\n).*?(<!-- {name}:end -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + content + m.group(2), text)


def published_releases(layout: CorpusLayout, pending: Release | None = None) -> list[Release]:
    """Every published release, verified, oldest first; plus ``pending`` (verified, not yet renamed
    into place) as the newest."""
    found = [open_release(entry.path, layout) for entry in Catalogue(layout).published()]
    return found + ([pending] if pending is not None else [])


def expected_documents(layout: CorpusLayout, pending: Release | None = None) -> dict[Path, str]:
    """What README.md and DATASHEET.md should read, given the releases on disk (and ``pending``)."""
    published = published_releases(layout, pending)
    expected = {}
    readme = layout.root / "README.md"
    if readme.is_file():
        text = with_front_matter(readme.read_text(encoding="utf-8"), checkout_front_matter([r.manifest for r in published]))
        expected[readme] = _section(text, "rules", rules_markdown())
    datasheet = layout.root / "DATASHEET.md"
    if datasheet.is_file():
        text = _section(datasheet.read_text(encoding="utf-8"), "stats", statistics_markdown(published))
        expected[datasheet] = _section(text, "rules", rules_markdown())
    return expected


def stale_documents(layout: CorpusLayout) -> list[Path]:
    return [path for path, text in expected_documents(layout).items() if path.read_text(encoding="utf-8") != text]


def write_documents(documents: dict[Path, str]) -> list[Path]:
    """Write the texts that differ from what is on disk; the files written."""
    changed = []
    for path, text in documents.items():
        if path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
            changed.append(path)
    return changed


def update_checkout_card(layout: CorpusLayout) -> list[Path]:
    """Rewrite the generated parts of README.md and DATASHEET.md; the files that changed."""
    return write_documents(expected_documents(layout))


def expected_readme(layout: CorpusLayout) -> str:
    return expected_documents(layout)[layout.root / "README.md"]


def checkout_lag(layout: CorpusLayout) -> list[str]:
    """How the checkout's changelog and card lag behind the newest release (an interrupted publish)."""
    catalogue = Catalogue(layout)
    published = catalogue.published()
    if not published:
        return []
    newest = published[-1]
    reasons = []
    if not has_entry(layout, newest.name):
        reasons.append(f"{layout.relative(changelog_path(layout))} has no entry for {newest.name}")
    readme = layout.root / "README.md"
    if readme.is_file():
        matter = checkout_front_matter([read_manifest(e.path, layout.relative) for e in published])
        if not readme.read_text(encoding="utf-8").startswith(matter):
            reasons.append("README.md's card does not list the releases on disk (load_dataset would serve an older one)")
    datasheet = layout.root / "DATASHEET.md"
    if datasheet.is_file() and f"#### Release {newest.name}\n" not in datasheet.read_text(encoding="utf-8"):
        reasons.append(f"DATASHEET.md has no statistics of release {newest.name}")
    return reasons
