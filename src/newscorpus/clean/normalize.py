"""Deterministic normalisations, each a small step that proposes edits against the current text.

Every change is recorded with the label ``normalization`` and the step's rule id, so the raw
text can be rebuilt exactly. In the order they run:

``norm.bom``            A byte-order mark (U+FEFF) at the very start is removed.
``norm.newline``        CRLF, CR, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR
                        (U+2029) become LF. Nothing else counts as a line end (unlike
                        ``str.splitlines``, vertical tab and form feed do not).
``norm.control``        Control characters other than TAB and LF (C0, DEL, C1; NUL included) are
                        removed: they are never text in a news report.
``norm.invisible``      Invisible format characters are removed: bidirectional embeddings,
                        overrides, isolates and marks (the "Trojan Source" characters), zero-width
                        space, word joiner, a byte-order mark inside the text, soft hyphens; a
                        zero-width joiner or non-joiner only when it does not join two non-ASCII
                        characters (in emoji sequences and joining scripts it is kept).
``norm.trailing-space`` White space at the end of every line is removed.
``norm.nfc``            Text is put in Unicode Normalization Form C. Only the affected characters
                        are replaced; when composition spans wider, the whole line is.
``norm.blank-lines``    Blank lines at the start and end of the text are removed, and runs of
                        blank lines inside it shrink to one (paragraph breaks are kept). This runs
                        after noise removal, so removing a noise line never leaves a gap behind.

None of these steps uses a regular expression that can backtrack: each is a linear scan. A run
of identical edits (adjacent changes of one rule) is proposed as one edit, so a megabyte of bare
CRs is one span of the record, not a million.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from typing import Iterable

from .edits import Edit

LABEL = "normalization"

# runs of line-end characters, LF included: one character class, which the regex engine scans
# without a backtracking stack (a repeated group would keep one entry per repetition)
_LINE_END_RUN = re.compile(r"[\r\n\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]+")


@dataclass(frozen=True)
class StripBOM:
    rule: str = "norm.bom"
    why: str = 'A byte-order mark (U+FEFF) at the very start is removed.'

    def edits(self, text: str) -> list[Edit]:
        return [Edit(0, 1, "", LABEL, self.rule)] if text.startswith("\ufeff") else []


@dataclass(frozen=True)
class NormalizeNewlines:
    rule: str = "norm.newline"
    why: str = 'CRLF, CR, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) become LF; nothing else is a line end.'

    def edits(self, text: str) -> list[Edit]:
        if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
            return []  # the common case, found by C-speed scans
        edits = []
        for m in _LINE_END_RUN.finditer(text):
            run = m.group()
            if run.count("\n") == len(run):
                continue  # LF only: nothing to change
            start, end = m.start(), m.end()
            lead = len(run) - len(run.lstrip("\n"))  # LFs before the first other line end stay as they are
            tail = 0  # LFs after the last other line end, except the LF of a final CRLF
            while tail < len(run) - lead and run[-1 - tail] == "\n" and run[-2 - tail] != "\r":
                tail += 1
            core = run[lead : len(run) - tail]
            edits.append(Edit(start + lead, end - tail, "\n" * (len(core) - core.count("\r\n")), LABEL, self.rule))
        return edits


@dataclass(frozen=True)
class RemoveControlCharacters:
    rule: str = "norm.control"
    why: str = 'Control characters other than TAB and LF (C0, DEL, C1; NUL included) are removed.'

    def edits(self, text: str) -> list[Edit]:
        if text.replace("\n", " ").replace("\t", " ").isprintable():
            return []  # controls are never printable: the common case, decided at C speed
        return [Edit(m.start(), m.end(), "", LABEL, self.rule) for m in _CONTROLS.finditer(text)]


# Default-ignorable format characters that are never text in a news report. ZWJ and ZWNJ are
# decided by their neighbours (see RemoveInvisibleCharacters).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
_JOINERS = "\u200c\u200d"


@dataclass(frozen=True)
class RemoveInvisibleCharacters:
    rule: str = "norm.invisible"
    why: str = ("Invisible format characters are removed: bidirectional overrides, embeddings, isolates and marks, "
                "zero-width space, word joiner, a byte-order mark inside the text, soft hyphen; a zero-width "
                "(non-)joiner unless it joins two non-ASCII characters (emoji sequences, joining scripts).")

    def edits(self, text: str) -> list[Edit]:
        if text.isascii():
            return []  # every character removed here is outside ASCII: decided at C speed
        edits = []
        for m in _INVISIBLE.finditer(text):
            start, end = m.start(), m.end()
            run = m.group()
            if not any(ch in _JOINERS for ch in run):
                edits.append(Edit(start, end, "", LABEL, self.rule))
                continue
            # keep a joiner that stands between two non-ASCII, non-space characters
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            joins = before > "\x7f" and after > "\x7f" and not before.isspace() and not after.isspace()
            for i, ch in enumerate(run):
                if not (ch in _JOINERS and joins):
                    edits.append(Edit(start + i, start + i + 1, "", LABEL, self.rule))
        return coalesce(edits)


@dataclass(frozen=True)
class StripTrailingSpace:
    rule: str = "norm.trailing-space"
    why: str = 'White space at the end of every line is removed.'

    def edits(self, text: str) -> list[Edit]:
        edits, start = [], 0  # one find and one rstrip per line: linear in the text
        while start <= len(text):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            if end > start and text[end - 1].isspace():
                kept = len(text[start:end].rstrip())
                edits.append(Edit(start + kept, end, "", LABEL, self.rule))
            start = end + 1
        return edits


@dataclass(frozen=True)
class NormalizeNFC:
    rule: str = "norm.nfc"
    why: str = 'Text is put in Unicode NFC; only the characters that change are replaced (the whole line when composition reaches wider).'

    def edits(self, text: str) -> list[Edit]:
        if unicodedata.is_normalized("NFC", text):
            return []
        edits, start = [], 0
        while start <= len(text):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            line = text[start:end]
            if not unicodedata.is_normalized("NFC", line):
                edits.extend(_nfc_line_edits(line, start, self.rule))
            start = end + 1
        return coalesce(edits)


def _nfc_line_edits(line: str, offset: int, rule: str) -> list[Edit]:
    """Edits for the smallest spans that change, found around the runs of non-ASCII text.

    ASCII characters never change under NFC and are never the second half of a composition,
    so each non-ASCII run plus the character before it (a possible base) is normalised alone.
    """
    target = unicodedata.normalize("NFC", line)
    edits, rebuilt, pos = [], [], 0
    for match in _NON_ASCII.finditer(line):
        start, end = max(match.start() - 1, pos), match.end()
        window = line[start:end]
        normal = unicodedata.normalize("NFC", window)
        rebuilt.append(line[pos:start])
        rebuilt.append(normal)
        pos = end
        if normal != window:
            head = _common_prefix_length(window, normal)
            tail = _common_prefix_length(window[head:][::-1], normal[head:][::-1])
            edits.append(Edit(offset + start + head, offset + end - tail, normal[head : len(normal) - tail], LABEL, rule))
    rebuilt.append(line[pos:])
    if "".join(rebuilt) != target:  # composition reached across a window: replace the line
        return [Edit(offset, offset + len(line), target, LABEL, rule)]
    return edits


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _common_prefix_length(a: str, b: str) -> int:
    """Length of the common prefix, by bisection over slice comparisons (C speed on long lines)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


