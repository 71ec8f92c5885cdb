"""The cleaner: normalise, remove noise lines, mark headings, and keep the record of every change."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from .edits import Edit, EditLog, RemovedSpan, reconstruct_raw
from .normalize import NORMALIZE_AFTER_NOISE, NORMALIZE_BEFORE_NOISE
from .features import FEATURES, MAX_SCORED_CHARS, Page, name_amid_text, plain_heading, sentence_like, title_shape
from .lexicon import AGENCIES as AGENCY_NAMES
from .lines import LineTable, attention_lines, marked_lines
from .glued import AFFIX_RULES, affix_noise
from .rules import (ANYWHERE, CONTEXT_RULES, EDGE, HEADING_RULE, RULES, SCORED_RULES, TAIL, LineRule, RuleSet, after_label,
                    bare_name, gated_by_attention, is_heading_like, is_name_list, opens_list, scored_rule)
from .shapes_attribution import signature_shape
from .shapes_page import reference_entry
from .scorer import NEIGHBOUR_FEATURES, Scorer, default_scorer, second_pass_vector

RULESET_VERSION = "3.1.0"
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


@dataclass
class RemoveNoiseLines:
    """Remove whole noise lines, each with its rule's label and id.

    1. The opening run (the lines down to the first line of running text, ``features.is_prose``)
       and the closing run (up from the last one), at most ``EDGE_LINES`` each, are read line by
       line; every line is folded (white-space runs as one space). The middle of the text is
       read by C-speed prefilters only (``lines.py``): Python looks at a middle line only when
       an *anywhere* or in-line rule could match it, or when it is a short line with a mark of
       the page.
    2. *anywhere* rules try those lines when they are not running text: a body sentence that
       happens to start "Related:" or contain "all rights reserved" is never theirs (F-4).
    3. The opening and closing runs are walked in from each end: *edge* and *tail* rules (and
       the *anywhere* rules meant for running text) mark lines while they match; heading-like
       lines and short fragments (labels, names, at most 8 words without a sentence end) are
       stepped over, not removed; running text or a sentence stops the walk.
    4. The scorer (``scorer.py``) rates the remaining lines of the opening and closing runs that
       are not running text, and, amid the article, the runs of non-prose lines that hold a
       line with a mark of the page; a line is removed when its score reaches the threshold for
       its place (one for the edge runs, one between two stretches of running text). The scorer never removes
       running text, nor a short sentence that bears no mark of the page, nor a plain heading
       that introduces running text: when in doubt, the line stays.
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
        self._gated = gated_by_attention(self.rules)

    def edits(self, text: str) -> list[Edit]:
        lines = LineTable(text)
        verdicts, looked = self.judge(lines)
        edits = []
        for i in sorted(looked):
            start, end = lines.starts[i], lines.ends[i]
            rule = verdicts.get(i)
            if rule:
                end = end + 1 if end < len(text) else end  # take the line end along
                edits.append(Edit(start, end, "", rule.label, rule.id))
                continue
            folded = lines.text(i)
            if folded and end - start == len(folded) and text[start:end] == folded:
                affix = affix_noise(folded)  # noise glued to a kept line; offsets hold: the line was already folded
                if affix:
                    cut_start, cut_end, affix_rule = affix
                    edits.append(Edit(start + cut_start, start + cut_end, "", affix_rule.label, affix_rule.id))
        return edits

    def verdicts(self, texts: list[str]) -> list[LineRule | None]:
        """For each folded non-blank line, the rule that removes it, or None (tests, training)."""
        lines = LineTable.of(texts)
        found, _ = self.judge(lines)
        return [found.get(i) for i in range(len(lines))]

    def judge(self, lines: LineTable) -> tuple[dict[int, LineRule], set[int]]:
        """The rule that removes each removed line, and every line looked at (the others are
        kept without a look: prose amid the article that no rule could match)."""
        n = len(lines)
        if not n:
            return {}, set()
        head = next((i for i in range(min(n, EDGE_LINES)) if lines.prose(i)), min(n, EDGE_LINES) - 1)
        tail = next((i for i in range(n - 1, max(n - EDGE_LINES, 0) - 1, -1) if lines.prose(i)), max(n - EDGE_LINES, 0))
        if head + 1 >= tail or not self._gated:
            middle = (n, n)  # every line is read
            looked = set(range(n))
        else:
            middle = (head + 1, tail)
            looked = {*range(head + 1), *range(tail, n), *attention_lines(lines, *middle)}
        verdicts: dict[int, LineRule] = {}
        for i in looked:
            text = lines.text(i)
            rule = self._ruleset.match_prose(text) if lines.prose(i) else self._ruleset.match_anywhere(text)
            if rule:
                verdicts[i] = rule
        tried: set = set()
        walked = self._walks(lines, verdicts, tried)
        looked.update(walked)
        if self.scorer is not None or self.observe is not None:
            scored = self._score(lines, verdicts, head, tail, middle)
            looked.update(scored)
            if scored and any(i in verdicts for i in scored):
                looked.update(self._walks(lines, verdicts, tried))
        self._split_credits(lines, verdicts, looked)
        looked.update(self._after_labels(lines, verdicts))
        looked.update(self._names_in_place(lines, verdicts))
        looked.update(self._series_links(lines, verdicts))
        looked.update(self._beside_noise(lines, verdicts))
        return verdicts, looked

    @staticmethod
    def _series_links(lines: LineTable, verdicts: dict) -> list[int]:
        """Links to a series' other stories in the closing run: three or more lines below the last
        paragraph that open with the same label before ':' or '|' ('Talking Tech: <title>', 'Talking
        Tech | <title>') or are that label alone; and the reference-list entries down there
        (``shapes_page.reference_entry``)."""
        n = len(lines)
        heads: dict[str, list[int]] = {}
        alone: dict[str, list[int]] = {}
        added: list[int] = []
        for i in range(n - 1, max(n - EDGE_LINES, 0) - 1, -1):  # up to the last paragraph (a link's title may read as prose)
            text = lines.text(i)
            if i not in verdicts and "(" in text and reference_entry(text):
                verdicts[i] = CONTEXT_RULES[7]  # the references below the article
                added.append(i)
                continue
            if lines.prose(i) and text.count(" ") >= _PARAGRAPH_WORDS - 1:
                break
            head = _SERIES_HEAD.match(text)  # lines already removed count too ('Talking Tech' beside the prompt)
            if head:
                heads.setdefault(head.group(1).casefold(), []).append(i)
            elif len(text) <= 40:
                alone.setdefault(text.casefold(), []).append(i)
        for head, found in heads.items():
            if len(head) >= 2 and len(found) + len(alone.get(head, ())) >= 3:  # never "Q: ...", "A: ..."; a speaker rarely thrice
                for i in (*found, *alone.get(head, ())):
                    if i not in verdicts:
                        verdicts[i] = CONTEXT_RULES[6]
                        added.append(i)
        return added

    def _beside_noise(self, lines: LineTable, verdicts: dict) -> list[int]:
        """Lines beside a removed line that a walk could not reach (running text of noise the rules
        do not know stopped it): a line an edge or closing-run rule takes ('By <Name>', '– <Name>',
        a bare date), or a bare name in the opening or closing run, goes with its neighbour; a
        one-word name only between two removed lines (or one and the text's start or end). Each line is looked at once per
        removed neighbour: linear."""
        n = len(lines)
        first_prose = next((i for i in range(min(n, EDGE_LINES)) if lines.prose(i)), n)
        last_prose = next((i for i in range(n - 1, max(n - EDGE_LINES, 0) - 1, -1) if lines.prose(i)), -1)
        title = self._title(lines, Page(lines, first_prose, -1), verdicts)
        added: list[int] = []
        todo = sorted(verdicts)
        while todo:
            i = todo.pop()
            for j in (i - 1, i + 1):
                if not 0 <= j < n or j in verdicts or j == title or lines.prose(j):
                    continue
                text = lines.text(j)
                if len(text) > 160:
                    continue
                rule = self._ruleset.match(text, _TAIL_ZONES, False)
                own_bio = (j + 1) in verdicts and lines.text(j + 1).startswith(text + " ") and bare_name(text, min_tokens=2)
                above_text = j + 1 < n and lines.prose(j + 1) and (j + 1) not in verdicts
                if rule is None and (own_bio or not text.endswith(",") and not above_text):
                    # a name right above running text is its title or heading ('Stacy Keach'), unless the text is
                    # its own removed bio ('Anna Nowogrodzki' / 'Anna Nowogrodzki is a journalist ...'); 'Cheers,'
                    # closes a letter
                    sandwiched = (j == 0 or (j - 1) in verdicts) and (j == n - 1 or (j + 1) in verdicts)  # the text's ends count
                    edge = (j < first_prose or j > last_prose) and (bare_name(text, min_tokens=2) or _dash_name(text))
                    if own_bio or edge or sandwiched and (bare_name(text) or _dash_name(text)):
                        rule = CONTEXT_RULES[5]
                if rule is None and (text.rstrip(": ").casefold() in _STAMP_LABELS
                                     or len(text) <= 3 and not any(ch.isalnum() for ch in text)):
                    rule = CONTEXT_RULES[8]  # "Updated" above the removed date; a lone '-', '«' or '|' of the page
                if rule is None:
                    continue
                verdicts[j] = rule
                added.append(j)
                todo.append(j)
        return added

    @staticmethod
    def _names_in_place(lines: LineTable, verdicts: dict) -> list[int]:
        """A bare name where an author's name stands: right after the opening run's title, beside a
        byline in the opening run (co-authors), or as the last line right after running text."""
        n, added = len(lines), []
        first_prose = next((i for i in range(min(n, EDGE_LINES)) if lines.prose(i)), n)
        page = Page(lines, first_prose, -1)
        title = RemoveNoiseLines._title(lines, page, verdicts)
        if 0 <= title < n - 1 and (title + 1) not in verdicts and bare_name(lines.text(title + 1), min_tokens=2):
            verdicts[title + 1] = CONTEXT_RULES[3]
            added.append(title + 1)
        for i in range(min(first_prose, n, EDGE_LINES)):  # a name beside a byline the rules took
            if i not in verdicts and i != title and bare_name(lines.text(i), min_tokens=2) and any(
                    verdicts.get(j) is not None and verdicts[j].label == "byline" for j in (i - 1, i + 1)):
                verdicts[i] = CONTEXT_RULES[3]
                added.append(i)
        last = n - 1
        if n >= 2 and last not in verdicts and lines.prose(last - 1) and bare_name(lines.text(last)):
            verdicts[last] = CONTEXT_RULES[4]
            added.append(last)
        return added

    def _split_credits(self, lines: LineTable, verdicts: dict, looked: set) -> None:
        """A caption's credit split over two lines amid the article ('Bild:' / 'Reuters', '(Credit:' /
        'Marguerite Reardon/CNET)'): a credit label alone whose next line is a credit's shape (names,
        an agency, 'Name/Agency'), not running text, is the label (the credit follows it, ``_after_labels``)."""
        n = len(lines)
        for i in sorted(looked):
            if i in verdicts or i + 1 >= n or (i + 1) in verdicts or lines.prose(i) or lines.prose(i + 1):
                continue
            text = lines.text(i)
            if len(text) > 40 or not text.endswith(":") or not _LABEL_ALONE_RULE.matches(text):
                continue
            credit = lines.text(i + 1).strip(" ().")
            if credit.count(" ") < 8 and ("/" in credit or is_name_list(credit, max_names=4)):
                verdicts[i] = _LABEL_ALONE_RULE

    @staticmethod
    def _after_labels(lines: LineTable, verdicts: dict) -> list[int]:
        """The lines after a label alone that a rule removed (``rules.after_label``): the name or the
        credit the label announces, or the links of the list a related-stories label opens (every
        title up to the first other line; lines removed by rules among them, dates, are passed)."""
        added = []
        labels = ("boilerplate.label-alone", "credit.label-alone", "boilerplate.page-furniture")
        for i in sorted(i for i, rule in verdicts.items() if rule.id in labels):
            label_rule, label = verdicts[i].id, lines.text(i)
            listing = opens_list(label_rule, label)
            j = i + 1
            while j < len(lines):
                if j in verdicts:
                    if not listing:
                        break
                    j += 1
                    continue
                rule = after_label(label_rule, label, lines.text(j), lines.prose(j))
                if not rule:
                    break
                verdicts[j] = rule
                added.append(j)
                if not listing:
                    break
                j += 1
        return added

    def _walks(self, lines: LineTable, verdicts: dict, tried: set) -> set[int]:
        """Walk in from both ends while lines are noise or can be stepped over, at most
        ``WALK_STEPS`` lines stepped over in all (``tried`` remembers the lines no rule took, so a
        second walk asks no rule twice). Returns the lines walked over."""
        n = len(lines)
        walked = set()
        for order, zones in ((range(n), _HEAD_ZONES), (range(n - 1, -1, -1), _TAIL_ZONES)):
            steps = 0
            for i in order:
                walked.add(i)
                if i in verdicts:
                    continue
                key = (i, zones)
                text, prose = lines.text(i), lines.prose(i)
                rule = None if key in tried else self._ruleset.match(text, zones, prose)
                if rule:
                    verdicts[i] = rule
                    continue
                tried.add(key)
                steps += 1
                if steps > WALK_STEPS or (prose and text.count(" ") >= _PARAGRAPH_WORDS - 1) or not (prose or _steps_over(text)):
                    break
        return walked

    def _score(self, lines: LineTable, verdicts: dict, head: int, tail: int, middle: tuple[int, int]) -> list[int]:
        """Score the candidate lines; returns them (every line it rated)."""
        n = len(lines)
        page = Page(lines, head if lines.prose(head) else n, tail if lines.prose(tail) else -1)
        lo, hi = middle
        reach = [*range(min(lo, n)), *self._marked_runs(lines, page, lo, hi), *range(max(hi, min(lo, n)), n)]
        candidates = []
        title = self._title(lines, page, verdicts)
        for i in reach:
            text = lines.text(i)
            if i in verdicts or not text or lines.prose(i) or len(text) > MAX_SCORED_CHARS:
                continue
            if plain_heading(text) and (
                    (i + 1 < n and (lines.prose(i + 1) or sentence_like(page.line(i + 1))))
                    or (i + 2 < n and lines.prose(i + 2) and (i + 1) in verdicts)):
                continue  # a plain heading that introduces text: a title or a sub-heading
            line = page.line(i)
            if i == title or sentence_like(line) or affix_noise(text) or _tells_news(line) or _slash_pair(text):
                continue  # the title, a sentence with no mark of the page (or one with noise glued to it): keep
            if page.first_prose < i < page.last_prose and (name_amid_text(line) or signature_shape(text)):
                continue  # a byline or a signature belongs to an edge: amid the article it stays
            candidates.append(i)
        if not candidates:
            return []
        first = {i: page.vector(i) for i in candidates}
        if self.observe is not None:
            self.observe(page, candidates, first, verdicts)
        scorer = self.scorer
        if scorer is None:
            return candidates
        p = _Scores(verdicts, n)
        for i in candidates:
            p[i] = scorer.first.probability(first[i])
        for i in candidates:
            start, end = page.run_bounds(i)
            run_sum = sum(p[j] for j in range(start, end + 1))
            x = second_pass_vector(first[i], p, run_sum, end - start + 1, i)
            if scorer.second.probability(x) >= scorer.limit(False, page.first_prose < i < page.last_prose):
                verdicts[i] = scored_rule(page.line(i), page.own(i))
        return candidates

    @staticmethod
    def _title(lines: LineTable, page: Page, verdicts: dict) -> int:
        """The opening run's title: its first headline-shaped line (``features.title_shape``)
        that does not follow a label or a line of furniture; -1 when there is none."""
        for i in range(min(page.first_prose, len(lines), EDGE_LINES)):
            if i in verdicts:
                continue
            if title_shape(lines.text(i)):
                before = lines.text(i - 1).casefold() if i else ""
                listed = before.endswith(":") or (before.count(" ") < 4 and bool(set(before.split()) & _LIST_LABEL_WORDS))
                return -1 if listed else i
        return -1

    @staticmethod
    def _marked_runs(lines: LineTable, page: Page, lo: int, hi: int) -> list[int]:
        """The lines of the non-prose runs amid the article that hold a line with a mark of the page."""
        found: list[int] = []
        last = -1
        for i in marked_lines(lines, lo, hi):
            if i <= last or lines.prose(i):
                continue
            start, end = page.run_bounds(i)
            start, end = max(start, lo, last + 1), min(end, hi - 1)
            found.extend(range(start, end + 1))
            last = end
        return found


