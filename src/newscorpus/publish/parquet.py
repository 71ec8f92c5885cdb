"""The Parquet writer options of a release, pinned so bytes are reproducible, and row counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

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


def row_count(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows
