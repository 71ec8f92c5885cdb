"""Checking releases: against their manifests (``newscorpus verify``), and against a fresh rebuild."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Location, NewscorpusError
from ..fsutil import sha256_file
from ..layout import CorpusLayout

MANIFEST = "manifest.json"
EXTENSION_KEY = b"ARROW:extension:name"


def _extension_fields(fields, prefix: str = "") -> list[str]:
    found = []
    for field in fields:
        name = f"{prefix}{field.name}"
        if isinstance(field.type, pa.ExtensionType) or (field.metadata and EXTENSION_KEY in field.metadata):
            found.append(name)
        child = field.type
        while isinstance(child, (pa.ListType, pa.LargeListType)):
            child = child.value_type
        if isinstance(child, pa.StructType):
            found += _extension_fields(list(child), name + ".")
    return found


def schema_problem(path: Path, config: str | None) -> str | None:
    """Why the Parquet file at ``path`` must not be read as ``config``, or None.

    Only the footer is read. Extension types are refused outright (reading one may run code in
    a library that registers it; pyarrow >= 14.0.1 no longer unpickles them, and we need none);
    the columns must be exactly those of the config's features.
    """
    from .features import FEATURES

    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 - an unreadable footer is a finding, not a crash
        return f"unreadable Parquet footer: {exc}"
    extensions = _extension_fields(list(schema))
    if extensions:
        return f"extension types are refused (columns {', '.join(extensions)})"
    if config is not None:
        expected = FEATURES[config].arrow_schema
        if not schema.remove_metadata().equals(expected.remove_metadata()):
            return f"columns or types differ from the {config!r} features"
    return None


def read_release_table(release: Path, relative: str, columns: list[str] | None = None) -> pa.Table:
    """A release file as a table, after its schema was checked against its config's features."""
    config = relative.split("/", 1)[0]
    problem = schema_problem(release / relative, config)
    if problem:
        raise NewscorpusError(problem, rule="verify.schema", location=Location(str(release / relative)))
    return pq.read_table(release / relative, columns=columns)


def verify_release(path: Path, layout: CorpusLayout | None = None, version: str | None = None) -> list[NewscorpusError]:
    """Every way the release at ``path`` differs from its manifest: modified, missing or extra files,
    wrong sizes or row counts, an unreadable manifest. Empty when intact."""
    show = (lambda p: layout.relative(p)) if layout else str
    problems: list[NewscorpusError] = []
    manifest_path = path / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = {entry["path"]: entry for entry in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [NewscorpusError(f"manifest missing or unreadable: {exc}", rule="verify.manifest", location=Location(show(manifest_path)))]
    if manifest.get("version") != (version or path.name):
        problems.append(NewscorpusError(f"manifest is for version {manifest.get('version')!r}", rule="verify.manifest", location=Location(show(manifest_path))))
    for relative, entry in sorted(files.items()):
        file = path / relative
        where = Location(show(file))
        if not file.is_file():
            problems.append(NewscorpusError("missing: listed in the manifest, not on disk", rule="verify.missing", location=where))
            continue
        if file.stat().st_size != entry["size"] or sha256_file(file) != entry["sha256"]:
            problems.append(NewscorpusError(f"modified: sha256 or size differs from the manifest ({entry['sha256'][:12]}…, {entry['size']} bytes)",
                                            rule="verify.modified", location=where))
            continue
        if entry.get("rows") is not None:
            problem = schema_problem(file, relative.split("/", 1)[0])
            if problem:
                problems.append(NewscorpusError(problem, rule="verify.schema", location=where))
                continue
            try:
                rows = pq.ParquetFile(file).metadata.num_rows
            except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
                problems.append(NewscorpusError(f"unreadable Parquet: {exc}", rule="verify.unreadable", location=where))
                continue
            if rows != entry["rows"]:
                problems.append(NewscorpusError(f"{rows} rows, the manifest says {entry['rows']}", rule="verify.rows", location=where))
    for file in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
        relative = file.relative_to(path).as_posix()
        if relative != MANIFEST and relative not in files:
            problems.append(NewscorpusError("extra: on disk, not in the manifest", rule="verify.extra", location=Location(show(file))))
    return problems


@dataclass
class Comparison:
    identical: bool
    mode: str  # "bytes" or "decoded"
    differences: list[str] = field(default_factory=list)


def compare_release(published: Path, rebuilt: Path) -> Comparison:
    """Is ``rebuilt`` the same release as ``published``?

    With the same pyarrow version the files must be byte-identical. Under another version the
    Parquet footer differs by design, so the decoded tables, their schemas and key-value metadata
    are compared instead (mode ``decoded``), and the manifests apart from writer versions and
    file checksums.
    """
    from .release import comparable

    a = json.loads((published / MANIFEST).read_text(encoding="utf-8"))
    b = json.loads((rebuilt / MANIFEST).read_text(encoding="utf-8"))
    same_writer = a["writer"]["pyarrow"] == b["writer"]["pyarrow"]
    differences = []
    if same_writer:
        if comparable(a) != comparable(b):
            keys = sorted(k for k in set(comparable(a)) | set(comparable(b)) if comparable(a).get(k) != comparable(b).get(k))
            differences.append("manifest differs in " + ", ".join(keys))
        return Comparison(not differences, "bytes", differences)
    strip = lambda m: {k: v for k, v in comparable(m).items() if k not in ("writer", "files")}  # noqa: E731
    if strip(a) != strip(b):
        differences.append("manifest differs")
    for entry in a["files"]:
        left, right = published / entry["path"], rebuilt / entry["path"]
        if not right.is_file():
            differences.append(f"{entry['path']} missing from the rebuild")
        elif entry["path"].endswith(".parquet"):
            x, y = pq.read_table(left), pq.read_table(right)
            if not x.equals(y) or x.schema.metadata != y.schema.metadata:
                differences.append(f"{entry['path']}: decoded table or metadata differs")
        elif entry["path"] != "README.md" and left.read_bytes() != right.read_bytes():
            differences.append(f"{entry['path']} differs")
    return Comparison(not differences, "decoded", differences)


def verify_all(layout: CorpusLayout, version: str | None = None) -> tuple[int, list[NewscorpusError]]:
    from .release import releases

    found = [(v, p) for v, p in releases(layout) if version is None or p.name == version]
    if version is not None and not found:
        raise NewscorpusError(f"no release {version}", rule="verify.no-release", location=Location(layout.relative(layout.releases_dir / version)))
    problems = []
    for _, path in found:
        problems += verify_release(path, layout)
    return len(found), problems


def iter_release_rows(release: Path, manifest: dict, config: str, columns: list[str] | None = None, batch_size: int = 512):
    """Rows of a config, file by file and batch by batch (schemas checked first): bounded memory."""
    for info in manifest["configs"].get(config, {}).get("splits", {}).values():
        for name in info["files"]:
            problem = schema_problem(release / name, config)
            if problem:
                raise NewscorpusError(problem, rule="verify.schema", location=Location(str(release / name)))
            for batch in pq.ParquetFile(release / name).iter_batches(batch_size=batch_size, columns=columns):
                yield from batch.to_pylist()