_STAMP_LABELS = frozenset({"posted", "published", "updated", "posted on", "published on", "updated on", "last updated",
                           "publié le", "mis à jour", "publicado", "actualizado", "veröffentlicht", "aktualisiert"})
# a series label before a title: one to four words, a capital first, then ':' or ' | ' and a title
_SERIES_HEAD = re.compile(r"([A-Z][\w'’&.-]*(?: [\w'’&.-]+){0,3}?)\s*(?::| \|) +\S")
_LABEL_ALONE_RULE = next(r for r in RULES if r.id == "credit.label-alone")


# words of a label that announces a list of other stories ("Related Articles", "More from X")
_LIST_LABEL_WORDS = frozenset({"related", "more", "further", "reading", "trending", "popular", "recommended", "read",
                               "latest", "top", "stories", "also", "see", "headlines", "videos", "watch", "next"})


def _dash_name(text: str) -> bool:
    """A dash and a bare name ('-Jodi', '– Marcas Grant')."""
    return text[:1] in "-–—" and bare_name(text.lstrip("-–— "))


def _slash_pair(text: str) -> bool:
    """Two single words joined by a slash, neither a news or photo agency ('Ukraine/Russia',
    'AC/DC', 'and/or'): a credit names a person or an agency ('Marguerite Reardon/CNET')."""
    parts = text.split("/")
    return len(parts) == 2 and all(p.isalpha() and p.casefold() not in AGENCY_NAMES for p in parts)


