"""The fast path of levels 1-2 (orjson + jsonschema-rs) against the reference (json + jsonschema):
thousands of generated valid and invalid files, corner cases included, and not one verdict apart."""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

from newscorpus.annotations.io import dumps, load_json
from newscorpus.schema_store import load_schema
from newscorpus.validate.fast import fast_parse
from newscorpus.validate.level2 import check_schema

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "corpus" / "annotations"
BASES = {
    "document": [json.loads((FIXTURES / name).read_text(encoding="utf-8")) for name in ("fx_a.json", "fx_b.json")],
    "story": [json.loads((FIXTURES / "stories" / "fx-story.json").read_text(encoding="utf-8"))],
}
ODD_STRINGS = ["abc\n", "abc\r\n", "\nabc", "../x", "a/b", "", " ", "e1\u2028", "é", "ABC", "x" * 200, "1abc", "a b", "abc\x00", "ab\tc"]
ODD_VALUES = [None, 0, -1, 1.5, True, "", "text", [], {}, [1], {"a": 1}, 2**40, "1.0.0", "gold", "PERSON"]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _get(value, path):
    for part in path:
        value = value[part]
    return value


def mutate(base: dict, rng: random.Random) -> dict:
    doc = copy.deepcopy(base)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        paths = [p for p in _paths(doc) if p]
        path = rng.choice(paths)
        parent, last = _get(doc, path[:-1]), path[-1]
        action = rng.randrange(6)
        if action == 0:
            parent[last] = rng.choice(ODD_VALUES)
        elif action == 1 and isinstance(parent, dict):
            del parent[last]
        elif action == 2 and isinstance(parent, dict):
            parent[rng.choice(["extra", "lable", "prefix", "key", "note", "$schema"])] = rng.choice(ODD_VALUES + ODD_STRINGS)
        elif action == 3 and isinstance(parent[last], str):
            parent[last] = rng.choice(ODD_STRINGS)
        elif action == 4 and isinstance(parent[last], int) and not isinstance(parent[last], bool):
            parent[last] = rng.choice([-1, 0, parent[last] + 1, 10**9])
        elif action == 5 and isinstance(parent[last], list) and parent[last]:
            parent[last].append(copy.deepcopy(rng.choice(parent[last])))
    return doc


def corner_cases(base: dict) -> list[bytes]:
    """Files the libraries could read differently: each must get the reference's verdict."""
    text = dumps(base)
    first_key = next(iter(base))
    return [
        text.replace(f'"{first_key}":', f'"{first_key}" :', 1).encode(),               # space before a colon
        text.replace('"id": "', '"id": "x", "id": "', 1).encode(),                      # duplicated key
        text.replace('"text": "', '"text": "\\u0022:', 1).encode(),                     # quote escaped by code
        text.replace('"text": "', '"text": "\\":', 1).encode(),                         # quote and colon in a string
        b"\xef\xbb\xbf" + text.encode(),                                                 # byte-order mark
        text.replace('"start": 0', '"start": NaN', 1).encode(),                          # NaN
        text.replace('"start": 0', '"start": 0.0', 1).encode(),                          # a float for an integer
        text.replace('"start": 0', '"start": 1e0', 1).encode(),
        text.replace('"start": 0', '"start": 0E+0', 1).encode(),
        text.replace('"start": 0', '"start": 100000000000000000000000', 1).encode(),   # beyond 64 bits: orjson's float
        text.replace('"start": 0', '"start": -0', 1).encode(),
        text.replace("}\n", "}\n\n", 1).encode(),                                        # white space between tokens
        text.encode() + b"\n\n",                                                         # trailing white space
        text.encode() + b"x",                                                            # trailing garbage
        text[:-3].encode(),                                                              # truncated
        ("[" * 40 + "]" * 40).encode(),                                                  # nested
        json.dumps(base, ensure_ascii=True).encode(),                                    # \\u escapes everywhere
        json.dumps(base, indent=4).encode(),                                             # another layout
        text.replace('"id": "', '"id": "\\n', 1).encode(),
        text.encode("utf-16"),
    ]


def reference_valid(raw: bytes, kind: str, tmp_path: Path) -> bool:
    path = tmp_path / "case.json"
    path.write_bytes(raw)
    source = load_json(path)
    return source.parsed and not source.incidents and not check_schema(source, kind)


@pytest.mark.parametrize("kind", ["document", "story"])
def test_schema_verdicts_of_jsonschema_rs_and_jsonschema_agree(kind):
    schema = load_schema(kind)
    fast = jsonschema_rs.validator_for(schema, validate_formats=True)
    reference = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    rng = random.Random(f"schema-{kind}")
    checked = valid = 0
    for _ in range(1500):
        instance = mutate(rng.choice(BASES[kind]), rng)
        assert fast.is_valid(instance) == reference.is_valid(instance), json.dumps(instance)[:300]
        checked += 1
        valid += reference.is_valid(instance)
    assert checked == 1500 and 0 < valid < checked  # both valid and invalid instances were exercised


@pytest.mark.parametrize("kind", ["document", "story"])
def test_the_fast_path_never_accepts_what_the_reference_rejects(kind, tmp_path):
    rng = random.Random(f"files-{kind}")
    cases = []
    for base in BASES[kind]:
        cases += corner_cases(base)
    cases += [dumps(mutate(rng.choice(BASES[kind]), rng)).encode() for _ in range(600)]
    agreed = 0
    for raw in cases:
        fast = fast_parse(raw, kind) is not None
        ref = reference_valid(raw, kind, tmp_path)
        if fast:
            assert ref, raw[:300]
        beyond_64_bits = re.search(rb"[0-9]{20}", raw)  # orjson reads these as floats: the fast path leaves them to the reference
        if raw.startswith(b"{\n  \"schema_version\"") and b'\\u0022' not in raw and b'" :' not in raw and not beyond_64_bits:
            assert fast == ref, raw[:300]  # files our writer produces are decided by the fast path alone
            agreed += 1
    assert agreed >= 500


def test_ids_with_a_trailing_newline_are_rejected_by_both():
    schema = load_schema("document")
    doc = copy.deepcopy(BASES["document"][0])
    doc["id"] = "fx_a\n"
    assert not jsonschema_rs.validator_for(schema).is_valid(doc)
    assert not Draft202012Validator(schema).is_valid(doc)


def test_the_only_numbers_of_the_format_are_offsets():
    """The fast path checks the type of the offsets only: no other field may hold a number."""
    def numeric(node, path=()):
        if isinstance(node, dict):
            kinds = node.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if {"integer", "number"} & set(kinds) or any(k in node for k in ("minimum", "maximum", "multipleOf")):
                yield "/".join(path)
            for key, value in node.items():
                yield from numeric(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from numeric(value, (*path, str(index)))

    assert list(numeric(load_schema("document"))) == ["$defs/offset"]
    assert list(numeric(load_schema("story"))) == []
    offset_refs = json.dumps(load_schema("document")).count('"#/$defs/offset"')
    assert offset_refs == 10  # start and end of sentence, heading, entity, quote and cue: what span_columns gathers
