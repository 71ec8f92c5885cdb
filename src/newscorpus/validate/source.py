"""A JSON file as read, and where things are in it.

:class:`JSONSource` holds a file's bytes, its parsed data and its level-1 incidents.
:class:`Locator` turns a JSON pointer into a line and column in time linear in the file,
whatever the number of incidents: the syntax tree (tree-sitter) is parsed once, each object or
array met on the way to a pointer is indexed once (key -> value node, position -> value node),
and a byte offset becomes a line and a character column by bisection over the newlines and the
multi-byte characters, found once. ``steps`` counts the work, for the tests that prove it linear.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..incident import Incident, split_pointer

_NEWLINE = re.compile(rb"\n")
_LEAD = re.compile(rb"[\xc0-\xff]")  # the first byte of every multi-byte UTF-8 character


class Locator:
    def __init__(self, raw: bytes):
        self.raw = raw
        self.steps = 0  # nodes indexed + pointer parts followed + bisections: linear in file and pointers
        self._tree = None
        self._top = None
        self._children: dict[int, Any] = {}  # node id -> {key: node} or [node, ...]
        self._lines: list[int] | None = None
        self._leads: tuple[list[int], list[int]] | None = None

    # --- byte offset -> line, column -------------------------------------------------------

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of the byte at ``offset``."""
        if self._lines is None:
            self._lines = [m.end() for m in _NEWLINE.finditer(self.raw)]
            self.steps += len(self._lines)
        line = bisect_right(self._lines, offset)  # newlines before the offset
        line_start = self._lines[line - 1] if line else 0
        self.steps += 1
        return line + 1, self._chars(line_start, offset) + 1

    def _chars(self, start: int, end: int) -> int:
        """Characters in raw[start:end], for valid UTF-8, from the multi-byte characters' lead bytes."""
        if self._leads is None:
            offsets, extra, total = [], [], 0
            for match in _LEAD.finditer(self.raw):
                byte = self.raw[match.start()]
                total += 1 if byte < 0xE0 else 2 if byte < 0xF0 else 3
                offsets.append(match.start())
                extra.append(total)
            self._leads = offsets, extra
            self.steps += len(offsets)
        offsets, extra = self._leads

        def extra_before(offset: int) -> int:
            index = bisect_right(offsets, offset - 1)
            return extra[index - 1] if index else 0

        return (end - start) - (extra_before(end) - extra_before(start))

    # --- JSON pointer -> node ----------------------------------------------------------------

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column of the value at ``pointer``; the nearest enclosing value found."""
        if not self.raw:
            return None, None
        node = self._root()
        if node is None:
            return 1, 1
        for part in split_pointer(pointer):
            self.steps += 1
            child = self._child(node, part)
            if child is None:
                break
            node = child
        return self.position(node.start_byte)

    def _root(self):
        if self._tree is None:
            import tree_sitter_json
            from tree_sitter import Language, Parser

            self._tree = Parser(Language(tree_sitter_json.language())).parse(self.raw)
            node = self._tree.root_node
            while node is not None and node.type == "document":
                node = next((c for c in node.named_children if c.type != "comment"), None)
            self._top = node
        return self._top

    def _child(self, node, part: str):
        index = self._children.get(node.id)
        if index is None:
            index = self._children[node.id] = self._index(node)
        if isinstance(index, dict):
            return index.get(part)
        return index[int(part)] if part.isdigit() and int(part) < len(index) else None

    def _index(self, node):
        children = [c for c in node.named_children if c.type != "comment"]
        self.steps += len(children)
        if node.type == "object":
            index = {}
            for pair in children:
                if pair.type != "pair":
                    continue
                key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                name = string_value(key) if key is not None else None
                if name is not None and value is not None:
                    index.setdefault(name, value)  # the first of duplicated keys, as before
            return index
        return children if node.type == "array" else []

    def tree_root(self):
        """The root value node of the syntax tree (for walks over the whole file)."""
        return self._root()


def string_value(node) -> str | None:
    try:
        value = json.loads(node.text.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None


@dataclass
class JSONSource:
    """A JSON file as read: its bytes, its data (None when unreadable) and level-1 incidents."""

    path: Path
    display: str
    raw: bytes = b""
    data: Any = None
    incidents: list[Incident] = field(default_factory=list)
    parsed: bool = False  # the bytes were read as JSON (whose value may be null: ``data`` alone cannot say)
    _locator: Locator | None = field(default=None, repr=False)
    columns: Any = field(default=None, repr=False)  # level 3's span columns, when the fast path made them

    @property
    def ok(self) -> bool:
        return self.parsed and not self.incidents

    @property
    def locator(self) -> Locator:
        if self._locator is None:
            self._locator = Locator(self.raw)
        return self._locator

    def incident(self, level: int, rule: str, message: str, pointer: str = "", severity: str = "error", **extra) -> Incident:
        try:
            line, column = self.locator.locate(pointer)
        except ImportError:  # no parser available: locate the file only
            line, column = None, None
        return Incident(self.display, level, rule, message, pointer, line, column, severity, **extra)

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        return self.locator.locate(pointer)

    def position(self, offset: int) -> tuple[int, int]:
        return self.locator.position(offset)
