"""One validation or consistency finding, located precisely; rendered for people or machines.

As in Universal Dependencies' validate.py, every incident has a level and a stable rule id, so
CI output can be read and grepped: ``FILE:LINE:COL: L<level> <rule-id> <message> (at <pointer>)``.
Level-2 incidents also carry, as python-jsonschema's errors do, where in the schema the rule is
(``schema_path``) and what it asked for (``expected``).

Messages are bounded: input can hold megabytes in one value, and a message never echoes more
than :data:`MESSAGE_LIMIT` characters of it (values are cut with an ellipsis and a count).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

MESSAGE_LIMIT = 500  # characters of a whole message
VALUE_LIMIT = 80  # characters of one value quoted in a message


def short(value: Any, limit: int = VALUE_LIMIT) -> str:
    """``repr(value)``, cut to about ``limit`` characters with an ellipsis and the size left out."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    if isinstance(value, (list, tuple, dict, set)) and len(value) > 8:
        text = repr(value)
        if len(text) > limit:
            return f"{text[:limit]}… ({len(value):,} items)"
        return text
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def bounded(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """The message, or its beginning and end around a count of the characters left out."""
    if len(message) <= limit:
        return message
    head, tail = limit * 3 // 5, limit // 5
    return f"{message[:head]}… [{len(message) - head - tail:,} characters left out] …{message[-tail:]}"


@dataclass(frozen=True)
class Incident:
    file: str
    level: int  # 1 well-formed JSON, 2 JSON Schema, 3 semantics, 4 lint (consistency)
    rule: str
    message: str
    pointer: str = ""  # JSON pointer into the file, "" for the whole document
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # or "warning"
    schema_path: str = ""  # level 2: JSON pointer into the schema, to the keyword that failed
    expected: Any = field(default=None, hash=False)  # level 2: that keyword's value

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", bounded(self.message))

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: L{self.level} {self.rule} {self.message}"
        if self.severity != "error":
            text = f"{where}: L{self.level} {self.rule} [{self.severity}] {self.message}"
        return text + f" (at {self.pointer or '/'})"

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = tuple(f.name for f in fields(Incident))


def render_json(incidents: list[Incident], **summary) -> str:
    return json.dumps({"incidents": [i.to_dict() for i in incidents], **summary}, ensure_ascii=False, indent=2)


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def split_pointer(text: str) -> list[str]:
    if not text:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in text.split("/")[1:]]
