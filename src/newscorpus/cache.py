"""A content-addressed cache of stage results, so a rebuild touches only what changed.

A result is stored under a key that is the sha256 of everything it was computed from: the
stage's name, the *code fingerprint* (a digest of the package's own source, schemas and
templates, so any change of code, rules or schema misses), and the sha256 of every input file
(raw text, clean text, annotation file, story file) and version involved. A wrong hit would need
a sha256 collision: it is impossible by construction, not by care.

File digests are remembered by (size, mtime, inode) to avoid re-reading unchanged files, as git's
index does; like git, an entry whose file changed too recently to be trusted (the "racy" case:
written within two seconds of being recorded) is hashed again.

Everything lives in one SQLite file, ``<root>/.cache/newscorpus/cache.sqlite``; deleting the
directory is always safe. Only the main process reads and writes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .fsutil import sha256_file

RACY_NS = 2_000_000_000


FINGERPRINTED = (".py", ".json", ".j2", ".css", ".js", ".md")


def _package_files(package: Path):
    """Every file that shapes output, following symbolic links: ``schema/`` inside the package is a
    link to the checkout's ``schema/`` in a development install (``Path.rglob`` does not follow
    links, so the schemas were once left out of the fingerprint and a schema change hit the cache)."""
    seen: set[str] = set()
    for directory, dirs, files in os.walk(package, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:  # a link back up the tree: walk each directory once
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            if name.endswith(FINGERPRINTED):
                yield Path(directory, name)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's source files, schemas and templates (anything that shapes output)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(_package_files(package), key=lambda p: p.relative_to(package).as_posix()):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def make_key(stage: str, *parts: Any) -> str:
    payload = json.dumps([stage, code_fingerprint(), *parts], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


class Cache:
    """Stage results and file digests; a disabled cache (``enabled=False``) never hits."""

    def __init__(self, root: Path, *, enabled: bool = True):
        self.enabled = enabled
        self.root = Path(root)
        self.hits = self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._pending = 0

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            path = self.root / ".cache" / "newscorpus" / "cache.sqlite"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute("pragma journal_mode=wal")
            self._db.execute("pragma synchronous=normal")
            self._db.execute("create table if not exists results (key text primary key, value blob not null)")
            self._db.execute("create table if not exists digests (path text primary key, size integer, mtime_ns integer, "
                             "ino integer, sha256 text, recorded_ns integer)")
        return self._db

    # --- file digests ---------------------------------------------------------------------

    def digests(self, paths: Iterable[Path]) -> dict[Path, str]:
        """sha256 of each existing file, re-reading only files whose stat changed (or is racy)."""
        paths = list(paths)
        if not self.enabled:
            return {p: sha256_file(p) for p in paths if p.is_file()}
        found: dict[Path, str] = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            names = [str(p) for p in chunk]
            rows = {r[0]: r[1:] for r in self.db.execute(
                f"select path, size, mtime_ns, ino, sha256, recorded_ns from digests where path in ({','.join('?' * len(names))})", names)}
            for path, name in zip(chunk, names):
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                row = rows.get(name)
                if row and row[:3] == (st.st_size, st.st_mtime_ns, st.st_ino) and st.st_mtime_ns < row[4] - RACY_NS:
                    found[path] = row[3]
                    continue
                found[path] = sha256_file(path)
                self.db.execute("insert or replace into digests values (?, ?, ?, ?, ?, ?)",
                                (name, st.st_size, st.st_mtime_ns, st.st_ino, found[path], time.time_ns()))
                self._dirty()
        return found

    def digest(self, path: Path) -> str | None:
        return self.digests([path]).get(path)

    # --- results ----------------------------------------------------------------------------

    def get(self, key: str) -> bytes | None:
        if not self.enabled:
            self.misses += 1
            return None
        row = self.db.execute("select value from results where key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return row[0]

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        if not self.enabled or not keys:
            self.misses += len(keys)
            return {}
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            found.update(self.db.execute(f"select key, value from results where key in ({','.join('?' * len(chunk))})", chunk).fetchall())
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put(self, key: str, value: bytes) -> None:
        if self.enabled:
            self.db.execute("insert or replace into results values (?, ?)", (key, value))
            self._dirty()

    def _dirty(self) -> None:
        self._pending += 1
        if self._pending >= 2000:
            self.flush()

    def flush(self) -> None:
        if self._db is not None:
            self._db.commit()
            self._pending = 0

    def close(self) -> None:
        if self._db is not None:
            self.flush()
            self._db.close()
            self._db = None

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def disabled_by_env() -> bool:
    return os.environ.get("NEWSCORPUS_NO_CACHE", "") not in ("", "0")
