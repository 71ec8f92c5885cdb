"""The change record is complete: the raw text is rebuilt exactly from the clean text and the record."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.clean import clean_text, reconstruct_raw
from newscorpus.clean.edits import Edit, EditLog

from test_clean_rules import KEEP, NOISE

# Characters that exercise every normalisation: line ends of all kinds, controls, NUL, BOM,
# trailing and non-breaking space, combining marks, precomposed letters, Hangul jamo.
_TRICKY = "\r\n\t \x00\x07\x0b\x0c\x1b\x7f\x85\x9f\u00a0\u2028\u2029\ufeff\u0301\u0308\u0327e\u00e9\u1100\u1161\u11a8\u212b“”’/."
_chars = st.one_of(st.sampled_from(_TRICKY), st.characters(codec="utf-8"))
_noise_lines = st.sampled_from([line for _, line, _ in NOISE] + [line for _, line, _ in KEEP])
_lines = st.one_of(st.text(_chars, max_size=40), _noise_lines)
_documents = st.lists(_lines, max_size=12).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r", "\u2028"]).map(lambda sep: sep.join(lines))
)


def _check(raw: str) -> None:
    result = clean_text(raw)
    assert reconstruct_raw(result.text, result.removed) == raw
    assert result.raw_text() == raw
    previous_end = 0
    for span in result.removed:
        assert previous_end <= span.start < span.end <= len(raw)
        assert raw[span.start : span.end] == span.text
        assert result.text[span.clean_start : span.clean_start + len(span.replacement)] == span.replacement
        previous_end = span.end
    text = result.text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\x00" not in text and "\ufeff" not in text[:1]
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\n\n\n" not in text and not text.startswith("\n")
    for heading in result.headings:
        assert text[heading.start : heading.end] == heading.text


@settings(max_examples=400, deadline=None)
@given(_documents)
def test_generated_documents_rebuild_exactly(raw):
    _check(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(_chars, max_size=300))
def test_arbitrary_text_rebuilds_exactly(raw):
    _check(raw)


def test_every_corpus_document_rebuilds_exactly(repo_layout):
    from newscorpus.raw import load_sources, read_text

    for source in load_sources(repo_layout):
        _check(read_text(repo_layout.raw_path(source.id)))


# --- the piece table under arbitrary edit sequences --------------------------------------------


@st.composite
def _edit_rounds(draw):
    text = draw(st.text(alphabet="abc\n", min_size=1, max_size=30))
    rounds, current = [], text
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(set(draw(st.lists(st.integers(0, len(current)), max_size=6))))
        edits = []
        for start, end in zip(cuts[::2], cuts[1::2]):
            if start < end:
                edits.append(Edit(start, end, draw(st.text(alphabet="xyz", max_size=3)), "test", f"r{len(rounds)}"))
        rounds.append(edits)
        current = _apply_plain(current, edits)
    return text, rounds


def _apply_plain(text: str, edits: list[Edit]) -> str:
    for edit in reversed(edits):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


@settings(max_examples=500, deadline=None)
@given(_edit_rounds())
def test_edit_log_matches_plain_string_edits_and_rebuilds(case):
    raw, rounds = case
    log, expected = EditLog(raw), raw
    for edits in rounds:
        log.apply(edits)
        expected = _apply_plain(expected, edits)
        assert log.text == expected
        assert reconstruct_raw(log.text, log.spans()) == raw
