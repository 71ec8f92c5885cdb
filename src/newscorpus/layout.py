"""Where things live in a checkout: one place that knows the corpus layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import Location, NewscorpusError

SOURCES_FILE = "sources.json"


@dataclass(frozen=True)
class CorpusLayout:
    """Paths of a corpus checkout rooted at ``root`` (the directory holding ``corpus/``)."""

    root: Path

    @cached_property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @cached_property
    def sources_file(self) -> Path:
        return self.corpus / SOURCES_FILE

    @cached_property
    def raw_dir(self) -> Path:
        return self.corpus / "raw"

    @cached_property
    def clean_dir(self) -> Path:
        return self.corpus / "clean"

    @cached_property
    def annotations_dir(self) -> Path:
        return self.corpus / "annotations"

    @cached_property
    def releases_dir(self) -> Path:
        return self.corpus / "releases"

    # The same paths as strings: the stages build hundreds of thousands of them, and a pathlib
    # Path costs several microseconds to make where a string costs a fraction of one.
    @cached_property
    def _dir_names(self) -> tuple[str, str, str, str]:
        return str(self.raw_dir), str(self.clean_dir), str(self.annotations_dir), str(self.annotations_dir / "stories")

    def raw_file(self, doc_id: str) -> str:
        return f"{self._dir_names[0]}{os.sep}{doc_id}.txt"

    def clean_text_file(self, doc_id: str) -> str:
        return f"{self._dir_names[1]}{os.sep}{doc_id}.txt"

    def clean_record_file(self, doc_id: str) -> str:
        return f"{self._dir_names[1]}{os.sep}{doc_id}.json"

    def annotation_file(self, doc_id: str) -> str:
        return f"{self._dir_names[2]}{os.sep}{doc_id}.json"

    def story_file(self, story_id: str) -> str:
        return f"{self._dir_names[3]}{os.sep}{story_id}.json"

    def raw_path(self, doc_id: str) -> Path:
        return self.raw_dir.joinpath(f"{doc_id}.txt")

    def clean_text_path(self, doc_id: str) -> Path:
        return self.clean_dir.joinpath(f"{doc_id}.txt")

    def clean_record_path(self, doc_id: str) -> Path:
        return self.clean_dir.joinpath(f"{doc_id}.json")

    @cached_property
    def _resolved_root(self) -> str:
        return str(self.root.resolve())

    @property
    def stage_dirs(self) -> tuple[Path, ...]:
        """The directories the stages read and write (each must be a real directory, not a link)."""
        return (self.raw_dir, self.clean_dir, self.annotations_dir, self.annotations_dir / "stories", self.releases_dir)

    def links_outside(self) -> list[NewscorpusError]:
        """Every symbolic link under corpus/ that leads outside the checkout, and every stage
        directory that is a link at all (refused: a corpus must not read or write files elsewhere
        through its own tree, and ``corpus/clean`` linked to ``raw`` or ``docs`` would have the
        cleaner write over them). One ``os.walk``: the directory entries say which are links
        without a stat of every file."""
        problems = []
        if not self.corpus.is_dir():
            return problems
        root = self._resolved_root + os.sep
        stage_dirs = {str(p) for p in self.stage_dirs}
        pending = [str(self.corpus)]
        while pending:  # os.scandir: each entry says whether it is a link without a stat of its own
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        target = os.path.realpath(entry.path)
                        if not (target + os.sep).startswith(root):
                            problems.append(NewscorpusError(f"symbolic link to {target} outside the checkout",
                                                            rule="path.outside", location=Location(self.relative(Path(entry.path)))))
                        elif entry.path in stage_dirs:
                            problems.append(NewscorpusError(f"is a symbolic link (to {self.relative(Path(target))}); the stage "
                                                            "directories must be real directories", rule="path.symlinked-dir",
                                                            location=Location(self.relative(Path(entry.path)))))
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
        return sorted(problems, key=lambda p: p.location.file or "")

    def relative(self, path: Path) -> str:
        """``path`` relative to the root when inside it, for short messages."""
        text = str(path)
        for root in (str(self.root), self._resolved_root):
            if text.startswith(root + os.sep):
                return text[len(root) + 1 :]
        try:
            return str(Path(path).resolve().relative_to(self._resolved_root))
        except ValueError:
            return text


def open_root(root: Path) -> CorpusLayout:
    """The checkout at ``root`` (``--root``), refused unless it holds a corpus: a mistyped root
    must fail, not pass a check over nothing or create files where no corpus is."""
    root = Path(root)
    where = Location(file=str(root))
    if not root.is_dir():
        raise NewscorpusError("--root is not a directory" if root.exists() else "--root does not exist",
                              rule="corpus.not-found", location=where)
    layout = CorpusLayout(root.resolve())
    if not layout.sources_file.is_file():
        raise NewscorpusError("no corpus at --root (looked for corpus/sources.json)", rule="corpus.not-found", location=where)
    return layout


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
