"""The record of every change from raw to clean text, kept as a piece table.

Each cleaning step looks at the current text and proposes :class:`Edit` s against it. An
:class:`EditLog` applies them while remembering, for every piece of the current text, which raw
text it came from. So however many steps run, the log can always say exactly which raw spans
were removed or replaced, by which rule, and the raw text is rebuilt from the clean text and
that record alone (:func:`reconstruct_raw`).

All offsets are Python ``str`` indices, i.e. Unicode code points.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the current text by ``replacement`` (``""`` removes it)."""

    start: int
    end: int
    replacement: str
    label: str
    rule: str


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """One change, in raw offsets: ``raw[start:end] == text`` became ``replacement`` in the clean text.

    ``clean_start`` is where the replacement begins in the clean text (for a pure removal, the
    position the removed text used to occupy).
    """

    start: int
    end: int
    label: str
    rule: str
    text: str
    replacement: str
    clean_start: int

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "rule": self.rule,
            "text": self.text,
            "replacement": self.replacement,
            "clean_start": self.clean_start,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "RemovedSpan":
        return cls(**{key: data[key] for key in ("start", "end", "label", "rule", "text", "replacement", "clean_start")})


RUN_LABELS = frozenset({"normalization"})
"""Labels whose neighbouring changes of one rule are kept as one span (see :func:`_merge_runs`)."""


@dataclass(slots=True)
class _Piece:
    raw: str
    clean: str
    label: str | None = None  # None: the piece is unchanged raw text
    rule: str | None = None


class EditLog:
    """The current text plus, for each piece of it, the raw text it came from."""

    def __init__(self, raw: str):
        self._pieces: list[_Piece] = [_Piece(raw, raw)] if raw else []
        self._text = raw

    @property
    def text(self) -> str:
        return self._text

    def apply(self, edits: Iterable[Edit]) -> None:
        """Apply edits given against the current text; they must be sorted and must not overlap.

        An edit that cuts through an earlier change absorbs that change whole (the merged piece
        keeps all its raw text and takes the newer label), so nothing is ever lost.
        """
        edits = list(edits)
        if not edits:
            return
        _check_edits(edits, len(self._text))
        groups = self._group(edits)
        text = self._text
        out: list[_Piece] = []
        gi, pos = 0, 0
        open_raw: list[str] | None = None  # raw parts of the group being absorbed

        def close_group() -> None:
            nonlocal open_raw, gi
            start, end, members = groups[gi]
            replacement = _group_replacement(text, start, end, members)
            out.append(_Piece("".join(open_raw), replacement, members[-1].label, members[-1].rule))
            open_raw, gi = None, gi + 1

        for piece in self._pieces:
            piece_start, piece_end = pos, pos + len(piece.clean)
            pos = piece_end
            if piece.label is not None:
                inside = gi < len(groups) and (
                    groups[gi][0] < piece_start < groups[gi][1]
                    or (groups[gi][0] <= piece_start and piece_end <= groups[gi][1] and piece_start < piece_end)
                )
                if inside:
                    if open_raw is None:
                        open_raw = []
                    open_raw.append(piece.raw)
                    if piece_end == groups[gi][1] and piece_start < piece_end:
                        close_group()
                else:
                    out.append(piece)
                continue
            cur = piece_start
            while cur < piece_end:
                if gi < len(groups) and groups[gi][0] <= cur:
                    stop = min(piece_end, groups[gi][1])
                    if open_raw is None:
                        open_raw = []
                    open_raw.append(text[cur:stop])
                    cur = stop
                    if cur == groups[gi][1]:
                        close_group()
                else:
                    stop = piece_end if gi >= len(groups) else min(piece_end, groups[gi][0])
                    out.append(_Piece(text[cur:stop], text[cur:stop]))
                    cur = stop
        self._pieces = _merge_runs(out)
        self._text = "".join(piece.clean for piece in self._pieces)

    def _group(self, edits: list[Edit]) -> list[tuple[int, int, list[Edit]]]:
        """Widen each edit to whole changed pieces it cuts, then merge edits that now overlap."""
        changed = []  # (start, end) in the current text of changed pieces that hold text
        pos = 0
        for piece in self._pieces:
            if piece.label is not None and piece.clean:
                changed.append((pos, pos + len(piece.clean)))
            pos += len(piece.clean)
        starts = [start for start, _ in changed]
        groups: list[tuple[int, int, list[Edit]]] = []
        for edit in edits:
            start, end = edit.start, edit.end
            for point in (edit.start, edit.end):
                i = bisect_right(starts, point) - 1
                if i >= 0 and changed[i][0] < point < changed[i][1]:
                    start, end = min(start, changed[i][0]), max(end, changed[i][1])
            if groups and start < groups[-1][1]:
                last_start, last_end, members = groups[-1]
                groups[-1] = (last_start, max(last_end, end), members + [edit])
            else:
                groups.append((start, end, [edit]))
        return groups

    def spans(self) -> list[RemovedSpan]:
        """Every change, in raw offsets, in text order."""
        spans, raw_pos, clean_pos = [], 0, 0
        for piece in self._pieces:
            if piece.label is not None:
                spans.append(
                    RemovedSpan(
                        start=raw_pos,
                        end=raw_pos + len(piece.raw),
                        label=piece.label,
                        rule=piece.rule or "",
                        text=piece.raw,
                        replacement=piece.clean,
                        clean_start=clean_pos,
                    )
                )
            raw_pos += len(piece.raw)
            clean_pos += len(piece.clean)
        return spans


