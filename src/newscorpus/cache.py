"""A content-addressed cache of stage results, so a rebuild touches only what changed.

A result is stored under a key that is the sha256 of everything it was computed from: the
stage's name, the *code fingerprint* (a digest of the package's own source, schemas and
templates, so any change of code, rules or schema misses), and the sha256 of every input file
(raw text, clean text, annotation file, story file) and version involved. A wrong hit would need
a sha256 collision: it is impossible by construction, not by care.

File digests are remembered by (size, mtime, ctime, inode) to avoid re-reading unchanged files,
as git's index does (ctime too: a write that restores the old mtime with ``touch -d`` still moves
it); like git, an entry whose file changed too recently to be trusted (the "racy" case: written
within two seconds of being recorded) is hashed again.

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
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

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


def canonical_json(value: Any) -> bytes:
    """``value`` as JSON with sorted keys: orjson's bytes, or the standard library's where orjson
    refuses (a file name that is not UTF-8 is held as lone surrogates, which orjson will not write)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def loads(blob: bytes) -> Any:
    """What :func:`canonical_json` wrote (the standard library reads the lone surrogates orjson refuses)."""
    try:
        return orjson.loads(blob)
    except orjson.JSONDecodeError:
        return json.loads(blob)


def make_key(stage: str, *parts: Any) -> str:
    """sha256 of the stage, the code fingerprint and every key part, as canonical JSON."""
    return hashlib.sha256(canonical_json([stage, code_fingerprint(), *parts])).hexdigest()


