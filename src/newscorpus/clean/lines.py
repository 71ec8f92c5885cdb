"""The lines of a text as the noise step sees them, and the C-speed prefilters of the middle.

A :class:`LineTable` holds the offsets of every non-blank line in two arrays; a line is folded
(white-space runs as one space) and judged running text or not only when it is asked about, so
the prose in the middle of an article is never looked at by Python code line by line.

Two prefilters pick the lines of the middle (between the opening and the closing run) that get
any attention at all, each a few C-speed scans of the text (``str.find`` and regular
expressions with a literal or character-class start, which the engine searches without trying
every position):

- :func:`attention_lines`: lines an *anywhere* rule or an in-line (affix) rule could match. It
  is a superset of those rules' own necessary conditions (their ``quick`` tests, length bounds
  and trigger characters), so skipping the other lines changes no verdict; a test checks it.
- :func:`marked_lines`: short lines that bear a mark of the page (a furniture, social-network,
  credit or agency word, a separator, ©, a handle, a link, a bracket): the seeds from which the
  scorer looks at a run of non-prose lines amid the article. A run without any such mark (a
  track list, an address, footnotes, sub-headings) is article text and is not scored.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable

from . import lexicon as lx
from .features import is_prose

_NONBLANK_LINE = re.compile(r"[^\n]+")


class LineTable:
    """The non-blank lines of one text: offsets in arrays, folded text and prose-ness on demand."""

    __slots__ = ("source", "starts", "ends", "_folded", "_prose")

    def __init__(self, text: str):
        self.source = text
        self.starts = array("q")
        self.ends = array("q")
        for m in _NONBLANK_LINE.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
        self._folded: dict[int, str] = {}
        self._prose: dict[int, bool] = {}

    @classmethod
    def of(cls, texts: Iterable[str]) -> "LineTable":
        """A table of already folded, non-blank lines (training and tests)."""
        return cls("\n".join(texts))

    def __len__(self) -> int:
        return len(self.starts)

    def raw(self, i: int) -> str:
        return self.source[self.starts[i]:self.ends[i]]

    def text(self, i: int) -> str:
        """Line ``i`` folded: white-space runs as one space, no space at either end (a linear
        pass, so no rule ever meets a long run of spaces to backtrack over: probe finding F-7)."""
        found = self._folded.get(i)
        if found is None:
            raw = self.source[self.starts[i]:self.ends[i]]
            # printable means no white space but plain spaces (tabs, NBSP and the like are not):
            # then a line with no double space and no space at either end is folded already
            if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
                found = self._folded[i] = raw
            else:
                found = self._folded[i] = " ".join(raw.split())
        return found

    def prose(self, i: int) -> bool:
        found = self._prose.get(i)
        if found is None:
            found = self._prose[i] = is_prose(self.text(i))
        return found

    def index(self, pos: int) -> int:
        """The line that holds text position ``pos`` (or the last one before it)."""
        return bisect_right(self.starts, pos) - 1


# --- attention: lines an anywhere rule or an affix rule could match -----------------------------

# the folded line differs from the raw line: a space at the start, a run of white space, or a
# white-space character other than a plain space (rules see the folded line; Python looks)
# every character str.isspace() calls white space, but the plain space and the line end (a test
# checks the list against str.isspace)
ODD_SPACE = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
             "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_ODD_SPACE_CLASS = re.compile("[" + re.escape(ODD_SPACE) + "]")
# shapes checked at each line start only: a furniture word first (page furniture alone), lines
# of rule symbols, and the anchored quick patterns of the anywhere and affix rules (see rules.py, glued.py)
_LINE_START = _LINE_START_MULTILINE = None  # compiled on first use from rules.py (which imports this package's features)
_TAIL_TRIGGERS = "/:"  # a caption credit, an affix signature or a "Read more:" glued at the end
_ANYWHERE_LITERALS = ("©", "  ", "opyright", "OPYRIGHT", "eserved", "ESERVED", "(c)", "(C)")
_ANYWHERE_LOWER = ("©", "  ", "opyright", "eserved", "(c)")  # searched in the lower-cased text
# an affix credit: "... said. (Reporting by ...)": its role word and "by" (glued.AFFIX_RULES)
_CREDIT_LITERALS = tuple(f"{role} by" for role in ("reporting", "writing", "editing", "compiled", "photo", "photos", "image"))
_CASED_CREDIT_LITERALS = (" by", " By", " BY", " bY")
AFFIX_WINDOW = 240


def word_trie(words) -> str:
    """A regular expression for a set of words as a trie of their letters ('ad|advertising|ads'
    becomes 'ad(?:s|vertising)?'), so that a try fails after a look at one character, not one
    per word."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word.casefold():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(tree)


def _line_start_pattern(multiline: bool = False) -> re.Pattern:
    """The anchored tries at a line start (``match`` at the line), or the same at every line
    start of a stretch (``finditer``: ``^`` in multi-line mode; an empty line fails at once)."""
    global _LINE_START, _LINE_START_MULTILINE
    if multiline:
        if _LINE_START_MULTILINE is None:
            _LINE_START_MULTILINE = re.compile(r"^(?=[^\n])(?:" + _line_start_pattern().pattern + ")", re.MULTILINE)
        return _LINE_START_MULTILINE
    if _LINE_START is None:
        from .rules import anchored_quick_patterns, furniture_first_words

        # "\s" may not reach into the next line here: the patterns are tried at every line start
        quick = "|".join(f"(?:{p})" for p in anchored_quick_patterns()).replace(r"\s", r"[^\S\n]")
        furniture = word_trie(furniture_first_words())
        _LINE_START = re.compile(rf"(?: |[^\w\n]{{0,60}}(?i:{furniture})\b|[_*=~#\-–—.·• ]{{2,}}$|{quick})")
    return _LINE_START