def _tells_news(line) -> bool:
    """An update label followed by a sentence that tells more of the story ("UPDATE: Suspect was
    reportedly suicidal."): the correction rule keeps it, and so does the scorer."""
    lower = line.lower
    return bool(lower) and lower[0] in ("update", "updated") and ":" in line.text[:12] and len(line.words) >= 4 \
        and line.text.rstrip(")\"'”’").endswith((".", "!"))


class _Scores:
    """First-pass scores by line: a candidate's score, else 1 for a line a rule removed, 0 otherwise."""

    __slots__ = ("verdicts", "n", "scores")

    def __init__(self, verdicts: dict, n: int):
        self.verdicts, self.n, self.scores = verdicts, n, {}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> float:
        found = self.scores.get(i)
        return found if found is not None else 1.0 if i in self.verdicts else 0.0

    def __setitem__(self, i: int, value: float) -> None:
        self.scores[i] = value


EDGE_LINES = 150  # lines of the opening (closing) run read line by line at most
WALK_STEPS = 40  # lines a walk may step over without removing them (bounds its work per text)


_PARAGRAPH_WORDS = 15  # running text this long stops a walk; a shorter sentence (a headline, a deck) is stepped over


def _steps_over(line: str) -> bool:
    """A walk steps over a heading-like line or any line that does not end like a sentence (a
    label, a fragment, a deck): it stops only at running text or a sentence."""
    return is_heading_like(line) or not line.rstrip("\"'”’)").endswith((".", "!", "?")) or line.count(" ") < _PARAGRAPH_WORDS - 1
# the anywhere rules have had every line they could match before the walks (``judge``)
_HEAD_ZONES = frozenset({EDGE})
_TAIL_ZONES = frozenset({EDGE, TAIL})


_NOT_A_HEADING_START = frozenset("abcdefghijklmnopqrstuvwxyz")
_NOT_A_HEADING_END = frozenset(".!?…;,:")


def find_headings(text: str) -> tuple[HeadingSpan, ...]:
    """Every heading-like line (``rules.is_heading_like``); a line longer than 120 characters,
    starting with a lower-case letter or ending in closing punctuation is passed over with a
    look at its length and two characters."""
    headings = []
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if 0 < end - start <= 120 and text[start] not in _NOT_A_HEADING_START and text[end - 1] not in _NOT_A_HEADING_END:
            line = text[start:end]
            if is_heading_like(line):
                lead = len(line) - len(line.lstrip())
                headings.append(HeadingSpan(start + lead, end, line[lead:]))
        start = end + 1
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
    rows += [f"| `{r.id}` | {r.label} | {r.zone} | {_cell(r.why)} |" for r in (*RULES, *CONTEXT_RULES, *SCORED_RULES)]
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