@dataclass(frozen=True)
class CollapseBlankLines:
    rule: str = "norm.blank-lines"
    why: str = 'Blank lines at the start and end are removed and runs of blank lines shrink to one; runs after noise removal.'

    def edits(self, text: str) -> list[Edit]:
        edits = []
        # leading blank lines
        lead = len(text) - len(text.lstrip("\n"))
        if lead:
            edits.append(Edit(0, lead, "", LABEL, self.rule))
        if lead == len(text):
            return edits
        # runs of three or more newlines inside: keep two (one blank line)
        pos = lead
        while True:
            run_start = text.find("\n\n\n", pos)
            if run_start < 0:
                break
            run_end = run_start + 3
            while run_end < len(text) and text[run_end] == "\n":
                run_end += 1
            if run_end == len(text):
                break
            edits.append(Edit(run_start + 2, run_end, "", LABEL, self.rule))
            pos = run_end
        # trailing blank lines: keep at most the one line end of the last line
        trail = len(text) - len(text.rstrip("\n"))
        if trail > 1:
            edits.append(Edit(len(text) - trail + 1, len(text), "", LABEL, self.rule))
        return edits


def coalesce(edits: Iterable[Edit]) -> list[Edit]:
    """Join edits that touch (one ends where the next starts) and share a rule into one edit."""
    out: list[Edit] = []
    parts: list[str] = []
    for edit in edits:
        if out and out[-1].end == edit.start and out[-1].rule == edit.rule:
            last = out[-1]
            if not parts:
                parts.append(last.replacement)
            parts.append(edit.replacement)
            out[-1] = Edit(last.start, edit.end, "", last.label, last.rule)
            continue
        _close_run(out, parts)
        out.append(edit)
    _close_run(out, parts)
    return out


def _close_run(out: list[Edit], parts: list[str]) -> None:
    if parts:
        last = out[-1]
        out[-1] = Edit(last.start, last.end, "".join(parts), last.label, last.rule)
        parts.clear()


NORMALIZE_BEFORE_NOISE = (StripBOM(), NormalizeNewlines(), RemoveControlCharacters(), RemoveInvisibleCharacters(),
                          StripTrailingSpace(), NormalizeNFC())
NORMALIZE_AFTER_NOISE = (CollapseBlankLines(),)
