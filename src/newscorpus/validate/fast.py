"""The fast path of levels 1 and 2 for bulk runs: orjson to parse, jsonschema-rs to decide.

It only says *valid* or *not valid*. Whatever it does not accept goes to the reference path
(the stdlib parser with its checks, then ``jsonschema``), which finds and locates every error,
so the fast path changes speed, never verdicts or messages. Where the two libraries differ, the
fast path is made stricter, never looser:

- orjson keeps the last of duplicated keys silently, so the parsed value is serialised again
  and the ``":`` in both are counted: every key ends with one, and so does every escaped quote
  followed by a colon inside a string, which both spell ``\\"`` alike. A duplicated key makes
  the counts differ. Files the argument does not cover take the reference path: a key followed
  by white space before its colon, a quote escaped as ``\\u0022``.
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

from ..schema_store import load_schema

_COVERED_NOT = (b"\\u0022", b" :", b"\t:", b"\n:", b"\r:")  # quote escaped by code; space before a colon


@lru_cache(maxsize=None)
def _validator(kind: str):
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)


def fast_parse(raw: bytes, kind: str) -> Any | None:
    """The parsed document when it is well formed and schema-valid, else None (take the reference path)."""
    try:
        import orjson
    except ImportError:
        return None
    if raw.startswith(b"\xef\xbb\xbf") or any(marker in raw for marker in _COVERED_NOT):
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if orjson.dumps(data).count(b'":') != raw.count(b'":'):
        return None  # a duplicated key (orjson kept one of them)
    try:
        return data if isinstance(data, dict) and _validator(kind).is_valid(data) else None
    except ImportError:
        return None
