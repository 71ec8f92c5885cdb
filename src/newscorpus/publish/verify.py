"""Checking a release against its manifest (``newscorpus verify``): every file and every claim.

As in Universal Dependencies' validator, each check is one function that returns the problems
it finds, and :data:`RULES` says what each rule id means (``tests/test_release_tampering.py``
has a tampering per rule). The manifest's shape is fixed by ``schema/manifest.schema.json``;
the checks here cover what a schema cannot: paths stay inside the release, the files on disk
are exactly those listed (no links), ``configs`` agree with ``files``, every Parquet footer
agrees with the manifest (columns, the ``huggingface`` features, the ``newscorpus.*`` keys and
nothing else), ``croissant.json`` agrees with the manifest, and the ids in the data are ids the
schema allows (the browse site makes file names and links of them); the per-file checks are in
:mod:`.parquet_checks`.

What the manifest cannot anchor: a forger who rewrites a file *and* re-signs every claim about it
consistently. Only git (the committed manifest) tells that apart.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any, Callable

from ..cache import Cache, make_key
from ..errors import Location, NewscorpusError, Problems
from ..fsutil import sha256_file
from ..layout import CorpusLayout
from ..schema_store import load_schema
from .catalogue import CARD, CROISSANT, MANIFEST, Catalogue, read_manifest
from .features import CONFIGS
from .splits import SPLITS

RULES = {
    "verify.symlink": "the release directory, or an entry in it, is a symbolic link (a release is read in place, never through a link)",
    "verify.not-a-directory": "an entry of corpus/releases/ named X.Y.Z is not a directory",
    "verify.manifest-missing": "a release directory has no manifest.json",
    "verify.manifest": "the manifest is not JSON (or has duplicate keys), or is for another version",
    "verify.manifest-schema": "the manifest does not have the shape of schema/manifest.schema.json (a missing size, "
                              "a sha256 that is not a string, rows given as a string, ...)",
    "verify.path": "a path in the manifest is absolute, leaves the release, is not normalised or is not a file a release holds",
    "verify.duplicate": "a path is listed twice in the manifest's files",
    "verify.missing": "a listed file is not on disk (or is not a regular file)",
    "verify.modified": "a file's sha256 or size differs from the manifest",
    "verify.extra": "a file on disk is not listed in the manifest",
    "verify.configs": "configs disagree with files: a config lists a file the manifest's files do not, a Parquet file is in "
                      "no config or in two, a file is named for another config or split, row counts do not add up",
    "verify.unreadable": "a Parquet footer cannot be read",
    "verify.schema": "a Parquet file's columns or types differ from its config's features, or it has extension types",
    "verify.metadata": "a Parquet file's schema metadata differs from what the manifest implies (the huggingface features, "
                       "the newscorpus.* keys) or holds a key a release never writes (a pickle, a pandas blob)",
    "verify.rows": "a Parquet file holds another number of rows than the manifest says",
    "verify.croissant": "croissant.json disagrees with the manifest (a file's sha256 or size, the files it lists, the version)",
    "verify.bad-id": "a document id, story id or entity key in the data is not one the schema allows",
}

SHARD = re.compile(r"(?P<config>[a-z]+)/(?P<split>[a-z]+)-(?P<index>[0-9]{5})-of-(?P<count>[0-9]{5})\.parquet")


def _problem(message: str, rule: str, file: str, line: int | None = None, column: int | None = None) -> NewscorpusError:
    return NewscorpusError(message, rule=rule, location=Location(file, line, column))


def _pointer(*parts: object) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: object, limit: int = 80) -> str:
    return _clip(repr(value), limit)


class _Release:
    """What the checks share about one release under verification."""

    def __init__(self, path: Path, show: Callable[[Path], str], manifest: dict[str, Any]):
        self.path, self.show, self.manifest = path, show, manifest
        self.where = show(path / MANIFEST)
        self.listed: dict[str, dict[str, Any]] = {}  # well-formed, unique paths -> their entries
        self.links: set[str] = set()  # relative paths of links inside the release
        self.intact: set[str] = set()  # listed files whose bytes match the manifest
        self.owner: dict[str, tuple[str, str]] = {}  # Parquet path -> (config, split)
        self.readable: set[str] = set()  # Parquet files whose footer agrees with the manifest

    def at(self, relative: str) -> str:
        return self.show(self.path / relative)


# --- the checks, in the order they run ----------------------------------------------------------


def check_shape(release: _Release) -> list[NewscorpusError]:
    """verify.manifest-schema: the manifest against schema/manifest.schema.json, every error."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema("manifest"))
    errors = sorted(validator.iter_errors(release.manifest), key=lambda e: list(map(str, e.absolute_path)))
    return [_problem(f"{_clip(e.message)} (at {_pointer(*e.absolute_path)})", "verify.manifest-schema", release.where) for e in errors]


