"""The fast path of levels 1 and 2 for bulk runs: orjson to parse, jsonschema-rs to decide.

It only says *valid* or *not valid*. Whatever it does not accept goes to the reference path
(the stdlib parser with its checks, then ``jsonschema``), which finds and locates every error,
so the fast path changes speed, never verdicts or messages. Where the two libraries differ, the
fast path is made stricter, never looser:

- orjson keeps the last of duplicated keys silently, so the quotes of the file and of the parsed
  value serialised again are counted: a key is two quotes, a string two plus one per escaped
  quote (``\\"``) in both, so a duplicated key makes the file's count higher. A quote escaped
  as ``\\u0022`` (no quote in the file, one in orjson's output) could hide one: such files take
  the reference path.
- Integers: orjson reads 0.0 as a float and an integer beyond 64 bits as a float; jsonschema-rs,
  as JSON Schema says, takes an integral float for an integer. The only numbers of the format
  are span offsets (a test checks the schemas), and the fast path accepts them only as ``int``,
  as level 2 does.
- Nesting: the reference refuses files nested deeper than ``MAX_DEPTH``; the schemas type every
  value and allow no free-form JSON, so no schema-valid file nests deeper than six levels, and
  such a file fails the fast path's schema check anyway.
- NaN and Infinity are rejected by orjson as by the reference.
- The schemas use no keyword that the two validators read differently: patterns end with
  ``(?![\\s\\S])`` rather than ``$`` (which Python's ``re`` lets match before a final newline),
  and there is no ``format`` in the annotation schemas.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

from ..schema_store import load_schema
from .columns import SpanColumns, span_columns

_BOM = b"\xef\xbb\xbf"
_QUOTE_BY_CODE = b"\\u0022"


@lru_cache(maxsize=None)
def _validator(kind: str):
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)


def fast_check(raw: bytes, kind: str) -> tuple[Any, SpanColumns | None] | None:
    """(data, span columns of a document) when the file is well formed and schema-valid, else None."""
    if raw.startswith(_BOM):
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or not _validator(kind).is_valid(data):
        return None
    if _QUOTE_BY_CODE in raw or orjson.dumps(data).count(b'"') != raw.count(b'"'):
        return None  # perhaps a duplicated key (orjson kept one of them)
    columns = None
    if kind == "document":
        columns = span_columns(data)
        if not columns.integers_only():
            return None
    return data, columns


def fast_parse(raw: bytes, kind: str) -> Any | None:
    """The parsed document when it is well formed and schema-valid, else None (take the reference path)."""
    found = fast_check(raw, kind)
    return None if found is None else found[0]
