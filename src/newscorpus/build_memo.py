"""Stages, or a whole build, answered from file stats when nothing they read has changed.

With everything cached, a build still asks the cache once per task of every stage: tens of
microseconds a document, seconds at 100,000 documents. make and git answer "nothing changed"
from file stats alone, and so does this. The *state* of a checkout is the stat (size, mtime,
ctime, inode; a link's target too) of every file a build reads, in parts: the checkout's
top-level files (README card, CHANGELOG, DATASHEET), the files directly in ``corpus/``
(sources.json, splits.json), and each directory of ``corpus/`` (raw, clean, annotations,
releases); with the code fingerprint (the package's source, schemas and templates), the
libraries' versions, the Python and every ``NEWSCORPUS_*`` variable. A stage's *view* is the
digest of the parts it reads (the raw check: raw and corpus; clean: raw, clean and corpus; the
whole build: every part).

A stage (or build) that succeeded, and whose view after it is its view before it (it wrote
nothing and nothing changed under it), records its printed lines under that view; the next run
with the same view prints them without running. A view is never recorded while one of its
files is racy (changed within ``RACY_NS`` of the state being taken, when a same-size rewrite
could keep its stat: git's "racily clean" rule), and a file that changes always changes the
views that read it, so the memo never answers for files it did not see. ``--no-cache``
bypasses it like every cache."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from dataclasses import dataclass
from typing import Any

from .cache import RACY_NS, Cache, canonical_json, loads, make_key
from .layout import CorpusLayout
from .lock import LOCK_FILE

STAGE = "build-memo"
MASK = (1 << 128) - 1


@dataclass(frozen=True)
class CheckoutState:
    """Per part of the checkout (``top``: its top-level files; ``corpus``: the files directly in
    corpus/; then each directory of corpus/ by name) the digest sum, file count and newest change."""

    parts: dict[str, tuple[int, int, int]]
    environment: str
    taken_ns: int

    def view(self, *names: str) -> "StateView":
        """The state of the parts named (all of them when none is): what one stage reads."""
        chosen = sorted(names or self.parts)
        sums = [[name, *self.parts.get(name, (0, 0, 0))[:2]] for name in chosen]
        digest = hashlib.sha256(canonical_json([self.environment, chosen, sums])).hexdigest()
        newest = max((self.parts.get(name, (0, 0, 0))[2] for name in chosen), default=0)
        return StateView(digest, sum(n for _, _, n in sums), racy=newest >= self.taken_ns - RACY_NS)


@dataclass(frozen=True)
class StateView:
    digest: str
    files: int
    racy: bool


def _walk(top: str, recursive: bool, totals: list[int]) -> None:
    """Add the name and stat of every entry under ``top`` to ``totals`` = [sum, files, newest]:
    the sum of each entry's digest (mod 2**128) does not depend on the order a directory lists
    its entries in, so nothing is sorted or kept (memory stays flat however many files)."""
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            found = os.scandir(directory)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with found:
            for entry in found:
                if entry.name == LOCK_FILE:  # rewritten by every run that takes it; no build reads it
                    continue
                name = os.fsencode(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    if not recursive:  # the top's and corpus/'s directories are parts of their own, or not read
                        continue
                    pending.append(entry.path)
                    line = b"d %s" % name
                else:
                    try:
                        st = entry.stat()  # a link's target: what a build reads
                    except OSError:
                        line = b"? %s" % name
                    else:
                        link = os.fsencode(os.readlink(entry.path)) if entry.is_symlink() else b""
                        line = b"%d %s %d %d %d %d %d %s" % (stat.S_ISREG(st.st_mode), name, st.st_size, st.st_mtime_ns,
                                                           st.st_ctime_ns, st.st_ino, st.st_dev, link)
                        totals[1] += 1
                        totals[2] = max(totals[2], st.st_mtime_ns, st.st_ctime_ns)
                totals[0] = (totals[0] + int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")) & MASK


def _environment() -> str:
    from importlib.metadata import PackageNotFoundError, version

    libraries = []
    for name in ("datasets", "pyarrow", "jsonschema", "jsonschema-rs", "orjson", "spacy"):
        try:
            libraries.append(version(name))
        except PackageNotFoundError:
            libraries.append(None)
    variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("NEWSCORPUS_"))
    return hashlib.sha256(canonical_json([sys.version, sys.executable, libraries, variables])).hexdigest()


def checkout_state(layout: CorpusLayout, only: tuple[str, ...] | None = None) -> CheckoutState:
    """The state of the checkout as a build sees it, or of the parts ``only`` names (cost: one
    stat per file, no file read)."""
    taken = time.time_ns()
    parts: dict[str, tuple[int, int, int]] = {}

    def walk(part: str, top: str, recursive: bool) -> None:
        if only is None or part in only:
            totals = [0, 0, 0]
            _walk(top, recursive, totals)
            parts[part] = (totals[0], totals[1], totals[2])

    walk("top", str(layout.root), False)
    walk("corpus", str(layout.corpus), False)
    try:
        with os.scandir(layout.corpus) as found:
            directories = [e.name for e in found if e.is_dir(follow_symlinks=False)]
    except (FileNotFoundError, NotADirectoryError):
        directories = []
    for name in directories:
        walk(name, os.path.join(layout.corpus, name), True)
    return CheckoutState(parts, _environment() + str(layout.root), taken)


def _key(stage: str, view: StateView) -> str:
    return make_key(STAGE, stage, view.digest)  # make_key adds the code fingerprint


def recall(cache: Cache, stage: str, view: StateView) -> Any | None:
    """What ``stage`` recorded for the state ``view`` (its printed lines), if it did."""
    if not cache.enabled or view.racy:
        return None
    blob = cache.get(_key(stage, view))
    return None if blob is None else loads(blob)


def remember(cache: Cache, stage: str, before: StateView, after: StateView, lines: Any) -> bool:
    """Record what a stage printed, only when it left what it reads as it found it."""
    if not cache.enabled or before.racy or after.racy or before != after:
        return False
    cache.put(_key(stage, before), canonical_json(lines))
    return True
