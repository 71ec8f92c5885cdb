"""Publishing: the version rules, the rename into place, scratch builds, the build's release
check, and keeping the checkout's card and changelog in step with the releases on disk.

``publish`` verifies every release already on disk, builds the new one in a temporary directory
beside its destination, verifies it, and prepares everything that follows from it (the
CHANGELOG.md entry, README.md's card, DATASHEET.md's statistics) while nothing is published yet.
Only then is it renamed into place, and after the rename the prepared texts are written, nothing
else: no publish fails on the data after its rename. If the process dies after the rename (or a
write fails on a full disk), the checkout lags behind its releases; the next ``publish`` or
``build`` finds that (:func:`checkout_lag`) and completes it (:func:`complete_checkout`).

A published version is never rewritten: publishing it again is a no-op when the rebuild is the
same release (:mod:`.compare`) and is refused otherwise. The caller holds the checkout's lock.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EnvironmentProblem, Location, NewscorpusError, Problems, UsageError, environment_problem
from ..faults import checkpoint
from ..fsutil import _umask, atomic_write_text
from ..layout import CorpusLayout
from .catalogue import TEMP_PREFIX, Catalogue, parse_version, read_manifest
from .changelog import changelog_entry, changelog_path, changelog_with, has_entry, update_changelog
from .checkout import checkout_lag, expected_documents, update_checkout_card, write_documents
from .compare import compare_release
from .inputs import remember_inputs
from .reader import Release, open_release
from .release import build_release
from .verify import verify_published, verify_release

SCRATCH = "build"  # the checkout's ignored scratch directory (.gitignore)
CHECK_PREFIX = ".release-check-"  # the build's release check builds here, inside SCRATCH


@dataclass
class PublishResult:
    version: str
    status: str  # "published" or "unchanged"
    path: Path
    manifest: dict[str, Any]
    changelog: str = ""
    notes: list[str] = field(default_factory=list)

    def summary(self, layout: CorpusLayout) -> str:
        rows = ", ".join(f"{c} {sum(s['rows'] for s in v['splits'].values())}" for c, v in self.manifest["configs"].items())
        verb = "published" if self.status == "published" else "already published, identical:"
        return "\n".join([*self.notes, f"publish: {verb} {self.version} at {layout.relative(self.path)}/ (rows: {rows})"])


def _major_change(previous: dict[str, Any], manifest: dict[str, Any], moves: dict) -> list[str]:
    reasons = [f"story {story!r} moves from {a} to {b}" for story, (a, b) in sorted(moves.items())]
    for config, info in previous["configs"].items():
        if config not in manifest["configs"]:
            reasons.append(f"config {config!r} is gone")
            continue
        removed = set(info["features"]) - set(manifest["configs"][config]["features"])
        if removed:
            reasons.append(f"config {config!r} loses fields {sorted(removed)}")
    return reasons


# --- the checkout's card and changelog, in step with the releases -------------------------------


def complete_checkout(layout: CorpusLayout) -> list[str]:
    """Finish what a publish interrupted after its rename left undone; a note per thing done."""
    reasons = checkout_lag(layout)
    if not reasons:
        return []
    catalogue = Catalogue(layout)
    newest = catalogue.newest()
    assert newest is not None
    if not has_entry(layout, newest.name):
        previous = catalogue.previous(newest.name)
        update_changelog(layout, open_release(newest.path, layout), open_release(previous.path, layout) if previous else None)
    update_checkout_card(layout)
    return [f"publish: completed the publish of {newest.name}, which was interrupted after its release was in place: "
            + "; ".join(reasons)]


# --- publish -------------------------------------------------------------------------------------


def _remove_stale_temporaries(layout: CorpusLayout) -> None:
    for stale in layout.releases_dir.glob(TEMP_PREFIX + "*"):  # left by a run that died (we hold the lock)
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def publish(layout: CorpusLayout, version: str, *, update_checkout: bool = True, engine=None, cache=None) -> PublishResult:
    """Publish ``version``; see the module docstring for the rules."""
    wanted = parse_version(version)
    catalogue = Catalogue(layout)
    verify_published(layout)
    notes = complete_checkout(layout) if update_checkout else []
    entry = catalogue.previous(version)
    previous = open_release(entry.path, layout) if entry else None
    final = layout.releases_dir / version
    layout.releases_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(layout)
    temp: Path | None = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{version}-", dir=layout.releases_dir))
    os.chmod(temp, 0o777 & ~_umask())
    try:
        built = build_release(layout, version, temp, previous.manifest if previous else None, engine=engine, cache=cache)
        if catalogue.get(version) is not None:
            comparison = compare_release(final, temp)
            if comparison.identical:
                return PublishResult(version, "unchanged", final, read_manifest(final), notes=notes)
            raise NewscorpusError(
                f"release {version} is published and immutable; this build differs ({'; '.join(comparison.differences[:3])}). Publish a new version.",
                rule="publish.immutable", location=Location(layout.relative(final)))
        newest = catalogue.newest()
        if newest is not None and wanted <= newest.version:
            raise NewscorpusError(f"a new version must be higher than the newest release {newest.name}", rule="publish.version-order")
        if previous is not None:
            reasons = _major_change(previous.manifest, built.manifest, built.moves)
            if reasons and wanted[0] <= parse_version(previous.version)[0]:
                raise NewscorpusError("needs a new major version: " + "; ".join(reasons), rule="publish.needs-major")
        problems = verify_release(temp, layout, version)
        if problems:
            raise Problems.of(problems)
        new = Release(temp, built.manifest)
        # everything that follows from the release, prepared before it is published
        entry_text = changelog_entry(new, previous) if update_checkout else ""
        changelog_text = changelog_with(layout, entry_text) if update_checkout else ""
        documents = expected_documents(layout, pending=new) if update_checkout else {}
        checkpoint(f"publish {version}: built and verified, not renamed")
        os.rename(temp, final)  # atomic: the release appears whole or not at all
        temp = None
        checkpoint(f"publish {version}: renamed into place")
        remember_inputs(layout, built.manifest["inputs_sha256"], cache)  # a later build names what changed since
        if update_checkout:  # only writes of prepared texts from here on
            atomic_write_text(changelog_path(layout), changelog_text)
            checkpoint(f"publish {version}: changelog written")
            write_documents(documents)
            checkpoint(f"publish {version}: cards written")
        return PublishResult(version, "published", final, built.manifest, entry_text, notes)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


# --- scratch builds (publish --out) --------------------------------------------------------------


def _inside(path: Path, directory: Path) -> bool:
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(directory))
    return real == top or top in real.parents


def build_scratch(layout: CorpusLayout, version: str, out: Path, *, engine=None, cache=None) -> Path:
    """Build release ``version`` into the new or empty directory ``out``, outside the corpus;
    nothing is published. On failure, what was written into ``out`` is removed."""
    parse_version(version)
    out = Path(os.path.abspath(out))
    if _inside(out, layout.corpus):
        raise UsageError(f"--out is inside {layout.relative(layout.corpus)}/, where a scratch build would be taken for "
                         f"corpus data (in releases/, for a published release); build it elsewhere, e.g. {SCRATCH}/{version}",
                         location=Location(str(out)))
    created = not (out.exists() or out.is_symlink())
    if not created and (out.is_symlink() or not out.is_dir()):
        raise UsageError("--out must be a new or empty directory; this is a file", location=Location(str(out)))
    if not created and any(out.iterdir()):
        raise UsageError("--out must be a new or empty directory", location=Location(str(out)))
    verify_published(layout)
    entry = Catalogue(layout).previous(version)
    previous = open_release(entry.path, layout) if entry else None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise environment_problem(exc, out) from None
    try:
        build_release(layout, version, out, previous.manifest if previous else None, engine=engine, cache=cache)
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        else:  # it was empty: everything in it is ours
            for child in out.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() and not child.is_symlink() else child.unlink()
        raise
    return out


# --- the build's release check ---------------------------------------------------------------------


def _scratch_directory(layout: CorpusLayout) -> Path:
    """A fresh directory for the release check inside the checkout's ignored ``build/``, after
    removing the ones runs that died left there (named by us; the caller holds the lock)."""
    scratch = layout.root / SCRATCH
    try:
        scratch.mkdir(exist_ok=True)
        for stale in scratch.glob(CHECK_PREFIX + "*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=CHECK_PREFIX, dir=scratch))
    except OSError as exc:
        raise EnvironmentProblem(f"cannot make a scratch directory for the release check: {exc.strerror}", rule="build.scratch",
                                 location=Location(layout.relative(scratch))) from None


def rebuild_check(layout: CorpusLayout, *, engine=None, cache=None) -> str:
    """Build the corpus as the newest release into scratch and compare: the line to print (the
    release check's slow path, see :mod:`.check`)."""
    catalogue = Catalogue(layout)
    newest = catalogue.newest()
    version = newest.name if newest else "0.0.0"
    previous = catalogue.previous(version) if newest else None
    scratch = _scratch_directory(layout)
    try:
        built = build_release(layout, version, scratch, open_release(previous.path, layout).manifest if previous else None,
                              engine=engine, cache=cache, validated=True)
        if newest is None:
            return "publish: no release yet; `newscorpus publish --version 1.0.0` publishes this build"
        published = open_release(newest.path, layout)
        comparison = compare_release(newest.path, scratch)
        if comparison.identical:
            how = comparison.describe(published.manifest, built.manifest)
            return f"publish: the corpus builds release {version} identically ({how}); nothing to publish"
        return (f"publish: the corpus has changed since release {version} ({'; '.join(comparison.differences[:2])}); "
                "`newscorpus publish --version X.Y.Z` publishes it")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
