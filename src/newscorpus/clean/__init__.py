"""Cleaning: raw text -> clean text, with a reversible record of every change.

Public API: :func:`clean_text`, :class:`Cleaner`, :class:`CleanResult`, :class:`RemovedSpan`,
:class:`HeadingSpan`, :func:`reconstruct_raw`, and the rule set :data:`RULES`.
"""

from .cleaner import RULESET_VERSION, Cleaner, CleanResult, HeadingSpan, clean_text
from .edits import RemovedSpan, reconstruct_raw
from .rules import RULES, LineRule

__all__ = [
    "RULESET_VERSION",
    "RULES",
    "Cleaner",
    "CleanResult",
    "HeadingSpan",
    "LineRule",
    "RemovedSpan",
    "clean_text",
    "reconstruct_raw",
]
