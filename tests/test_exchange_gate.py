"""Import is a gate: a changed text, a span whose text differs, an unknown label or key, and a
file that fails levels 1-3 are refused, each located (file, line or item, rule id), and nothing
is written."""

from __future__ import annotations

import json
import re

import pytest

from newscorpus.cli import main
from newscorpus.exchange import export_documents

from test_exchange_roundtrip import built, layout, snapshot  # noqa: F401 - shared fixtures


def _import(layout, fmt, path, capsys) -> tuple[int, str]:
    code = main(["--root", str(layout.root), "-q", "import", "--format", fmt, str(path)])
    return code, capsys.readouterr().err


def _export(layout, tmp_path, fmt):
    out = tmp_path / "out"
    export_documents(layout, fmt, None, out)
    return out


def _edit_tasks(out, change):
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    change(tasks)
    (out / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


def _edit_xmi(out, doc_id, change):
    from cassis import load_cas_from_xmi, load_typesystem

    with open(out / "TypeSystem.xml", "rb") as handle:
        ts = load_typesystem(handle)
    with open(out / f"{doc_id}.xmi", "rb") as handle:
        cas = load_cas_from_xmi(handle, typesystem=ts)
    change(cas)
    cas.to_xmi(out / f"{doc_id}.xmi", pretty_print=True)


def _refused(layout, before, code, err, *needles):
    assert code == 1, err
    for needle in needles:
        assert re.search(needle, err), (needle, err)
    assert "nothing was written" in err and "Traceback" not in err
    assert snapshot(layout) == before


# --- a changed text -----------------------------------------------------------------------------


def test_brat_changed_text_is_refused(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    path = out / "fx_ex_a.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Kyiv", "Kiev"), encoding="utf-8")
    _refused(layout, before, *_import(layout, "brat", out, capsys), r"fx_ex_a\.ann: import\.text-changed: the text differs")


def test_label_studio_changed_text_is_refused(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "label-studio")
    _edit_tasks(out, lambda tasks: tasks[1]["data"].update(text=tasks[1]["data"]["text"].replace("crew", "team")))
    _refused(layout, before, *_import(layout, "label-studio", out / "tasks.json", capsys), r"tasks\.json: import\.text-changed: the text is not the one exported")


def test_inception_changed_text_is_refused(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "inception")
    _edit_xmi(out, "fx_ex_a", lambda cas: setattr(cas.get_sofa(), "sofaString", cas.sofa_string.replace("Friday", "Monday")))
    _refused(layout, before, *_import(layout, "inception", out, capsys), r"fx_ex_a\.xmi: import\.text-changed")


# --- a span whose text differs ------------------------------------------------------------------


def test_brat_span_text_mismatch_is_refused_with_its_line(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    ann = out / "fx_ex_a.ann"
    lines = ann.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.endswith("\tKyiv"))
    start = int(lines[number].split("\t")[1].split(" ")[1])
    lines[number] = lines[number].replace(f"GPE {start} {start + 4}", f"GPE {start + 1} {start + 5}")  # shifted by one, as a buggy tool would
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _refused(layout, before, *_import(layout, "brat", out, capsys), rf"fx_ex_a\.ann:{number + 1}: T\d+: import\.span-text: the tool recorded 'Kyiv'")


def test_label_studio_span_text_mismatch_is_refused_with_its_region(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "label-studio")

    def shift(tasks):
        for region in tasks[0]["predictions"][0]["result"]:
            if region.get("id") == "e2" and region["from_name"] == "label":
                region["value"]["start"] += 1
                region["value"]["end"] += 1
    _edit_tasks(out, shift)
    _refused(layout, before, *_import(layout, "label-studio", out / "tasks.json", capsys), r"task 1 \(fx_ex_a\), region e2: import\.span-text")


def test_utf16_offsets_of_an_old_front_end_are_converted_not_refused(layout, tmp_path, capsys):
    """label-studio#1347: offsets counted in UTF-16 units after an emoji; every region's text says so."""
    before = snapshot(layout)
    out = _export(layout, tmp_path, "label-studio")

    def to_utf16(tasks):
        for task in tasks:
            text = task["data"]["text"]
            units = lambda i: len(text[:i].encode("utf-16-le")) // 2  # noqa: E731
            for region in task["predictions"][0]["result"]:
                if "value" in region:
                    region["value"]["start"], region["value"]["end"] = units(region["value"]["start"]), units(region["value"]["end"])
    _edit_tasks(out, to_utf16)
    code = main(["--root", str(layout.root), "import", "--format", "label-studio", str(out / "tasks.json")])
    printed = capsys.readouterr().out
    assert code == 0 and "offsets read as UTF-16 code units" in printed and snapshot(layout) == before


# --- unknown labels and keys --------------------------------------------------------------------


