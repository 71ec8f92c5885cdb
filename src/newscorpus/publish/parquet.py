"""Writing and reading the Parquet files of a release, with pinned options so bytes are reproducible."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Dataset, Features

from ..fsutil import atomic_write_bytes

# Every option that changes the bytes is pinned here; the pyarrow version is recorded in the
# manifest, because another version writes another footer ("created_by") and may encode differently.
WRITER_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "use_compliant_nested_type": True,
    "store_schema": True,
}
ROW_GROUP_ROWS = {"documents": 64, "cleaning": 64}  # long texts: small groups; others 1000
DEFAULT_ROW_GROUP_ROWS = 1000


def build_table(rows: list[dict[str, Any]], features: Features, metadata: dict[str, str]) -> pa.Table:
    """Rows -> an Arrow table through ``datasets`` (ClassLabel names encoded to ids, features kept
    in the schema metadata), plus our key-value metadata for the Parquet footer."""
    columns = {name: [row[name] for row in rows] for name in features}
    table = Dataset.from_dict(columns, features=features).data.table
    merged = dict(table.schema.metadata or {})
    merged.update({key.encode(): value.encode() for key, value in sorted(metadata.items())})
    return table.replace_schema_metadata(merged)


def write_table(path: Path, table: pa.Table, config: str) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=ROW_GROUP_ROWS.get(config, DEFAULT_ROW_GROUP_ROWS), **WRITER_OPTIONS)
    atomic_write_bytes(path, sink.getvalue().to_pybytes())


def read_table(path: Path) -> pa.Table:
    return pq.read_table(path)


def row_count(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows
