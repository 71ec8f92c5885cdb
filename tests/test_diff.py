"""`newscorpus diff` reports exactly the annotation-level edits made, from directories or git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from newscorpus.annotations.io import dumps
from newscorpus.cli import main

FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
A, STORY = "fx_a", "fx-story"


def _edit(root: Path) -> None:
    """The prepared edits, one of each kind the diff reports."""
    ann = root / "corpus" / "annotations"
    doc = json.loads((ann / f"{A}.json").read_text(encoding="utf-8"))
    ents = doc["layers"]["entities"]["items"]
    by_id = {e["id"]: e for e in ents}
    by_id["e5"]["label"], by_id["e5"]["key"] = "ORG", "kremlin"  # relabelled and re-keyed
    by_id["e4"].update(start=40, end=50, text="on Tuesday")  # moved
    ents.remove(by_id["e3"])  # removed
    ents.append({"id": "e8", "start": 52, "end": 57, "text": "Talks", "label": "EVENT"})  # added
    quote = doc["layers"]["quotes"]["items"][0]
    quote["kind"] = "fragment"
    quote["speaker"], quote["speaker_reason"] = None, "unattributed"
    quote["cue"], quote["cue_reason"] = None, "no-cue-words"
    doc["layers"]["headings"]["status"] = "silver"
    doc["layers"]["headings"]["provenance"] = {"agent": "rule", "id": "heading.short-line", "guidelines_version": "1.0.0"}
    (ann / f"{A}.json").write_text(dumps(doc), encoding="utf-8")
    story = json.loads((ann / "stories" / f"{STORY}.json").read_text(encoding="utf-8"))
    story["alignments"]["items"].append({"id": "a2", "source": {"document": "fx_a", "sentence": "s3"}, "target": {"document": "fx_b", "sentence": "s2"}, "relation": "equivalent"})
    story["discrepancies"]["items"] = []
    (ann / "stories" / f"{STORY}.json").write_text(dumps(story), encoding="utf-8")


EXPECTED = [
    "fx_a: headings layer status: gold → silver (heading.short-line)",
    "fx_a s1: entity removed: e3 'Moscow' GPE moscow",
    "fx_a s1: entity moved: e4 'Tuesday' 43-50 → 'on Tuesday' 40-50",
    "fx_a h1: entity added: e8 'Talks' EVENT",
    "fx_a h1: entity re-keyed: e5 'Kremlin' moscow-kremlin → kremlin",
    "fx_a h1: entity relabelled: e5 'Kremlin' FAC → ORG",
    "fx_a s2: quote cue changed: q1 '“We are friends,”': 'said' at 94-98 → none (no-cue-words)",
    "fx_a s2: quote kind changed: q1 '“We are friends,”': full → fragment",
    "fx_a s2: quote speaker changed: q1 '“We are friends,”': xi-jinping → none (unattributed)",
    "fx-story: alignment added: a2 equivalent: fx_a s3 'Putin agreed.' ↔ fx_b s2 'The two leaders called each other “friends.”'",
    "fx-story: discrepancy removed: d1 wording: \"'We are friends' against 'friends'.\" (fx_a s2 '“We are friends,” Xi said.'; fx_b s2 'The two leaders called each other “friends.”')",
]


@pytest.fixture
def two_trees(tmp_path):
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(FIXTURE, base)
    shutil.copytree(FIXTURE, head)
    _edit(head)
    return base, head


def test_diff_of_two_directories_reports_exactly_the_edits(two_trees, capsys):
    base, head = two_trees
    fx_b = json.loads((base / "corpus/annotations/fx_b.json").read_text(encoding="utf-8"))
    assert fx_b["layers"]["sentences"]["items"][1]["text"] == "The two leaders called each other “friends.”"  # the fixture the words quote
    assert main(["diff", str(base), str(head)]) == 0
    assert capsys.readouterr().out.splitlines() == EXPECTED


def test_diff_markdown_for_a_job_summary(two_trees, capsys):
    base, head = two_trees
    assert main(["diff", str(base), str(head), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### Annotation changes") and "#### `fx_a`" in out and "#### `fx-story`" in out
    assert "| h1 | entity relabelled | e5 'Kremlin' FAC → ORG |" in out and out.count("\n| ") == len(EXPECTED) + 2


def test_no_change_says_so(two_trees, capsys):
    base, _ = two_trees
    assert main(["diff", str(base), str(base)]) == 0
    assert capsys.readouterr().out == "no annotation changes\n"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin", "HOME": str(cwd)}).stdout


def test_diff_defaults_to_the_merge_base_with_main_and_the_working_tree(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "fixture")
    _git(repo, "checkout", "-q", "-b", "edits")
    _edit(repo)
    monkeypatch.chdir(repo)
    assert main(["diff"]) == 0
    assert capsys.readouterr().out.splitlines() == EXPECTED
    _git(repo, "commit", "-qam", "edits")
    assert main(["diff", "main", "HEAD"]) == 0
    assert capsys.readouterr().out.splitlines() == EXPECTED
    assert main(["diff", "no-such-branch"]) == 1
    assert "diff.git" in capsys.readouterr().err


def test_an_unreadable_file_is_named_not_a_traceback(two_trees, capsys):
    base, head = two_trees
    (head / "corpus/annotations/fx_b.json").write_text("{broken", encoding="utf-8")
    assert main(["diff", str(base), str(head)]) == 1
    captured = capsys.readouterr()
    assert "fx_b.json: diff.unreadable" in captured.err and "Traceback" not in captured.err


def test_the_example_workflow_writes_the_markdown_diff_to_the_job_summary():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate-annotations.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    diff = next(s for s in steps if "newscorpus diff" in s.get("run", ""))
    assert "--format markdown" in diff["run"] and '>> "$GITHUB_STEP_SUMMARY"' in diff["run"] and "pull_request" in diff["if"]
    assert steps[0]["with"]["fetch-depth"] == 0
