"""The validation findings of the probe report (shared/reports/probe-7ff43ed.md, sections 1-2),
each reproduced and now passing; named by finding id. Linearity is shown by counting work, or by
comparing a 10x input against a generous bound, never by a timing against a clock."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from newscorpus.incident import MESSAGE_LIMIT
from newscorpus.layout import CorpusLayout
from newscorpus.validate import validate_paths
from newscorpus.validate.context import CorpusContext, load_checked
from newscorpus.validate.level1 import load_json
from newscorpus.validate.level3 import check_document

from conftest import ROOT
from test_bad_input import run_cli


def run_with_env(*args: str, **env: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "newscorpus.cli", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **env})

FIXTURE = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture
def fx(tmp_path) -> CorpusLayout:
    shutil.copytree(FIXTURE, tmp_path / "fx", symlinks=True)
    return CorpusLayout(tmp_path / "fx")


def _doc(layout: CorpusLayout, name: str = "fx_a") -> Path:
    return layout.annotations_dir / f"{name}.json"


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _cpu(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _grows_linearly(make, n: int) -> None:
    """Work on a 10x input stays under 25x the work on the input (quadratic work would be 100x)."""
    small, large = make(n), make(10 * n)
    t_small, t_large = _cpu(small), _cpu(large)
    assert t_large <= 25 * t_small + 0.05, (t_small, t_large)


# --- F-5: level 1 is linear on an unterminated string with escaped quotes ---------------------


def test_F5_the_reports_300_kb_unterminated_string_is_one_located_syntax_error(tmp_path):
    path = tmp_path / "q.json"
    path.write_bytes(b'"' + b'\\"' * 150_000)  # the report's 300 KB file
    proc = run_cli("validate", str(path), timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith(f"{path}:1:1: L1 json.syntax Unterminated string")


@pytest.mark.parametrize("shape", ["unterminated", "constant-after", "deep-after", "long-integer-after"])
def test_F5_level1_grows_linearly_whatever_the_shape(tmp_path, shape):
    """Each shape makes level 1 read every escaped quote; the last three also send the tokenizer over them."""
    tails = {"unterminated": b"", "constant-after": b'", "x": NaN}', "deep-after": b'", "x": ' + b"[" * 40 + b"]" * 40 + b"}",
             "long-integer-after": b'", "x": 1' + b"0" * 5000 + b"}"}

    def make(n):
        path = tmp_path / f"{shape}-{n}.json"
        head = b'"' if shape == "unterminated" else b'{"a": "'
        path.write_bytes(head + b'\\"' * n + tails[shape])
        return lambda: load_json(path)

    _grows_linearly(make, 20_000)
    [incident] = load_json(tmp_path / f"{shape}-20000.json").incidents
    assert incident.line == 1 and incident.column is not None


# --- F-6: locating incidents is linear --------------------------------------------------------


def _bad_headings(layout: CorpusLayout, count: int) -> Path:
    path = _doc(layout)
    _edit(path, lambda d: d["layers"]["headings"]["items"].extend(
        {"id": f"x{i}", "start": 0, "end": 1, "text": "X"} for i in range(count)))
    return path


def _locator_steps(layout: CorpusLayout, path: Path) -> tuple[int, int]:
    source = load_checked(path, "fx_a.json", "document")
    incidents = check_document(source, CorpusContext(layout))
    return len(incidents), source.locator.steps


def test_F6_locating_ten_times_the_incidents_is_ten_times_the_work(tmp_path):
    counts = {}
    for n in (1_000, 10_000):
        shutil.copytree(FIXTURE, tmp_path / str(n))
        layout = CorpusLayout(tmp_path / str(n))
        counts[n] = _locator_steps(layout, _bad_headings(layout, n))
    (few, few_steps), (many, many_steps) = counts[1_000], counts[10_000]
    assert many >= 10 * few * 0.9  # the incidents grow tenfold ...
    assert many_steps <= 11 * few_steps  # ... and so does the work (the old locator: a hundredfold)


def test_F6_locating_schema_errors_is_linear_too(tmp_path):
    def steps(n):
        path = tmp_path / f"labels-{n}.json"
        data = json.loads((FIXTURE / "corpus" / "annotations" / "fx_a.json").read_text(encoding="utf-8"))
        data["layers"]["entities"]["items"] = [{"id": f"e{i}", "start": 0, "end": 1, "text": "X", "label": "PERSONS"} for i in range(n)]
        path.write_text(json.dumps(data), encoding="utf-8")  # one line: columns over a long line
        source = load_checked(path, path.name, "document")
        assert len(source.incidents) == n
        return source.locator.steps

    assert steps(10_000) <= 11 * steps(1_000)


def test_F6_ten_thousand_bad_headings_are_all_reported(fx):
    _bad_headings(fx, 10_000)
    report = validate_paths(None, fx)
    assert sum(i.rule == "heading.not-a-line" for i in report.incidents) >= 10_000
    assert all(i.line is not None for i in report.incidents)


# --- F-9: integers over 4,300 digits ----------------------------------------------------------


def _long_integer(layout: CorpusLayout) -> Path:
    path = _doc(layout)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"start": 43,', '"start": 1' + "0" * 5000 + ",", 1), encoding="utf-8")
    return path


def test_F9_a_long_integer_is_a_located_level1_incident_in_validate(fx):
    path = _long_integer(fx)
    for args in (("--root", str(fx.root), "validate"), ("validate", str(path)), ("--root", str(fx.root), "validate", "--workers", "2")):
        proc = run_cli(*args)
        assert proc.returncode == 1 and "internal error" not in proc.stderr, proc.stderr
        assert "fx_a.json:43:" in proc.stdout and "L1 json.integer-too-long an integer of 5,001 digits" in proc.stdout


def test_F9_attach_and_lint_report_it_too(fx):
    _long_integer(fx)
    attach = run_cli("--root", str(fx.root), "attach")
    assert attach.returncode == 1 and "internal error" not in attach.stderr and "json.integer-too-long" in attach.stdout + attach.stderr
    lint = run_cli("--root", str(fx.root), "lint")
    assert lint.returncode == 1 and "lint.unreadable" in lint.stdout and "json.integer-too-long" in lint.stdout


# --- F-10: integral floats as offsets ---------------------------------------------------------


@pytest.mark.parametrize("literal", ["0.0", "0e0", "0E+0", "1e1"])
def test_F10_an_integral_float_offset_is_a_located_incident_in_every_mode(fx, literal):
    path = _doc(fx)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"start": 0, "end": 10', f'"start": {literal}, "end": 10', 1), encoding="utf-8")
    for args in (("validate", str(path)), ("--root", str(fx.root), "validate"), ("--root", str(fx.root), "validate", "--workers", "2")):
        proc = run_cli(*args)
        assert proc.returncode == 1 and "internal error" not in proc.stderr, proc.stderr
        assert "fx_a.json:40:" in proc.stdout and "L2 schema.type" in proc.stdout and "without a fraction or exponent" in proc.stdout


def test_F10_integers_beyond_64_bits_are_read_as_integers(fx):
    """orjson reads them as floats; the fast path must not take that for a valid offset."""
    path = _doc(fx)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"start": 0, "end": 10', '"start": 0, "end": 10000000000000000000000000000000', 1), encoding="utf-8")
    [found] = [i for i in validate_paths([path], fx).incidents]
    assert found.rule == "span.offsets" and "10000000000000000000000000000000" in found.message


# --- F-24: one unreadable document, one report ------------------------------------------------


def test_F24_an_unreadable_document_is_reported_once_not_in_every_reference(corpus_copy):
    broken = corpus_copy.annotations_dir / "000_ba8caa036516edf6.json"
    broken.write_text(broken.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # truncated: not JSON
    report = validate_paths(None, corpus_copy)
    assert [i.rule for i in report.errors] == ["json.syntax"]  # the root cause, once
    [story] = [i for i in report.incidents if "/stories/" in i.file]
    assert story.rule == "story.document-unreadable" and story.severity == "warning"
    assert "references into it" in story.message


def test_F24_an_invalid_story_is_reported_once_per_document_as_a_warning(fx):
    story = fx.annotations_dir / "stories" / "fx-story.json"
    story.write_text("{", encoding="utf-8")
    report = validate_paths(None, fx)
    assert [i.rule for i in report.errors] == ["json.syntax"]
    assert sorted(i.rule for i in report.incidents if i.severity == "warning") == ["ref.story-unreadable"] * 2


# --- F-25: bounded messages -------------------------------------------------------------------


def test_F25_a_huge_value_is_not_echoed(fx):
    path = _doc(fx)
    _edit(path, lambda d: d.update(id="a" * 2_000_000))
    [found] = [i for i in validate_paths([path], fx).incidents]
    assert found.rule == "schema.pattern" and len(found.message) <= MESSAGE_LIMIT
    assert "…" in found.message and "2,000,000 characters" in found.message


def test_F25_a_hundred_thousand_unexpected_keys_make_one_short_message(fx):
    path = _doc(fx)
    _edit(path, lambda d: d.update({f"key{i}": i for i in range(100_000)}))
    [found] = [i for i in validate_paths([path], fx).incidents]
    assert found.rule == "schema.additional-properties" and len(found.message) <= MESSAGE_LIMIT
    assert "characters left out" in found.message


def test_F25_every_message_of_a_hostile_file_is_bounded(fx):
    path = _doc(fx)
    _edit(path, lambda d: [e.update(text="y" * 100_000, prefix="p" * 100_000) for e in d["layers"]["entities"]["items"]])
    incidents = validate_paths([path], fx).incidents
    assert incidents and all(len(i.message) <= MESSAGE_LIMIT for i in incidents)


# --- F-29: links out of the checkout, unparseable files in lint -------------------------------


def _outside_link(layout: CorpusLayout, tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere" / "ann000.json"
    outside.parent.mkdir()
    outside.write_text('{"this is": "never read", ', encoding="utf-8")  # if read: a syntax error would show
    link = layout.annotations_dir / "fx_c.json"
    link.symlink_to(outside)
    return link


def test_F29_validate_refuses_a_link_out_without_reading_it(fx, tmp_path):
    _outside_link(fx, tmp_path)
    for args in ((), ("--no-cache",), ("--workers", "2")):
        proc = run_cli("--root", str(fx.root), "validate", "--format", "json", *args)
        assert proc.returncode == 1
        incidents = json.loads(proc.stdout)["incidents"]
        assert [(i["file"], i["rule"]) for i in incidents] == [("corpus/annotations/fx_c.json", "path.outside")]


def test_F29_lint_fails_on_an_unparseable_file_and_never_reads_a_link_out(fx, tmp_path):
    _outside_link(fx, tmp_path)
    _doc(fx, "fx_b").write_text("{", encoding="utf-8")
    proc = run_cli("--root", str(fx.root), "lint")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "corpus/annotations/fx_b.json:1:2: L4 lint.unreadable cannot be linted: L1 json.syntax" in proc.stdout
    assert "corpus/annotations/fx_c.json: L1 path.outside" in proc.stdout
    assert "never read" not in proc.stdout and proc.stdout.count("lint.unreadable") == 1


def test_F29_story_checks_do_not_read_a_document_linked_out(fx, tmp_path):
    doc = _doc(fx, "fx_b")
    outside = tmp_path / "fx_b.json"
    shutil.move(doc, outside)
    doc.symlink_to(outside)
    report = validate_paths(None, fx)
    rules = sorted((i.file, i.rule) for i in report.incidents)
    assert rules == [("corpus/annotations/fx_b.json", "path.outside"),
                     ("corpus/annotations/stories/fx-story.json", "story.document-unreadable")]


# --- F-31: size limits that mean nothing are usage errors -------------------------------------


@pytest.mark.parametrize("limit", ["0", "-5", "abc", "1e3"])
def test_F31_a_limit_that_is_not_a_positive_number_of_bytes_is_a_usage_error(fx, limit):
    proc = run_cli("--root", str(fx.root), "validate", f"--max-bytes={limit}")
    assert proc.returncode == 2 and "positive number of bytes" in proc.stderr and "Traceback" not in proc.stderr
    env = run_with_env("--root", str(fx.root), "validate", NEWSCORPUS_MAX_JSON_BYTES=limit)
    assert env.returncode == 2 and "positive number of bytes" in env.stderr


def test_F31_a_small_positive_limit_is_applied(fx):
    proc = run_cli("--root", str(fx.root), "validate", "--no-cache", "--max-bytes", "100")
    assert proc.returncode == 1 and proc.stdout.count("json.too-large") == 3
