"""The cleaner: normalise, remove noise lines, mark headings, and keep the record of every change."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Protocol, Sequence

from .edits import Edit, EditLog, RemovedSpan, reconstruct_raw
from .normalize import NORMALIZE_AFTER_NOISE, NORMALIZE_BEFORE_NOISE
from .rules import ANYWHERE, EDGE, HEADING_RULE, RULES, TAIL, LineRule, RuleSet, is_heading_like

RULESET_VERSION = "1.2.0"
"""Bumped whenever a rule or normalisation changes what the cleaner outputs."""

NORMALIZATION = "normalization"


class Step(Protocol):
    rule: str

    def edits(self, text: str) -> list[Edit]: ...


@dataclass(frozen=True, slots=True)
class HeadingSpan:
    """A heading line of the clean text (clean offsets, code points), kept in the text."""

    start: int
    end: int
    text: str
    rule: str = HEADING_RULE

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class CleanResult:
    """The clean text, every change from the raw text (raw offsets), and the headings (clean offsets)."""

    text: str
    removed: tuple[RemovedSpan, ...]
    headings: tuple[HeadingSpan, ...]

    @property
    def noise(self) -> tuple[RemovedSpan, ...]:
        """The removed noise lines, without the normalisation edits."""
        return tuple(span for span in self.removed if span.label != NORMALIZATION)

    def raw_text(self) -> str:
        return reconstruct_raw(self.text, self.removed)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "removed": [span.to_dict() for span in self.removed],
            "headings": [heading.to_dict() for heading in self.headings],
        }


_NONBLANK_LINE = re.compile(r"[^\n]+")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, the end excluding its "\n"."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        yield start, end
        start = end + 1


@dataclass
class RemoveNoiseLines:
    """Remove whole lines that a noise rule recognises, each with its rule's label and id."""

    rules: tuple[LineRule, ...] = RULES
    rule: str = "noise"

    def __post_init__(self) -> None:
        self._ruleset = RuleSet(self.rules)

    def edits(self, text: str) -> list[Edit]:
        # rules see each line with its white-space runs folded to one space (a linear pass), so no
        # pattern ever meets a long run of spaces to backtrack over (probe finding F-7)
        lines = [(m.start(), m.end(), " ".join(m.group().split())) for m in _NONBLANK_LINE.finditer(text)]
        lines = [line for line in lines if line[2]]
        verdicts: dict[int, LineRule] = {}
        for start, _, line in lines:  # shapes that are noise wherever they stand
            rule = self._ruleset.match_anywhere(line)
            if rule:
                verdicts[start] = rule
        self._walk(lines, verdicts, frozenset({ANYWHERE, EDGE}))
        self._walk(reversed(lines), verdicts, frozenset({ANYWHERE, EDGE, TAIL}))
        edits = []
        for start, end, _ in lines:
            rule = verdicts.get(start)
            if rule:
                end = end + 1 if end < len(text) else end  # take the line end along
                edits.append(Edit(start, end, "", rule.label, rule.id))
        return edits

    def _walk(self, lines, verdicts: dict[int, LineRule], zones: frozenset[str]) -> None:
        """Mark noise in the run of non-prose lines at one end of the text; stop at prose."""
        for start, _, line in lines:
            if start in verdicts:
                continue
            rule = self._ruleset.match(line, zones)
            if rule:
                verdicts[start] = rule
            elif not is_heading_like(line):
                return


def find_headings(text: str) -> tuple[HeadingSpan, ...]:
    headings = []
    for start, end in _lines(text):
        line = text[start:end]
        if is_heading_like(line):
            lead = len(line) - len(line.lstrip())
            headings.append(HeadingSpan(start + lead, end, line[lead:]))
    return tuple(headings)


@dataclass
class Cleaner:
    """Runs the normalisation steps, the noise step and the final normalisation, in order.

    ``stats`` counts, per rule id, the changes made across every call (datatrove-style step
    statistics), so a corpus run can report what each rule did.
    """

    before: Sequence[Step] = NORMALIZE_BEFORE_NOISE
    noise: Step = field(default_factory=RemoveNoiseLines)
    after: Sequence[Step] = NORMALIZE_AFTER_NOISE
    stats: Counter = field(default_factory=Counter)

    def clean(self, raw: str) -> CleanResult:
        log = EditLog(raw)
        for step in (*self.before, self.noise, *self.after):
            log.apply(step.edits(log.text))
        removed = tuple(log.spans())
        self.stats.update(span.rule for span in removed)
        headings = find_headings(log.text)
        self.stats["heading.short-line"] += len(headings)
        return CleanResult(log.text, removed, headings)


def clean_text(raw: str) -> CleanResult:
    """Clean one decoded raw text with the default rules."""
    return Cleaner().clean(raw)


def rules_markdown() -> str:
    """The rule set as Markdown tables (README and ``newscorpus clean --list-rules``)."""
    rows = ["| rule | label | zone | what it removes |", "|---|---|---|---|"]
    rows += [f"| `{r.id}` | {r.label} | {r.zone} | {_cell(r.why)} |" for r in RULES]
    rows += ["", "| normalisation | what it does |", "|---|---|"]
    rows += [f"| `{s.rule}` | {_cell(s.why)} |" for s in (*NORMALIZE_BEFORE_NOISE, *NORMALIZE_AFTER_NOISE)]
    rows += ["", "| heading rule | what it marks |", "|---|---|"]
    rows += [f"| `{HEADING_RULE}` | {_HEADING_WHY} |"]
    return "\n".join(rows) + "\n"


_HEADING_WHY = (
    "A kept line of at most 12 words and 100 characters that does not end in . ! ? … ; , or : "
    "(inside or outside quotation marks) and starts with a capital, a digit or a quotation mark: "
    "a title or an in-body sub-heading. It stays in the text."
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
