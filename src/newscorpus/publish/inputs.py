"""The inputs of a release: every corpus file its rows are made from, and their digest.

A release's manifest records ``inputs_sha256``, the sha256 over the lines ``<name> <sha256>`` of
its input files (names relative to ``corpus/``, pattern by pattern, each sorted). When the
corpus's digest equals the newest release's, its inputs are those the release was built from;
when it differs, the corpus has changed. Which files changed is known where this machine
remembers the release's listing (recorded when it published or checked the release): the two
listings are compared in the cache's database, without holding either in memory.
"""

from __future__ import annotations

import hashlib
import os
from fnmatch import fnmatchcase
from itertools import islice
from pathlib import Path
from typing import Iterator

from ..cache import Cache
from ..fsutil import sha256_file
from ..layout import CorpusLayout

INPUT_PATTERNS = ("sources.json", "splits.json", "raw/*", "clean/*", "annotations/*.json", "annotations/stories/*.json")


def _input_names(corpus: Path) -> Iterator[str]:
    """Names (relative to ``corpus``) of every input file: pattern by pattern, each sorted.

    Names, not ``Path`` objects, and one directory at a time: at 100,000 documents a list of
    Paths peaked at 690 MB, the names at 22 MB."""
    for pattern in INPUT_PATTERNS:
        folder, _, name_pattern = pattern.rpartition("/")
        try:
            with os.scandir(corpus / folder if folder else corpus) as entries:
                names = sorted(e.name for e in entries if fnmatchcase(e.name, name_pattern) and e.is_file())
        except (FileNotFoundError, NotADirectoryError):
            continue
        yield from (f"{folder}/{name}" if folder else name for name in names)


def input_listing(layout: CorpusLayout, cache: Cache | None = None) -> Iterator[tuple[str, str]]:
    """(name, sha256) of every input file in order, a thousand files at a time (digests from
    the cache's stat manifest where a file is unchanged)."""
    names, corpus = _input_names(layout.corpus), str(layout.corpus) + os.sep
    while chunk := list(islice(names, 1000)):
        paths = [corpus + name for name in chunk]  # strings: a Path per file costs more than its digest lookup
        found = cache.digests(paths) if cache is not None else {p: sha256_file(p) for p in paths}
        for name, path in zip(chunk, paths):
            yield name, found[path]


def inputs_digest(layout: CorpusLayout, cache: Cache | None = None) -> str:
    """sha256 over every input of a release (sources, raw, clean, annotations, split overrides):
    the lines "<path> <sha256>" joined by newlines, hashed as they come."""
    digest, separator = hashlib.sha256(), ""
    for name, sha in input_listing(layout, cache):
        digest.update(f"{separator}{name} {sha}".encode("utf-8"))
        separator = "\n"
    return digest.hexdigest()


def remember_inputs(layout: CorpusLayout, digest: str, cache: Cache | None) -> None:
    """Record the corpus's input listing under its digest (it is a release's), once."""
    if cache is not None and cache.enabled and not cache.has_listing(digest):
        cache.put_listing(digest, input_listing(layout, cache))


def what_changed(layout: CorpusLayout, digest: str, cache: Cache | None) -> list[str] | None:
    """The inputs that differ from the release whose input digest is ``digest``, in words
    ('document 0042 (annotations, clean)', 'story s1', 'sources.json'); None when this machine
    has no record of that release's inputs."""
    if cache is None or not cache.enabled or not cache.has_listing(digest):
        return None
    changes: dict[str, set[str]] = {}
    for name, how in cache.listing_difference(digest, input_listing(layout, cache)):
        subject, part = _subject(name)
        changes.setdefault(subject, set()).add(part if how == "changed" else f"{part} {how}")
    return [f"{subject} ({', '.join(sorted(parts))})" if parts - {""} else subject for subject, parts in sorted(changes.items())]


def _subject(name: str) -> tuple[str, str]:
    """'annotations/0042.json' -> ('document 0042', 'annotations')."""
    folder, _, file = name.rpartition("/")
    stem = file.rsplit(".", 1)[0]
    if folder == "annotations/stories":
        return f"story {stem}", "annotations"
    if folder in ("raw", "clean", "annotations"):
        return f"document {stem}", {"raw": "raw text", "clean": "clean text" if file.endswith(".txt") else "cleaning record"}.get(folder, folder)
    return name, ""
