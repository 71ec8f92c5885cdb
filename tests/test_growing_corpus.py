"""A corpus that grows: a new text arrives, is cleaned, and gets silver layers before any person reads it."""

from __future__ import annotations

import json

import pytest

from newscorpus.annotations.init import init_annotations
from newscorpus.clean.store import clean_corpus
from newscorpus.errors import NewscorpusError
from newscorpus.raw import add_raw, check_raw
from newscorpus.validate import validate_paths

from test_bad_input import run_cli

NEW_TEXT = (
    "Putin hosted Xi Jinping in Moscow on Wednesday.\n"
    "Trade ties\n"
    "China and Russia signed several agreements, the Kremlin said. Xi left Moscow later.\n"
    "jc/sms (AFP, Reuters)\n"
)


@pytest.fixture
def grown(corpus_copy, tmp_path):
    incoming = tmp_path / "002_new.txt"
    incoming.write_text(NEW_TEXT, encoding="utf-8")
    add_raw(corpus_copy, incoming, story_id="xi-moscow-state-visit-2023-03", event_date="2023-03-22")
    clean_corpus(corpus_copy)
    return corpus_copy


def test_raw_add_records_the_text_byte_for_byte(grown):
    assert check_raw(grown) == []
    assert grown.raw_path("002_new").read_text(encoding="utf-8") == NEW_TEXT
    record = next(d for d in json.loads(grown.sources_file.read_text())["documents"] if d["id"] == "002_new")
    assert record["origin"]["outlet"] is None and record["event"]["basis"] == "inferred from the text"


def test_raw_add_refuses_a_duplicate(grown, tmp_path):
    again = tmp_path / "other" / "002_new.txt"
    again.parent.mkdir()
    again.write_text(NEW_TEXT.replace("Wednesday", "Thursday"), encoding="utf-8")
    with pytest.raises(NewscorpusError) as caught:
        add_raw(grown, again, story_id="xi-moscow-state-visit-2023-03")
    assert caught.value.rule == "raw.exists"


def test_raw_add_of_the_same_bytes_again_changes_nothing(grown, tmp_path):
    before = grown.sources_file.read_bytes()
    with pytest.raises(NewscorpusError) as caught:
        add_raw(grown, tmp_path / "002_new.txt", story_id="xi-moscow-state-visit-2023-03")
    assert caught.value.rule == "raw.already-recorded" and caught.value.exit_code == 0
    assert grown.sources_file.read_bytes() == before


def test_annotate_init_makes_silver_layers_that_validate(grown):
    path = init_annotations(grown, "002_new", with_entities=True)
    doc = json.loads(path.read_text(encoding="utf-8"))
    layers = doc["layers"]
    assert {name: layer["status"] for name, layer in layers.items()} == {
        "sentences": "silver", "headings": "silver", "entities": "silver", "quotes": "none"}
    assert [s["text"] for s in layers["sentences"]["items"]] == [
        "Putin hosted Xi Jinping in Moscow on Wednesday.",
        "China and Russia signed several agreements, the Kremlin said.",
        "Xi left Moscow later.",
    ]
    assert [h["text"] for h in layers["headings"]["items"]] == ["Trade ties"]
    assert all(layer.get("provenance", {"agent": "rule"})["agent"] == "rule" for layer in layers.values())
    found = [(e["text"], e["key"]) for e in layers["entities"]["items"]]
    assert ("Xi Jinping", "xi-jinping") in found and ("Putin", "vladimir-putin") in found and ("China", "china") in found
    texts = [text for text, _ in found]
    assert "Kremlin" not in texts and "Moscow" not in texts  # aliases of two entities: left to a person
    story = json.loads((grown.annotations_dir / "stories" / "xi-moscow-state-visit-2023-03.json").read_text())
    assert "002_new" in story["documents"]
    report = validate_paths([path], grown)
    assert report.ok, [i.render() for i in report.incidents]
    assert report.status_counts[("document:entities", "silver")] == 1


def test_a_silver_layer_cannot_be_passed_off_as_gold(grown):
    path = init_annotations(grown, "002_new", with_entities=True)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["entities"]["status"] = "gold"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rules = [i.rule for i in validate_paths([path], grown).incidents]
    assert rules == ["status.silver-as-gold"]


def test_annotate_init_does_not_overwrite(grown):
    init_annotations(grown, "002_new")
    proc = run_cli("--root", str(grown.root), "annotate", "init", "002_new")
    assert proc.returncode == 1 and "annotate.exists" in proc.stderr


def test_the_build_accepts_a_new_unannotated_document(grown):
    proc = run_cli("--root", str(grown.root), "build")
    assert proc.returncode == 0, proc.stderr
