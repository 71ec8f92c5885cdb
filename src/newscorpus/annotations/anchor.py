"""Re-anchoring spans on a changed text by their exact quote and surrounding context.

Like the W3C TextQuoteSelector that annotation tools use to survive document edits, a span is
found again by its exact text, and its stored ``prefix``/``suffix`` decide between occurrences.
Every span gets an explicit status; nothing moves silently:

``kept``       the text is unchanged at the same offsets, with its context.
``moved``      found at new offsets, uniquely: both context sides match there and nowhere else,
               or one side matches there and no other occurrence has either side.
``ambiguous``  several occurrences fit equally well.
``missing``    the exact text is gone, or no occurrence has any of its context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import CONTEXT_CHARS

KEPT, MOVED, AMBIGUOUS, MISSING = "kept", "moved", "ambiguous", "missing"


@dataclass(frozen=True)
class Anchor:
    status: str
    start: int | None
    end: int | None
    candidates: int  # occurrences of the exact text in the new text

    @property
    def placed(self) -> bool:
        return self.status in (KEPT, MOVED)


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def reanchor(span: dict[str, Any], new_text: str) -> Anchor:
    """Place ``span`` (``start``, ``end``, ``text``, optional ``prefix``/``suffix``) on ``new_text``."""
    quote = span["text"]
    prefix, suffix = span.get("prefix"), span.get("suffix")
    start = span.get("start")

    # a context shorter than CONTEXT_CHARS was cut by the start or end of the text: it must be again
    def prefix_fits(at: int) -> bool:
        if prefix is None or new_text[max(0, at - len(prefix)) : at] != prefix:
            return False
        return len(prefix) == CONTEXT_CHARS or at == len(prefix)

    def suffix_fits(at: int) -> bool:
        end = at + len(quote)
        if suffix is None or new_text[end : end + len(suffix)] != suffix:
            return False
        return len(suffix) == CONTEXT_CHARS or end + len(suffix) == len(new_text)

    candidates = _occurrences(new_text, quote) if quote else []
    if not candidates:
        return Anchor(MISSING, None, None, 0)
    if prefix is None and suffix is None:  # no context stored: only a unique quote is safe
        if len(candidates) == 1:
            at = candidates[0]
            return Anchor(KEPT if at == start else MOVED, at, at + len(quote), 1)
        return Anchor(AMBIGUOUS, None, None, len(candidates))
    both = [at for at in candidates if prefix_fits(at) and suffix_fits(at)]
    if len(both) == 1:
        at = both[0]
        return Anchor(KEPT if at == start else MOVED, at, at + len(quote), len(candidates))
    if len(both) > 1:
        return Anchor(AMBIGUOUS, None, None, len(candidates))
    one_side = [at for at in candidates if prefix_fits(at) or suffix_fits(at)]
    if len(one_side) == 1:
        at = one_side[0]
        return Anchor(KEPT if at == start else MOVED, at, at + len(quote), len(candidates))
    return Anchor(AMBIGUOUS if one_side else MISSING, None, None, len(candidates))
