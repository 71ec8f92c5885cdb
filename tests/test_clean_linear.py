"""Cost linear in the input whatever its shape, and a compact record (probe findings F-7, F-8, F-30).

Speed itself is measured by scripts/bench_clean.py. These tests count what grows: spans of the
record, the lines rules are shown, and CPU work on a 10x input against a generous bound (a
quadratic step shows as about 100x, a linear one as about 10x).
"""

from __future__ import annotations

import time
import unicodedata

import pytest

from newscorpus.clean import clean_text, reconstruct_raw
from newscorpus.clean.rules import RuleSet

from article import article


def _normalisations(result):
    return [s for s in result.removed if s.label == "normalization"]


@pytest.mark.parametrize(
    "run,rule",
    [("\r", "norm.blank-lines"), ("\x00", "norm.control"), ("\u200b", "norm.invisible"), ("e\u0301", "norm.nfc")],
    ids=["bare-cr", "nul", "zero-width-space", "nfd"],
)
def test_F8_a_run_of_identical_edits_is_one_span(run, rule):
    for count in (10, 10_000):
        raw = "Talks began.\n" + "x" + run * count + "y\n" + "Talks ended.\n"
        result = clean_text(raw)
        spans = _normalisations(result)
        assert len(spans) == 1, [(s.rule, len(s.text)) for s in spans]
        assert spans[0].rule in {rule, "norm.newline"}
        assert reconstruct_raw(result.text, result.removed) == raw


def test_F8_bare_cr_file_is_one_span_and_rebuilds():
    raw = "\r" * 200_000
    result = clean_text(raw)
    assert result.text == "" and len(result.removed) == 1
    assert result.raw_text() == raw


def test_F8_crlf_document_keeps_one_span_per_line_end_run():
    raw = article().replace("\n", "\r\n")
    result = clean_text(raw)
    assert len(_normalisations(result)) == raw.count("\r\n")
    assert result.raw_text() == raw


def test_F7_rules_never_see_a_whitespace_run(monkeypatch):
    seen = []
    original = RuleSet._first

    def spy(table, line):  # every rule table is walked here, with the line the rules see
        seen.append(line)
        return original(table, line)

    monkeypatch.setattr(RuleSet, "_first", staticmethod(spy))
    line = "Reporting by Aa" + " " * 380 + "Bb"
    result = clean_text("\n".join([line] * 5) + "\n")
    assert seen and not any("  " in s or "\t" in s for s in seen)
    assert result.raw_text() == "\n".join([line] * 5) + "\n"


def _cpu(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        clean_text(text)
        best = min(best, time.process_time() - start)
    return best


LINEAR_SHAPES = {
    "F-7 space runs in credit lines": lambda n: ("Reporting by Aa" + " " * 380 + "Bb\n") * n,
    "space runs before a word": lambda n: ("a" + " " * 2000 + "b\n") * n,
    "F-8 bare CR": lambda n: "\r" * (400 * n),
    "trailing spaces": lambda n: "a \n" * (130 * n),
    "blank-line runs": lambda n: "a\n\n\n\n" * (80 * n),
    "NFD line": lambda n: unicodedata.normalize("NFD", "é") * (200 * n),
    "invisible characters": lambda n: "a\u202e\u200bb\n" * (60 * n),
}


@pytest.mark.parametrize("shape", list(LINEAR_SHAPES), ids=list(LINEAR_SHAPES))
def test_cost_grows_linearly_with_the_input(shape):
    make = LINEAR_SHAPES[shape]
    small, large = make(100), make(1000)
    ratio = _cpu(large) / max(_cpu(small), 1e-4)
    assert ratio < 30, f"{shape}: 10x input cost {ratio:.1f}x"


def test_F7_a_longer_whitespace_run_costs_no_more_per_character():
    """Same total size, runs 10x longer: a quadratic rule would cost about 10x more."""
    short = ("Reporting by Aa" + " " * 38 + "Bb\n") * 2000
    long = ("Reporting by Aa" + " " * 380 + "Bb\n") * 250
    assert abs(len(short) - len(long)) / len(short) < 0.2
    assert _cpu(long) < 4 * _cpu(short)


def test_F30_invisible_characters_are_removed_and_recorded():
    raw = "Xi\u202e met\u202c Putin\u200b in\u2060 Moscow\ufeff on Tuesday.\n"
    result = clean_text(raw)
    assert result.text == "Xi met Putin in Moscow on Tuesday.\n"
    assert {s.rule for s in result.removed} == {"norm.invisible"}
    assert result.raw_text() == raw


def test_F30_joiners_inside_emoji_and_joining_scripts_are_kept():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # a ZWJ emoji sequence
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a Persian word
    raw = f"{family} {persian}\nA\u200dB stray joiner.\n"
    result = clean_text(raw)
    assert family in result.text and persian in result.text
    assert "AB stray joiner." in result.text
    assert result.raw_text() == raw


@pytest.mark.parametrize("text", ["a \nb\t\n \n\u3000x  \ny", "x" * 5 + " " * 300 + "y \n", "  \n\n \t \n"])
def test_trailing_space_searched_or_walked_gives_the_same_edits(text, monkeypatch):
    from newscorpus.clean import normalize

    walked = [(s, e) for s, e in zip(*_batch(normalize.StripTrailingSpace().edits(text)))]
    monkeypatch.setattr(normalize, "MANY_LINES", -1)  # the path for texts of many lines
    searched = [(s, e) for s, e in zip(*_batch(normalize.StripTrailingSpace().edits(text)))]
    assert walked == searched and walked


def _batch(batch):
    return (list(batch.starts), list(batch.ends)) if len(batch) else ([], [])
