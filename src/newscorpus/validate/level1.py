"""Level 1: is the file well-formed JSON? (encoding, size, nesting, syntax, duplicate keys, NaN)

Reading never raises for bad content: :func:`load_json` returns a :class:`JSONSource` with the
parsed data (or None) and the level-1 incidents it met, located.

Linear in the file, whatever its shape: the bytes are read once (never more than the limit) and
parsed once by the standard library's C parser, which reads each string once however its quotes
are escaped and locates its own syntax errors. What that parser accepts and the format refuses
is caught by its hooks (duplicate keys, NaN and Infinity), by its ``ValueError`` (integers longer
than Python reads) and by one walk over the parsed data (nesting). Only to *locate* those does
a tokenizer pass over the bytes, once: its string pattern cannot fail (a string left open ends
at the end of the file), so no byte is scanned again from a later quote.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import NewscorpusError
from .rules import unlocated
from .source import JSONSource, string_value

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32  # the deepest legitimate path is 6 levels; anything far deeper is an error
MAX_INT_DIGITS = 4300  # Python's own limit for reading an integer (sys.get_int_max_str_digits)

_TOKEN = re.compile(
    rb'(?P<string>"[^"\\]*(?:\\.[^"\\]*)*"?)'  # never fails: an open string runs to the end
    rb"|(?P<open>[\[{])|(?P<close>[\]}])"
    rb"|(?P<constant>-?(?:NaN|Infinity))"
    rb"|(?P<number>-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?)",
    re.S,
)


def max_json_bytes() -> int:
    """Annotation files above this size are refused: 16 MiB, or ``NEWSCORPUS_MAX_JSON_BYTES``
    (which ``newscorpus validate --max-bytes`` sets, for its workers too)."""
    value = os.environ.get("NEWSCORPUS_MAX_JSON_BYTES", "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    limit = int(value) if value.isdigit() else 0
    if limit <= 0:
        raise NewscorpusError(f"NEWSCORPUS_MAX_JSON_BYTES={value!r}: the limit must be a positive number of bytes", rule="usage")
    return limit


class _DuplicateKey(ValueError):
    pass


class _BadConstant(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data


def _constant(name: str) -> Any:
    raise _BadConstant(name)


def first_token(raw: bytes, want) -> tuple[int, bytes] | None:
    """The first token outside strings that ``want(kind, token, depth)`` accepts: (offset, token)."""
    depth = 0
    for match in _TOKEN.finditer(raw):
        kind = match.lastgroup
        if kind == "string":
            continue
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        token = match.group()
        if want(kind, token, depth):
            return match.start(), token
    return None


def _too_deep(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


def read_bounded(path: Path, display: str, max_bytes: int) -> tuple[bytes | None, list]:
    """The file's bytes, or the level-1 incident saying why not: never more than the limit read."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return None, [unlocated(display, "json.unreadable", "cannot read: it is a directory")]
        if not stat.S_ISREG(info.st_mode):
            return None, [unlocated(display, "json.unreadable", "cannot read: not a regular file")]
        if info.st_size > max_bytes:
            return None, [_too_large(display, f"{info.st_size} bytes", max_bytes)]
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return None, [unlocated(display, "json.unreadable", f"cannot read: {exc.strerror or exc}")]
    if len(raw) > max_bytes:
        return None, [_too_large(display, "more than that", max_bytes)]
    return raw, []


def _too_large(display: str, size: str, limit: int):
    return unlocated(display, "json.too-large", f"file is {size}, above the limit of {limit} bytes (--max-bytes, NEWSCORPUS_MAX_JSON_BYTES)")


def load_json(path: Path, display: str | None = None, *, max_bytes: int | None = None, raw: bytes | None = None) -> JSONSource:
    """Read (unless ``raw`` is given) and parse ``path``; every problem is a level-1 incident, never an exception."""
    path = Path(path)
    source = JSONSource(path, display or str(path))
    if raw is None:
        raw, source.incidents = read_bounded(path, source.display, max_json_bytes() if max_bytes is None else max_bytes)
        if raw is None:
            return source
    source.raw = raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", errors="replace")) + 1
        source.incidents.append(unlocated(source.display, "json.encoding", f"not UTF-8: invalid byte 0x{raw[exc.start]:02x} at byte offset {exc.start}", line, column))
        return source
    if text.startswith("\ufeff"):
        source.incidents.append(unlocated(source.display, "json.bom", "starts with a byte-order mark; save as UTF-8 without BOM", 1, 1))
        return source
    source.incidents += parse_text(source, text)
    return source


def parse_text(source: JSONSource, text: str) -> list:
    """Parse ``text`` into ``source.data``; the level-1 incidents of what the format refuses."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        return [unlocated(source.display, "json.syntax", exc.msg, exc.lineno, exc.colno)]
    except _DuplicateKey as exc:
        where, offset = duplicate_key(source, str(exc))
        return [_at(source, "json.duplicate-key", f"key {str(exc)!r} appears twice in one object", where, offset)]
    except _BadConstant as exc:
        found = first_token(source.raw, lambda kind, token, depth: kind == "constant")
        return [_at(source, "json.constant", f"{exc} is not JSON (use a number or null)", "", found and found[0])]
    except RecursionError:
        return [_deep(source)]
    except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
        found = first_token(source.raw, lambda kind, token, depth: kind == "number" and _int_digits(token) > MAX_INT_DIGITS)
        digits = f" of {_int_digits(found[1]):,} digits" if found else ""
        return [_at(source, "json.integer-too-long", f"an integer{digits}; the limit is {MAX_INT_DIGITS:,} digits", "", found and found[0])]
    if _too_deep(data):
        return [_deep(source)]
    source.data, source.parsed = data, True
    return []


def _int_digits(token: bytes) -> int:
    return 0 if any(c in token for c in b".eE") else len(token.lstrip(b"-"))


def _deep(source: JSONSource):
    found = first_token(source.raw, lambda kind, token, depth: kind == "open" and depth > MAX_DEPTH)
    return _at(source, "json.too-deep", f"nested more than {MAX_DEPTH} levels deep (the format needs 6)", "", found and found[0])


def _at(source: JSONSource, rule_id: str, message: str, where: str, offset: int | None):
    line, column = source.position(offset) if offset is not None else (None, None)
    return unlocated(source.display, rule_id, message, line, column, where)


def duplicate_key(source: JSONSource, key: str) -> tuple[str, int | None]:
    """Where a duplicated key occurs a second time: its pointer and byte offset (one walk of the tree)."""
    try:
        root = source.locator.tree_root()
    except ImportError:
        return "", None
    stack = [(root, "")] if root is not None else []
    while stack:
        node, path = stack.pop()
        children = [c for c in node.named_children if c.type != "comment"]
        nested = []
        if node.type == "object":
            seen = set()
            for pair in children:
                if pair.type != "pair":
                    continue
                name = string_value(pair.child_by_field_name("key"))
                member = path + "/" + str(name).replace("~", "~0").replace("/", "~1")
                if name == key and name in seen:
                    return member, pair.start_byte
                seen.add(name)
                value = pair.child_by_field_name("value")
                if value is not None:
                    nested.append((value, member))
        elif node.type == "array":
            nested = [(value, f"{path}/{index}") for index, value in enumerate(children)]
        stack.extend(reversed(nested))  # document order
    return "", None
