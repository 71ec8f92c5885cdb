#!/usr/bin/env python3
"""Regenerate the generated parts of README.md (card front matter, cleaning rules) and
DATASHEET.md (statistics of the published releases, cleaning rules). --check: fail if stale."""

from __future__ import annotations

import sys
from pathlib import Path

from newscorpus.layout import CorpusLayout
from newscorpus.publish.checkout import stale_documents, update_checkout_card

LAYOUT = CorpusLayout(Path(__file__).resolve().parents[1])

if __name__ == "__main__":
    if "--check" in sys.argv:
        stale = stale_documents(LAYOUT)
        sys.exit(f"stale: {', '.join(p.name for p in stale)}; run scripts/sync_docs.py" if stale else 0)
    for path in update_checkout_card(LAYOUT):
        print(f"updated {path.name}")
