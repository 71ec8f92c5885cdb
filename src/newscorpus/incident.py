"""One validation or consistency finding, located precisely; rendered for people or machines.

As in Universal Dependencies' validate.py, every incident has a level and a stable rule id, so
CI output can be read and grepped: ``FILE:LINE:COL: L<level> <rule-id> <message> (at <pointer>)``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


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

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: L{self.level} {self.rule} {self.message}"
        if self.severity != "error":
            text = f"{where}: L{self.level} {self.rule} [{self.severity}] {self.message}"
        return text + f" (at {self.pointer or '/'})"

    def to_dict(self) -> dict:
        return asdict(self)


def render_json(incidents: list[Incident], **summary) -> str:
    return json.dumps({"incidents": [i.to_dict() for i in incidents], **summary}, ensure_ascii=False, indent=2)


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def split_pointer(text: str) -> list[str]:
    if not text:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in text.split("/")[1:]]
