"""Rows -> an Arrow table for given ``datasets.Features``, column by column.

``Features.encode_batch`` walks every value in Python and was measured here at six times the
cost of writing the resulting Parquet file; converting row dicts with ``Table.from_pydict``
costs about as much as the write. Building each column's arrays directly (flattening lists to
values plus offsets, structs to their fields, ClassLabel names to ids through a dictionary) lets
pyarrow convert flat Python lists in C, and gives the same table: the same types, the same
schema, the features in the schema metadata as ``datasets`` writes them.
"""

from __future__ import annotations

from itertools import accumulate, chain
from typing import Any

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

_IDS: dict[int, dict[str, int]] = {}


def _ids(label: ClassLabel) -> dict[str, int]:
    if id(label) not in _IDS:
        _IDS[id(label)] = {name: i for i, name in enumerate(label.names)}
    return _IDS[id(label)]


def _array(values: list[Any], feature: Any, arrow_type: pa.DataType) -> pa.Array:
    if isinstance(feature, ClassLabel):
        if all(type(v) is not str for v in values):  # already ids (or None)
            return pa.array(values, arrow_type)
        ids = _ids(feature)
        return pa.array([None if v is None else ids[v] if type(v) is str else v for v in values], arrow_type)
    if isinstance(feature, Value):
        return pa.array(values, arrow_type)
    if isinstance(feature, List):
        offsets = pa.array(list(accumulate(chain((0,), map(len, values)))), pa.int32())
        child = _array(list(chain.from_iterable(values)), feature.feature, arrow_type.value_type)
        return pa.ListArray.from_arrays(offsets, child, type=arrow_type)
    if isinstance(feature, dict):
        children = [_array([v[name] for v in values], sub, arrow_type.field(name).type) for name, sub in feature.items()]
        return pa.StructArray.from_arrays(children, fields=list(arrow_type))
    raise TypeError(f"unsupported feature {feature!r}")


_SCHEMAS: dict[int, tuple[Features, pa.Schema]] = {}


def arrow_schema(features: Features) -> pa.Schema:
    """``features.arrow_schema``, computed once per features object (datasets rebuilds it on each access)."""
    entry = _SCHEMAS.get(id(features))
    if entry is None or entry[0] is not features:
        entry = _SCHEMAS[id(features)] = (features, features.arrow_schema)
    return entry[1]


def table_from_rows(rows: list[dict[str, Any]], features: Features) -> pa.Table:
    """The table ``datasets`` would build for ``rows`` (label names or ids) under ``features``."""
    schema = arrow_schema(features)
    columns = [_array([row[name] for row in rows], feature, schema.field(name).type) for name, feature in features.items()]
    return pa.Table.from_arrays(columns, schema=schema)
