"""attach: annotations survive a change of the cleaning rules, or fail loudly; they never shift silently."""

from __future__ import annotations

import hashlib
import json

import pytest

from newscorpus.annotations.anchor import AMBIGUOUS, KEPT, MISSING, MOVED, reanchor
from newscorpus.annotations.attach import AttachFailed, attach_annotations
from newscorpus.model import context_of, iter_spans
from newscorpus.clean import RULES, Cleaner, LineRule
from newscorpus.clean.cleaner import RemoveNoiseLines
from newscorpus.clean.store import clean_corpus
from newscorpus.validate import validate_paths

from test_bad_input import run_cli

DOC = "000_ba8caa036516edf6"
HEADING = "Kishida in Kyiv"


def _cleaner_dropping(line_text: str) -> Cleaner:
    """The cleaning rules plus one more: a changed rule set that drops one heading line."""
    rule = LineRule("test.drop-line", "boilerplate", "anywhere", "drops one line (test)", lambda line: line == line_text)
    return Cleaner(noise=RemoveNoiseLines(rules=(*RULES, rule)))


def _doc(layout):
    return json.loads((layout.annotations_dir / f"{DOC}.json").read_text(encoding="utf-8"))


def test_unchanged_texts_attach_without_writing(corpus_copy):
    report = attach_annotations(corpus_copy)
    assert report.rewritten == [] and report.reanchored == {}


def test_every_annotation_reanchors_when_a_rule_change_drops_a_heading(corpus_copy):
    # The maintainer decides the heading goes: its own annotations go with it first.
    doc = _doc(corpus_copy)
    heading = next(h for h in doc["layers"]["headings"]["items"] if h["text"] == HEADING)
    on_heading = lambda item: heading["start"] <= item["start"] and item["end"] <= heading["end"]  # noqa: E731
    for name in ("headings", "entities"):
        doc["layers"][name]["items"] = [i for i in doc["layers"][name]["items"] if not on_heading(i)]
    (corpus_copy.annotations_dir / f"{DOC}.json").write_text(json.dumps(doc), encoding="utf-8")
    before = {tuple(path): dict(span) for path, span in iter_spans(doc)}
    old_text = corpus_copy.clean_text_path(DOC).read_text(encoding="utf-8")

    clean_corpus(corpus_copy, _cleaner_dropping(HEADING))
    new_text = corpus_copy.clean_text_path(DOC).read_text(encoding="utf-8")
    removed = len(HEADING) + 1
    assert len(new_text) == len(old_text) - removed

    report = attach_annotations(corpus_copy)
    counts = report.reanchored[f"corpus/annotations/{DOC}.json"]
    after = {tuple(path): span for path, span in iter_spans(_doc(corpus_copy))}
    assert set(after) == set(before)
    moved = 0
    for path, old in before.items():
        new = after[path]
        expected_shift = removed if old["start"] > heading["start"] else 0
        assert (new["start"], new["end"]) == (old["start"] - expected_shift, old["end"] - expected_shift), path
        assert new_text[new["start"] : new["end"]] == old["text"]
        assert (new["prefix"], new["suffix"]) == context_of(new_text, new["start"], new["end"])
        moved += expected_shift > 0
    assert counts[MOVED] == moved > 50 and counts[KEPT] == len(before) - moved
    assert validate_paths(None, corpus_copy).ok
    assert attach_annotations(corpus_copy).rewritten == []  # settled: a second run changes nothing


def test_a_span_that_loses_its_text_fails_the_run_and_nothing_is_written(corpus_copy):
    files_before = {p: p.read_bytes() for p in corpus_copy.annotations_dir.rglob("*.json")}
    clean_corpus(corpus_copy, _cleaner_dropping(HEADING))  # its heading and entities are still annotated
    with pytest.raises(AttachFailed) as failed:
        attach_annotations(corpus_copy)
    rules = sorted(f.rule for f in failed.value.failures)
    assert rules == ["anchor.missing"] * 3  # the heading, 'Kishida' and 'Kyiv' on it
    assert all(f.line is not None for f in failed.value.failures)
    assert {p: p.read_bytes() for p in corpus_copy.annotations_dir.rglob("*.json")} == files_before
    proc = run_cli("--root", str(corpus_copy.root), "attach")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if "anchor.missing" in line]) == 3


