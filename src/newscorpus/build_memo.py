"""A whole build answered at once when nothing it depends on has changed ("nothing to be done").

With everything cached, a build still asks the cache once per task of every stage: tens of
microseconds a document, seconds at 100,000 documents. make and git answer "nothing changed"
from file stats alone, and so does this. The *state* of a checkout is a digest of the stat
(size, mtime, ctime, inode; a link's target too) of every file a build reads: everything under
``corpus/`` (the releases included) and the checkout's top-level files (README card, CHANGELOG,
DATASHEET), with the code fingerprint (the package's source, schemas and templates), the writer
libraries' versions, the Python and every ``NEWSCORPUS_*`` variable.

A build that succeeded, and whose state after it is the state before it (it wrote nothing and
nothing changed under it), records its printed lines under that state; the next build in the
same state prints them without running a stage. A state is never recorded while a file is
racy (changed within the last ``RACY_NS``, when a same-size rewrite could keep its stat: git's
"racily clean" rule), and a file that changes always changes its state, so the memo never
answers for files it did not see. ``--no-cache`` bypasses it like every cache.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from dataclasses import dataclass

from .cache import RACY_NS, Cache, canonical_json, loads, make_key
from .layout import CorpusLayout
from .lock import LOCK_FILE

STAGE = "build-memo"
MASK = (1 << 128) - 1


@dataclass(frozen=True)
class CheckoutState:
    """The digest of everything a build reads, how many files it covers, and whether it is racy."""

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
                    if recursive:
                        pending.append(entry.path)
                        line = b"d %s" % name
                    else:
                        continue
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


def _environment() -> list:
    from importlib.metadata import PackageNotFoundError, version

    libraries = []
    for name in ("datasets", "pyarrow", "jsonschema", "jsonschema-rs", "orjson", "spacy"):
        try:
            libraries.append(version(name))
        except PackageNotFoundError:
            libraries.append(None)
    variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("NEWSCORPUS_"))
    return [sys.version, sys.executable, libraries, variables]


def checkout_state(layout: CorpusLayout) -> CheckoutState:
    """The state of the checkout as a build sees it (cost: one stat per file, no file read)."""
    totals = [0, 0, 0]
    _walk(str(layout.root), False, totals)
    _walk(str(layout.corpus), True, totals)
    digest = hashlib.sha256(canonical_json([_environment(), str(layout.root), totals[0]])).hexdigest()
    return CheckoutState(digest, totals[1], racy=totals[2] >= time.time_ns() - RACY_NS)


def _key(state: CheckoutState) -> str:
    return make_key(STAGE, state.digest)  # make_key adds the code fingerprint


def recall(cache: Cache, state: CheckoutState) -> tuple[list[str], list[str]] | None:
    """The printed lines (stdout, stderr) of the build that recorded ``state``, if one did."""
    if not cache.enabled or state.racy:
        return None
    blob = cache.get(_key(state))
    if blob is None:
        return None
    lines = loads(blob)
    return lines["out"], lines["err"]


def remember(cache: Cache, before: CheckoutState, after: CheckoutState, out: list[str], err: list[str]) -> bool:
    """Record a successful build's lines, only when it left the checkout as it found it."""
    if not cache.enabled or before.racy or after.racy or before != after:
        return False
    cache.put(_key(before), canonical_json({"out": out, "err": err}))
    return True