def attention_lines(lines: LineTable, lo: int, hi: int) -> list[int]:
    """Indices of the lines in ``lo..hi-1`` that an anywhere or affix rule could match."""
    if lo >= hi:
        return []
    text = lines.source
    start, end = lines.starts[lo], lines.ends[hi - 1]
    hits: set[int] = set()
    starts, ends = lines.starts, lines.ends
    if hi - lo <= PER_LINE_MIDDLE:  # a few lines: a look at each is cheaper than scans of the whole
        at_start = _line_start_pattern().match  # an anchored try at each line start: no scan of its body
        return sorted(i for i in range(lo, hi)
                      if at_start(text, starts[i], ends[i]) or _line_needs_attention(text[starts[i]:ends[i]]))
    for m in _line_start_pattern(multiline=True).finditer(text, start, end):  # the same tries, in one C loop
        hits.add(lines.index(m.start()))
    middle = text[start:end]
    if _ODD_SPACE_CLASS.search(middle):
        for m in _ODD_SPACE_CLASS.finditer(text, start, end):
            hits.add(lines.index(m.start()))
    lower = middle.lower()
    if len(lower) != len(middle):  # a letter whose lower case is longer: offsets would not hold
        lower, literals = middle, _ANYWHERE_LITERALS + _CASED_CREDIT_LITERALS
    else:
        literals = _ANYWHERE_LOWER + _CREDIT_LITERALS
    for literal in literals:
        _find_all(lower, literal, start, lines, hits)
    for ch in _TAIL_TRIGGERS:
        pos = middle.find(ch)
        while pos >= 0:
            i = lines.index(start + pos)
            if ends[i] - (start + pos) <= AFFIX_WINDOW:
                hits.add(i)
                pos = middle.find(ch, ends[i] - start)
            else:
                pos = middle.find(ch, pos + 1)
    return sorted(i for i in hits if lo <= i < hi)


PER_LINE_MIDDLE = 64


def _line_needs_attention(line: str) -> bool:
    """The scans of ``attention_lines`` for one line (besides the anchored try at its start)."""
    if not line.isprintable() or "  " in line:
        return True  # a white-space character other than a plain space, or a run: the folded line differs
    tail = line[-AFFIX_WINDOW:]
    if "/" in tail or ":" in tail:
        return True
    lower = line.lower()
    if len(lower) != len(line):
        return any(lit in line for lit in _ANYWHERE_LITERALS + _CASED_CREDIT_LITERALS)
    if any(lit in lower for lit in _ANYWHERE_LOWER):
        return True
    return " by" in lower and any(lit in lower for lit in _CREDIT_LITERALS)


def _find_all(middle: str, literal: str, offset: int, lines: LineTable, hits: set[int]) -> None:
    """Add the line of every place ``literal`` occurs in ``middle`` (which starts at ``offset``)."""
    pos = middle.find(literal)
    while pos >= 0:
        i = lines.index(offset + pos)
        hits.add(i)
        pos = middle.find(literal, lines.ends[i] - offset)  # one hit per line is enough


# --- marks of the page, for the scorer amid the article -----------------------------------------

MARK_LINE_CHARS = 200
MAX_SHORT = 2000  # short lines amid one text looked at for marks (bounds the work per text)
MAX_MARKED = 100  # marked lines amid one text that seed the scorer (bounds its work per text)
_MARK_CHARS = frozenset("|•·»©@[]")
_MARK_WORDS = lx.FURNITURE_WORDS | lx.SOCIAL_WORDS | lx.CREDIT_WORDS | lx.AGENCIES | lx.PAGE_WORDS
_STRIP = "\"'“”‘’«»„()[]{}<>,.;:!?…*|•·»«–—-/\\"


@lru_cache(maxsize=4096)
def has_page_mark(line: str) -> bool:
    """A mark of the page on a short line: a separator or bracket, ©, a handle, a link, or a
    furniture, social-network, credit or agency word."""
    if not _MARK_CHARS.isdisjoint(line) or "http" in line or "www." in line:
        return True
    return not _MARK_WORDS.isdisjoint(_WORD.findall(line.casefold()))


_WORD = re.compile(r"[^\W_]+(?:[-+.'’][^\W_]+)*")


def marked_lines(lines: LineTable, lo: int, hi: int) -> list[int]:
    """Indices of the short lines in ``lo..hi-1`` that bear a mark of the page."""
    if lo >= hi:
        return []
    found, short = [], 0
    starts, ends = lines.starts, lines.ends
    for i in range(lo, hi):
        if ends[i] - starts[i] > MARK_LINE_CHARS:
            continue
        short += 1
        if short > MAX_SHORT:
            break
        if has_page_mark(lines.text(i)):
            found.append(i)
            if len(found) >= MAX_MARKED:
                break
    return found
