"""Stand-off spans -> escaped HTML: every character of text goes through ``markupsafe.escape``.

Spans (sentences, quotes, cues, entities) may nest or cross; :func:`render_line` opens and
closes elements at span boundaries and, when spans cross, closes and reopens the inner ones so
the HTML stays well formed. Attribute values are escaped by Jinja-style ``xmlattr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = field(default=())
    rank: int = 0  # among marks with the same extent, lower ranks open first (are outer)

    def open(self) -> str:
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in self.attrs if value is not None)
        return f"<{self.tag}{attrs}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def render_line(text: str, offset: int, marks: list[Mark], inserts: dict[int, list[Markup]] | None = None) -> Markup:
    """HTML for ``text`` (which starts at ``offset`` in its document) with ``marks`` applied.

    Marks are clipped to the line. ``inserts`` maps document offsets to ready HTML inserted there
    (removed noise shown in place).
    """
    end_of_line = offset + len(text)
    local = [m for m in marks if m.start < end_of_line and m.end > offset]
    inserts = inserts or {}
    points = sorted({offset, end_of_line, *(max(m.start, offset) for m in local), *(min(m.end, end_of_line) for m in local),
                     *(p for p in inserts if offset <= p <= end_of_line)})
    opening: dict[int, list[Mark]] = {}
    for mark in local:
        opening.setdefault(max(mark.start, offset), []).append(mark)
    out: list[str] = []
    stack: list[Mark] = []
    for i, point in enumerate(points):
        # close everything that ends here (reopening inner marks that outlive a crossing outer one)
        ending = [m for m in stack if min(m.end, end_of_line) == point]
        if ending:
            deepest = min(stack.index(m) for m in ending)
            reopen = [m for m in stack[deepest:] if m not in ending]
            for m in reversed(stack[deepest:]):
                out.append(m.close())
            del stack[deepest:]
            for m in reopen:
                out.append(m.open())
                stack.append(m)
        for html in inserts.get(point, []):
            out.append(str(html))
        for m in sorted(opening.get(point, []), key=lambda m: (-(m.end - m.start), m.rank)):
            out.append(m.open())
            stack.append(m)
        if i + 1 < len(points):
            out.append(str(escape(text[point - offset : points[i + 1] - offset])))
    for m in reversed(stack):
        out.append(m.close())
    return Markup("".join(out))
