"""The cleaner: normalise, remove noise lines, mark headings, and keep the record of every change."""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol, Sequence

from .edits import Edit, EditLog, RemovedSpan, reconstruct_raw
from .normalize import NORMALIZE_AFTER_NOISE, NORMALIZE_BEFORE_NOISE
from .features import FEATURES, MAX_SCORED_CHARS, Page, is_prose, name_amid_text, plain_heading, sentence_like
from .rules import (AFFIX_RULES, ANYWHERE, EDGE, HEADING_RULE, RULES, SCORED_RULES, TAIL, LineRule, RuleSet, affix_noise,
                    is_heading_like, scored_rule, signature_shape)
from .scorer import NEIGHBOUR_FEATURES, Scorer, default_scorer, second_pass_vector

RULESET_VERSION = "2.0.0"
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
    """Remove whole noise lines, each with its rule's label and id.

    1. Every line is folded (white-space runs as one space) and marked running text (prose) or
       not (``features.is_prose``).
    2. *anywhere* rules try every line that is not running text: a body sentence that happens to
       start "Related:" or contain "all rights reserved" is never theirs (probe finding F-4).
    3. The opening and closing runs are walked in from each end: *edge* and *tail* rules (and
       the *anywhere* rules meant for running text) mark lines while they match; heading-like
       lines and short fragments (labels, names, at most 8 words without a sentence end) are
       stepped over, not removed; running text or a sentence stops the walk.
    4. The scorer (``scorer.py``) rates each remaining line that is not running text; a line is
       removed when its score reaches the threshold for its place (higher between two stretches
       of running text). The scorer never removes running text, nor a short sentence that bears
       no mark of the page (no furniture word, link, handle, label, credit or date), nor a plain
       heading that introduces running text (a title or a sub-heading): when in doubt, the line
       stays.
    5. The walks run again, so edge rules reach past lines the scorer removed.
    6. In each kept line, noise glued to its end or start after a sentence boundary (an editor's
       signature, a "Read more:" title, a credit, "Advertisement") is removed as a span of its
       own (``rules.AFFIX_RULES``); the rest of the line stays.
    """

    rules: tuple[LineRule, ...] = RULES
    rule: str = "noise"
    scorer: Scorer | None = field(default_factory=default_scorer)
    observe: Callable[..., None] | None = None
    """Called with (page, candidate indices, their first-pass vectors, verdicts): collects training rows."""

    def __post_init__(self) -> None:
        self._ruleset = RuleSet(self.rules)

    def edits(self, text: str) -> list[Edit]:
        # rules see each line with its white-space runs folded to one space (a linear pass), so no
        # pattern ever meets a long run of spaces to backtrack over (probe finding F-7)
        spans = [(m.start(), m.end(), " ".join(m.group().split())) for m in _NONBLANK_LINE.finditer(text)]
        spans = [span for span in spans if span[2]]
        verdicts = self.verdicts([span[2] for span in spans])
        edits = []
        for (start, end, folded), rule in zip(spans, verdicts):
            if rule:
                end = end + 1 if end < len(text) else end  # take the line end along
                edits.append(Edit(start, end, "", rule.label, rule.id))
            elif "  " not in text[start:end] and "\t" not in text[start:end] and text[start:end] == folded:
                affix = affix_noise(folded)  # noise glued to a kept line; offsets hold: the line was already folded
                if affix:
                    cut_start, cut_end, affix_rule = affix
                    edits.append(Edit(start + cut_start, start + cut_end, "", affix_rule.label, affix_rule.id))
        return edits

    def verdicts(self, texts: list[str]) -> list[LineRule | None]:
        """For each folded non-blank line, the rule that removes it, or None."""
        prose = [is_prose(t) for t in texts]
        verdicts: list[LineRule | None] = [None] * len(texts)
        for i, line in enumerate(texts):
            verdicts[i] = self._ruleset.match_prose(line) if prose[i] else self._ruleset.match_anywhere(line)
        tried: dict = {}
        self._walks(texts, prose, verdicts, tried)
        if self.scorer is not None or self.observe is not None:
            if self._score(texts, prose, verdicts):
                self._walks(texts, prose, verdicts, tried)
        return verdicts

    def _walks(self, texts: list[str], prose: list[bool], verdicts: list, tried: dict) -> None:
        """Walk in from both ends while lines are noise or can be stepped over, at most
        ``WALK_STEPS`` lines stepped over in all (``tried`` remembers the lines no rule took, so a
        second walk asks no rule twice)."""
        n = len(texts)
        for order, zones in ((range(n), _HEAD_ZONES), (range(n - 1, -1, -1), _TAIL_ZONES)):
            steps = 0
            for i in order:
                if verdicts[i] is not None:
                    continue
                key = (i, zones)
                rule = None if key in tried else self._ruleset.match(texts[i], zones, prose[i])
                if rule:
                    verdicts[i] = rule
                    continue
                tried[key] = None
                steps += 1
                if prose[i] or steps > WALK_STEPS or not _steps_over(texts[i]):
                    break

    def _score(self, texts: list[str], prose: list[bool], verdicts: list) -> bool:
        n = len(texts)
        # only lines near an edge are scored (the first and last SCORED_EDGE_LINES): noise in the
        # middle of a long text is left to the rules, and the scorer's work per text is bounded
        reach = range(n) if n <= 2 * SCORED_EDGE_LINES else (*range(SCORED_EDGE_LINES), *range(n - SCORED_EDGE_LINES, n))
        page = Page(texts, prose)
        candidates = []
        for i in reach:
            if verdicts[i] is not None or prose[i] or len(texts[i]) > MAX_SCORED_CHARS:
                continue
            if plain_heading(texts[i]) and (
                    (i + 1 < n and (prose[i + 1] or sentence_like(page.line(i + 1))))
                    or (i + 2 < n and prose[i + 2] and verdicts[i + 1] is not None)):
                continue  # a plain heading that introduces text: a title or a sub-heading
            line = page.line(i)
            if sentence_like(line) or affix_noise(texts[i]):
                continue  # a sentence with no mark of the page (or one with noise glued to it): keep
            if page.first_prose < i < page.last_prose and (name_amid_text(line) or signature_shape(texts[i])):
                continue  # a byline or a signature belongs to an edge: amid the article it stays
            candidates.append(i)
        if not candidates:
            return False
        first = {i: page.vector(i) for i in candidates}
        if self.observe is not None:
            self.observe(page, candidates, first, verdicts)
        scorer = self.scorer
        if scorer is None:
            return False
        p = [1.0 if v is not None else 0.0 for v in verdicts]
        for i in candidates:
            p[i] = scorer.first.probability(first[i])
        prefix = list(accumulate(p, initial=0.0))
        removed = False
        for i in candidates:
            x = second_pass_vector(first[i], p, *page.run_sums(prefix, i), i)
            if scorer.second.probability(x) >= scorer.limit(prose[i], page.first_prose < i < page.last_prose):
                verdicts[i] = scored_rule(page.line(i), page.own(i))
                removed = True
        return removed


