"""The release catalogue: which releases a checkout holds, their versions and manifests, and
which release comes before which. Every command asks here; nothing else lists ``corpus/releases/``.

A *release entry* is anything in ``corpus/releases/`` named ``X.Y.Z`` (a directory, a file, a
link, with or without a manifest): ``verify`` checks each one. A *published release* is an entry
that is a real directory holding a manifest: what the card, ``load_dataset`` and the version
rules see. The previous release of version V is the newest published release below V.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Location, NewscorpusError
from ..layout import CorpusLayout

VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
MANIFEST = "manifest.json"
CROISSANT = "croissant.json"
CARD = "README.md"
CHANGELOG = "CHANGELOG.md"
TEMP_PREFIX = ".tmp-"  # a release being assembled beside its destination (removed by the next publish)

Version = tuple[int, int, int]


def parse_version(text: str) -> Version:
    match = VERSION.fullmatch(text)
    if not match:
        raise NewscorpusError(f"version {text!r} is not X.Y.Z", rule="usage")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def format_version(version: Version) -> str:
    return ".".join(map(str, version))


@dataclass(frozen=True)
class ReleaseEntry:
    version: Version
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def published(self) -> bool:
        return self.path.is_dir() and not self.path.is_symlink() and (self.path / MANIFEST).is_file()


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        duplicate = next(k for k in keys if keys.count(k) > 1)
        raise ValueError(f"duplicate key {duplicate!r}")
    return dict(pairs)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def parse_manifest(text: str) -> Any:
    """The manifest's JSON: duplicate keys and NaN/Infinity are refused (ValueError)."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)


def read_manifest(release: Path, show=str) -> dict[str, Any]:
    """The manifest of the release directory ``release``, or a located ``verify.manifest`` error.

    Only the JSON is checked here; :func:`newscorpus.publish.verify.verify_release` checks the rest.
    """
    path = release / MANIFEST
    where = Location(show(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NewscorpusError("no manifest: every release directory has one", rule="verify.manifest-missing", location=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewscorpusError(f"manifest unreadable: {exc}", rule="verify.manifest", location=where) from None
    try:
        manifest = parse_manifest(text)
    except json.JSONDecodeError as exc:
        raise NewscorpusError(f"manifest is not JSON: {exc.msg}", rule="verify.manifest",
                              location=Location(show(path), exc.lineno, exc.colno)) from None
    except (ValueError, RecursionError) as exc:
        raise NewscorpusError(f"manifest is not JSON: {exc}", rule="verify.manifest", location=where) from None
    if not isinstance(manifest, dict):
        raise NewscorpusError(f"manifest is a JSON {type(manifest).__name__}, not an object", rule="verify.manifest", location=where)
    return manifest


class Catalogue:
    """The releases of one checkout, read from disk when asked (nothing is kept between calls)."""

    def __init__(self, layout: CorpusLayout):
        self.layout = layout

    @property
    def directory(self) -> Path:
        return self.layout.releases_dir

    def entries(self) -> list[ReleaseEntry]:
        """Every entry named X.Y.Z, oldest first, whatever it is."""
        found = []
        if self.directory.is_dir():
            for path in self.directory.iterdir():
                if VERSION.fullmatch(path.name):
                    found.append(ReleaseEntry(parse_version(path.name), path))
        return sorted(found, key=lambda e: e.version)

    def published(self) -> list[ReleaseEntry]:
        """Published releases (directories with a manifest), oldest first."""
        return [entry for entry in self.entries() if entry.published]

    def newest(self) -> ReleaseEntry | None:
        published = self.published()
        return published[-1] if published else None

    def get(self, version: str) -> ReleaseEntry | None:
        return next((e for e in self.published() if e.name == version), None)

    def previous(self, version: str) -> ReleaseEntry | None:
        """The release version ``version`` follows: the newest published release below it.

        One rule for every caller (publish, publish --out, the build's release check), so a
        scratch build of an old version never takes a newer release's splits."""
        wanted = parse_version(version)
        below = [entry for entry in self.published() if entry.version < wanted]
        return below[-1] if below else None

    def previous_manifest(self, version: str) -> dict[str, Any] | None:
        entry = self.previous(version)
        return read_manifest(entry.path, self.layout.relative) if entry else None

    def select(self, version: str | None, *, rule: str) -> ReleaseEntry:
        """The release ``version``, or the newest when None; a located ``rule`` error when absent."""
        entry = self.get(version) if version is not None else self.newest()
        if entry is None:
            what = f"no release {version}" if version else "no release has been published"
            raise NewscorpusError(f"{what}; `newscorpus publish --version X.Y.Z` publishes one", rule=rule,
                                  location=Location(self.layout.relative(self.directory / (version or ""))))
        return entry


def releases(layout: CorpusLayout) -> list[tuple[Version, Path]]:
    """Published releases, oldest first, as (version, path)."""
    return [(entry.version, entry.path) for entry in Catalogue(layout).published()]
