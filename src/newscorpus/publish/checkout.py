"""Keeping the checkout's card (README.md front matter) in step with the published releases."""

from __future__ import annotations

from ..fsutil import atomic_write_text
from ..layout import CorpusLayout
from .card import checkout_front_matter, with_front_matter


def expected_readme(layout: CorpusLayout) -> str:
    from .release import read_manifest, releases

    manifests = [read_manifest(path) for _, path in releases(layout)]
    readme = (layout.root / "README.md").read_text(encoding="utf-8")
    return with_front_matter(readme, checkout_front_matter(manifests))


def update_checkout_card(layout: CorpusLayout) -> bool:
    """Rewrite README.md's front matter for the current releases; True when it changed."""
    path = layout.root / "README.md"
    if not path.is_file():
        return False
    new = expected_readme(layout)
    if new == path.read_text(encoding="utf-8"):
        return False
    atomic_write_text(path, new)
    return True
