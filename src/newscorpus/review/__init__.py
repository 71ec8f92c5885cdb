"""Review: annotation-level differences between two versions of the corpus (``newscorpus diff``)."""

from .diff import Change, corpus_changes, document_changes, import_changes, render_markdown, render_text, story_changes
from .snapshot import Comparison, Snapshot, compare, load_snapshot

__all__ = ["Change", "Comparison", "Snapshot", "compare", "corpus_changes", "document_changes", "import_changes", "load_snapshot",
           "render_markdown", "render_text", "story_changes"]
