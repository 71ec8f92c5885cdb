"""Explicit offset conversion between an annotation tool's text and our clean text.

Our offsets are Unicode code points into the clean text, whose line ends are LF. Tools count
differently, and each has shipped offset bugs:

- UIMA CAS XMI (INCEpTION) counts UTF-16 code units: an emoji or any astral character is two
  units (dkpro-cassis converts; inception#1811 and cassis#135 were emoji shifts).
- Label Studio's Text tag counts code points today, UTF-16 units in older front ends
  (label-studio#1347), and a CR of a CRLF as one character of its own (label-studio#4929).
- brat counts code points, but reads ``.txt`` files with universal newlines, so a CRLF counts
  as one character on the server while other tools count two (brat#853); its browser client
  counted UTF-16 units around astral characters (brat#1115).

A :class:`Reading` names one way of counting (units, and whether CRLF is one character or two);
:func:`choose_reading` picks, for one file, the reading under which every span's recorded text
is the text at its offsets, trying the tool's own reading first, so a file written by a tool with
one of those bugs is converted exactly instead of landing shifted. Every map is built once per
file, in time linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

CODE_POINTS, UTF16 = "code points", "UTF-16 code units"
CRLF_TWO, CRLF_ONE = "CRLF as two characters", "CRLF as one character"


@dataclass(frozen=True)
class Reading:
    units: str = CODE_POINTS
    line_ends: str = CRLF_TWO

    def describe(self) -> str:
        return f"{self.units}, {self.line_ends}"


def normalize_line_ends(text: str) -> str:
    """The tool's text with CRLF as LF (our clean texts never hold a CR)."""
    return text.replace("\r\n", "\n")


class OffsetMap:
    """Tool offsets under one reading -> code point offsets of the LF text."""

    def __init__(self, tool_text: str, reading: Reading):
        text = tool_text if reading.line_ends == CRLF_TWO else normalize_line_ends(tool_text)
        ours = self._boundaries(text)
        if reading.units == UTF16:
            units = utf16_offsets(text)
            self._table: dict[int, int | None] | list[int | None] = dict(zip(units, ours))
            self.length = units[-1]
        else:
            self._table = ours
            self.length = len(text)

    @staticmethod
    def _boundaries(text: str) -> list[int | None]:
        """For each code point boundary of ``text``, its offset in the LF text (None between
        the CR and the LF of a CRLF, which is one character there)."""
        out: list[int | None] = []
        position, previous_cr = 0, False
        for char in text:
            if previous_cr and char == "\n":
                out.append(None)  # the LF of a CRLF adds nothing: its CR stands for the line end
            else:
                out.append(position)
                position += 1
            previous_cr = char == "\r"
        out.append(position)
        return out

    def to_ours(self, offset: int) -> int | None:
        """The code point offset in our text, or None when the offset is outside the text or
        falls inside a surrogate pair or between the CR and LF of a line end."""
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            return None
        if isinstance(self._table, dict):
            return self._table.get(offset)
        return self._table[offset] if offset < len(self._table) else None


def utf16_offsets(text: str) -> list[int]:
    """UTF-16 unit offset of every code point boundary of ``text`` (length len(text) + 1)."""
    return [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]


def candidate_readings(tool_text: str, preferred: Reading) -> list[Reading]:
    """The readings worth trying for this text, the tool's own first."""
    astral = any(ord(c) > 0xFFFF for c in tool_text)
    crlf = "\r\n" in tool_text
    readings = [preferred]
    for units in (CODE_POINTS, UTF16) if astral else (preferred.units,):
        for line_ends in (CRLF_TWO, CRLF_ONE) if crlf else (preferred.line_ends,):
            reading = Reading(units, line_ends)
            if reading not in readings:
                readings.append(reading)
    return readings


def choose_reading(tool_text: str, our_text: str, spans: list[tuple[int, int, str | None]], preferred: Reading) -> tuple[Reading, dict[Reading, OffsetMap]]:
    """The first reading (the tool's own first) under which every span with a recorded text
    maps onto exactly that text of ``our_text``; the tool's own reading when none does (its
    mismatches are then reported span by span)."""
    maps: dict[Reading, OffsetMap] = {}
    checked = [(s, e, t) for s, e, t in spans if t is not None]
    for reading in candidate_readings(tool_text, preferred):
        offsets = maps[reading] = OffsetMap(tool_text, reading)
        if not checked:
            return reading, maps
        ok = True
        for start, end, recorded in checked:
            a, b = offsets.to_ours(start), offsets.to_ours(end)
            if a is None or b is None or our_text[a:b] != recorded:
                ok = False
                break
        if ok:
            return reading, maps
    return preferred, maps