def check_version(release: _Release, version: str) -> list[NewscorpusError]:
    """verify.manifest: the manifest is for the directory's version."""
    if release.manifest["version"] != version:
        return [_problem(f"manifest is for version {release.manifest['version']!r}, the directory is {version}", "verify.manifest", release.where)]
    return []


def _path_problem(relative: str) -> str | None:
    if relative.startswith("/") or re.match(r"[A-Za-z]:", relative):
        return "is absolute; a release lists paths inside itself"
    if "\\" in relative or "\x00" in relative:
        return "holds a backslash or NUL"
    if any(part in ("", ".", "..") for part in relative.split("/")):
        return "is not a normalised path inside the release ('..', '.' or an empty part)"
    if relative == MANIFEST:
        return "is the manifest itself, which cannot list itself"
    if relative in (CARD, CROISSANT):
        return None
    match = SHARD.fullmatch(relative)
    if not match or match["config"] not in CONFIGS or match["split"] not in SPLITS:
        return f"is not a file a release holds ({CARD}, {CROISSANT} or <config>/<split>-NNNNN-of-NNNNN.parquet)"
    return None


def check_paths(release: _Release) -> list[NewscorpusError]:
    """verify.path, verify.duplicate: every listed path is a release file's, listed once."""
    problems = []
    for index, entry in enumerate(release.manifest["files"]):
        relative = entry["path"]
        problem = _path_problem(relative)
        if problem:
            problems.append(_problem(f"path {_short(relative)} {problem} (at /files/{index}/path)", "verify.path", release.where))
        elif relative in release.listed:
            problems.append(_problem(f"path {_short(relative)} is listed twice (at /files/{index})", "verify.duplicate", release.where))
        else:
            release.listed[relative] = entry
    for required in (CARD, CROISSANT):
        if required not in release.listed:
            problems.append(_problem(f"{required} is not listed in the manifest's files", "verify.missing", release.at(required)))
    return problems


def check_tree(release: _Release) -> list[NewscorpusError]:
    """verify.symlink, verify.extra: no links anywhere; nothing on disk the manifest does not list."""
    problems = []
    for directory, dirs, files in os.walk(release.path, followlinks=False):
        for name in sorted(dirs + files):
            full = Path(directory, name)
            relative = full.relative_to(release.path).as_posix()
            if full.is_symlink():
                release.links.add(relative)
                problems.append(_problem(f"symbolic link to {os.path.realpath(full)}: a release holds its own files",
                                         "verify.symlink", release.show(full)))
            elif name in files and relative != MANIFEST and relative not in release.listed:
                problems.append(_problem("extra: on disk, not in the manifest", "verify.extra", release.show(full)))
        dirs[:] = [d for d in dirs if not Path(directory, d).is_symlink()]
    return problems


def check_files(release: _Release) -> list[NewscorpusError]:
    """verify.missing, verify.modified: each listed file is a regular file with its size and sha256."""
    problems = []
    for relative, entry in sorted(release.listed.items()):
        parts = relative.split("/")
        if any("/".join(parts[: i + 1]) in release.links for i in range(len(parts))):
            continue  # reported as a link
        file = release.path / relative
        try:
            info = os.lstat(file)
        except OSError:
            info = None
        if info is None or not stat.S_ISREG(info.st_mode):
            what = "not on disk" if info is None else "not a regular file"
            problems.append(_problem(f"missing: listed in the manifest, {what}", "verify.missing", release.at(relative)))
            continue
        if info.st_size != entry["size"] or sha256_file(file) != entry["sha256"]:
            problems.append(_problem(f"modified: sha256 or size differs from the manifest ({entry['sha256'][:12]}…, {entry['size']} bytes)",
                                     "verify.modified", release.at(relative)))
            continue
        release.intact.add(relative)
    return problems


