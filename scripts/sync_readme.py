#!/usr/bin/env python3
"""Regenerate the generated sections of README.md (today: the cleaning rules tables)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from newscorpus.clean.cleaner import rules_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = re.compile(r"(<!-- rules:begin[^>]*-->\n).*?(<!-- rules:end -->)", re.S)


def synced(text: str) -> str:
    return SECTION.sub(lambda m: m.group(1) + rules_markdown() + m.group(2), text)


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    new = synced(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else "README.md is out of date: run scripts/sync_readme.py")
    README.write_text(new, encoding="utf-8")
