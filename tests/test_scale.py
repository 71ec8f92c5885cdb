"""Scale: the generator, sharded streaming releases, parallel and distributed runs that write the
same bytes as a serial one, and a cache that never answers for changed inputs."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from newscorpus.annotations.attach import attach_annotations
from newscorpus.cache import Cache, make_key
from newscorpus.clean.store import clean_corpus
from newscorpus.engine import DaskEngine, Engine, ProcessEngine
from newscorpus.layout import CorpusLayout
from newscorpus.publish import release as release_module
from newscorpus.publish import stream
from newscorpus.publish.release import build_release
from newscorpus.validate import validate_paths

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import generate_corpus  # noqa: E402

DOCS = 40


def _tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` (caches aside) with its sha256."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "corpus-root"
    generate_corpus.write(out, DOCS, seed=7, progress_every=0)
    return out


def _copy(generated: Path, tmp_path: Path) -> CorpusLayout:
    shutil.copytree(generated, tmp_path / "root")
    return CorpusLayout(tmp_path / "root")


def _build(layout: CorpusLayout, engine: Engine, cache: Cache | None = None) -> None:
    clean_corpus(layout, engine=engine, cache=cache)
    attach_annotations(layout, engine=engine, cache=cache)
    report = validate_paths(None, layout, engine=engine, cache=cache)
    assert report.ok, [i.render() for i in report.errors][:5]
    out = layout.root / "release"
    out.mkdir(exist_ok=True)
    build_release(layout, "1.0.0", out, None, engine=engine, cache=cache, validated=True)


# --- the generator ----------------------------------------------------------------------------


def test_generator_is_deterministic_and_shaped_like_the_corpus(generated, tmp_path):
    again = tmp_path / "again"
    generate_corpus.write(again, DOCS, seed=7, progress_every=0)
    assert _tree(again) == _tree(generated)
    other = tmp_path / "other"
    generate_corpus.write(other, 5, seed=8, progress_every=0)
    assert _tree(other) != {k: v for k, v in _tree(generated).items() if k in _tree(other)}
    truth = [json.loads(line) for line in (generated / "noise.jsonl").read_text(encoding="utf-8").splitlines()]
    labels = {label for doc in truth for label, _ in doc["noise"]}
    assert labels == {"author_bio", "signature", "byline", "credit", "copyright", "read_more", "boilerplate", "timestamp"}
    sizes = [sum(len(layer["items"]) for layer in json.loads(p.read_text())["layers"].values())
             for p in (generated / "corpus" / "annotations").glob("*.json")]
    assert 60 <= sum(sizes) / len(sizes) <= 200  # ~110 annotations per document, like the real ones


def test_generator_refuses_to_write_into_the_project_corpus():
    with pytest.raises(SystemExit):
        generate_corpus.write(ROOT / "corpus", 1, seed=0, progress_every=0)


def test_a_generated_corpus_builds_and_its_noise_is_removed(generated, tmp_path):
    layout = _copy(generated, tmp_path)
    _build(layout, Engine())
    truth = {json.loads(line)["id"]: json.loads(line)["noise"] for line in (layout.root / "noise.jsonl").read_text().splitlines()}
    for doc_id, noise in truth.items():
        record = json.loads(layout.clean_record_path(doc_id).read_text())
        removed = sorted((s["label"], s["text"].strip()) for s in record["removed"] if s["label"] != "normalization")
        assert removed == sorted((label, line.strip()) for label, line in noise), doc_id


# --- parallel and distributed runs write the same bytes ------------------------------------------


def test_workers_write_byte_for_byte_what_one_process_writes(generated, tmp_path):
    serial, parallel = _copy(generated, tmp_path / "a"), _copy(generated, tmp_path / "b")
    _build(serial, Engine())
    with ProcessEngine(workers=2) as engine:
        _build(parallel, engine)
    assert _tree(parallel.root) == _tree(serial.root)


def test_a_dask_cluster_of_two_workers_writes_the_same_release(generated, tmp_path):
    pytest.importorskip("dask.distributed")
    serial, distributed = _copy(generated, tmp_path / "a"), _copy(generated, tmp_path / "b")
    _build(serial, Engine())
    with DaskEngine(workers=2) as engine:
        _build(distributed, engine)
    assert _tree(distributed.root) == _tree(serial.root)


# --- streaming into shards -----------------------------------------------------------------------


def test_large_splits_are_written_as_shards_that_load_as_one_split(generated, tmp_path, monkeypatch):
    from datasets import load_dataset

    layout = _copy(generated, tmp_path)
    _build(layout, Engine())
    whole = {p: p.read_bytes() for p in (layout.root / "release").rglob("*.parquet")}
    monkeypatch.setitem(stream.SHARD_ROWS, "ner", 300)
    monkeypatch.setitem(stream.SHARD_ROWS, "documents", 16)
    out = layout.root / "sharded"
    out.mkdir()
    built = build_release(layout, "1.0.0", out, None, validated=True)
    info = built.manifest["configs"]
    for config, per_shard in (("ner", 300), ("documents", 16)):
        assert any(len(entry["files"]) > 1 for entry in info[config]["splits"].values())
        for split, entry in info[config]["splits"].items():
            expected = -(-entry["rows"] // per_shard)
            assert len(entry["files"]) == expected
            assert entry["files"][0].endswith(f"{split}-00000-of-{expected:05d}.parquet")
            loaded = load_dataset(str(out), config, cache_dir=str(tmp_path / "hf"))[split]
            assert loaded.num_rows == entry["rows"]
            original = load_dataset("parquet", data_files=[str(p) for p in whole if p.parent.name == config and p.name.startswith(split)],
                                    cache_dir=str(tmp_path / "hf"))["train"]
            assert loaded["id"] == original["id"]


# --- the cache ---------------------------------------------------------------------------------


def test_any_change_of_a_key_input_changes_the_key():
    parts = ["doc", "train", "a" * 64, "b" * 64, "c" * 64]
    key = make_key("rows", *parts)
    for i in range(len(parts)):
        changed = list(parts)
        changed[i] = changed[i] + "x"
        assert make_key("rows", *changed) != key
    assert make_key("validate", *parts) != key
    # code, schema, rule and option changes: real edits in tests/test_cache_invalidation.py


def test_a_rebuild_after_one_edit_touches_only_that_document(generated, tmp_path, monkeypatch):
    layout = _copy(generated, tmp_path)
    with Cache(layout.root) as cache:
        _build(layout, Engine(), cache)
    computed: list[tuple[str, str]] = []
    real = stream.RowsStage.run

    def counting(self, task, files):
        computed.append(tuple(task.params[:2]))
        return real(self, task, files)

    monkeypatch.setattr(stream.RowsStage, "run", counting)
    edited = sorted(layout.annotations_dir.glob("*.json"))[3]
    doc = json.loads(edited.read_text())
    doc["layers"]["quotes"]["status"] = "silver"
    doc["layers"]["sentences"]["provenance"]["id"] = "generator/edited"
    edited.write_text(json.dumps(doc))
    with Cache(layout.root) as cache:
        report = validate_paths(None, layout, cache=cache)
        assert report.ok and report.cached == report.files - 2  # the document and its story
        shutil.rmtree(layout.root / "release")
        (layout.root / "release").mkdir()
        build_release(layout, "1.0.0", layout.root / "release", None, cache=cache, validated=True)
    story = json.loads(edited.read_text())["story_id"]
    assert sorted(computed) == sorted([("doc", edited.stem), ("story", story)])


@pytest.mark.parametrize("change", ["raw", "clean", "annotation", "story"])
def test_changing_any_input_invalidates_the_cached_result(generated, tmp_path, change):
    layout = _copy(generated, tmp_path)
    with Cache(layout.root) as cache:
        _build(layout, Engine(), cache)
    doc_id = sorted(p.stem for p in layout.raw_dir.glob("*.txt"))[2]
    if change == "raw":
        path = layout.raw_path(doc_id)
        data = path.read_bytes().replace(b" the ", b" The ", 1)
        path.write_bytes(data)
        sources = json.loads(layout.sources_file.read_text())
        for record in sources["documents"]:
            if record["id"] == doc_id:
                record["sha256"], record["size_bytes"] = hashlib.sha256(data).hexdigest(), len(data)
        layout.sources_file.write_text(json.dumps(sources))
    elif change == "clean":
        path = layout.clean_text_path(doc_id)
        path.write_text(path.read_text() + "tampered\n")
    elif change == "annotation":
        path = layout.annotations_dir / f"{doc_id}.json"
        doc = json.loads(path.read_text())
        doc["layers"]["entities"]["items"][0]["text"] = "wrong"
        path.write_text(json.dumps(doc))
    elif change == "story":
        story_id = json.loads((layout.annotations_dir / f"{doc_id}.json").read_text())["story_id"]
        path = layout.annotations_dir / "stories" / f"{story_id}.json"
        story = json.loads(path.read_text())
        story["entities"]["items"] = story["entities"]["items"][1:]
        path.write_text(json.dumps(story))
    with Cache(layout.root) as cache:
        if change == "raw":  # the clean stage answers for the raw text: it must clean that document again
            report = clean_corpus(layout, cache=cache)
            assert report.cleaned == 1 and layout.clean_text_path(doc_id) in report.written
            return
        report = validate_paths(None, layout, cache=cache)
    recomputed = report.files - report.cached
    # the document (and, where its story is involved, the story and its documents)
    assert recomputed >= (1 if change == "clean" else 2) and not report.ok, f"a cached verdict hid the {change} change"
