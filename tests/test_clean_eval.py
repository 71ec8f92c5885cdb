"""The in-project cleaning evaluation counts exactly as the independent scorer does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscorpus.clean.evaluation import Case, evaluate, load_cases, removed_lines

ROOT = Path(__file__).resolve().parents[1]


def _case(lines, noise, kind=None, language="en"):
    return Case("X1", "https://example.org/a", tuple(lines), tuple(noise), tuple(kind or [None] * len(lines)), language=language)


def test_a_line_counts_as_removed_when_half_its_non_space_characters_are_covered():
    case = _case(["ab cd", "efgh"], [True, False])
    # "ab cd" has 4 non-space characters at 0, 1, 3, 4: covering 0-2 covers two of them (a half)
    assert removed_lines(case, [(0, 2)]) == [True, False]
    assert removed_lines(case, [(0, 1)]) == [False, False]
    # spans may overlap or touch; the line end and spaces do not count
    assert removed_lines(case, [(3, 5), (4, 6)]) == [True, False]
    assert removed_lines(case, [(6, 8)]) == [False, True]


def test_scores_by_kind_and_for_english_cases():
    cases = [
        _case(["Body text here.", "Share"], [False, True], [None, "boilerplate"]),
        _case(["Texte du corps.", "Partager"], [False, True], [None, "boilerplate"], language="fr"),
    ]

    def clean(text):  # removes every line that is not the first
        first = text.index("\n") + 1
        return [(first, len(text))]

    result = evaluate(cases, clean)
    assert (result.all.tp, result.all.fp, result.all.fn, result.all.tn) == (2, 0, 0, 2)
    assert (result.english.tp, result.english.tn) == (1, 1)
    assert result.all.kind_recall() == {"boilerplate": (1.0, 2, 2)}
    assert result.incidents == []


def test_every_false_removal_and_miss_is_listed():
    cases = [_case(["Body text here.", "Share"], [False, True], [None, "boilerplate"])]
    result = evaluate(cases, lambda text: [(0, 15)])
    assert [(i.what, i.line) for i in result.incidents] == [("FALSE-REMOVAL", "Body text here."), ("MISSED", "Share")]
    assert result.all.precision == 0.0 and result.all.recall == 0.0


def test_a_malformed_case_is_refused_with_its_line(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"id": "A", "lines": ["x", "y"], "noise": [True]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cases.jsonl:1: case A"):
        load_cases(path)


def test_in_process_figures_agree_with_the_command_line(tmp_path):
    """The script's default (in process) and --cli (through `newscorpus clean --json`) give the same figures."""
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"id": "A", "lines": ["Chinese President Xi Jinping arrived in Moscow on Monday for talks.", "Reporting by Guy Faulconbridge; Editing by Andrew Osborn"],
         "noise": [False, True], "kind": [None, "credit"]},
        {"id": "B", "lines": ["By Anna Schmidt", "The talks ended late on Tuesday, officials said in a statement."],
         "noise": [True, False], "kind": ["byline", None]},
    ]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    script = ROOT / "scripts" / "eval_cleaning.py"
    env_bin = str(Path(sys.executable).parent)
    env = {"PATH": env_bin + ":/usr/bin:/bin", "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    fast = subprocess.run([sys.executable, str(script), str(cases)], capture_output=True, text=True, env=env)
    slow = subprocess.run([sys.executable, str(script), str(cases), "--cli"], capture_output=True, text=True, env=env)
    assert fast.returncode == 0 and slow.returncode == 0, fast.stderr + slow.stderr
    assert "precision=" in fast.stdout and fast.stdout == slow.stdout
