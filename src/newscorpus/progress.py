"""Progress for long work: a bar on a terminal, a count every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, Sized, TypeVar

T = TypeVar("T")

QUIET = False
"""Set by the command line's --quiet; library callers get no output unless work is long."""


def progress(items: Iterable[T], *, desc: str, unit: str = "item", every: float = 5.0) -> Iterator[T]:
    """Yield ``items``; show a tqdm bar on a terminal, else print a count every ``every`` seconds.

    Short runs print nothing: the first report comes only after ``every`` seconds.
    """
    total = len(items) if isinstance(items, Sized) else None
    if QUIET:
        yield from items
        return
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, desc=desc, unit=unit, total=total, delay=1.0, leave=False)
        return
    started = last = time.monotonic()
    for count, item in enumerate(items, 1):
        yield item
        now = time.monotonic()
        if now - last >= every:
            of = f"/{total}" if total is not None else ""
            print(f"{desc}: {count}{of} {unit}s ({now - started:.0f}s)", file=sys.stderr, flush=True)
            last = now
