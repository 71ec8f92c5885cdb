"""One version of the annotation files: a git revision, the working tree, or a directory.

A git revision is read with one ``git ls-tree`` and one ``git cat-file --batch`` (every blob in
one stream), so reading costs time linear in the files, never one process per file.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, NewscorpusError

ANNOTATIONS = "corpus/annotations"


@dataclass
class Snapshot:
    name: str
    documents: dict[str, dict] = field(default_factory=dict)
    stories: dict[str, dict] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # files that are not valid JSON objects

    def add(self, relative: str, raw: bytes) -> None:
        """Take in the file at ``relative`` (under corpus/annotations/)."""
        parts = relative.split("/")
        if not relative.endswith(".json") or any(p.startswith(".") for p in parts) or len(parts) > 2 or (len(parts) == 2 and parts[0] != "stories"):
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict):
            self.unreadable.append(relative)
            return
        stem = parts[-1][: -len(".json")]
        try:
            if len(parts) == 2:
                data["entities"]["items"], data["alignments"]["items"], data["discrepancies"]["items"]  # noqa: B018
                self.stories[stem] = data
            else:
                for name in ("sentences", "headings", "entities", "quotes"):
                    data["layers"][name]["items"]  # noqa: B018
                self.documents[stem] = data
        except (KeyError, TypeError):
            self.unreadable.append(relative)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise NewscorpusError("git is not installed", rule="diff.no-git") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NewscorpusError(message[-1] if message else f"git {args[0]} failed", rule="diff.git", location=Location(str(root)))
    return done.stdout


def resolve_revision(root: Path, revision: str) -> str:
    if revision.startswith("-"):
        raise NewscorpusError(f"{revision!r} is not a revision", rule="usage")
    return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()


def merge_base(root: Path, other: str = "main") -> str:
    return _git(root, "merge-base", "--end-of-options", resolve_revision(root, other), "HEAD").decode().strip()


def from_revision(root: Path, revision: str) -> Snapshot:
    commit = resolve_revision(root, revision)
    snapshot = Snapshot(f"{revision} ({commit[:12]})" if not commit.startswith(revision) else commit[:12])
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", ANNOTATIONS + "/")
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, sha = meta.split(b" ")
        if kind == b"blob":
            entries.append((path.decode("utf-8", "surrogateescape"), sha.decode()))
    if not entries:
        return snapshot
    stream = _git(root, "cat-file", "--batch", stdin=b"".join(sha.encode() + b"\n" for _, sha in entries))
    at = 0
    for path, _ in entries:
        header_end = stream.index(b"\n", at)
        _, _, size = stream[at:header_end].split(b" ")
        start = header_end + 1
        end = start + int(size)
        snapshot.add(path[len(ANNOTATIONS) + 1 :], stream[start:end])
        at = end + 1
    return snapshot


def from_directory(path: Path) -> Snapshot:
    """A checkout (holding corpus/annotations/) or an annotations directory itself."""
    base = path / ANNOTATIONS if (path / ANNOTATIONS).is_dir() else path
    if not base.is_dir():
        raise NewscorpusError("not a directory", rule="usage", location=Location(str(path)))
    snapshot = Snapshot(str(path))
    for file in sorted(base.glob("*.json")) + sorted((base / "stories").glob("*.json")):
        if file.is_symlink() or not file.is_file():
            continue
        snapshot.add(file.relative_to(base).as_posix(), file.read_bytes())
    return snapshot


def load_snapshot(root: Path | None, spec: str | None, *, working_tree: Path | None = None) -> Snapshot:
    """``spec`` is an existing directory, or a git revision of the checkout at ``root``; None is
    the working tree."""
    if spec is None:
        if working_tree is None:
            raise NewscorpusError("no working tree", rule="usage")
        snapshot = from_directory(working_tree)
        snapshot.name = "working tree"
        return snapshot
    if Path(spec).is_dir():
        return from_directory(Path(spec))
    if root is None:
        raise NewscorpusError(f"{spec!r} is neither a directory nor a git revision (no checkout found)", rule="usage")
    return from_revision(root, spec)


@dataclass
class Comparison:
    base: Snapshot
    head: Snapshot

    @property
    def title(self) -> str:
        return f"Annotation changes: {self.base.name} → {self.head.name}"

    def unreadable(self) -> list[str]:
        """One line per file that could not be compared, naming the side it is on."""
        return [f"{file}: diff.unreadable: not a readable annotation file in the {side} ({snapshot.name}); not compared"
                for side, snapshot in (("base", self.base), ("head", self.head)) for file in snapshot.unreadable]


def compare(root: Path | None, base: str | None, head: str | None) -> Comparison:
    """The two versions ``newscorpus diff`` compares: ``base`` defaults to the merge base with
    ``main`` (so a pull request's own changes are shown), ``head`` to the working tree."""
    if base is None:
        if root is None:
            raise NewscorpusError("no checkout found for the default base (the merge base with main); give BASE", rule="usage")
        base = merge_base(root, "main")
    return Comparison(load_snapshot(root, base), load_snapshot(root, head, working_tree=root))
