"""Where things live in a checkout: one place that knows the corpus layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Location, NewscorpusError

SOURCES_FILE = "sources.json"


@dataclass(frozen=True)
class CorpusLayout:
    """Paths of a corpus checkout rooted at ``root`` (the directory holding ``corpus/``)."""

    root: Path

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def sources_file(self) -> Path:
        return self.corpus / SOURCES_FILE

    @property
    def raw_dir(self) -> Path:
        return self.corpus / "raw"

    @property
    def clean_dir(self) -> Path:
        return self.corpus / "clean"

    @property
    def annotations_dir(self) -> Path:
        return self.corpus / "annotations"

    @property
    def releases_dir(self) -> Path:
        return self.corpus / "releases"

    def raw_path(self, doc_id: str) -> Path:
        return self.raw_dir / f"{doc_id}.txt"

    def clean_text_path(self, doc_id: str) -> Path:
        return self.clean_dir / f"{doc_id}.txt"

    def clean_record_path(self, doc_id: str) -> Path:
        return self.clean_dir / f"{doc_id}.json"

    def links_outside(self) -> list[NewscorpusError]:
        """Every symbolic link under corpus/ that leads outside the checkout (refused: a corpus
        must not read or write files elsewhere through its own tree)."""
        root, problems = self.root.resolve(), []
        if not self.corpus.is_dir():
            return problems
        for path in sorted(self.corpus.rglob("*")):
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(NewscorpusError(f"symbolic link to {path.resolve()} outside the checkout",
                                                rule="path.outside", location=Location(self.relative(path))))
        return problems

    def relative(self, path: Path) -> str:
        """``path`` relative to the root when inside it, for short messages."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def find_root(start: Path | None = None) -> CorpusLayout:
    """The nearest directory at or above ``start`` that holds ``corpus/sources.json``."""
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "corpus" / SOURCES_FILE).is_file():
            return CorpusLayout(candidate)
    raise NewscorpusError(
        "no corpus found here or above (looked for corpus/sources.json); run inside a checkout or pass --root",
        rule="corpus.not-found",
        location=Location(file=str(here)),
    )
