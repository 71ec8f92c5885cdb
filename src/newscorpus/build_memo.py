"""Stages, or a whole build, answered from file stats when nothing they read has changed.

With everything cached, a build still asks the cache once per task of every stage: tens of
microseconds a document, seconds at 100,000 documents. make and git answer "nothing changed"
from file stats alone, and so does this. The *state* of a checkout is the stat (size, mtime,
ctime, inode) of every file a build reads, in parts: the checkout's top-level files (README
card, CHANGELOG, DATASHEET: ``TOP``), the files directly in ``corpus/`` (sources.json,
splits.json: ``CORPUS``), each directory of ``corpus/`` (``part("raw")``, ``part("clean")``,
...), and every symbolic link under ``corpus/`` (``LINKS``: the link itself, its target string
and, when it resolves, its target's stat; the raw check refuses links that leave the checkout
wherever they are); with the code fingerprint (the package's source, schemas and templates),
every installed distribution's version, the Python and every ``NEWSCORPUS_*`` variable. A
stage's *view* is the digest of the parts it reads (pipeline.py names them; the whole build
reads every part).

A stage (or build) that succeeded, and whose view after it is its view before it (it wrote
nothing and nothing changed under it), records its printed lines under that view; the next run
with the same view prints them without running. A view is never recorded while one of its
files is racy (changed within ``RACY_NS`` of the state being taken, when a same-size rewrite
could keep its stat: git's "racily clean" rule). ``--no-cache`` bypasses it like every cache.
What a view covers is only as complete as the parts a stage is said to read: a stage that
starts reading a new kind of file must name its part (tests/test_build_memo.py changes each
part and sees a miss)."""

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
        unknown = [n for n in names if n not in (TOP, CORPUS, LINKS) and not n.startswith("corpus/")]
        if unknown:  # a misspelt part would silently read as an empty directory
            raise ValueError(f"no such part of the checkout: {unknown}")
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


TOP = ":top"  # the checkout's top-level files
CORPUS = ":corpus"  # the files directly in corpus/ (sources.json, splits.json)
LINKS = ":links"  # every symbolic link under corpus/ (the raw check refuses links that leave it)


def part(directory: str) -> str:
    """The part of a directory of corpus/ ("corpus/raw"): never the name of another part."""
    return f"corpus/{directory}"


def _add(totals: list[int], line: bytes) -> None:
    totals[0] = (totals[0] + int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")) & MASK


def _walk(top: str, recursive: bool, totals: list[int], links: list[int]) -> None:
    """Add the name and stat of every entry under ``top`` to ``totals`` = [sum, files, newest], and
    of every symbolic link to ``links`` too: the sum of each entry's digest (mod 2**128) does not
    depend on the order a directory lists its entries in, so nothing is sorted or kept (memory
    stays flat however many files)."""
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
                if entry.is_symlink():  # the link itself (even dangling) and, when it resolves, its target
                    line, newest = _link(entry, name)
                    _add(links, line)
                    for which in (totals, links):
                        which[2] = max(which[2], newest)
                elif entry.is_dir(follow_symlinks=False):
                    if not recursive:  # the top's and corpus/'s directories are parts of their own, or not read
                        continue
                    pending.append(entry.path)
                    line = b"d %s" % name
                else:
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        line = b"? %s" % name
                    else:
                        line = b"%d %s %d %d %d %d %d" % (stat.S_ISREG(st.st_mode), name, st.st_size, st.st_mtime_ns,
                                                        st.st_ctime_ns, st.st_ino, st.st_dev)
                        totals[1] += 1
                        totals[2] = max(totals[2], st.st_mtime_ns, st.st_ctime_ns)
                _add(totals, line)


def _link(entry: os.DirEntry, name: bytes) -> tuple[bytes, int]:
    """A link's line (itself, its target string and, when it resolves, its target's stat) and its
    newest change of either."""
    try:
        own = entry.stat(follow_symlinks=False)
        line = b"l %s %s %d %d %d" % (name, os.fsencode(os.readlink(entry.path)), own.st_mtime_ns, own.st_ctime_ns, own.st_ino)
    except OSError:  # gone while the walk looked
        return b"? %s" % name, 0
    newest = max(own.st_mtime_ns, own.st_ctime_ns)
    try:
        st = entry.stat()
    except OSError:
        return line + b" dangling", newest
    line += b" %d %d %d %d %d %d" % (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    return line, max(newest, st.st_mtime_ns, st.st_ctime_ns)


def _environment() -> str:
    """The Python, every installed distribution (its metadata directory's name, which carries the
    version: an upgrade can change a verdict or a release's bytes) and every NEWSCORPUS_* variable."""
    installed = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                installed += [e.name for e in found if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("NEWSCORPUS_"))
    return hashlib.sha256(canonical_json([sys.version, sys.executable, sorted(installed), variables])).hexdigest()


def checkout_state(layout: CorpusLayout, only: tuple[str, ...] | None = None) -> CheckoutState:
    """The state of the checkout as a build sees it, or of the parts ``only`` names (cost: one
    stat per file, no file read). The links part is always whole: it spans every directory."""
    taken = time.time_ns()
    parts: dict[str, tuple[int, int, int]] = {}
    links = [0, 0, 0]

    def walk(name: str, top: str, recursive: bool) -> None:
        totals = [0, 0, 0]
        _walk(top, recursive, totals, links)
        if only is None or name in only:
            parts[name] = (totals[0], totals[1], totals[2])

    walk(TOP, str(layout.root), False)
    walk(CORPUS, str(layout.corpus), False)
    try:
        with os.scandir(layout.corpus) as found:
            directories = [e.name for e in found if e.is_dir(follow_symlinks=False) and not e.is_symlink()]
    except (FileNotFoundError, NotADirectoryError):
        directories = []
    for name in directories:
        if only is None or part(name) in only or LINKS in only:
            walk(part(name), os.path.join(layout.corpus, name), True)
    if only is None or LINKS in only:
        parts[LINKS] = (links[0], links[1], links[2])
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
