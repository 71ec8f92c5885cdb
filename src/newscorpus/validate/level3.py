"""Level 3: semantics that no schema can say, as small checks (:mod:`.documents`, :mod:`.stories`)
run in order by :func:`~.checks.run_checks`, each after the checks it depends on."""

from __future__ import annotations

from ..incident import Incident
from .checks import run_checks
from .context import CorpusContext
from .documents import DOCUMENT_CHECKS, Document
from .source import JSONSource
from .stories import STORY_CHECKS, InventoryConflicts, Story, inventory_entries

__all__ = ["DOCUMENT_CHECKS", "STORY_CHECKS", "check_document", "check_story", "InventoryConflicts", "inventory_entries"]


def check_document(source: JSONSource, ctx: CorpusContext) -> list[Incident]:
    """Every level-3 incident of a schema-valid document file."""
    return run_checks(DOCUMENT_CHECKS, Document(source, ctx))


def check_story(source: JSONSource, ctx: CorpusContext) -> list[Incident]:
    """Every level-3 incident of a schema-valid story file."""
    return run_checks(STORY_CHECKS, Story(source, ctx))
