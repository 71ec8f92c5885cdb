"""What one Parquet file of a release must be: its footer as the manifest implies, and ids in
its data that the schema allows. Used by :mod:`.verify`; reads footers and id columns only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..schema_store import load_schema

EXTENSION_KEY = b"ARROW:extension:name"
NEWSCORPUS_KEYS = ("name", "version", "config", "split", "license", "schema_version", "guidelines_version", "inputs_sha256")
ALLOWED_METADATA = {b"huggingface", b"ARROW:schema", *(f"newscorpus.{key}".encode() for key in NEWSCORPUS_KEYS)}
SHOWN = 5  # offending values quoted per problem


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fields(fields, prefix: str = ""):
    """(dotted name, field) of every field, nested ones included (through lists and structs)."""
    for field in fields:
        name = f"{prefix}{field.name}"
        yield name, field
        child = field.type
        while isinstance(child, (pa.ListType, pa.LargeListType)):
            child = child.value_type
        if isinstance(child, pa.StructType):
            yield from _fields(list(child), name + ".")


def extension_fields(fields) -> list[str]:
    """Columns (dotted paths) with an Arrow extension type, registered or not."""
    return [name for name, f in _fields(fields) if isinstance(f.type, pa.ExtensionType) or (f.metadata and EXTENSION_KEY in f.metadata)]


@lru_cache(maxsize=64)
def _arrow_schema(features_json: str) -> pa.Schema:
    from datasets import Features

    return Features.from_dict(json.loads(features_json)).arrow_schema


def _expected_metadata(manifest: dict[str, Any], config: str, split: str) -> dict[bytes, Any]:
    return {b"newscorpus.name": manifest["name"], b"newscorpus.version": manifest["version"], b"newscorpus.config": config,
            b"newscorpus.split": split, b"newscorpus.schema_version": manifest["schema_version"],
            b"newscorpus.guidelines_version": manifest["guidelines_version"], b"newscorpus.inputs_sha256": manifest["inputs_sha256"]}


def parquet_problems(file: Path, config: str, split: str, manifest: dict[str, Any], rows: int) -> list[tuple[str, str]]:
    """(rule, message) for every way the Parquet file disagrees with its manifest entry.

    Only the footer is read. Extension types are refused outright (reading one may run code in a
    library that registers it; pyarrow >= 14.0.1 no longer unpickles them, and we need none)."""
    try:
        footer = pq.read_metadata(file)
        schema = pq.read_schema(file)
    except Exception as exc:  # noqa: BLE001 - an unreadable footer is a finding, not a crash
        return [("verify.unreadable", f"unreadable Parquet footer: {exc}")]
    extensions = extension_fields(list(schema))
    if extensions:
        return [("verify.schema", f"extension types are refused (columns {', '.join(extensions)})")]
    features = manifest["configs"][config]["features"]
    try:
        expected = _arrow_schema(json.dumps(features))  # key order is column order
    except Exception as exc:  # noqa: BLE001 - the manifest's features are data; any failure is a finding
        return [("verify.configs", f"the manifest's features of config {config!r} are not datasets features: {exc}")]
    found = []
    if not schema.remove_metadata().equals(expected.remove_metadata()):
        found.append(("verify.schema", f"columns or types differ from the features of config {config!r} in the manifest"))
    with_metadata = [name for name, f in _fields(list(schema)) if f.metadata]
    if with_metadata:
        found.append(("verify.metadata", f"field metadata a release never writes, on {', '.join(with_metadata[:SHOWN])}"))
    metadata = {**(footer.metadata or {}), **(schema.metadata or {})}
    unknown = sorted(set(metadata) - ALLOWED_METADATA)
    if unknown:
        found.append(("verify.metadata", f"schema metadata holds keys a release never writes: {', '.join(_short(k) for k in unknown[:SHOWN])}"))
    try:
        blob = json.loads(metadata.get(b"huggingface", b"null"))
    except ValueError:
        blob = "not JSON"
    if blob != {"info": {"features": features}}:
        found.append(("verify.metadata", f"the huggingface features metadata differs from the features of config {config!r} in the manifest"))
    for key, value in _expected_metadata(manifest, config, split).items():
        if metadata.get(key, b"").decode("utf-8", "replace") != value:
            found.append(("verify.metadata", f"{key.decode()} is {_short(metadata.get(key))}, the manifest implies {value!r}"))
    if b"newscorpus.license" not in metadata:
        found.append(("verify.metadata", "newscorpus.license is missing"))
    if footer.num_rows != rows:
        found.append(("verify.rows", f"{footer.num_rows} rows, the manifest says {rows}"))
    return found


@lru_cache(maxsize=None)
def _re2(name: str) -> str:
    """The schema's pattern for ``name`` in RE2 syntax (Arrow's regex engine): its end guard as ``\\z``."""
    pattern = load_schema("document")["$defs"][name]["pattern"]
    assert pattern.startswith("^") and pattern.endswith("(?![\\s\\S])"), pattern
    return pattern[: -len("(?![\\s\\S])")] + r"\z"


# column (a dotted path through lists of structs) -> (schema definition, may be null)
ID_COLUMNS: dict[str, dict[str, tuple[str, bool]]] = {
    "documents": {"id": ("document_id", False), "story_id": ("story_id", False),
                  "entities.key": ("entity_key", True), "quotes.speaker": ("entity_key", True)},
    "ner": {"document_id": ("document_id", False)},
    "quotes": {"document_id": ("document_id", False), "speaker": ("entity_key", True)},
    "alignments": {"story_id": ("story_id", False), "source_document": ("document_id", False), "target_document": ("document_id", False)},
    "discrepancies": {"story_id": ("story_id", False), "statements.document": ("document_id", False)},
    "cleaning": {"id": ("document_id", False)},
}


def _values(batch: pa.RecordBatch, column: str) -> pa.Array:
    top, _, rest = column.partition(".")
    array = batch.column(top)
    for name in filter(None, rest.split(".")):
        array = pc.struct_field(pc.list_flatten(array), name)
    return array


def id_problems(file: Path, config: str) -> list[tuple[str, str]]:
    """(column, message) for every id column holding a value the schema does not allow."""
    columns = ID_COLUMNS.get(config, {})
    if not columns:
        return []
    bad: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    tops = sorted({c.partition(".")[0] for c in columns})
    for batch in pq.ParquetFile(file).iter_batches(batch_size=4096, columns=tops):
        for column, (definition, nullable) in columns.items():
            values = _values(batch, column)
            matched = pc.fill_null(pc.match_substring_regex(values, _re2(definition)), nullable)
            wrong = pc.filter(values, pc.invert(matched))
            if len(wrong):
                counts[column] = counts.get(column, 0) + len(wrong)
                bad.setdefault(column, [])
                bad[column] += [_short(v) for v in wrong.slice(0, SHOWN - len(bad[column])).to_pylist()]
    return [(column, f"{counts[column]} value(s) of {column} are not a valid {columns[column][0].replace('_', ' ')}: "
                     f"{', '.join(bad[column])}") for column in sorted(bad)]
