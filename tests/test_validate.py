"""validate: every defect fixture fails with its located error; valid files pass; the output format holds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newscorpus.layout import CorpusLayout
from newscorpus.validate import validate_paths

from conftest import ROOT
from test_bad_input import run_cli

FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = json.loads((FIXTURES / "invalid" / "expected.json").read_text(encoding="utf-8"))
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): L(?P<level>[1-4]) (?P<rule>[a-z0-9.-]+) (?P<message>.+) \(at (?P<pointer>/[^)]*)\)$")


@pytest.fixture
def fixture_corpus(tmp_path) -> CorpusLayout:
    shutil.copytree(FIXTURES / "corpus", tmp_path / "fx")
    return CorpusLayout(tmp_path / "fx")


def _place(layout: CorpusLayout, name: str) -> Path:
    target = EXPECTED[name]["target"]
    dest = layout.annotations_dir / ("fx_a.json" if target == "document" else "stories/fx-story.json")
    shutil.copyfile(FIXTURES / "invalid" / name, dest)
    return dest


def test_the_fixture_corpus_and_the_real_corpus_are_valid(fixture_corpus, repo_layout):
    for layout in (fixture_corpus, repo_layout):
        report = validate_paths(None, layout)
        assert report.incidents == [], [i.render() for i in report.incidents]
        assert report.files == 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_fixture_fails_with_its_located_error(fixture_corpus, name):
    path = _place(fixture_corpus, name)
    report = validate_paths([path], fixture_corpus)
    assert not report.ok
    expected = EXPECTED[name]
    level = int(name[len("level")])
    matching = [i for i in report.incidents if i.rule == expected["rule"] and i.pointer == expected["pointer"]]
    assert matching, f"expected {expected}, got {[i.render() for i in report.incidents]}"
    incident = matching[0]
    assert incident.level == level
    assert incident.line is not None and incident.column is not None, "the error must be located"
    assert LINE.match(incident.render()), incident.render()


def test_the_located_line_is_the_offending_line(fixture_corpus):
    path = _place(fixture_corpus, "level2-unknown-label.json")
    [incident] = validate_paths([path], fixture_corpus).incidents
    line = path.read_text(encoding="utf-8").splitlines()[incident.line - 1]
    assert line[incident.column - 1 :].startswith('"PERSONS"')


def test_all_errors_are_reported_not_only_the_first(fixture_corpus):
    path = fixture_corpus.annotations_dir / "fx_a.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["entities"]["items"][0]["label"] = "PERSONS"
    doc["layers"]["entities"]["items"][1]["start"] = "15"
    doc["layers"]["quotes"]["items"][0]["kind"] = "partial"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rules = sorted(i.rule for i in validate_paths([path], fixture_corpus).incidents)
    assert rules == ["schema.enum", "schema.enum", "schema.type"]


def test_command_line_exit_codes_and_format(fixture_corpus):
    ok = run_cli("--root", str(fixture_corpus.root), "validate")
    assert ok.returncode == 0 and "valid" in ok.stdout
    path = _place(fixture_corpus, "level3-span-text-mismatch.json")
    bad = run_cli("--root", str(fixture_corpus.root), "validate", str(path))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    lines = [line for line in bad.stdout.splitlines() if line]
    assert lines and all(LINE.match(line) for line in lines), lines
    machine = run_cli("--root", str(fixture_corpus.root), "validate", "--format", "json", str(path))
    data = json.loads(machine.stdout)
    assert machine.returncode == 1 and data["valid"] is False
    assert data["incidents"][0]["rule"] == "span.text-mismatch" and data["incidents"][0]["line"]
    usage = run_cli("--root", str(fixture_corpus.root), "validate", str(fixture_corpus.root / "missing.json"))
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_status_counts_are_reported(repo_layout):
    proc = run_cli("validate")
    assert proc.returncode == 0
    assert re.search(r"layers: gold \d+, silver 0, none 0", proc.stdout)


def test_a_hundred_megabyte_file_is_refused_with_the_limit(fixture_corpus):
    path = fixture_corpus.annotations_dir / "fx_a.json"
    with open(path, "wb") as handle:
        handle.write(b'{"pad": "')
        handle.truncate(100 * 1024 * 1024)
    [incident] = validate_paths([path], fixture_corpus).incidents
    assert incident.rule == "json.too-large" and "limit" in incident.message


def test_nesting_ten_thousand_levels_deep_is_located(fixture_corpus):
    path = fixture_corpus.annotations_dir / "fx_a.json"
    path.write_text('{"layers": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    [incident] = validate_paths([path], fixture_corpus).incidents
    assert incident.rule == "json.too-deep" and incident.line == 1 and incident.column > 1


def test_schemas_pass_the_draft_2020_12_metaschema_and_have_versioned_ids():
    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert re.search(r"/\d+\.\d+\.\d+/", schema["$id"]), path


def test_story_schema_copies_of_shared_definitions_are_identical():
    document = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    story = json.loads((ROOT / "schema" / "story.schema.json").read_text(encoding="utf-8"))
    for name in ("document_id", "story_id", "version", "item_id", "entity_key", "status", "provenance", "entity_label"):
        assert story["$defs"][name] == document["$defs"][name], name


def test_check_jsonschema_accepts_every_annotation_file(repo_layout):
    """An independent validator agrees with ours on the committed files (offline: schemas stand alone)."""
    for kind, pattern in (("document", "*.json"), ("story", "stories/*.json")):
        files = sorted(str(p) for p in repo_layout.annotations_dir.glob(pattern))
        assert files
        proc = subprocess.run(
            [str(Path(shutil.which("check-jsonschema") or Path(__import__("sys").executable).with_name("check-jsonschema"))),
             "--schemafile", str(ROOT / "schema" / f"{kind}.schema.json"), *files],
            capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_rejects_what_level_2_rejects(fixture_corpus):
    exe = shutil.which("check-jsonschema") or str(Path(__import__("sys").executable).with_name("check-jsonschema"))
    for name, expected in EXPECTED.items():
        if not name.startswith("level2-"):
            continue
        proc = subprocess.run(
            [exe, "--schemafile", str(ROOT / "schema" / f"{expected['target']}.schema.json"), str(FIXTURES / "invalid" / name)],
            capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 1, name
