"""validate: every invalid fixture gives exactly its incidents, every rule has a fixture (or says why
not), valid-but-tricky files give none; the rule registry, its README table and the output format hold."""

from __future__ import annotations

import ast
import inspect
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newscorpus.layout import CorpusLayout
from newscorpus.validate import validate_paths
from newscorpus.validate.checks import CheckList, run_checks
from newscorpus.validate.level1 import load_json
from newscorpus.validate.level2 import check_schema, kebab
from newscorpus.validate.level3 import DOCUMENT_CHECKS, STORY_CHECKS
from newscorpus.validate.rules import RULES, UnregisteredRule, incident, rules_json, with_rules_table

from conftest import ROOT
from test_bad_input import run_cli

FIXTURES = ROOT / "tests" / "fixtures"
INVALID, VALID = FIXTURES / "invalid", FIXTURES / "valid"
EXPECTED = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))
TARGETS = {"document": "corpus/annotations/fx_a.json", "story": "corpus/annotations/stories/fx-story.json"}
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): L(?P<level>[1-4]) (?P<rule>[a-z0-9.-]+) (\[warning\] )?(?P<message>.+) \(at (?P<pointer>/[^)]*)\)$")
VALIDATION_RULES = {r.id for r in RULES.values() if r.level <= 3}


def lay_over(root: Path, fixture: Path, target: str) -> None:
    """The replay procedure of README.md: the fixture over the file its target names (or over the root)."""
    if target == "corpus":
        shutil.copytree(fixture, root, dirs_exist_ok=True, symlinks=True)
    else:
        shutil.copyfile(fixture, root / TARGETS[target])


@pytest.fixture
def fixture_corpus(tmp_path) -> CorpusLayout:
    shutil.copytree(FIXTURES / "corpus", tmp_path / "fx", symlinks=True)
    return CorpusLayout(tmp_path / "fx")


def replay(layout: CorpusLayout, name: str) -> list:
    lay_over(layout.root, INVALID / name, EXPECTED[name]["target"])
    return validate_paths(None, layout).incidents


def as_expected(incidents) -> Counter:
    return Counter((i.file, i.rule, i.pointer, i.line) for i in incidents)


def test_the_fixture_corpus_and_the_real_corpus_are_valid(fixture_corpus, repo_layout):
    for layout in (fixture_corpus, repo_layout):
        report = validate_paths(None, layout)
        assert report.incidents == [], [i.render() for i in report.incidents]
        assert report.files == 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_invalid_fixture_gives_exactly_its_incidents(fixture_corpus, name):
    incidents = replay(fixture_corpus, name)
    wanted = Counter((i["file"], i["rule"], i["pointer"], i["line"]) for i in EXPECTED[name]["incidents"])
    assert as_expected(incidents) == wanted, [i.render() for i in incidents]
    for found in incidents:
        assert found.level == RULES[found.rule].level and found.severity == RULES[found.rule].severity
        if found.line is not None:
            assert found.column is not None and LINE.match(found.render()), found.render()


def named_rule(name: str) -> str | None:
    """The rule id a fixture name starts with: level<N>-<rule-id>[-<variant>][.json], the longest id that fits."""
    match = re.match(r"^level([1-3])-(.+?)(?:\.json)?$", name)
    if not match:
        return None
    stem = match.group(2)
    fits = [r for r in RULES if (stem == r or stem.startswith(r + "-")) and RULES[r].level == int(match.group(1))]
    return max(fits, key=len, default=None)


def test_every_fixture_is_listed_and_named_by_a_rule_it_gives():
    on_disk = {p.name for p in INVALID.iterdir() if p.name != "expected.json"}
    assert on_disk == set(EXPECTED)
    for name, entry in EXPECTED.items():
        rule_id = named_rule(name)
        assert rule_id, f"{name}: not level<N>-<rule-id>[-<variant>] of a rule of that level"
        assert rule_id in {i["rule"] for i in entry["incidents"]}, name
        assert entry["target"] in ((INVALID / name).is_dir() and ("corpus",) or tuple(TARGETS)), name


