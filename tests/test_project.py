"""The project's promises about itself: the two-line Quick start, CI, the command, the docs."""

from __future__ import annotations

import re

from newscorpus.clean.cleaner import rules_markdown

from conftest import ROOT
from test_bad_input import run_cli


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```(?:sh|bash|console)?\n(.*?)^```", readme, re.S | re.M)
    assert block, "README has no code block"
    return block.group(1).strip("\n").split("\n")


def test_quick_start_is_two_lines_and_ci_runs_the_second():
    lines = _quick_start()
    assert len(lines) == 2
    assert "newscorpus build" in lines[0] and "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci.splitlines()


def test_readme_lists_the_current_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_markdown() in readme, "run scripts/sync_docs.py"


def test_generated_parts_of_readme_and_datasheet_are_fresh(repo_layout):
    from newscorpus.publish.checkout import stale_documents

    assert stale_documents(repo_layout) == [], "run scripts/sync_docs.py (publish does it too)"


DATASHEET_SECTIONS = {
    "Motivation": 4, "Composition": 16, "Collection process": 12, "Preprocessing, cleaning, labelling": 4,
    "Uses": 6, "Distribution": 7, "Maintenance": 8,
}


def test_datasheet_answers_every_question_of_the_seven_sections():
    text = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    sections = re.split(r"^## \d\. ", text, flags=re.M)[1:]
    assert [s.split("\n", 1)[0] for s in sections] == list(DATASHEET_SECTIONS)
    for section, expected in zip(sections, DATASHEET_SECTIONS.values()):
        questions = re.findall(r"^\*\*(.+\?)\*\*\n(.+)", section, flags=re.M)
        assert len(questions) == expected, section.split("\n", 1)[0]
        for question, answer in questions:
            assert answer.strip() and not re.search(r"\b(TBD|TODO)\b", answer), question
    assert "unknown" in text and "1.0.0" in text


def test_help_lists_one_subcommand_per_stage():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for command in ("build", "raw", "clean"):
        assert re.search(rf"^\s+{command}\s", proc.stdout, re.M), command


def test_pre_commit_hooks_and_example_workflow_call_real_commands():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"newscorpus-validate", "newscorpus-lint"}
    for hook in hooks:
        command = hook["entry"].split()[1]
        assert run_cli(command, "--help").returncode == 0
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate-annotations.yml").read_text(encoding="utf-8"))
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["validate"]["steps"])
    assert "newscorpus validate" in steps and "newscorpus lint" in steps
