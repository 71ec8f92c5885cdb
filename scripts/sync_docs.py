#!/usr/bin/env python3
"""Regenerate the generated parts of README.md (card front matter, cleaning rules, validation
rules) and DATASHEET.md (statistics of the published releases, cleaning rules). --check: fail if stale."""

from __future__ import annotations

import sys
from pathlib import Path

from newscorpus.layout import CorpusLayout
from newscorpus.fsutil import atomic_write_text
from newscorpus.publish.checkout import stale_documents, update_checkout_card
from newscorpus.validate.rules import with_rules_table

LAYOUT = CorpusLayout(Path(__file__).resolve().parents[1])
README = LAYOUT.root / "README.md"


def validation_rules_stale() -> bool:
    text = README.read_text(encoding="utf-8")
    return with_rules_table(text) != text


if __name__ == "__main__":
    if "--check" in sys.argv:
        stale = stale_documents(LAYOUT) + ([README] if validation_rules_stale() else [])
        sys.exit(f"stale: {', '.join(sorted({p.name for p in stale}))}; run scripts/sync_docs.py" if stale else 0)
    for path in update_checkout_card(LAYOUT):
        print(f"updated {path.name}")
    if validation_rules_stale():
        atomic_write_text(README, with_rules_table(README.read_text(encoding="utf-8")))
        print("updated README.md (validation rules)")
