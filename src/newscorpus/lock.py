"""One pipeline run at a time per checkout: an exclusive lock on ``corpus/.newscorpus.lock``.

The lock is a kernel ``flock`` on an open file: it is released when the holding process ends,
however it ends (a crash or ``kill -9`` included), so a lock left by a dead run never blocks the
next one; that is the stale-lock recovery, and it needs no timeout or guess. The file keeps the
holder's pid, command and start time only so the message to a second run can say who holds it.
Runs that only read (validate, lint, verify, browse) do not take it: every write they could
observe is atomic.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path

from .errors import Location, NewscorpusError
from .fsutil import sweep_stale_temporaries
from .layout import CorpusLayout

LOCK_FILE = ".newscorpus.lock"


class CorpusLock:
    def __init__(self, layout: CorpusLayout, command: str | None = None):
        self.layout = layout
        self.path = layout.corpus / LOCK_FILE
        self.display = layout.relative(self.path)
        self.command = command or " ".join(["newscorpus", *sys.argv[1:]])
        self._fd: int | None = None

    def acquire(self) -> "CorpusLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another run"
            os.close(fd)
            raise NewscorpusError(
                f"another newscorpus run holds this checkout ({holder}); wait for it to finish, or stop it, then run again",
                rule="lock.busy", location=Location(self.display)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, `{self.command}`, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        self._fd = fd
        # whoever holds the lock clears what dead runs left: no live run of ours is writing them
        sweep_stale_temporaries((self.layout.corpus, *self.layout.stage_dirs))
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "CorpusLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def held(path: Path) -> bool:
    """True when some process holds the lock at ``path`` (for tests and diagnostics)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
