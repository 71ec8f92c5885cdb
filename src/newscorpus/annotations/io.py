"""Reading and writing annotation files.

Reading is level 1 of validation and lives in :mod:`newscorpus.validate.level1`: :func:`load_json`
(re-exported here for the stages that read annotation files) returns the parsed data (or None)
with the level-1 incidents it met, and its :class:`JSONSource` locates any JSON pointer as a line
and column, for the messages of every later level.

Writing is deterministic and diff-friendly: the file's frame is indented, and every item of an
``items`` list sits on one line of its own, so a pull request that changes one annotation
changes one line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write_bytes
from ..validate.level1 import DEFAULT_MAX_BYTES, MAX_DEPTH, load_json, max_json_bytes
from ..validate.source import JSONSource
from ..model import canonical_item

__all__ = ["DEFAULT_MAX_BYTES", "MAX_DEPTH", "JSONSource", "dumps", "load_json", "max_json_bytes", "save_json"]


# --- writing ----------------------------------------------------------------------------------


def dumps(data: Any) -> str:
    """Deterministic JSON text: indented frame, one line per item of every ``items`` list."""
    return _dump(data, 0, in_items=False) + "\n"


def _dump(value: Any, indent: int, *, in_items: bool) -> str:
    if in_items and isinstance(value, dict):
        return json.dumps(_canonical_deep(value), ensure_ascii=False)
    if in_items or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, list):
        return "[\n" + ",\n".join(inner + _dump(v, indent + 1, in_items=False) for v in value) + "\n" + pad + "]"
    parts = []
    for key, item in value.items():
        if key == "items" and isinstance(item, list) and item:
            body = ",\n".join(inner + "  " + _dump(v, indent + 2, in_items=True) for v in item)
            parts.append(f"{inner}{json.dumps(key)}: [\n{body}\n{inner}]")
        else:
            parts.append(f"{inner}{json.dumps(key)}: {_dump(item, indent + 1, in_items=False)}")
    return "{\n" + ",\n".join(parts) + "\n" + pad + "}"


def _canonical_deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical_deep(v) for k, v in canonical_item(value).items()}
    if isinstance(value, list):
        return [_canonical_deep(v) for v in value]
    return value


def save_json(path: Path, data: Any) -> bool:
    """Write ``data`` atomically when it differs from the file; True when the file changed."""
    encoded = dumps(data).encode("utf-8")
    if path.is_file() and path.read_bytes() == encoded:
        return False
    atomic_write_bytes(path, encoded)
    return True
