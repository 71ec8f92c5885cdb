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

None of these steps uses a regular expression that can backtrack: each is a linear scan. Edits
are proposed as an :class:`~.edits.EditBatch` (arrays, no object per edit), and a run of
identical edits (adjacent changes of one rule) is proposed as one edit, so a megabyte of bare
CRs is one span of the record, not a million.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .edits import Edit, EditBatch

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

    def edits(self, text: str) -> EditBatch | tuple:
        if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
            return ()  # the common case, found by C-speed scans
        edits = EditBatch(text)
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
            edits.add(start + lead, end - tail, "\n" * (len(core) - core.count("\r\n")), LABEL, self.rule)
        return edits


@dataclass(frozen=True)
class RemoveControlCharacters:
    rule: str = "norm.control"
    why: str = 'Control characters other than TAB and LF (C0, DEL, C1; NUL included) are removed.'

    def edits(self, text: str) -> EditBatch | tuple:
        if text.replace("\n", " ").replace("\t", " ").isprintable():
            return ()  # controls are never printable: the common case, decided at C speed
        edits = EditBatch(text)
        edits.add_removals(_CONTROLS.finditer(text), LABEL, self.rule)
        return edits


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

    def edits(self, text: str) -> EditBatch | tuple:
        if text.isascii() or text.replace("\n", " ").replace("\t", " ").isprintable():
            return ()  # every character removed here is outside ASCII and not printable: decided at C speed
        edits = EditBatch(text)
        for m in _INVISIBLE.finditer(text):
            start, end = m.start(), m.end()
            run = m.group()
            if not any(ch in _JOINERS for ch in run):
                edits.add(start, end, "", LABEL, self.rule)
                continue
            # keep a joiner that stands between two non-ASCII, non-space characters
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            joins = before > "\x7f" and after > "\x7f" and not before.isspace() and not after.isspace()
            for i, ch in enumerate(run):
                if not (ch in _JOINERS and joins):
                    edits.add(start + i, start + i + 1, "", LABEL, self.rule)
        return edits


MANY_LINES = 20_000
_SPACE_BEFORE_LINE_END = re.compile(r"(?<![^\S\n])[^\S\n]+(?=\n|\Z)")  # a run inside a line: backtracked over once


@dataclass(frozen=True)
class StripTrailingSpace:
    rule: str = "norm.trailing-space"
    why: str = 'White space at the end of every line is removed.'

    def edits(self, text: str) -> EditBatch:
        if text.count("\n") > MANY_LINES:
            # many short lines: one C-speed search for the white-space runs that end a line; it starts
            # only where a run starts (the look-behind) and takes the run whole (possessive), so a run
            # inside a line is scanned once, never backtracked over (probe finding F-7)
            edits = EditBatch(text)
            edits.add_removals(_SPACE_BEFORE_LINE_END.finditer(text), LABEL, self.rule)
            return edits
        # one find per line and a look at its last character (C speed on ordinary text, whose lines
        # are long); an rstrip only of a line that ends in white space: linear whatever the shape
        edits: EditBatch | tuple = ()
        spans: list[tuple[int, int]] = []
        start, length = 0, len(text)
        while start <= length:
            end = text.find("\n", start)
            if end < 0:
                end = length
            if end > start and text[end - 1].isspace():
                spans.append((start + len(text[start:end].rstrip()), end))
                if len(spans) >= 65536:
                    edits = edits or EditBatch(text)
                    edits.add_spans(spans, LABEL, self.rule)
                    spans = []
            start = end + 1
        if spans:
            edits = edits or EditBatch(text)
            edits.add_spans(spans, LABEL, self.rule)
        return edits


