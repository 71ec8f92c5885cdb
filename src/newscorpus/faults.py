"""Fault injection for the crash tests: named checkpoints where a test can kill the process.

With ``NEWSCORPUS_CRASH_AT=N`` in the environment, the process kills itself with SIGKILL at the
N-th checkpoint it passes (no cleanup, no flush: as a power cut or ``kill -9`` would). With
``NEWSCORPUS_CHECKPOINT_LOG=FILE``, every checkpoint passed is appended to FILE, so a test can
count them and aim at each. Without either variable a checkpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_crash_at = int(os.environ.get("NEWSCORPUS_CRASH_AT", "0") or 0)
_log = os.environ.get("NEWSCORPUS_CHECKPOINT_LOG")
_passed = 0


def checkpoint(label: str) -> None:
    global _passed
    if not (_crash_at or _log):
        return
    _passed += 1
    if _log:
        with open(_log, "a", encoding="utf-8") as handle:
            handle.write(f"{_passed} {label}\n")
    if _crash_at and _passed == _crash_at:
        os.kill(os.getpid(), signal.SIGKILL)