def test_unknown_label_is_refused_in_every_format(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    ann = out / "fx_ex_a.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("\tGPE ", "\tCITY ", 1), encoding="utf-8")
    _refused(layout, before, *_import(layout, "brat", out, capsys), r"fx_ex_a\.ann:\d+: T\d+: import\.unknown-label: label 'CITY'")

    out = tmp_path / "ls"
    export_documents(layout, "label-studio", None, out)
    _edit_tasks(out, lambda tasks: tasks[0]["predictions"][0]["result"][0]["value"].update(labels=["CITY"]))
    _refused(layout, before, *_import(layout, "label-studio", out / "tasks.json", capsys), r"region \w+: import\.unknown-label: label 'CITY'")

    out = tmp_path / "xmi"
    export_documents(layout, "inception", None, out)
    _edit_xmi(out, "fx_ex_b", lambda cas: setattr(next(iter(cas.select("webanno.custom.Entity"))), "label", "CITY"))
    _refused(layout, before, *_import(layout, "inception", out, capsys), r"fx_ex_b\.xmi: Entity e1 \('Moscow'\): import\.unknown-label")


def test_unknown_key_is_refused_in_every_format(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    ann = out / "fx_ex_a.ann"
    ann.write_text(re.sub(r"(Key T\d+) kyiv", r"\1 kiev-city", ann.read_text(encoding="utf-8")), encoding="utf-8")
    _refused(layout, before, *_import(layout, "brat", out, capsys), r"fx_ex_a\.ann:\d+: T\d+: import\.unknown-key: key 'kiev-city'")

    out = tmp_path / "ls"
    export_documents(layout, "label-studio", None, out)

    def rekey(tasks):
        next(r for r in tasks[0]["predictions"][0]["result"] if r.get("from_name") == "key")["value"]["choices"] = ["kiev-city"]
    _edit_tasks(out, rekey)
    _refused(layout, before, *_import(layout, "label-studio", out / "tasks.json", capsys), r"import\.unknown-key: key 'kiev-city'")

    out = tmp_path / "xmi"
    export_documents(layout, "inception", None, out)
    _edit_xmi(out, "fx_ex_a", lambda cas: setattr(next(q for q in cas.select("webanno.custom.Quote")), "speakerKey", "kiev-city"))
    _refused(layout, before, *_import(layout, "inception", out, capsys), r"fx_ex_a\.xmi: Quote q1: import\.unknown-key: speaker key 'kiev-city'")


# --- levels 1-3 on the result -------------------------------------------------------------------


def test_a_result_that_fails_level_3_is_refused_and_located_by_item(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    text = (out / "fx_ex_a.txt").read_text(encoding="utf-8")
    s = text.index("Tuesday and")
    with open(out / "fx_ex_a.ann", "a", encoding="utf-8") as handle:  # overlaps 'Tuesday': mentions are flat
        handle.write(f"T99\tDATE {s} {s + 11}\tTuesday and\n")
    _refused(layout, before, *_import(layout, "brat", out, capsys), r"fx_ex_a\.ann: entities item e\d+: L3 entity\.overlap")


def test_one_bad_document_stops_the_good_one_too(layout, tmp_path, capsys):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    ann_b = out / "fx_ex_b.ann"
    ann_b.write_text(ann_b.read_text(encoding="utf-8").replace("\tGPE ", "\tTOWN ", 1), encoding="utf-8")
    ann_a = out / "fx_ex_a.ann"
    ann_a.write_text(ann_a.read_text(encoding="utf-8").replace("\tDATE ", "\tTIME ", 1), encoding="utf-8")  # a good edit
    _refused(layout, before, *_import(layout, "brat", out, capsys), r"fx_ex_b\.ann:\d+: T\d+: import\.unknown-label")


def test_an_empty_ann_file_removes_every_mention_and_says_so(layout, tmp_path, capsys):
    out = _export(layout, tmp_path, "brat")
    (out / "fx_ex_a.ann").write_bytes(b"")
    assert main(["--root", str(layout.root), "-q", "import", "--format", "brat", "--check", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("fx_ex_a") >= 11 and "entity removed: e1 'Zelensky'" in printed and "quote removed: q2" in printed


@pytest.mark.parametrize("content", [b"\xff\xfe", b"T1\tPERSON zero ten\tXi\n", b"E1\tEvent:T1\n"])
def test_malformed_brat_files_are_located_errors(layout, tmp_path, capsys, content):
    before = snapshot(layout)
    out = _export(layout, tmp_path, "brat")
    (out / "fx_ex_a.ann").write_bytes(content)
    code, err = _import(layout, "brat", out, capsys)
    _refused(layout, before, code, err, r"fx_ex_a\.ann(:\d+)?: import\.(not-utf8|brat-syntax|brat-unsupported)")