def test_every_rule_is_given_by_a_fixture_or_says_why_none_can():
    given = {i["rule"] for entry in EXPECTED.values() for i in entry["incidents"]}
    assert given <= VALIDATION_RULES, given - VALIDATION_RULES
    for rule_id in sorted(VALIDATION_RULES):
        rule = RULES[rule_id]
        if rule.unreachable:
            assert rule_id not in given, f"{rule_id} has a fixture now: drop its 'unreachable' mark"
            test_file, test_name = rule.tested_by.split("::")
            assert re.search(rf"^def {test_name}\(", (ROOT / test_file).read_text(encoding="utf-8"), re.M), rule.tested_by
        else:
            assert rule_id in given, f"no fixture gives {rule_id}"


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.iterdir()))
def test_each_valid_but_tricky_fixture_gives_no_incident(fixture_corpus, name):
    target = "story" if name.startswith("story-") else "corpus" if (VALID / name).is_dir() else "document"
    lay_over(fixture_corpus.root, VALID / name, target)
    report = validate_paths(None, fixture_corpus)
    assert report.incidents == [], [i.render() for i in report.incidents]
    if target != "corpus":  # the reference path agrees, wherever the fast path sent the file
        source = load_json(VALID / name)
        assert source.ok and check_schema(source, target) == []


@pytest.mark.parametrize("name", ["level1-json.syntax.json", "level2-schema.enum-relation.json", "level3-inventory.conflict"])
def test_a_fixture_replays_with_the_command_line_alone(fixture_corpus, name):
    lay_over(fixture_corpus.root, INVALID / name, EXPECTED[name]["target"])
    proc = run_cli("--root", str(fixture_corpus.root), "validate", "--format", "json")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    got = Counter((i["file"], i["rule"], i["pointer"], i["line"]) for i in json.loads(proc.stdout)["incidents"])
    assert got == Counter((i["file"], i["rule"], i["pointer"], i["line"]) for i in EXPECTED[name]["incidents"])


# --- the registry --------------------------------------------------------------------------------


def test_list_rules_lists_every_registered_rule():
    proc = run_cli("validate", "--list-rules", "--format", "json")
    assert proc.returncode == 0
    listed = json.loads(proc.stdout)
    assert [r["id"] for r in listed] == list(RULES) and json.loads(rules_json()) == listed
    assert all({"id", "level", "description"} <= set(r) and r["description"] for r in listed)
    markdown = run_cli("validate", "--list-rules")
    assert markdown.returncode == 0 and all(f"| `{rule_id}` |" in markdown.stdout for rule_id in RULES)


def test_readme_validation_rules_table_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- validation-rules:begin" in readme
    assert with_rules_table(readme) == readme, "run scripts/sync_docs.py"


def test_an_unregistered_rule_id_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(UnregisteredRule):
        incident(load_json(path), "doc.made-up", "no such rule")
    checks = CheckList()

    @checks.check("doc.unknown")
    def check_something(subject):
        """Raises doc.unknown."""
        return [incident(load_json(path), "doc.id-filename", "not declared by this check")]

    with pytest.raises(UnregisteredRule):
        run_checks(checks, None)
    with pytest.raises(UnregisteredRule):
        checks.check("doc.made-up")(lambda subject: [])