def _check_edits(edits: Sequence[Edit], length: int) -> None:
    previous_end = 0
    for edit in edits:
        if not (previous_end <= edit.start < edit.end <= length):
            raise ValueError(f"edits must be sorted, non-empty, non-overlapping and inside the text: {edit}")
        previous_end = edit.end


def _group_replacement(text: str, start: int, end: int, members: list[Edit]) -> str:
    parts, pos = [], start
    for edit in members:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:end])
    return "".join(parts)


def _merge_runs(pieces: list[_Piece]) -> list[_Piece]:
    """Join neighbouring pieces of one kind and drop empty ones, so the table stays small.

    Unchanged neighbours join, and so do neighbouring normalisations made by the same rule: a
    run of identical edits (a megabyte of bare CRs, a run of control bytes) is one piece and so
    one span of the record, whatever its length. Removed noise lines stay one span each, so
    every removed line is listed with its own rule. Parts are collected and joined once per
    run, so the merge is linear in the number of pieces.
    """
    merged: list[_Piece] = []
    raw: list[str] = []
    clean: list[str] = []
    key: tuple[str | None, str | None] = (None, None)  # (label, rule); (None, None) is unchanged text

    def close() -> None:
        if raw:
            merged.append(_Piece("".join(raw), "".join(clean), *key))
            raw.clear()
            clean.clear()

    for piece in pieces:
        if not piece.raw and not piece.clean:
            continue
        piece_key = (piece.label, piece.rule)
        if piece_key != key or (piece.label is not None and piece.label not in RUN_LABELS):
            close()
            key = piece_key
        raw.append(piece.raw)
        clean.append(piece.clean)
    close()
    return merged


def reconstruct_raw(clean: str, spans: Sequence[RemovedSpan]) -> str:
    """The raw text, rebuilt from the clean text and its change record alone.

    Uses only ``start``, ``text`` and ``replacement`` of each span (``clean_start`` is
    derived and not trusted here), so a record that is consistent rebuilds the raw exactly.
    """
    parts, clean_pos, shift = [], 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        at = span.start - shift  # where the span's replacement begins in the clean text
        if at < clean_pos or clean[at : at + len(span.replacement)] != span.replacement:
            raise ValueError(f"the change record does not fit the clean text at raw offset {span.start}")
        parts.append(clean[clean_pos:at])
        parts.append(span.text)
        clean_pos = at + len(span.replacement)
        shift += len(span.text) - len(span.replacement)
    parts.append(clean[clean_pos:])
    return "".join(parts)