SCORED_EDGE_LINES = 150
WALK_STEPS = 40  # lines a walk may step over without removing them (bounds its work per text)


def _steps_over(line: str) -> bool:
    """A walk steps over a heading-like line or a short label or fragment (at most 8 words, no
    sentence end): it stops only at running text or a sentence."""
    return is_heading_like(line) or (line.count(" ") < 8 and not line.rstrip("\"'”’)").endswith((".", "!", "?")))
_HEAD_ZONES = frozenset({ANYWHERE, EDGE})
_TAIL_ZONES = frozenset({ANYWHERE, EDGE, TAIL})


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
    rows += [f"| `{r.id}` | {r.label} | {r.zone} | {_cell(r.why)} |" for r in (*RULES, *SCORED_RULES)]
    rows += [f"| `{r.id}` | {r.label} | in-line | {_cell(r.why)} |" for r in AFFIX_RULES]
    rows += ["", "| normalisation | what it does |", "|---|---|"]
    rows += [f"| `{s.rule}` | {_cell(s.why)} |" for s in (*NORMALIZE_BEFORE_NOISE, *NORMALIZE_AFTER_NOISE)]
    rows += ["", "| heading rule | what it marks |", "|---|---|"]
    rows += [f"| `{HEADING_RULE}` | {_HEADING_WHY} |"]
    rows += ["", "| scorer feature | what it measures |", "|---|---|"]
    rows += [f"| `{name}` | {_cell(why)} |" for name, why in (*FEATURES, *NEIGHBOUR_FEATURES)]
    return "\n".join(rows) + "\n"


_HEADING_WHY = (
    "A kept line of at most 12 words and 100 characters that does not end in . ! ? … ; , or : "
    "(inside or outside quotation marks) and starts with a capital, a digit or a quotation mark: "
    "a title or an in-body sub-heading. It stays in the text."
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
