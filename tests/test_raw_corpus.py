"""The raw corpus is immutable: every file matches its recorded sha256, and records and files pair up."""

from __future__ import annotations

import json

from newscorpus.raw import check_raw, load_sources

from test_bad_input import run_cli


def _rules(problems):
    return sorted((p.rule, p.location.file) for p in problems)


def test_the_checkout_raw_corpus_is_intact(repo_layout):
    assert check_raw(repo_layout) == []
    sources = load_sources(repo_layout)
    assert len(sources) == len(list(repo_layout.raw_dir.glob("*.txt"))) >= 2


def test_every_record_says_what_is_known_and_what_is_inferred(repo_layout):
    for record in json.loads(repo_layout.sources_file.read_text(encoding="utf-8"))["documents"]:
        assert record["origin"]["outlet"] is None and record["origin"]["published"] is None
        assert record["event"]["basis"] == "inferred from the text" and record["event"]["evidence"]
        assert record["translation"]["machine_translated"] in {"yes", "likely"} and record["translation"]["evidence"]
    assert len({s.story_id for s in load_sources(repo_layout)}) == 1  # two reports of one event


def test_a_changed_raw_file_is_named(corpus_copy):
    path = corpus_copy.raw_dir / "001_b6a5eac7838dd21e.txt"
    path.write_bytes(path.read_bytes().replace(b"Moscow", b"Moskau", 1))
    assert _rules(check_raw(corpus_copy)) == [("raw.checksum-mismatch", "corpus/raw/001_b6a5eac7838dd21e.txt")]


def test_a_raw_file_without_record_is_named(corpus_copy):
    (corpus_copy.raw_dir / "002_new.txt").write_text("Xi met Putin.\n")
    assert _rules(check_raw(corpus_copy)) == [("raw.unrecorded-file", "corpus/raw/002_new.txt")]


def test_a_record_without_file_is_named(corpus_copy):
    (corpus_copy.raw_dir / "000_ba8caa036516edf6.txt").unlink()
    assert _rules(check_raw(corpus_copy)) == [("raw.missing-file", "corpus/raw/000_ba8caa036516edf6.txt")]


def test_all_problems_are_reported_at_once_and_the_command_fails(corpus_copy):
    (corpus_copy.raw_dir / "000_ba8caa036516edf6.txt").unlink()
    (corpus_copy.raw_dir / "stray.txt").write_text("x")
    assert len(check_raw(corpus_copy)) == 2
    proc = run_cli("--root", str(corpus_copy.root), "raw")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "raw.missing-file" in proc.stderr and "raw.unrecorded-file" in proc.stderr


def test_a_malformed_sources_file_is_located(corpus_copy):
    data = json.loads(corpus_copy.sources_file.read_text())
    data["documents"][0]["id"] = "../escape"
    corpus_copy.sources_file.write_text(json.dumps(data))
    proc = run_cli("--root", str(corpus_copy.root), "raw")
    assert proc.returncode == 1 and "sources.schema" in proc.stderr and "/documents/0/id" in proc.stderr


def test_an_id_with_a_trailing_newline_is_refused(corpus_copy):
    data = json.loads(corpus_copy.sources_file.read_text())
    data["documents"][0]["id"] += "\n"
    corpus_copy.sources_file.write_text(json.dumps(data))
    proc = run_cli("--root", str(corpus_copy.root), "raw")
    assert proc.returncode == 1 and "sources.schema" in proc.stderr