def test_a_duplicated_paragraph_is_ambiguous_and_fails(corpus_copy):
    """Scraped copy sometimes repeats a paragraph; a span in it cannot be told from its twin."""
    raw_path = corpus_copy.raw_path(DOC)
    raw = raw_path.read_text(encoding="utf-8")
    paragraph = next(line for line in raw.split("\n") if line.startswith("In a rare move"))
    raw = raw.replace(paragraph, paragraph + "\nTalks go on\n" + paragraph, 1)
    raw_path.write_text(raw, encoding="utf-8")
    sources = json.loads(corpus_copy.sources_file.read_text(encoding="utf-8"))
    for record in sources["documents"]:
        if record["id"] == DOC:
            record["sha256"] = hashlib.sha256(raw.encode()).hexdigest()
            record["size_bytes"] = len(raw.encode())
    corpus_copy.sources_file.write_text(json.dumps(sources), encoding="utf-8")
    clean_corpus(corpus_copy)
    # annotate the second copy: re-anchor the file onto the text with the repeated paragraph
    text = corpus_copy.clean_text_path(DOC).read_text(encoding="utf-8")
    doc = _doc(corpus_copy)
    shift = len(paragraph) + len("\nTalks go on\n")
    for _, span in iter_spans(doc):
        if span["start"] >= text.index(paragraph):
            span["start"] += shift
            span["end"] += shift
    from newscorpus.fsutil import sha256_bytes

    doc["text_sha256"] = sha256_bytes(text.encode())
    (corpus_copy.annotations_dir / f"{DOC}.json").write_text(json.dumps(doc), encoding="utf-8")
    attach_annotations(corpus_copy)  # pins and writes contexts
    # now a rule change drops the line between the twins: the second copy's spans become ambiguous
    clean_corpus(corpus_copy, _cleaner_dropping("Talks go on"))
    with pytest.raises(AttachFailed) as failed:
        attach_annotations(corpus_copy)
    twin_start = text.index(paragraph) + shift - len("Talks go on\n")
    failures = failed.value.failures
    assert failures and {f.rule for f in failures} == {"anchor.ambiguous"}
    doc = _doc(corpus_copy)  # unchanged on disk: still the offsets of the text with the line
    failed_spans = [_at(doc, f.pointer) for f in failures]
    assert all(twin_start <= span["start"] - len("Talks go on\n") < twin_start + len(paragraph) for span in failed_spans)


def _at(doc, pointer):
    node = doc
    for part in pointer.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.mark.parametrize(
    "new_text,status",
    [
        ("Xi met Putin. Xi left.", KEPT),
        ("Intro. Xi met Putin. Xi left.", MOVED),
        ("Xi left.", MISSING),
    ],
)
def test_anchor_statuses(new_text, status):
    old = "Xi met Putin. Xi left."
    span = {"start": 7, "end": 12, "text": "Putin"}
    span["prefix"], span["suffix"] = context_of(old, 7, 12)
    assert reanchor(span, new_text).status == status


def test_a_span_without_context_is_placed_only_when_its_text_is_unique():
    assert reanchor({"start": 0, "end": 2, "text": "Xi"}, "Then Xi met Putin.").status == MOVED
    assert reanchor({"start": 0, "end": 2, "text": "Xi"}, "Xi met Xi.").status == AMBIGUOUS


def test_a_context_cut_by_the_start_of_the_text_must_be_cut_again():
    span = {"start": 0, "end": 2, "text": "Xi", "prefix": "", "suffix": " met Putin on Tuesday an"}
    assert reanchor(span, "Later, Xi met Putin on Tuesday and left.").status == MOVED  # suffix alone fits
    span = {"start": 0, "end": 2, "text": "Xi", "prefix": "", "suffix": " spoke."}
    # one copy starts the text as the span did, the other ends it as its suffix did: no way to tell
    assert reanchor(span, "Xi spoke. Xi spoke.").status == AMBIGUOUS
