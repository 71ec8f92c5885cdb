"""Reading and writing annotation files.

Reading never raises for bad content: :func:`load_json` returns the parsed data (or None) with
the level-1 incidents it met (size, encoding, nesting, syntax, duplicate keys, NaN), and can
locate any JSON pointer as a line and column, for the messages of every later level.

Writing is deterministic and diff-friendly: the file's frame is indented, and every item of an
``items`` list sits on one line of its own, so a pull request that changes one annotation
changes one line.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write_bytes
from ..incident import Incident, split_pointer
from .model import canonical_item

DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def max_json_bytes() -> int:
    """Annotation files above this size are refused: 16 MiB, or ``NEWSCORPUS_MAX_JSON_BYTES``
    (which ``newscorpus validate --max-bytes`` sets, for its workers too)."""
    return int(os.environ.get("NEWSCORPUS_MAX_JSON_BYTES") or DEFAULT_MAX_BYTES)
MAX_DEPTH = 32  # the deepest legitimate path is 6 levels; anything far deeper is an error

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


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


def _nesting_depth(raw: bytes) -> tuple[int, int]:
    """Maximum bracket nesting outside strings, and the byte offset where it is first reached."""
    skeleton = _STRING.sub(b'""', raw)
    brackets = skeleton.translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0, 0
    depths = list(accumulate(1 if b in b"[{" else -1 for b in brackets))
    deepest = max(depths)
    if deepest <= MAX_DEPTH:
        return deepest, 0
    # position of the first bracket past the limit, in the original bytes
    nth = next(i for i, d in enumerate(depths) if d > MAX_DEPTH)
    seen = -1
    for match in re.finditer(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', raw):
        if match.group() in (b"[", b"]", b"{", b"}"):
            seen += 1
            if seen == nth:
                return deepest, match.start()
    return deepest, 0


@dataclass
class JSONSource:
    """A JSON file as read: its bytes, its data (None when unreadable) and level-1 incidents."""

    path: Path
    display: str
    raw: bytes = b""
    data: Any = None
    incidents: list[Incident] = field(default_factory=list)
    parsed: bool = False  # the bytes were read as JSON (whose value may be null: ``data`` alone cannot say)
    _tree: Any = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.parsed and not self.incidents

    def _position(self, offset: int) -> tuple[int, int]:
        line = self.raw.count(b"\n", 0, offset) + 1
        start = self.raw.rfind(b"\n", 0, offset) + 1
        return line, len(self.raw[start:offset].decode("utf-8", errors="replace")) + 1

    def incident(self, level: int, rule: str, message: str, pointer: str = "", severity: str = "error") -> Incident:
        line, column = self.locate(pointer)
        return Incident(self.display, level, rule, message, pointer, line, column, severity)

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column (1-based, in characters) of the value at ``pointer``; the nearest found."""
        if not self.raw:
            return None, None
        try:
            node = self._syntax_tree().root_node
        except Exception:  # no parser available: locate the file only
            return None, None
        while node is not None and node.type == "document":
            node = next((c for c in node.named_children if c.type != "comment"), None)
        if node is None:
            return 1, 1
        for part in split_pointer(pointer):
            child = _child(node, part)
            if child is None:
                break
            node = child
        return self._position(node.start_byte)

    def _syntax_tree(self):
        if self._tree is None:
            import tree_sitter_json
            from tree_sitter import Language, Parser

            self._tree = Parser(Language(tree_sitter_json.language())).parse(self.raw)
        return self._tree


def _child(node, part: str):
    if node.type == "object":
        for pair in node.named_children:
            if pair.type != "pair":
                continue
            key = pair.child_by_field_name("key")
            if key is not None and _string_value(key) == part:
                return pair.child_by_field_name("value")
        return None
    if node.type == "array" and part.isdigit():
        values = [c for c in node.named_children if c.type != "comment"]
        index = int(part)
        return values[index] if index < len(values) else None
    return None


def _string_value(node) -> str | None:
    try:
        return json.loads(node.text.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def _duplicate_key_pointer(source: JSONSource, key: str) -> str:
    """Where a duplicated key occurs (second occurrence), found on the syntax tree."""
    try:
        root = source._syntax_tree().root_node
    except Exception:
        return ""
    stack = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node.type == "object":
            seen = set()
            for pair in node.named_children:
                if pair.type != "pair":
                    continue
                name = _string_value(pair.child_by_field_name("key"))
                if name == key and name in seen:
                    return path + "/" + str(name).replace("~", "~0").replace("/", "~1")
                seen.add(name)
                value = pair.child_by_field_name("value")
                if value is not None:
                    stack.append((value, path + "/" + str(name).replace("~", "~0").replace("/", "~1")))
        elif node.type in ("array", "document"):
            values = [c for c in node.named_children if c.type != "comment"]
            for index, value in enumerate(values):
                stack.append((value, path + ("/" + str(index) if node.type == "array" else "")))
    return ""


def load_json(path: Path, display: str | None = None, *, max_bytes: int | None = None) -> JSONSource:
    """Read and parse ``path``; every problem becomes a level-1 incident instead of an exception."""
    max_bytes = max_json_bytes() if max_bytes is None else max_bytes
    path = Path(path)
    source = JSONSource(path, display or str(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            source.incidents.append(
                Incident(source.display, 1, "json.too-large", f"file is {size} bytes, above the limit of {max_bytes} bytes (--max-bytes, NEWSCORPUS_MAX_JSON_BYTES)")
            )
            return source
        source.raw = path.read_bytes()
    except OSError as exc:
        source.incidents.append(Incident(source.display, 1, "json.unreadable", f"cannot read: {exc.strerror or exc}"))
        return source
    try:
        text = source.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = source._position(exc.start)
        source.incidents.append(
            Incident(source.display, 1, "json.encoding", f"not UTF-8: invalid byte 0x{source.raw[exc.start]:02x} at byte offset {exc.start}", "", line, column)
        )
        return source
    if text.startswith("\ufeff"):
        source.incidents.append(Incident(source.display, 1, "json.bom", "starts with a byte-order mark; save as UTF-8 without BOM", "", 1, 1))
        return source
    depth, at = _nesting_depth(source.raw)
    if depth > MAX_DEPTH:
        line, column = source._position(at)
        source.incidents.append(
            Incident(source.display, 1, "json.too-deep", f"nested {depth} levels deep; the limit is {MAX_DEPTH}", "", line, column)
        )
        return source
    try:
        source.data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
        source.parsed = True
    except json.JSONDecodeError as exc:
        source.incidents.append(Incident(source.display, 1, "json.syntax", exc.msg, "", exc.lineno, exc.colno))
    except _DuplicateKey as exc:
        where = _duplicate_key_pointer(source, str(exc))
        source.incidents.append(source.incident(1, "json.duplicate-key", f"key {str(exc)!r} appears twice in one object", where))
    except _BadConstant as exc:
        blanked = _STRING.sub(lambda m: b'"' + b" " * (len(m.group()) - 2) + b'"', source.raw)
        at = re.search(rb"-?(?:NaN|Infinity)", blanked)
        line, column = source._position(at.start()) if at else (None, None)
        source.incidents.append(Incident(source.display, 1, "json.constant", f"{exc} is not JSON (use a number or null)", "", line, column))
    except RecursionError:
        source.incidents.append(Incident(source.display, 1, "json.too-deep", "nested too deeply to read"))
    return source


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