def test_every_schema_keyword_has_a_registered_rule():
    used = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in Draft202012Validator.VALIDATORS and key not in ("$ref", "allOf", "if", "then", "else", "properties", "items", "$defs"):
                    used.add("schema." + kebab(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in ("document", "story"):
        walk(json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")))
    assert used == {r for r in RULES if r.startswith("schema.")}


def test_each_check_declares_documents_and_raises_only_its_rules():
    raised = set()
    for checks in (DOCUMENT_CHECKS, STORY_CHECKS):
        given = set()
        for check in checks:
            assert set(check.needs) <= given, f"{check.name} needs {check.needs} before a check gives it"
            given |= {check.gives} - {""}
            doc = inspect.getdoc(check.run) or ""
            for rule_id in check.raises:
                assert rule_id in doc, f"{check.name}'s docstring does not name {rule_id}"
            raised |= set(check.raises)
    driver = {"doc.unannotated", "inventory.conflict"}  # whole-corpus checks of the driver
    assert raised | driver == {r.id for r in RULES.values() if r.level == 3}


def test_no_level3_function_is_longer_than_40_lines():
    for module in ("checks", "documents", "stories", "level3", "columns"):
        tree = ast.parse((ROOT / "src" / "newscorpus" / "validate" / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 40, f"{module}.{node.name} is {node.end_lineno - node.lineno + 1} lines"


# --- output and limits ---------------------------------------------------------------------------


def test_the_located_line_is_the_offending_line(fixture_corpus):
    lay_over(fixture_corpus.root, INVALID / "level2-schema.enum-label.json", "document")
    [found] = [i for i in validate_paths(None, fixture_corpus).incidents if i.level == 2]
    line = (fixture_corpus.root / TARGETS["document"]).read_text(encoding="utf-8").splitlines()[found.line - 1]
    assert line[found.column - 1 :].startswith('"PERSONS"')
    assert found.schema_path.endswith("/enum") and "PERSON" in found.expected


def test_all_errors_are_reported_not_only_the_first(fixture_corpus):
    path = fixture_corpus.annotations_dir / "fx_a.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["entities"]["items"][0]["label"] = "PERSONS"
    doc["layers"]["entities"]["items"][1]["start"] = "15"
    doc["layers"]["quotes"]["items"][0]["kind"] = "partial"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rules = sorted(i.rule for i in validate_paths([path], fixture_corpus).incidents)
    assert rules == ["schema.enum", "schema.enum", "schema.type"]


def test_independent_level3_problems_are_all_reported(fixture_corpus):
    """Explicit dependencies: a wrong span does not hide a duplicate id or a dangling key elsewhere."""
    path = fixture_corpus.annotations_dir / "fx_a.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    entities = doc["layers"]["entities"]["items"]
    entities[0]["text"], entities[1]["id"], entities[2]["key"] = "Xi Jinpong", "e1", "moskva"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rules = {i.rule for i in validate_paths([path], fixture_corpus).incidents}
    assert {"span.text-mismatch", "id.duplicate", "ref.entity-key"} <= rules
    assert "heading.not-a-line" not in rules and "entity.overlap" not in rules  # structure checks wait for placed spans


def test_command_line_exit_codes_and_format(fixture_corpus):
    ok = run_cli("--root", str(fixture_corpus.root), "validate")
    assert ok.returncode == 0 and "valid" in ok.stdout
    path = fixture_corpus.root / TARGETS["document"]
    lay_over(fixture_corpus.root, INVALID / "level3-span.text-mismatch.json", "document")
    bad = run_cli("--root", str(fixture_corpus.root), "validate", str(path))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    lines = [line for line in bad.stdout.splitlines() if line]
    assert lines and all(LINE.match(line) for line in lines), lines
    machine = run_cli("--root", str(fixture_corpus.root), "validate", "--format", "json", str(path))
    data = json.loads(machine.stdout)
    assert machine.returncode == 1 and data["valid"] is False
    assert data["incidents"][0]["rule"] == "span.text-mismatch" and data["incidents"][0]["line"]
    assert {"file", "level", "rule", "message", "pointer", "line", "column", "severity", "schema_path", "expected"} == set(data["incidents"][0])
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
    found = [i for i in validate_paths([path], fixture_corpus).incidents if i.file.endswith("fx_a.json")]
    assert [i.rule for i in found] == ["json.too-large"] and "limit" in found[0].message


def test_nesting_ten_thousand_levels_deep_is_located(fixture_corpus):
    path = fixture_corpus.annotations_dir / "fx_a.json"
    path.write_text('{"layers": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    [found] = [i for i in validate_paths([path], fixture_corpus).incidents if i.file.endswith("fx_a.json")]
    assert found.rule == "json.too-deep" and (found.line, found.column) == (1, 11 + 32)  # the bracket at depth 33


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


def _check_jsonschema() -> str:
    return shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))


def test_check_jsonschema_accepts_every_annotation_file(repo_layout):
    """An independent validator agrees with ours on the committed files (offline: schemas stand alone)."""
    for kind, pattern in (("document", "*.json"), ("story", "stories/*.json")):
        files = sorted(str(p) for p in repo_layout.annotations_dir.glob(pattern))
        assert files
        proc = subprocess.run([_check_jsonschema(), "--schemafile", str(ROOT / "schema" / f"{kind}.schema.json"), *files],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr


# JSON Schema counts 0.0 and 1e1 as integers; level 2 refuses them (see validate/level2.py).
STRICTER_THAN_JSON_SCHEMA = {"level2-schema.type-integral-float.json", "level2-schema.type-exponent.json"}


def test_check_jsonschema_rejects_what_level_2_rejects_and_no_more():
    for target in TARGETS:
        names = sorted(n for n, e in EXPECTED.items() if n.startswith("level2-") and e["target"] == target)
        rejected = [n for n in names if n not in STRICTER_THAN_JSON_SCHEMA]
        proc = subprocess.run([_check_jsonschema(), "-o", "json", "--schemafile", str(ROOT / "schema" / f"{target}.schema.json"),
                               *(str(INVALID / n) for n in rejected)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1
        assert {Path(e["filename"]).name for e in json.loads(proc.stdout)["errors"]} == set(rejected)
        accepted = [n for n in names if n in STRICTER_THAN_JSON_SCHEMA]
        if accepted:
            proc = subprocess.run([_check_jsonschema(), "--schemafile", str(ROOT / "schema" / f"{target}.schema.json"),
                                   *(str(INVALID / n) for n in accepted)], capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, proc.stdout
