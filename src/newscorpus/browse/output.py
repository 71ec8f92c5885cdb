"""Where a browse site goes: never over anything the tool did not write.

Every site carries a marker file, :data:`MARKER`, listing the files browse wrote into it. An
existing ``--out`` is replaced only when it is an empty directory or such a site holding no file
beyond those listed; anything else (a user's directory, a file, a link, a site someone added
files to) is refused by name, exit 2, untouched. The new site is built in a temporary directory
beside ``--out`` and swapped in by renames, so a reader sees the old site or the new one; the
temporary and old directories of a run that died are recognised by their names and marker and
removed by the next run. Page names made from data are checked by :func:`page_path`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..errors import EnvironmentProblem, Location, NewscorpusError, UsageError, environment_problem
from ..fsutil import _umask, atomic_write_text

MARKER = ".newscorpus-site.json"
MADE_BY = "newscorpus browse"
BUILDING, OLD = ".browse-tmp-", ".browse-old-"  # infixes of the temporary directories beside --out
SHOWN = 3
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


def _foreign(out: Path, why: str) -> UsageError:
    return UsageError(f"--out {why}; browse replaces only a site it wrote (one holding {MARKER}). Choose another "
                      "--out, or move it away yourself", rule="browse.out-foreign", location=Location(str(out)))


def page_path(directory: Path, name: object, what: str, where: str) -> Path:
    """``directory/<name>.html``, if ``name`` (taken from the release's data) is a plain file name
    that stays in ``directory``; a located ``browse.unsafe-name`` error otherwise (never sanitised)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or ".." in name:
        raise NewscorpusError(f"{what} {name!r} cannot name a page under {directory.name}/: not a plain file name "
                              "(a path, '..', or characters ids never have)", rule="browse.unsafe-name", location=Location(where))
    path = directory / f"{name}.html"
    if path.parent != directory:  # what the pattern guarantees, checked where it matters
        raise NewscorpusError(f"{what} {name!r} leaves {directory.name}/", rule="browse.unsafe-name", location=Location(where))
    return path


def _marker(path: Path) -> dict | None:
    marker = path / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("made_by") != MADE_BY or not isinstance(data.get("files"), list):
        return None
    return data


def _entries(path: Path) -> list[str]:
    """Every file, link or other non-directory under ``path`` (relative, sorted), links not followed."""
    found = []
    for directory, dirs, files in os.walk(path, followlinks=False):
        for name in dirs + files:
            full = Path(directory, name)
            if name in files or full.is_symlink():
                found.append(full.relative_to(path).as_posix())
    return sorted(found)


def _examples(names: list[str]) -> str:
    return ", ".join(names[:SHOWN]) + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def check_out(out: Path) -> str:
    """What ``out`` is: ``new``, ``empty`` (an empty directory) or ``site`` (one of ours, only our
    files); a ``browse.out-foreign`` error (exit 2) for anything else."""
    if out.parent == out:
        raise _foreign(out, "is the root directory")
    if out.is_symlink():
        raise _foreign(out, "is a symbolic link")
    if not out.exists():
        return "new"
    if not out.is_dir():
        raise _foreign(out, "is a file, not a site")
    try:
        top = sorted(os.listdir(out))  # the top level only: a foreign tree is never walked
    except OSError as exc:
        raise _foreign(out, f"cannot be read ({exc.strerror})") from None
    if not top:
        return "empty"
    marker = _marker(out)
    if marker is None:
        raise _foreign(out, f"is a directory browse did not write (no {MARKER}); it holds {_examples(top)}")
    try:
        entries = _entries(out)
    except OSError as exc:
        raise _foreign(out, f"cannot be read ({exc.strerror})") from None
    unexpected = sorted(set(entries) - set(marker["files"]) - {MARKER})
    if unexpected:
        raise _foreign(out, f"is a site browse wrote, with files it did not write: {_examples(unexpected)}")
    return "site"


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(out: Path) -> None:
    """Remove the temporary and old directories that runs for ``out`` left when they died: named
    by us, beside ``out``, with our marker (and, while building, a process that no longer runs)."""
    try:
        candidates = list(out.parent.glob(f".{out.name}{BUILDING}*")) + list(out.parent.glob(f".{out.name}{OLD}*"))
    except OSError:
        return
    for path in candidates:
        if path.is_symlink() or not path.is_dir():
            continue
        marker = _marker(path)
        if marker is None or _alive(marker.get("building")):
            continue
        if set(_entries(path)) - set(marker["files"]) - {MARKER}:
            continue  # someone put files there: not ours to delete
        shutil.rmtree(path, ignore_errors=True)


def write_marker(site: Path, files: list[str], release: str, building: int | None = None) -> None:
    data = {"made_by": MADE_BY, "release": release, "files": sorted(files)}
    if building is not None:
        data["building"] = building
    atomic_write_text(site / MARKER, json.dumps(data, indent=1) + "\n")


def _environment(out: Path, exc: OSError) -> EnvironmentProblem:
    return environment_problem(exc, out)


def temporary_site(out: Path, release: str) -> Path:
    """A fresh directory beside ``out`` (normal permissions) to build the site in."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}{BUILDING}", dir=out.parent))
        os.chmod(temp, 0o777 & ~_umask())  # mkdtemp makes 0700; a site is for others to read and serve
        write_marker(temp, [], release, building=os.getpid())
    except OSError as exc:
        raise _environment(out, exc) from None
    return temp


def swap_into_place(temp: Path, out: Path, state: str) -> None:
    """Put the finished site at ``temp`` where ``out`` is (``state`` from :func:`check_out`)."""
    try:
        if state == "site":
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}{OLD}", dir=out.parent))
            os.rename(out, old)  # onto the empty directory just made: atomic
            os.rename(temp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:  # new, or an empty directory, which rename replaces atomically
            os.rename(temp, out)
    except OSError as exc:
        raise _environment(out, exc) from None
