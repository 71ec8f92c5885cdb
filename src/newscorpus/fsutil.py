"""File-system helpers: atomic writes and checksums."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

# The names of our own temporary files: atomic_write_bytes' ``.<name>.<8 random>.tmp`` and attach's
# staged copies. A run killed before its rename leaves one; the next run that holds the lock
# removes them (nothing else writes such names), so they never end up committed.
_OUR_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp|.+\.json\.attach-staged")


def _is_our_temporary(name: str) -> bool:
    return _OUR_TEMPORARY.fullmatch(name) is not None


def sweep_stale_temporaries(directories) -> list[Path]:
    """Remove our own temporary files left in ``directories`` by runs that died; call it only
    while holding the checkout's lock (so no live run of ours is writing one)."""
    removed = []
    for directory in directories:
        try:
            with os.scandir(directory) as entries:
                names = [e.name for e in entries if _is_our_temporary(e.name) and e.is_file(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            path = Path(directory, name)
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
    return removed


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    The bytes go to a temporary file in the same directory (same file system, so the
    rename is atomic), are flushed to disk (``durable``), and only then replace the destination.
    The rename alone is what a killed process needs; the flush guards against a power cut, and
    costs a disk round trip per file: derived files that a run rebuilds from their inputs
    (clean texts and records) skip it (a torn one has another sha256, so it is made again).
    A failure of the machine (read-only, full, no permission) is reported at ``path``; the old
    file stays.
    """
    from .errors import environment_problem
    from .faults import checkpoint

    path = Path(path)
    checkpoint(f"write {path.name}: start")
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600; a data file is for everyone to read
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        checkpoint(f"write {path.name}: written, not renamed")
        os.replace(tmp_name, path)
        tmp_name = None
        checkpoint(f"write {path.name}: renamed")
    except OSError as exc:
        raise environment_problem(exc, path) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
