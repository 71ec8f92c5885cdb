"""Reading a release, only after it verified: the one way browse, the changelog, the statistics
and the release check read ``corpus/releases/X.Y.Z/``.

:func:`open_release` verifies the release against its manifest (every file and claim; see
``verify.py``) and returns a :class:`Release` whose rows stream batch by batch (bounded memory).
A release verified once in a process is not hashed again while nothing under it changed (the
type, size, mtime and inode of every entry), so a command that reads it several times pays once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import Location, NewscorpusError, Problems
from ..layout import CorpusLayout
from .catalogue import read_manifest
from .verify import verify_release

_VERIFIED: dict[str, tuple[tuple, dict[str, Any]]] = {}


def _signature(path: Path) -> tuple:
    """What changes when anything under ``path`` changes (short of a same-size, same-mtime rewrite)."""
    top = os.lstat(path)
    entries = []
    for directory, dirs, files in os.walk(path, followlinks=False):
        for name in dirs + files:
            full = os.path.join(directory, name)
            info = os.lstat(full)
            entries.append((os.path.relpath(full, path), info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino))
    return (top.st_mode, top.st_ino, tuple(sorted(entries)))


@dataclass(frozen=True)
class Release:
    """A release that matched its manifest when it was opened."""

    path: Path
    manifest: dict[str, Any]

    @property
    def version(self) -> str:
        return self.manifest["version"]

    def splits(self, config: str) -> dict[str, dict[str, Any]]:
        return self.manifest["configs"].get(config, {}).get("splits", {})

    def split_rows(self, config: str, columns: list[str] | None = None, *, split: str | None = None,
                   batch_size: int = 512) -> Iterator[tuple[str, dict[str, Any]]]:
        """(split, row) for every row of ``config`` (only ``split`` if given), file by file, batch by batch."""
        for name, info in self.splits(config).items():
            if split is not None and name != split:
                continue
            for relative in info["files"]:
                import pyarrow.parquet as pq  # only when rows are really read (a build with nothing to publish reads none)

                parquet = pq.ParquetFile(self.path / relative)
                missing = sorted(set(columns or []) - set(parquet.schema_arrow.names))
                if missing:
                    raise NewscorpusError(f"release {self.version} has no column {', '.join(missing)} in config {config!r}",
                                          rule="release.columns", location=Location(str(self.path / relative)))
                for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
                    for row in batch.to_pylist():
                        yield name, row

    def rows(self, config: str, columns: list[str] | None = None, *, split: str | None = None,
             batch_size: int = 512) -> Iterator[dict[str, Any]]:
        for _split, row in self.split_rows(config, columns, split=split, batch_size=batch_size):
            yield row

    def features_of(self, config: str) -> dict[str, Any] | None:
        return self.manifest["configs"].get(config, {}).get("features")


def open_release(path: Path, layout: CorpusLayout | None = None) -> Release:
    """The release at ``path`` after it verified; every problem (and the fix) raised otherwise."""
    show = layout.relative if layout else str
    key = os.path.abspath(path)
    try:
        signature = _signature(path) if path.is_dir() and not path.is_symlink() else None
    except OSError:
        signature = None
    known = _VERIFIED.get(key)
    if signature is not None and known is not None and known[0] == signature:
        return Release(path, known[1])
    problems = verify_release(path, layout)
    if problems:
        hint = NewscorpusError(
            f"release {path.name} does not match its manifest ({len(problems)} problem{'s' if len(problems) > 1 else ''}); "
            f"nothing was read from it. Restore it (`git checkout -- {show(path)}`), or remove it if it was never published",
            rule="release.unverified", location=Location(show(path)))
        raise Problems(problems + [hint])
    manifest = read_manifest(path, show)
    if signature is not None:
        _VERIFIED[key] = (signature, manifest)
    return Release(path, manifest)