def check_configs(release: _Release) -> list[NewscorpusError]:
    """verify.configs: every config's files are listed files named for it, each Parquet file in one
    config and split, rows adding up per split, and ``documents`` equal to the documents rows."""
    problems = []

    def fail(message: str, *pointer: object) -> None:
        problems.append(_problem(f"{message} (at {_pointer('configs', *pointer)})", "verify.configs", release.where))

    for config, spec in release.manifest["configs"].items():
        for split, info in spec["splits"].items():
            total, indexes, counts = 0, [], set()
            for position, name in enumerate(info["files"]):
                if name not in release.listed:
                    fail(f"lists {_short(name)}, which is not among the manifest's files", config, "splits", split, "files", position)
                    continue
                match = SHARD.fullmatch(name)
                if not match or (match["config"], match["split"]) != (config, split):
                    fail(f"lists {_short(name)}, which is not a file of config {config!r} split {split!r}", config, "splits", split, "files", position)
                    continue
                if name in release.owner:
                    fail(f"lists {name}, which config {release.owner[name][0]!r} split {release.owner[name][1]!r} lists too", config, "splits", split, "files", position)
                    continue
                release.owner[name] = (config, split)
                indexes.append(int(match["index"]))
                counts.add(int(match["count"]))
                rows = release.listed[name]["rows"]
                if rows is None:
                    fail(f"lists {name}, whose entry in files has no row count", config, "splits", split, "files", position)
                else:
                    total += rows
            if indexes and (counts != {len(indexes)} or sorted(indexes) != list(range(len(indexes)))):
                fail(f"the shards of split {split!r} are not numbered 0 to {len(indexes) - 1} of {len(indexes)}", config, "splits", split, "files")
            if total != info["rows"]:
                fail(f"split {split!r} says {info['rows']} rows; its files hold {total} by the manifest's files", config, "splits", split, "rows")
    documents = release.manifest["configs"].get("documents")
    if documents is not None:
        rows = sum(info["rows"] for info in documents["splits"].values())
        if rows != release.manifest["documents"]:
            problems.append(_problem(f"documents says {release.manifest['documents']}; config 'documents' has {rows} rows (at /documents)",
                                     "verify.configs", release.where))
    for relative, entry in sorted(release.listed.items()):
        is_parquet = relative.endswith(".parquet")
        if is_parquet and relative not in release.owner:
            problems.append(_problem("listed in files, but in no config's splits", "verify.configs", release.at(relative)))
        if is_parquet and entry["rows"] is None:
            problems.append(_problem("a Parquet file without a row count in files", "verify.configs", release.at(relative)))
        if not is_parquet and entry["rows"] is not None:
            problems.append(_problem("a row count for a file that is not Parquet", "verify.configs", release.at(relative)))
    return problems


def check_parquet(release: _Release) -> list[NewscorpusError]:
    """verify.unreadable, verify.schema, verify.metadata, verify.rows: each intact Parquet file's footer."""
    problems = []
    for relative, (config, split) in sorted(release.owner.items()):
        if relative not in release.intact:
            continue
        from .parquet_checks import parquet_problems  # pyarrow: only when a file must really be read

        found = parquet_problems(release.path / relative, config, split, release.manifest, release.listed[relative]["rows"])
        problems += [_problem(message, rule, release.at(relative)) for rule, message in found]
        if not found:
            release.readable.add(relative)
    return problems


