"""Is a rebuild the same release as a published one? (``publish`` of a published version, and the
release check of ``build``.)

Written by the same libraries (``manifest.writer`` equal), a rebuild must be byte-identical:
every file's sha256 in the manifests agrees. Written by other library versions (pyarrow 25
under Python 3.10, 26 under 3.11), the bytes differ by design (the Parquet footer names its
writer, encodings may change), so what the release *means* is compared instead:

- the manifests without provenance (commit), writer versions or file checksums and sizes: the
  inputs digest, versions, split assignment, configs with their row counts and features, and
  the list of files with their row counts;
- every Parquet file's rows and schema metadata, decoded, batch by batch;
- the files derived from the manifest (the release card ``README.md``, ``croissant.json``), which
  embed library versions and checksums: each must be what this code derives from its own
  manifest, so the rebuild's (derived by construction) and the published one say the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .card import release_card
from .catalogue import CARD, CROISSANT, read_manifest
from .croissant import croissant_metadata

PROVENANCE_FIELDS = ("source_commit", "source_tree_clean")  # where and when, not what: never compared
BATCH_ROWS = 1024


@dataclass
class Comparison:
    identical: bool
    mode: str  # "bytes" (same writer) or "content" (other library versions)
    differences: list[str] = field(default_factory=list)

    def describe(self, a: dict[str, Any], b: dict[str, Any]) -> str:
        if self.mode == "bytes":
            return "bytes compared"
        return f"content compared: it was written by pyarrow {a['writer']['pyarrow']}, this is pyarrow {b['writer']['pyarrow']}"


def comparable(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest without provenance."""
    return {k: v for k, v in manifest.items() if k not in PROVENANCE_FIELDS}


def meaning(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest without provenance, library versions or the bytes of its files."""
    kept = {k: v for k, v in comparable(manifest).items() if k != "writer"}
    kept["files"] = [{"path": e["path"], "rows": e["rows"]} for e in manifest["files"]]
    return kept


def _manifest_differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    differences = []
    keys = sorted(k for k in set(a) | set(b) if k != "files" and a.get(k) != b.get(k))
    if keys:
        differences.append("manifest differs in " + ", ".join(keys))
    left = {e["path"]: e for e in a.get("files", [])}
    right = {e["path"]: e for e in b.get("files", [])}
    for path in sorted(set(left) | set(right)):
        if path not in right:
            differences.append(f"{path} missing from the rebuild")
        elif path not in left:
            differences.append(f"{path} is new in the rebuild")
        elif left[path] != right[path]:
            differences.append(f"{path} differs")
    return differences


def _content_differs(left: Path, right: Path) -> bool:
    x, y = pq.ParquetFile(left), pq.ParquetFile(right)
    if x.schema_arrow.metadata != y.schema_arrow.metadata or not x.schema_arrow.equals(y.schema_arrow):
        return True
    if x.metadata.num_rows != y.metadata.num_rows:
        return True
    for a, b in zip_longest(x.iter_batches(batch_size=BATCH_ROWS), y.iter_batches(batch_size=BATCH_ROWS)):
        if a is None or b is None or not pa.Table.from_batches([a]).equals(pa.Table.from_batches([b])):
            return True
    return False


def _derived_differs(release: Path, manifest: dict[str, Any], name: str) -> bool:
    text = (release / name).read_text(encoding="utf-8")
    if name == CARD:
        return text != release_card(manifest)
    return json.loads(text) != croissant_metadata(manifest)


def compare_release(published: Path, rebuilt: Path) -> Comparison:
    """Compare the (verified) release at ``published`` with a fresh build at ``rebuilt``."""
    a, b = read_manifest(published), read_manifest(rebuilt)
    if a["writer"] == b["writer"]:
        differences = _manifest_differences(comparable(a), comparable(b))
        return Comparison(not differences, "bytes", differences)
    differences = _manifest_differences(meaning(a), meaning(b))
    rebuilt_files = {e["path"] for e in b["files"]}
    for entry in a["files"]:
        path = entry["path"]
        if path not in rebuilt_files:
            continue  # reported above
        if path.endswith(".parquet"):
            if _content_differs(published / path, rebuilt / path):
                differences.append(f"{path}: rows or schema metadata differ")
        elif path in (CARD, CROISSANT):
            if _derived_differs(published, a, path):
                differences.append(f"{path} differs from what this version of newscorpus derives from the manifest")
        elif (published / path).read_bytes() != (rebuilt / path).read_bytes():
            differences.append(f"{path} differs")
    return Comparison(not differences, "content", differences)
