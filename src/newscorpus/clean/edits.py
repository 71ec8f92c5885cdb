"""The record of every change from raw to clean text, kept as a piece table of arrays.

Each cleaning step looks at the current text and proposes edits against it (a list of
:class:`Edit`, or an :class:`EditBatch`: the same edits as arrays, for steps that may propose
millions). An :class:`EditLog` applies them while remembering, for every piece of the current
text, how much raw text it came from and which rule made it. Pieces tile both texts in order, so
a piece is three integers (raw length, clean length, rule) and never holds a string: the raw and
current texts are sliced when a span is asked for. However many steps run, the log can always
say exactly which raw spans were removed or replaced, by which rule, and the raw text is rebuilt
from the clean text and that record alone (:func:`reconstruct_raw`).

Runs of one normalisation are one span of the record (``RUN_LABELS``):

- neighbouring changes of one normalisation rule join (a megabyte of bare CRs is one span);
- a *dense run* joins too: at least ``RUN_MIN`` changes of one normalisation rule, each at most
  ``RUN_GAP`` unchanged characters from the next (a trailing space on every line of
  ``"a \\n" * 3_000_000``, a control byte every 8 characters). The span's ``text`` and
  ``replacement`` then cover the whole stretch, the unchanged characters between the changes
  included; ``raw[start:end] == text`` still holds and the raw text still rebuilds exactly.
  Real text never has such runs (a line of article text is longer than ``RUN_GAP``), so its
  record keeps one span per change.

Removed noise lines stay one span each, so every removed line is listed with its own rule.

All offsets are Python ``str`` indices, i.e. Unicode code points.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from itertools import islice
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
"""Labels whose runs of one rule are kept as one span (see the module docstring)."""
RUN_GAP = 8
RUN_MIN = 64


class EditBatch:
    """Edits against one text as arrays: starts, ends, replacements and rule (no object per edit).

    ``add`` joins an edit that touches the previous one and has the same rule, so a run of
    identical edits is one edit; given the text (``EditBatch(text)``), it also joins a dense run
    of one normalisation rule (see the module docstring) as it goes, so a step that finds
    millions of such edits hands on one. Edits must be added in order and must not overlap.
    """

    __slots__ = ("starts", "ends", "replacements", "kinds", "_kinds", "_parts", "_text", "_run")

    def __init__(self, text: str | None = None) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.replacements: list[str] = []
        self.kinds = array("H")  # index into ``kind_table``
        self._kinds: dict[tuple[str, str], int] = {}
        self._parts: list[str] = []  # replacement parts of the last edit while it grows
        self._text = text
        self._run = 0  # how many edits the dense run at the end of the batch holds so far

    @property
    def kind_table(self) -> list[tuple[str, str]]:
        return list(self._kinds)

    def add(self, start: int, end: int, replacement: str, label: str, rule: str) -> None:
        kind = self._kinds.setdefault((label, rule), len(self._kinds))
        if self.ends and self.kinds[-1] == kind:
            last_end = self.ends[-1]
            if last_end == start:
                self.ends[-1] = end
                if replacement:
                    self._grow(replacement)
                return
            if self._text is not None and label in RUN_LABELS and start - last_end <= RUN_GAP:
                self._run = self._run + 1 if self._run else 2
                if self._run == RUN_MIN:
                    self._join_run(RUN_MIN)
                if self._run >= RUN_MIN:  # the run is one edit: the gap joins it, unchanged
                    self.ends[-1] = end
                    self._grow(self._text[last_end:start])
                    self._grow(replacement)
                    return
            else:
                self._run = 0
        else:
            self._run = 0
        self._close()
        self.starts.append(start)
        self.ends.append(end)
        self.replacements.append(replacement)
        self.kinds.append(kind)

    def add_removals(self, matches: Iterable[re.Match], label: str, rule: str) -> None:
        """``add(start, end, "", label, rule)`` for the span of each match (sorted, not
        overlapping), taken in chunks, each dense run found first and added as one edit."""
        matches = iter(matches)
        while True:
            spans = [m.span() for m in islice(matches, 65536)]
            if not spans:
                return
            self.add_spans(spans, label, rule)

    def add_spans(self, spans: list[tuple[int, int]], label: str, rule: str) -> None:
        """``add_removals`` for a list of (start, end)."""
        text, i, n = self._text, 0, len(spans)
        while i < n:
            j = i
            while j + 1 < n and spans[j + 1][0] - spans[j][1] <= RUN_GAP:
                j += 1
            if text is not None and label in RUN_LABELS and j - i + 1 >= RUN_MIN:
                self.add(spans[i][0], spans[j][1], "".join([text[spans[k][1]:spans[k + 1][0]] for k in range(i, j)]),
                         label, rule)
            else:
                for k in range(i, j + 1):
                    self.add(spans[k][0], spans[k][1], "", label, rule)
            i = j + 1

    def _grow(self, part: str) -> None:
        if not self._parts:
            self._parts.append(self.replacements[-1])
        self._parts.append(part)

    def _join_run(self, members: int) -> None:
        """Join the last ``members - 1`` edits and the gaps between them into one edit (the
        edit being added joins it next)."""
        self._close()
        first = len(self.starts) - (members - 1)
        text, parts = self._text, []
        for k in range(first, len(self.starts)):
            if k > first:
                parts.append(text[self.ends[k - 1]:self.starts[k]])
            parts.append(self.replacements[k])
        start, end, kind = self.starts[first], self.ends[-1], self.kinds[-1]
        del self.starts[first:], self.ends[first:], self.replacements[first:], self.kinds[first:]
        self.starts.append(start)
        self.ends.append(end)
        self.replacements.append("".join(parts))
        self.kinds.append(kind)

    def _close(self) -> None:
        if self._parts:
            self.replacements[-1] = "".join(self._parts)
            self._parts.clear()

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def of(cls, edits: "Iterable[Edit] | EditBatch") -> "EditBatch":
        if isinstance(edits, EditBatch):
            edits._close()
            return edits
        batch = cls()
        for e in edits:
            batch.add(e.start, e.end, e.replacement, e.label, e.rule)
        batch._close()
        return batch


class _Parts:
    """Collects the parts of a new text and joins them in chunks, so millions of small parts
    never stand in memory at once."""

    __slots__ = ("chunks", "parts")

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.parts: list[str] = []

    def add(self, part: str) -> None:
        self.parts.append(part)
        if len(self.parts) >= 65536:
            self.chunks.append("".join(self.parts))
            self.parts.clear()

    def text(self) -> str:
        self.chunks.append("".join(self.parts))
        return "".join(self.chunks)


class EditLog:
    """The current text plus, for each piece of it, its raw length, clean length and rule."""

    def __init__(self, raw: str):
        self._raw = raw
        self._text = raw
        self._kinds: list[tuple[str | None, str | None]] = [(None, None)]  # 0: unchanged raw text
        self._kind_ids: dict[tuple[str | None, str | None], int] = {(None, None): 0}
        self._raw_len = array("q", [len(raw)] if raw else [])
        self._clean_len = array("q", [len(raw)] if raw else [])
        self._kind = array("H", [0] if raw else [])

    @property
    def text(self) -> str:
        return self._text

    def apply(self, edits: Iterable[Edit] | EditBatch) -> None:
        """Apply edits given against the current text; they must be sorted and must not overlap.

        An edit that cuts through an earlier change absorbs that change whole (the merged piece
        keeps all its raw text and takes the newer label), so nothing is ever lost.
        """
        if not edits:
            return
        batch = EditBatch.of(edits)
        if not len(batch):
            return
        _check_edits(batch, len(self._text))
        if len(self._kind) == 1 and self._kind[0] == 0:
            self._apply_to_unchanged(batch)  # the common case: the first step that changes anything
            return
        kind_map = array("H", (self._kind_id(k) for k in batch.kind_table))
        gs, ge, glo, ghi = self._group(batch)
        text, starts, ends, reps, kinds = self._text, batch.starts, batch.ends, batch.replacements, batch.kinds
        out_raw, out_clean, out_kind = array("q"), array("q"), array("H")
        parts = _Parts()
        joins = [k == 0 or label in RUN_LABELS for k, (label, _) in enumerate(self._kinds)]

        def emit(raw_len: int, clean_len: int, kind: int) -> None:
            if not raw_len and not clean_len:
                return
            if out_kind and out_kind[-1] == kind and joins[kind]:
                out_raw[-1] += raw_len
                out_clean[-1] += clean_len
            else:
                out_raw.append(raw_len)
                out_clean.append(clean_len)
                out_kind.append(kind)

        n_groups = len(gs)
        gi = 0
        acc = 0  # raw length of the group being absorbed
        pos = 0
        g_start, g_end = (gs[0], ge[0])

        def close_group() -> None:
            nonlocal acc, gi, g_start, g_end
            lo, hi = glo[gi], ghi[gi]
            if hi - lo == 1 and starts[lo] == g_start and ends[lo] == g_end:
                rep = reps[lo]
            else:
                pieces, at = [], g_start
                for m in range(lo, hi):
                    pieces.append(text[at:starts[m]])
                    pieces.append(reps[m])
                    at = ends[m]
                pieces.append(text[at:g_end])
                rep = "".join(pieces)
            parts.add(rep)
            emit(acc, len(rep), kind_map[kinds[hi - 1]])
            acc = 0
            gi += 1
            g_start, g_end = (gs[gi], ge[gi]) if gi < n_groups else (-1, -1)

        raw_len, clean_len, piece_kind = self._raw_len, self._clean_len, self._kind
        for p in range(len(piece_kind)):
            length, kind = clean_len[p], piece_kind[p]
            piece_start, piece_end = pos, pos + length
            pos = piece_end
            if kind:
                if gi < n_groups and (g_start < piece_start < g_end
                                      or (g_start <= piece_start and piece_end <= g_end and piece_start < piece_end)):
                    acc += raw_len[p]
                    if piece_end == g_end:
                        close_group()
                else:
                    parts.add(text[piece_start:piece_end])
                    emit(raw_len[p], length, kind)
                continue
            cur = piece_start
            while cur < piece_end:
                if gi < n_groups and g_start <= cur:
                    stop = min(piece_end, g_end)
                    acc += stop - cur
                    cur = stop
                    if cur == g_end:
                        close_group()
                else:
                    stop = piece_end if gi >= n_groups else min(piece_end, g_start)
                    parts.add(text[cur:stop])
                    emit(stop - cur, stop - cur, 0)
                    cur = stop
        self._raw_len, self._clean_len, self._kind = out_raw, out_clean, out_kind
        self._text = parts.text()
        self._merge_dense_runs()

    def _apply_to_unchanged(self, batch: EditBatch) -> None:
        """``apply`` when the text is still the raw text, one unchanged piece: the new pieces are
        the gaps between the edits and the edits themselves."""
        text, starts, ends, reps = self._text, batch.starts, batch.ends, batch.replacements
        kind_map = [self._kind_id(k) for k in batch.kind_table]
        joins = [k == 0 or label in RUN_LABELS for k, (label, _) in enumerate(self._kinds)]
        out_raw, out_clean, out_kind = array("q"), array("q"), array("H")
        parts = _Parts()
        pos = 0
        for start, end, rep, k in zip(starts, ends, reps, batch.kinds):
            kind = kind_map[k]
            if start > pos:
                out_raw.append(start - pos)
                out_clean.append(start - pos)
                out_kind.append(0)
                parts.add(text[pos:start])
            if out_kind and out_kind[-1] == kind and joins[kind]:
                out_raw[-1] += end - start
                out_clean[-1] += len(rep)
            else:
                out_raw.append(end - start)
                out_clean.append(len(rep))
                out_kind.append(kind)
            parts.add(rep)
            pos = end
        if pos < len(text):
            out_raw.append(len(text) - pos)
            out_clean.append(len(text) - pos)
            out_kind.append(0)
            parts.add(text[pos:])
        self._raw_len, self._clean_len, self._kind = out_raw, out_clean, out_kind
        self._text = parts.text()
        self._merge_dense_runs()

    def _kind_id(self, kind: tuple[str, str]) -> int:
        found = self._kind_ids.get(kind)
        if found is None:
            found = self._kind_ids[kind] = len(self._kinds)
            self._kinds.append(kind)
        return found

    def _group(self, batch: EditBatch) -> tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]:
        """Widen each edit to whole changed pieces it cuts, then merge edits that now overlap:
        (starts, ends, first member, end of members) of each group."""
        changed = []  # (start, end) in the current text of changed pieces that hold text
        pos = 0
        for length, kind in zip(self._clean_len, self._kind):
            if kind and length:
                changed.append((pos, pos + length))
            pos += length
        n = len(batch)
        if not changed:  # nothing to widen: each edit is a group of its own
            return batch.starts, batch.ends, range(n), range(1, n + 1)
        starts = [start for start, _ in changed]
        gs, ge, glo, ghi = array("q"), array("q"), array("q"), array("q")
        for m, (start, end) in enumerate(zip(batch.starts, batch.ends)):
            for point in (start, end):
                i = bisect_right(starts, point) - 1
                if i >= 0 and changed[i][0] < point < changed[i][1]:
                    start, end = min(start, changed[i][0]), max(end, changed[i][1])
            if gs and start < ge[-1]:
                ge[-1] = max(ge[-1], end)
                ghi[-1] = m + 1
            else:
                gs.append(start)
                ge.append(end)
                glo.append(m)
                ghi.append(m + 1)
        return gs, ge, glo, ghi

    def _merge_dense_runs(self) -> None:
        """Join dense runs of one normalisation rule into one piece (see the module docstring)."""
        kinds = self._kind
        if len(kinds) < 2 * RUN_MIN:
            return
        runs = {k for k, (label, _) in enumerate(self._kinds) if label in RUN_LABELS}
        raw_len, clean_len = self._raw_len, self._clean_len
        out_raw, out_clean, out_kind = array("q"), array("q"), array("H")
        n, i = len(kinds), 0
        while i < n:
            kind = kinds[i]
            j, members = i, 1  # the run is pieces i..j: changes of ``kind`` with short unchanged gaps
            if kind in runs:
                while j + 2 < n and kinds[j + 2] == kind and kinds[j + 1] == 0 and clean_len[j + 1] <= RUN_GAP:
                    j += 2
                    members += 1
            if members >= RUN_MIN:
                out_raw.append(sum(raw_len[i:j + 1]))
                out_clean.append(sum(clean_len[i:j + 1]))
                out_kind.append(kind)
            else:
                out_raw.extend(raw_len[i:j + 1])
                out_clean.extend(clean_len[i:j + 1])
                out_kind.extend(kinds[i:j + 1])
            i = j + 1
        self._raw_len, self._clean_len, self._kind = out_raw, out_clean, out_kind

    def spans(self) -> list[RemovedSpan]:
        """Every change, in raw offsets, in text order."""
        spans, raw_pos, clean_pos = [], 0, 0
        raw, text = self._raw, self._text
        for raw_length, clean_length, kind in zip(self._raw_len, self._clean_len, self._kind):
            if kind:
                label, rule = self._kinds[kind]
                spans.append(RemovedSpan(raw_pos, raw_pos + raw_length, label or "", rule or "",
                                         raw[raw_pos:raw_pos + raw_length], text[clean_pos:clean_pos + clean_length],
                                         clean_pos))
            raw_pos += raw_length
            clean_pos += clean_length
        return spans


def _check_edits(batch: EditBatch, length: int) -> None:
    previous_end = 0
    for start, end in zip(batch.starts, batch.ends):
        if not (previous_end <= start < end <= length):
            raise ValueError(f"edits must be sorted, non-empty, non-overlapping and inside the text: {start}-{end}")
        previous_end = end


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