@dataclass(frozen=True)
class NormalizeNFC:
    rule: str = "norm.nfc"
    why: str = 'Text is put in Unicode NFC; only the characters that change are replaced (the whole line when composition reaches wider).'

    def edits(self, text: str) -> EditBatch | tuple:
        if unicodedata.is_normalized("NFC", text):
            return ()
        edits = EditBatch()  # no dense runs: decomposed letters are real text, kept span by span
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            if not unicodedata.is_normalized("NFC", text[start:end]):
                _nfc_line_edits(text[start:end], start, self.rule, edits)
            start = end + 1
        return edits


def _nfc_line_edits(line: str, offset: int, rule: str, edits: EditBatch) -> None:
    """Edits for the smallest spans that change, found around the runs of non-ASCII text.

    ASCII characters never change under NFC and are never the second half of a composition,
    so each *chain* (non-ASCII runs, each with the one character before it, a possible base,
    that follow each other without a gap) is normalised alone, and only the part of it that
    changes is replaced. A line of a million decomposed letters is one chain and one edit.
    """
    target = unicodedata.normalize("NFC", line)
    found, rebuilt, pos = [], [], 0
    for start, end in _chains(line):
        start = max(start, pos)
        window = line[start:end]
        normal = unicodedata.normalize("NFC", window)
        rebuilt.append(line[pos:start])
        rebuilt.append(normal)
        pos = end
        if normal != window:
            head = _common_prefix_length(window, normal)
            tail = _common_prefix_length(window[head:][::-1], normal[head:][::-1])
            found.append((offset + start + head, offset + end - tail, normal[head : len(normal) - tail]))
    rebuilt.append(line[pos:])
    if "".join(rebuilt) != target:  # composition reached across a window: replace the line
        found = [(offset, offset + len(line), target)]
    for start, end, replacement in found:
        edits.add(start, end, replacement, LABEL, rule)


def _chains(line: str):
    """(start, end) of each chain: the stretches between runs of two or more ASCII characters
    (found at C speed), each with the one character before it. ASCII characters never compose
    with what precedes them, so a chain may end in ASCII without changing its normal form; a line
    of a million decomposed letters is one chain, found without a loop over its letters."""
    pos = 0
    for gap in _ASCII_GAP.finditer(line):
        if gap.start() > pos:
            yield max(pos - 1, 0), gap.start()
        pos = gap.end()
    if pos < len(line):
        yield max(pos - 1, 0), len(line)


_ASCII_GAP = re.compile(r"[\x00-\x7f]{2,}")


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


_NEWLINES = re.compile(r"\n+")


@dataclass(frozen=True)
class CollapseBlankLines:
    rule: str = "norm.blank-lines"
    why: str = 'Blank lines at the start and end are removed and runs of blank lines shrink to one; runs after noise removal.'

    def edits(self, text: str) -> EditBatch | tuple:
        if not text.startswith("\n") and "\n\n\n" not in text and not text.endswith("\n\n"):
            return ()  # nothing to collapse: the common case, decided by C-speed scans
        edits = EditBatch(text)
        # leading blank lines
        lead = len(text) - len(text.lstrip("\n"))
        if lead:
            edits.add(0, lead, "", LABEL, self.rule)
        if lead == len(text):
            return edits
        trail = len(text) - len(text.rstrip("\n"))
        # runs of three or more newlines inside: keep two (one blank line); found by C-speed finds
        pos, stop = lead, len(text) - trail
        while True:
            run_start = text.find("\n\n\n", pos, stop)
            if run_start < 0:
                break
            run_end = _NEWLINES.match(text, run_start, stop).end()
            edits.add(run_start + 2, run_end, "", LABEL, self.rule)
            pos = run_end
        # trailing blank lines: keep at most the one line end of the last line
        if trail > 1:
            edits.add(len(text) - trail + 1, len(text), "", LABEL, self.rule)
        return edits


NORMALIZE_BEFORE_NOISE = (StripBOM(), NormalizeNewlines(), RemoveControlCharacters(), RemoveInvisibleCharacters(),
                          StripTrailingSpace(), NormalizeNFC())
NORMALIZE_AFTER_NOISE = (CollapseBlankLines(),)
