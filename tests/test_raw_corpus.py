"""The raw corpus is immutable: every file matches its recorded sha256, and records and files pair up."""

from __future__ import annotations

import json

import pytest

from newscorpus import raw as raw_module
from newscorpus.errors import NewscorpusError
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


# --- a large sources file is read entry by entry (raw.STREAM_ABOVE) -----------------------------

def _load(layout, stream: bool, monkeypatch):
    """load_sources with the streamed read (every file counts as large) or the whole read."""
    monkeypatch.setattr(raw_module, "STREAM_ABOVE", -1 if stream else 1 << 40)
    raw_module._SOURCES_MEMO.clear()
    raw_module._SOURCES_BY_STAT.clear()
    try:
        return load_sources(layout)
    except NewscorpusError as exc:
        return (exc.rule, str(exc))


def test_the_streamed_read_gives_the_sources_the_whole_read_gives(corpus_copy, monkeypatch):
    data = json.loads(corpus_copy.sources_file.read_text())
    for n in range(3):  # more entries, so the stream's per-entry step really repeats
        extra = json.loads(json.dumps(data["documents"][0]))
        extra["id"] = f"zz_{n}"
        data["documents"].append(extra)
    corpus_copy.sources_file.write_text(json.dumps(data, indent=1))
    streamed = _load(corpus_copy, True, monkeypatch)
    assert isinstance(streamed, list) and len(streamed) == len(data["documents"])
    assert streamed == _load(corpus_copy, False, monkeypatch)


BAD_SOURCES = {
    "an entry breaks its schema": lambda d: d["documents"][0].update(id="../escape"),
    "an entry is not an object": lambda d: d["documents"].append("doc"),
    "an unknown key at the top": lambda d: d.update(extra={"a": 1}),
    "documents is not an array": lambda d: d.update(documents={"a": 1}),
    "a duplicate document id": lambda d: d["documents"].append(dict(d["documents"][0])),
    "the wrong version": lambda d: d.update(version=2),
}


@pytest.mark.parametrize("damage", BAD_SOURCES.values(), ids=BAD_SOURCES.keys())
def test_a_bad_large_sources_file_gets_the_whole_reads_located_error(corpus_copy, monkeypatch, damage):
    data = json.loads(corpus_copy.sources_file.read_text())
    damage(data)
    corpus_copy.sources_file.write_text(json.dumps(data))
    streamed = _load(corpus_copy, True, monkeypatch)
    assert isinstance(streamed, tuple), streamed  # refused ...
    assert streamed == _load(corpus_copy, False, monkeypatch)  # ... with the very error of the whole read


@pytest.mark.parametrize("text", ['{"version": 1, "documents": [', '{"version": 1, "version": 1, "documents": []}', '\ufeff{}'])
def test_a_broken_large_sources_file_gets_the_whole_reads_located_error(corpus_copy, monkeypatch, text):
    corpus_copy.sources_file.write_text(text, encoding="utf-8")
    assert _load(corpus_copy, True, monkeypatch) == _load(corpus_copy, False, monkeypatch)


@pytest.mark.parametrize("depth", [40, 5_000])
def test_a_deeply_nested_sources_file_is_a_located_error_in_either_read(corpus_copy, monkeypatch, depth):
    """Nesting beyond the schema's stops the stream at once (ijson's prefixes would cost memory
    quadratic in the depth) and the whole read refuses it, located, without a traceback."""
    text = corpus_copy.sources_file.read_text(encoding="utf-8").replace('"evidence": [', '"evidence": ' + "[" * depth, 1)
    text = text.replace("]", "]" * depth, 1)
    corpus_copy.sources_file.write_text(text, encoding="utf-8")
    streamed = _load(corpus_copy, True, monkeypatch)
    assert isinstance(streamed, tuple) and streamed[0] in ("sources.json", "sources.schema"), streamed
    assert streamed == _load(corpus_copy, False, monkeypatch)


def test_every_schema_problem_of_the_sources_file_is_reported(corpus_copy):
    data = json.loads(corpus_copy.sources_file.read_text())
    data["documents"][0]["id"] = "../escape"
    data["documents"][1]["language"] = "EN_us"
    corpus_copy.sources_file.write_text(json.dumps(data))
    proc = run_cli("--root", str(corpus_copy.root), "raw")
    assert proc.returncode == 1 and "/documents/0/id" in proc.stderr and "/documents/1/language" in proc.stderr, proc.stderr