class Cache:
    """Stage results and file digests; a disabled cache (``enabled=False``) never hits.

    The cache only ever saves work, so it never fails a run: when its file cannot be opened or
    written (a read-only checkout, a full disk), it says so once and the run goes on without it.
    File paths are stored as their file-system bytes, so any file name (even one that is not
    UTF-8) has a row.
    """

    def __init__(self, root: Path, *, enabled: bool = True):
        self.enabled = enabled
        self.root = Path(root)
        self.hits = self.misses = 0
        self.unavailable: str | None = None  # why the cache was switched off during the run
        self._db: sqlite3.Connection | None = None
        self._pending = 0

    @property
    def path(self) -> Path:
        return self.root / ".cache" / "newscorpus" / "cache.sqlite"

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path)
            try:
                db.execute("pragma journal_mode=wal")
                db.execute("pragma synchronous=normal")
                db.execute("create table if not exists results (key text primary key, value blob not null)")
                db.execute("create table if not exists file_stats (path blob primary key, size integer, mtime_ns integer, "
                           "ctime_ns integer, ino integer, sha256 text, recorded_ns integer)")
                db.execute("create table if not exists listings (digest text, name text, sha256 text, primary key (digest, name))")
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _switch_off(self, exc: BaseException) -> None:
        """Go on without the cache (it only saves work), and say why once."""
        import sys

        self.enabled = False
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        reason = getattr(exc, "strerror", None) or str(exc)
        self.unavailable = reason
        print(f"note: the cache {self.path} is unavailable ({reason}); going on without it "
              "(--no-cache or NEWSCORPUS_NO_CACHE=1 says so up front)", file=sys.stderr)

    # --- file digests ---------------------------------------------------------------------

    def digests(self, paths: Iterable[Path | str]) -> dict:
        """sha256 of each existing regular file, re-reading only files whose stat changed (or is
        racy); keyed by the objects given (``Path`` or ``str``)."""
        paths = list(paths)
        if self.enabled:
            try:
                return self._cached_digests(paths)
            except sqlite3.Error as exc:
                self._switch_off(exc)
        return {p: sha256_file(p) for p in paths if os.path.isfile(p)}

    def _open(self) -> bool:
        """Is the cache usable? Opening it may fail on a read-only or full file system."""
        if not self.enabled:
            return False
        try:
            self.db  # noqa: B018 - opens the file
            return True
        except (sqlite3.Error, OSError) as exc:
            self._switch_off(exc)
            return False

    def _cached_digests(self, paths: list) -> dict:
        if not self._open():
            return {p: sha256_file(p) for p in paths if os.path.isfile(p)}
        found: dict = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            names = [os.fsencode(p) for p in chunk]
            rows = {r[0]: r[1:] for r in self.db.execute(
                f"select path, size, mtime_ns, ctime_ns, ino, sha256, recorded_ns from file_stats where path in ({','.join('?' * len(names))})", names)}
            for path, name in zip(chunk, names):
                try:
                    st = os.stat(path)
                except (FileNotFoundError, NotADirectoryError):
                    continue
                if not stat_is_file(st):
                    continue
                row = rows.get(name)
                if row and row[:4] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) and \
                        max(st.st_mtime_ns, st.st_ctime_ns) < row[5] - RACY_NS:
                    found[path] = row[4]
                    continue
                found[path] = sha256_file(path)
                self.db.execute("insert or replace into file_stats values (?, ?, ?, ?, ?, ?, ?)",
                                (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, found[path], time.time_ns()))
                self._dirty()
        return found

    def digest(self, path: Path) -> str | None:
        return self.digests([path]).get(path)

    # --- results ----------------------------------------------------------------------------

    def get(self, key: str) -> bytes | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        if keys and self._open():
            try:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    found.update(self.db.execute(f"select key, value from results where key in ({','.join('?' * len(chunk))})", chunk).fetchall())
            except sqlite3.Error as exc:
                self._switch_off(exc)
                found = {}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put(self, key: str, value: bytes) -> None:
        if self._open():
            try:
                self.db.execute("insert or replace into results values (?, ?)", (key, value))
                self._dirty()
            except sqlite3.Error as exc:
                self._switch_off(exc)

    # --- input listings (a release's input files and their digests) ------------------------

    def has_listing(self, digest: str) -> bool:
        if not self._open():
            return False
        try:
            return self.db.execute("select 1 from listings where digest = ? limit 1", (digest,)).fetchone() is not None
        except sqlite3.Error as exc:
            self._switch_off(exc)
            return False

    def put_listing(self, digest: str, rows: Iterable[tuple[str, str]]) -> None:
        """Record (name, sha256) rows under ``digest``, streamed: memory stays flat."""
        if not self._open():
            return
        try:
            self.db.execute("delete from listings where digest = ?", (digest,))
            rows = iter(rows)
            while chunk := list(islice(rows, 1000)):  # a chunk at a time: producing rows uses the database too
                self.db.executemany("insert into listings values (?, ?, ?)", [(digest, name, sha) for name, sha in chunk])
            self.flush()
        except sqlite3.Error as exc:
            self._switch_off(exc)

    def listing_difference(self, digest: str, rows: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """(name, 'changed' | 'added' | 'removed') of ``rows`` against the listing under ``digest``:
        both sides stay in the database (the current rows go to a temporary table)."""
        db = self.db
        db.execute("create temp table if not exists current_listing (name text primary key, sha256 text)")
        db.execute("delete from current_listing")
        rows = iter(rows)
        while chunk := list(islice(rows, 1000)):
            db.executemany("insert or replace into current_listing values (?, ?)", chunk)
        query = ("select c.name, case when r.name is null then 'added' else 'changed' end from current_listing c "
                 "left join listings r on r.digest = ? and r.name = c.name where r.sha256 is null or r.sha256 != c.sha256 "
                 "union all select r.name, 'removed' from listings r where r.digest = ? "
                 "and not exists (select 1 from current_listing c where c.name = r.name) order by 1")
        yield from db.execute(query, (digest, digest)).fetchall()
        db.execute("delete from current_listing")

    def _dirty(self) -> None:
        self._pending += 1
        if self._pending >= 2000:
            self.flush()

    def flush(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error as exc:
                self._switch_off(exc)
            self._pending = 0

    def close(self) -> None:
        if self._db is not None:
            self.flush()
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def stat_is_file(st: os.stat_result) -> bool:
    import stat

    return stat.S_ISREG(st.st_mode)


def disabled_by_env() -> bool:
    return os.environ.get("NEWSCORPUS_NO_CACHE", "") not in ("", "0")
