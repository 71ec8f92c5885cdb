"""Review: annotation-level differences between two versions of the corpus (``newscorpus diff``)."""

from .diff import Change, corpus_changes, document_changes, render_markdown, render_text, story_changes
from .snapshot import Snapshot, load_snapshot

__all__ = ["Change", "Snapshot", "corpus_changes", "document_changes", "load_snapshot", "render_markdown", "render_text", "story_changes"]
