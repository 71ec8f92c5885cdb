"""Property tests over untrusted input: arbitrary bytes and arbitrary JSON give a result or located
incidents, never an exception or a hang. (scripts/fuzz.py runs the same targets under atheris.)"""

from __future__ import annotations

import copy
import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscorpus.annotations.io import load_json
from newscorpus.clean import clean_text, reconstruct_raw
from newscorpus.errors import InputError
from newscorpus.layout import CorpusLayout
from newscorpus.raw import decode_text
from newscorpus.validate import validate_file
from newscorpus.validate.context import CorpusContext
from newscorpus.validate.fast import fast_parse
from newscorpus.validate.level2 import check_schema

from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
BASE = json.loads((FIXTURE / "corpus" / "annotations" / "fx_a.json").read_text(encoding="utf-8"))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "fx")
    return CorpusLayout(tmp_path / "fx")


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_clean_or_are_refused_with_a_location(data):
    try:
        text = decode_text(data, "input.txt")
    except InputError as exc:
        assert exc.rule.startswith("input.") and exc.location.file == "input.txt"
        return
    result = clean_text(text)
    assert reconstruct_raw(result.text, result.removed) == text


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_an_annotation_file_give_incidents(corpus, data):
    path = corpus.annotations_dir / "fx_a.json"
    path.write_bytes(data)
    source = load_json(path)
    assert source.parsed or source.incidents
    incidents, _ = validate_file(CorpusContext(corpus), path)
    assert incidents, "arbitrary bytes cannot be a valid annotation file"
    for incident in incidents:
        assert incident.rule and incident.file
    assert fast_parse(data, "document") is None


@SETTINGS
@given(json_values)
def test_arbitrary_json_gives_incidents_and_the_two_paths_agree(corpus, value):
    path = corpus.annotations_dir / "fx_a.json"
    raw = json.dumps(value).encode()
    path.write_bytes(raw)
    source = load_json(path)
    reference_ok = source.parsed and not source.incidents and not check_schema(source, "document")
    assert (fast_parse(raw, "document") is not None) == reference_ok
    incidents, _ = validate_file(CorpusContext(corpus), path)
    assert incidents


offsets = st.integers(min_value=-5, max_value=200)


@SETTINGS
@given(st.data())
def test_schema_valid_but_wrong_documents_give_incidents_not_exceptions(corpus, data):
    """Level 3 meets documents that pass the schema with every offset, text and reference wrong."""
    doc = copy.deepcopy(BASE)
    for layer in doc["layers"].values():
        for item in layer["items"]:
            if data.draw(st.booleans()):
                item["start"] = max(0, data.draw(offsets))
                item["end"] = max(0, data.draw(offsets))
            if data.draw(st.booleans()):
                item["text"] = data.draw(st.text(min_size=1, max_size=8))
            if "key" in item and data.draw(st.booleans()):
                item["key"] = data.draw(st.sampled_from(["xi-jinping", "nobody", "moscow", "a-b"]))
            if data.draw(st.booleans()):
                item.pop("prefix", None)
    if data.draw(st.booleans()):
        doc["layers"]["sentences"]["items"] = data.draw(st.permutations(doc["layers"]["sentences"]["items"]))
    path = corpus.annotations_dir / "fx_a.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    incidents, _ = validate_file(CorpusContext(corpus), path)
    for incident in incidents:
        assert incident.level in (1, 2, 3) and incident.line is not None