def check_croissant(release: _Release) -> list[NewscorpusError]:
    """verify.croissant: croissant.json names exactly the Parquet files, with the manifest's sha256 and sizes."""
    if CROISSANT not in release.intact:
        return []
    where = release.at(CROISSANT)
    try:
        document = json.loads((release.path / CROISSANT).read_text(encoding="utf-8"))
        distribution = document["distribution"]
        objects = [d for d in distribution if d.get("@type") == "cr:FileObject"]
        sets = [d for d in distribution if d.get("@type") == "cr:FileSet"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [_problem(f"not a Croissant document: {_short(str(exc))}", "verify.croissant", where)]
    problems = []
    if document.get("version") != release.manifest["version"]:
        problems.append(_problem(f"version is {_short(document.get('version'))}, the manifest's is {release.manifest['version']}", "verify.croissant", where))
    parquet = {p: e for p, e in release.listed.items() if p.endswith(".parquet")}
    seen = set()
    for obj in objects:
        url = obj.get("contentUrl")
        entry = parquet.get(url) if isinstance(url, str) else None
        if entry is None or url in seen:
            problems.append(_problem(f"FileObject {_short(url)} is {'listed twice' if url in seen else 'not a Parquet file of the manifest'}",
                                     "verify.croissant", where))
            continue
        seen.add(url)
        if obj.get("sha256") != entry["sha256"]:
            problems.append(_problem(f"FileObject {url}: sha256 {_short(obj.get('sha256'))} differs from the manifest's {entry['sha256'][:12]}…", "verify.croissant", where))
        if obj.get("contentSize") != f"{entry['size']} B":
            problems.append(_problem(f"FileObject {url}: contentSize {_short(obj.get('contentSize'))} differs from the manifest's {entry['size']} B", "verify.croissant", where))
    for missing in sorted(set(parquet) - seen):
        problems.append(_problem(f"no FileObject for {missing}", "verify.croissant", where))
    for config, spec in release.manifest["configs"].items():
        files = sorted(name for info in spec["splits"].values() for name in info["files"])
        includes = [s.get("includes") for s in sets if s.get("@id") == f"{config}-parquet"]
        if len(includes) != 1 or not isinstance(includes[0], list) or sorted(map(str, includes[0])) != files:
            problems.append(_problem(f"FileSet {config}-parquet does not include exactly the files of config {config!r}", "verify.croissant", where))
    return problems


def check_ids(release: _Release) -> list[NewscorpusError]:
    """verify.bad-id: ids the browse site turns into file names and links are ids the schema allows
    (so a release can never carry ``../`` or an absolute path into a file name)."""
    problems = []
    for relative in sorted(release.readable):
        from .parquet_checks import id_problems

        for _column, message in id_problems(release.path / relative, release.owner[relative][0]):
            problems.append(_problem(message, "verify.bad-id", release.at(relative)))
    return problems


# --- entry points -------------------------------------------------------------------------------


def _release_key(path: Path, version: str, cache: Cache) -> str:
    """Everything a verdict on the release at ``path`` depends on: every entry under it (its
    kind, and a file's sha256 from the stat manifest) and the checks' code (the fingerprint)."""
    entries: list[list] = []
    for directory, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(dirs + files):
            full = Path(directory, name)
            kind = "link" if full.is_symlink() else "dir" if full.is_dir() else "file" if full.is_file() else "other"
            entries.append([full.relative_to(path).as_posix(), kind])
    digests = cache.digests([path / e[0] for e in entries if e[1] == "file"])
    return make_key("verify", version, [[name, kind, digests.get(path / name)] for name, kind in entries])


def verify_release(path: Path, layout: CorpusLayout | None = None, version: str | None = None,
                   cache: Cache | None = None) -> list[NewscorpusError]:
    """Every way the release at ``path`` differs from its manifest; empty when intact. With a
    cache, a release whose every file is what it was when it last verified is not read again."""
    if cache is None or not cache.enabled or path.is_symlink() or not path.is_dir():
        return _verify(path, layout, version)
    key = _release_key(path, version or path.name, cache)
    if cache.get(key) == b"intact":
        return []
    problems = _verify(path, layout, version)
    if not problems:
        cache.put(key, b"intact")
    return problems


def _verify(path: Path, layout: CorpusLayout | None, version: str | None) -> list[NewscorpusError]:
    show = layout.relative if layout else str
    if path.is_symlink():
        return [_problem(f"symbolic link to {os.path.realpath(path)}: a release is a directory of its own", "verify.symlink", show(path))]
    if not path.is_dir():
        return [_problem("not a directory: an entry named X.Y.Z is a release directory", "verify.not-a-directory", show(path))]
    try:
        manifest = read_manifest(path, show)
    except NewscorpusError as exc:
        return [exc]
    release = _Release(path, show, manifest)
    problems = check_shape(release)
    if problems:  # nothing below can trust the manifest's shape
        return problems
    problems += check_version(release, version or path.name)
    problems += check_paths(release)
    problems += check_tree(release)
    problems += check_files(release)
    problems += check_configs(release)
    problems += check_parquet(release)
    problems += check_croissant(release)
    problems += check_ids(release)
    return problems


def verify_all(layout: CorpusLayout, version: str | None = None, cache: Cache | None = None) -> tuple[int, list[NewscorpusError]]:
    """Verify every release entry of the checkout (or only ``version``): (entries checked, problems)."""
    if not layout.sources_file.is_file():
        raise NewscorpusError(f"no corpus at {layout.root} (no corpus/sources.json); pass --root a checkout",
                              rule="corpus.not-found", location=Location(str(layout.root)))
    if layout.releases_dir.is_symlink():
        return 0, [_problem(f"symbolic link to {os.path.realpath(layout.releases_dir)}: releases are kept in the checkout",
                            "verify.symlink", layout.relative(layout.releases_dir))]
    entries = Catalogue(layout).entries()
    if version is not None:
        entries = [entry for entry in entries if entry.name == version]
        if not entries:
            raise NewscorpusError(f"no release {version}", rule="verify.no-release",
                                  location=Location(layout.relative(layout.releases_dir / version)))
    problems = []
    for entry in entries:
        problems += verify_release(entry.path, layout, cache=cache)
    return len(entries), problems


def verify_published(layout: CorpusLayout, cache: Cache | None = None) -> None:
    """Refuse to go on while any release on disk fails verification (every problem, and the fix)."""
    _count, problems = verify_all(layout, cache=cache)
    if problems:
        hint = NewscorpusError("the releases on disk must verify before anything is published or checked; restore them "
                               "(`git checkout -- corpus/releases`) or remove an entry that was never published",
                               rule="publish.unverified", location=Location(layout.relative(layout.releases_dir)))
        raise Problems(problems + [hint])


__all__ = ["RULES", "verify_all", "verify_published", "verify_release"]
