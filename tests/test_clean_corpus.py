"""The committed clean corpus: what it lacks, what it keeps, and that a fresh run reproduces it."""

from __future__ import annotations

import json
import shutil

import pytest

from newscorpus.clean import RemovedSpan, clean_text, reconstruct_raw
from newscorpus.clean.store import check_clean, clean_corpus
from newscorpus.raw import load_sources, read_text

from test_bad_input import run_cli

BIO_DOC, SIGNATURE_DOC = "000_ba8caa036516edf6", "001_b6a5eac7838dd21e"


def _raw_lines(layout, doc_id):
    return read_text(layout.raw_path(doc_id)).split("\n")


def _clean_lines(layout, doc_id):
    return layout.clean_text_path(doc_id).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("doc_id,label", [(BIO_DOC, "author_bio"), (SIGNATURE_DOC, "signature")])
def test_the_closing_noise_line_is_removed_and_every_other_line_kept(repo_layout, doc_id, label):
    raw_lines = _raw_lines(repo_layout, doc_id)
    clean_lines = _clean_lines(repo_layout, doc_id)
    record = json.loads(repo_layout.clean_record_path(doc_id).read_text(encoding="utf-8"))
    noise = [s for s in record["removed"] if s["label"] != "normalization"]
    assert [(s["label"], s["text"]) for s in noise] == [(label, raw_lines[-1])]
    assert raw_lines[-1] not in clean_lines
    for line in raw_lines[:-1]:
        assert line in clean_lines


def test_both_sub_headings_of_the_bio_document_are_marked(repo_layout):
    record = json.loads(repo_layout.clean_record_path(BIO_DOC).read_text(encoding="utf-8"))
    text = repo_layout.clean_text_path(BIO_DOC).read_text(encoding="utf-8")
    headings = [h["text"] for h in record["headings"]]
    assert headings == ["“constructive role”", "Kishida in Kyiv"]
    for heading in record["headings"]:
        assert text[heading["start"] : heading["end"]] == heading["text"]
        assert heading["text"] in text.split("\n")  # kept in the text, on a line of its own


def test_committed_records_rebuild_the_raw_texts(repo_layout):
    for source in load_sources(repo_layout):
        record = json.loads(repo_layout.clean_record_path(source.id).read_text(encoding="utf-8"))
        clean = repo_layout.clean_text_path(source.id).read_text(encoding="utf-8")
        spans = [RemovedSpan.from_dict(s) for s in record["removed"]]
        assert reconstruct_raw(clean, spans) == read_text(repo_layout.raw_path(source.id))
        assert record["raw_sha256"] == source.sha256


def test_committed_clean_files_match_a_fresh_run(repo_layout):
    """The CI freshness check: a rule change without `newscorpus clean` and a commit fails here."""
    assert check_clean(repo_layout) == []


def _orphan_outputs(layout, doc_id: str) -> None:
    """What `clean` wrote for a document that has since left sources.json."""
    record = json.loads(layout.clean_record_path(BIO_DOC).read_text(encoding="utf-8"))
    record["id"] = doc_id
    (layout.clean_dir / f"{doc_id}.json").write_text(json.dumps(record), encoding="utf-8")
    shutil.copyfile(layout.clean_text_path(BIO_DOC), layout.clean_dir / f"{doc_id}.txt")


def test_freshness_check_catches_a_stale_and_an_orphan_file(corpus_copy):
    path = corpus_copy.clean_text_path(SIGNATURE_DOC)
    path.write_text(path.read_text(encoding="utf-8") + "bur/about/you", encoding="utf-8")
    _orphan_outputs(corpus_copy, "gone")
    (corpus_copy.clean_dir / "notes.json").write_text("{}")
    problems = sorted((p.rule, p.location.file) for p in check_clean(corpus_copy))
    assert problems == [
        ("clean.foreign", "corpus/clean/notes.json"),
        ("clean.orphan", "corpus/clean/gone.json"),
        ("clean.orphan", "corpus/clean/gone.txt"),
        ("clean.stale", f"corpus/clean/{SIGNATURE_DOC}.txt"),
    ]
    proc = run_cli("--root", str(corpus_copy.root), "clean", "--check")
    assert proc.returncode == 1 and "clean.stale" in proc.stderr


def test_clean_rewrites_only_what_changed_and_is_deterministic(corpus_copy):
    before = {p.name: p.read_bytes() for p in corpus_copy.clean_dir.iterdir()}
    report = clean_corpus(corpus_copy)
    assert report.written == [] and report.documents == 2
    corpus_copy.clean_text_path(BIO_DOC).unlink()
    report = clean_corpus(corpus_copy)
    assert report.written == [corpus_copy.clean_text_path(BIO_DOC)]
    assert {p.name: p.read_bytes() for p in corpus_copy.clean_dir.iterdir()} == before


def test_bad_raw_input_leaves_good_outputs_untouched(corpus_copy):
    before = {p.name: p.read_bytes() for p in corpus_copy.clean_dir.iterdir()}
    raw = corpus_copy.raw_path(BIO_DOC)
    raw.write_bytes(raw.read_bytes() + b"\xff")  # now both changed and not UTF-8
    proc = run_cli("--root", str(corpus_copy.root), "clean")
    assert proc.returncode == 1 and "raw.checksum-mismatch" in proc.stderr and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in corpus_copy.clean_dir.iterdir()} == before


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    import os

    from newscorpus.errors import EnvironmentProblem
    from newscorpus.fsutil import atomic_write_bytes

    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(EnvironmentProblem) as caught:  # located at the destination, exit 2
        atomic_write_bytes(target, b"new")
    assert caught.value.location.file == str(target) and caught.value.exit_code == 2
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_build_runs_end_to_end_on_a_copy(corpus_copy):
    for path in corpus_copy.clean_dir.iterdir():
        path.unlink()
    proc = run_cli("--root", str(corpus_copy.root), "build")
    assert proc.returncode == 0, proc.stderr
    assert "corpus/clean" in proc.stdout
    assert check_clean(corpus_copy) == []


def test_cleaning_a_corpus_file_by_path_agrees_with_the_corpus_run(repo_layout):
    proc = run_cli("clean", str(repo_layout.raw_path(SIGNATURE_DOC)), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == clean_text(read_text(repo_layout.raw_path(SIGNATURE_DOC))).to_dict()


def test_the_fixture_corpus_clean_files_are_fresh():
    from newscorpus.layout import CorpusLayout

    from conftest import ROOT

    assert check_clean(CorpusLayout(ROOT / "tests" / "fixtures" / "corpus")) == []
