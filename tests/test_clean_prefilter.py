"""The C-speed prefilters of the middle of a text change no rule's verdict (lines.py).

``lines.attention_lines`` lets Python look at a middle line only when an *anywhere* or in-line
rule could match it. Here every line of the project's labelled sets and of the rule tests' noise
and keep lists is put amid an article, and the edits of the default (prefiltered) rule set are
compared with those of the same rules tried on every line (a rule set of copies is never
prefiltered). The scorer is left out: amid the article it looks only at runs with a mark of the
page, on purpose.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newscorpus.clean import RULES
from newscorpus.clean.cleaner import RemoveNoiseLines
from newscorpus.clean.evaluation import load_cases
from newscorpus.clean.lines import ODD_SPACE, LineTable, attention_lines

from article import BODY
from test_clean_rules import KEEP, NOISE

ROOT = Path(__file__).resolve().parents[1]


def _lines() -> list[str]:
    lines = [line for _, line, _ in NOISE] + [line for _, line, _ in KEEP]
    for path in (ROOT / "data/cleaning/dev/cases.jsonl", ROOT / "data/cleaning/grown/cases.jsonl"):
        for case in load_cases(path):
            lines.extend(case.lines)
    return sorted(set(lines))


LINES = _lines()
PREFILTERED = RemoveNoiseLines(scorer=None)
EVERY_LINE = RemoveNoiseLines(rules=tuple(dataclasses.replace(rule) for rule in RULES), scorer=None)


def _amid(chunk: list[str]) -> str:
    # each line between two paragraphs, so that all of them stand in the middle of the text
    parts = [*BODY[:2]]
    for line in chunk:
        parts += [line, BODY[2]]
    return "\n".join([*parts, *BODY[3:]]) + "\n"


def _edits(step: RemoveNoiseLines, text: str) -> list[tuple]:
    return [(e.start, e.end, e.rule) for e in step.edits(text)]


@pytest.mark.parametrize("size", [200, 25], ids=["scanned-middle", "line-by-line-middle"])
def test_prefiltered_middle_gives_the_verdicts_of_every_line_tried(size):
    # a long middle is scanned whole; a short one (lines.PER_LINE_MIDDLE) is looked at line by line
    for start in range(0, len(LINES), size):
        text = _amid(LINES[start:start + size])
        assert _edits(PREFILTERED, text) == _edits(EVERY_LINE, text), LINES[start:start + size]


def test_attention_finds_each_kind_of_trigger():
    text = "\n".join([BODY[0], "Plain prose of the article, nothing more.", "Photo: Jane Doe/Reuters",
                      "He said. (Reporting by Jane Doe; Editing by John Roe)", "Advertisement",
                      "Tabs\there", "© 2023 Example", BODY[1]]) + "\n"
    lines = LineTable(text)
    assert attention_lines(lines, 1, len(lines) - 1) == [2, 3, 4, 5, 6]


def test_the_list_of_odd_white_space_is_what_str_isspace_says():
    assert ODD_SPACE == "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace() and ch not in " \n")
