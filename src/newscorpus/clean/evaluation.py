"""Line-level precision and recall of the cleaner on labelled windows of real article text.

A case is a short window of one article's lines (``lines``), each labelled noise or content
(``noise``, ``kind``); the format and the labelling policy are in ``data/cleaning/README.md``.
The count is the one of the independent scorer (``../shared/tools/eval_cleaning.py``): the case
is cleaned as the text ``"\\n".join(lines) + "\\n"``, and a line counts as removed when removed
spans (every span of the change record, normalisations included) cover at least half of its
non-space characters.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

Spans = Sequence[tuple[int, int]]
CleanFn = Callable[[str], Spans]
"""Cleans one case's text and returns the removed spans (raw offsets)."""


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    lines: tuple[str, ...]
    noise: tuple[bool, ...]
    kind: tuple[str | None, ...]
    position: str = ""
    language: str = "en"
    note: str = ""
    split: str = "train"  # "heldout": a case that never trains the scorer (grown set), see data/cleaning/README.md

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def group(self) -> str:
        """The site the case comes from (for grouped cross-validation); the document when unknown."""
        url = re.search(r"\((https?://[^)\s]+)\)", self.source) or re.match(r"https?://\S+", self.source)
        if url:
            host = url.group(1) if url.lastindex else url.group(0)
            return _site(host.split("/")[2])
        named = re.search(r"Site: ([a-z0-9.-]+\.[a-z]{2,})\b", self.note)
        if named:
            return _site(named.group(1))
        return self.source.split(" ")[0]


def _site(host: str) -> str:
    """The registrable part of a host name, roughly: its last two labels, or three under a
    generic second level ("telegraph.co.uk") or a blog-hosting service ("x.blogspot.com")."""
    labels = host.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"} and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    if len(labels) >= 3 and ".".join(labels[-2:]) in _HOSTING:
        return ".".join(labels[-3:])  # a blog on a hosting service is a site of its own
    return ".".join(labels[-2:])


_HOSTING = frozenset({"blogspot.com", "wordpress.com", "pages.dev", "blogs.com", "tumblr.com", "substack.com"})


def load_cases(path: Path, languages: dict[str, str] | None = None) -> list[Case]:
    """Cases of a JSON Lines file; a case's language is its ``language`` field, else ``languages[id]``, else English."""
    cases = []
    with open(path, encoding="utf-8") as handle:
        for number, row in enumerate(handle, 1):
            if not row.strip():
                continue
            data = json.loads(row)
            lines = tuple(data["lines"])
            kind = tuple(data.get("kind") or [None] * len(lines))
            if not (len(lines) == len(data["noise"]) == len(kind)):
                raise ValueError(f"{path}:{number}: case {data.get('id')}: lines, noise and kind differ in length")
            language = data.get("language") or (languages or {}).get(data["id"], "en")
            cases.append(Case(data["id"], data.get("source", ""), lines, tuple(bool(n) for n in data["noise"]), kind,
                              data.get("position", ""), language, data.get("note", ""), data.get("split", "train")))
    return cases


def removed_lines(case: Case, removed: Spans) -> list[bool]:
    """For each line of the case: do removed spans cover at least half of its non-space characters?"""
    text = case.text
    covered = _coverage(len(text), removed)
    out, pos = [], 0
    for line in case.lines:
        start, end = pos, pos + len(line)
        pos = end + 1
        chars = [i for i in range(start, end) if not text[i].isspace()]
        hit = sum(1 for i in chars if covered(i))
        out.append(bool(chars) and hit * 2 >= len(chars))
    return out


def _coverage(length: int, spans: Spans) -> Callable[[int], bool]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    starts = [s for s, _ in merged]

    def covered(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and merged[k][0] <= i < merged[k][1]

    return covered


@dataclass
class Incident:
    case: str
    what: str  # "FALSE-REMOVAL" or "MISSED"
    kind: str
    line: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [removed, total]

    def add(self, kind: str | None, noise: bool, cut: bool) -> None:
        if noise:
            counts = self.by_kind.setdefault(kind or "noise", [0, 0])
            counts[1] += 1
            counts[0] += cut
        if cut and noise:
            self.tp += 1
        elif cut:
            self.fp += 1
        elif noise:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def kind_recall(self) -> dict[str, tuple[float, int, int]]:
        return {k: (r / n if n else 0.0, r, n) for k, (r, n) in sorted(self.by_kind.items())}

    def line(self) -> str:
        return (f"precision={self.precision:.3f} recall={self.recall:.3f} "
                f"(tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn})")

    def kinds_line(self) -> str:
        return ", ".join(f"{k} {r:.2f} ({a}/{n})" for k, (r, a, n) in self.kind_recall().items())


@dataclass
class Evaluation:
    all: Score
    english: Score
    incidents: list[Incident]
    errors: list[tuple[str, str]]


def evaluate(cases: Iterable[Case], clean: CleanFn) -> Evaluation:
    """Score ``clean`` on ``cases``: overall, on English cases, and every false removal and miss."""
    total, english, incidents, errors = Score(), Score(), [], []
    for case in cases:
        try:
            cut = removed_lines(case, clean(case.text))
        except Exception as exc:  # noqa: BLE001 - a failing case is reported, never hidden
            errors.append((case.id, f"{type(exc).__name__}: {exc}"))
            continue
        for line, noise, kind, removed in zip(case.lines, case.noise, case.kind, cut):
            total.add(kind, noise, removed)
            if case.language == "en":
                english.add(kind, noise, removed)
            if removed != noise:
                incidents.append(Incident(case.id, "FALSE-REMOVAL" if removed else "MISSED", kind or "-", line))
    return Evaluation(total, english, incidents, errors)


def clean_spans(text: str) -> list[tuple[int, int]]:
    """The cleaner as ``newscorpus clean FILE --json`` runs it: decoded as a file is, every removed span."""
    from ..raw import decode_text
    from .cleaner import clean_text

    result = clean_text(decode_text(text.encode("utf-8"), "case"))
    return [(span.start, span.end) for span in result.removed]


def iter_rows(paths: Sequence[Path]) -> Iterator[dict]:
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for row in handle:
                if row.strip():
                    yield json.loads(row)


def kind_counts(cases: Iterable[Case]) -> Counter:
    return Counter(kind for case in cases for kind, noise in zip(case.kind, case.noise) if noise)
