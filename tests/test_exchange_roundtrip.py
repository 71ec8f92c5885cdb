"""Round trips with brat, INCEpTION (UIMA CAS XMI) and Label Studio: exact, with edits made in
each tool's own format, on texts with emoji, astral characters, combining marks, CRLF line ends
and quotes at the very start and end of a text (tests/exchange_corpus.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import exchange_corpus as ec
from newscorpus.cli import main
from newscorpus.exchange import ImportRefused, export_documents, import_files
from newscorpus.validate import validate_paths

FORMATS = ("brat", "inception", "label-studio")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("exchange") / "checkout"
    layout = ec.build(root)
    assert validate_paths(None, layout).ok
    return root


@pytest.fixture
def layout(built, tmp_path):
    from newscorpus.layout import CorpusLayout

    shutil.copytree(built / "corpus", tmp_path / "corpus")
    return CorpusLayout(tmp_path)


def snapshot(layout) -> dict[str, bytes]:
    base = layout.annotations_dir
    return {str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*.json"))}


def load(layout, doc_id: str) -> dict:
    return json.loads((layout.annotations_dir / f"{doc_id}.json").read_text(encoding="utf-8"))


def items(doc: dict, layer: str) -> dict[str, dict]:
    return {i["id"]: i for i in doc["layers"][layer]["items"]}


# --- exact round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_without_edits_is_byte_identical(layout, tmp_path, fmt):
    before = snapshot(layout)
    out = tmp_path / "out"
    export_documents(layout, fmt, None, out)
    result = import_files(layout, fmt, [out])
    assert sorted(result.documents) == ["fx_ex_a", "fx_ex_b"] and result.written == []
    assert snapshot(layout) == before
    again = tmp_path / "again"
    export_documents(layout, fmt, None, again)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in again.iterdir()}, "exports are deterministic"


def test_export_refuses_a_directory_that_is_not_empty(layout, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    assert main(["--root", str(layout.root), "export", "--format", "brat", "--out", str(out)]) == 2
    assert (out / "mine.txt").read_text() == "keep me" and len(list(out.iterdir())) == 1


# --- edits made in each tool's format -----------------------------------------------------------
# The same edits, each made the way the tool writes it: on fx_ex_a, add DATE 'Friday', delete
# 'Wednesday', relabel 'Tuesday' DATE -> TIME, re-key 'Moscow' moscow -> russia, change quote q2's
# speaker (Xi -> Putin, by pointing at Putin's mention) and cue ('said' -> 'called'); on fx_ex_b,
# change q1's kind full -> fragment and move e3 from 'Putin' to 'Vladimir Putin'.


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = text.index(needle)
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return at, at + len(needle)


def edit_brat(out: Path, *, crlf: bool = False) -> None:
    text_a = (out / "fx_ex_a.txt").read_text(encoding="utf-8")
    ann = (out / "fx_ex_a.ann").read_text(encoding="utf-8").splitlines()
    tid = {line.split("\t")[2]: line.split("\t")[0] for line in ann if line.startswith("T") and "\tCue" not in line and "\tQuote" not in line and line.split("\t")[2] not in ("Xi", "Putin")}
    def t_of(label_text: str) -> str:
        return next(l.split("\t")[0] for l in ann if l.startswith("T") and l.split("\t")[2] == label_text)
    tuesday, wednesday, moscow = tid["Tuesday"], tid["Wednesday"], tid["Moscow"]
    q2 = t_of("“historic.”")
    putin2 = [l.split("\t")[0] for l in ann if l.startswith("T") and l.split("\t")[2] == "Putin"][1]
    cue2 = next(l.split(" ")[2].split(":")[1] for l in ann if l.startswith("R") and f"Arg1:{q2} " in l and "\tCue" in l)
    out_lines = []
    for line in ann:
        parts = line.split("\t")
        if parts[0] == wednesday or (len(parts) > 1 and parts[1].split(" ")[-1] == wednesday):
            continue  # brat deletes the span and what hangs on it
        if parts[0] == tuesday:
            line = line.replace("\tDATE ", "\tTIME ")
        if line.startswith("A") and parts[1] == f"Key {moscow} moscow":
            line = f"{parts[0]}\tKey {moscow} russia"
        if line.startswith("R") and f"Speaker Arg1:{q2} " in line:
            line = f"{parts[0]}\tSpeaker Arg1:{q2} Arg2:{putin2}"
        if parts[0] == cue2:
            s, e = _span(text_a, "called")
            line = f"{cue2}\tCue {s} {e}\tcalled"
        out_lines.append(line)
    s, e = _span(text_a, "Friday")
    out_lines.append(f"T90\tDATE {s} {e}\tFriday")
    (out / "fx_ex_a.ann").write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    text_b = (out / "fx_ex_b.txt").read_text(encoding="utf-8")
    ann_b = (out / "fx_ex_b.ann").read_text(encoding="utf-8")
    ann_b = re.sub(r"^(A\d+\tKind T\d+) full$", r"\1 fragment", ann_b, flags=re.M)
    s, e = _span(text_b, "Vladimir Putin")
    ann_b = re.sub(r"^(T\d+)\tPERSON \d+ \d+\tPutin$", rf"\1\tPERSON {s} {e}\tVladimir Putin", ann_b, flags=re.M)
    (out / "fx_ex_b.ann").write_text(ann_b, encoding="utf-8")
    if crlf:  # saved by a Windows editor; brat's server counts a CRLF as one character (brat#853)
        for name in ("fx_ex_a.txt", "fx_ex_b.txt"):
            (out / name).write_bytes((out / name).read_bytes().replace(b"\n", b"\r\n"))


def edit_inception(out: Path) -> None:
    from cassis import load_cas_from_xmi, load_typesystem

    with open(out / "TypeSystem.xml", "rb") as handle:
        ts = load_typesystem(handle)
    for doc_id in ("fx_ex_a", "fx_ex_b"):
        with open(out / f"{doc_id}.xmi", "rb") as handle:
            cas = load_cas_from_xmi(handle, typesystem=ts)
        text = cas.sofa_string
        entities = {e.get_covered_text() + ("2" if e.get_covered_text() in ("Xi", "Putin") and any(
            o.get_covered_text() == e.get_covered_text() and o.begin < e.begin for o in cas.select("webanno.custom.Entity")) else ""): e
            for e in cas.select("webanno.custom.Entity")}
        Entity = ts.get_type("webanno.custom.Entity")
        if doc_id == "fx_ex_a":
            cas.remove(entities["Wednesday"])
            entities["Tuesday"].label = "TIME"
            entities["Moscow"].key = "russia"
            q2 = next(q for q in cas.select("webanno.custom.Quote") if q.itemId == "q2")
            q2.speakerKey = "vladimir-putin"
            q2.cue.begin, q2.cue.end = _span(text, "called")
            s, e = _span(text, "Friday")
            cas.add(Entity(begin=s, end=e, label="DATE"))  # INCEpTION leaves features it has no value for unset
        else:
            next(iter(cas.select("webanno.custom.Quote"))).kind = "fragment"
            entities["Putin"].begin, entities["Putin"].end = _span(text, "Vladimir Putin")
        cas.to_xmi(out / f"{doc_id}.xmi", pretty_print=True)


def edit_label_studio(tasks: list[dict]) -> list[dict]:
    """The tasks as Label Studio exports them after an annotator made the edits and submitted."""
    out = []
    for task in tasks:
        result = [dict(r, value=dict(r["value"])) if "value" in r else dict(r) for r in task["predictions"][0]["result"]]
        text, doc_id = task["data"]["text"], task["data"]["document_id"]
        by_text = lambda t, nth=0: [r for r in result if r.get("from_name") == "label" and r["value"]["text"] == t][nth]  # noqa: E731
        if doc_id == "fx_ex_a":
            wednesday = by_text("Wednesday")["id"]
            result = [r for r in result if r.get("id") != wednesday]
            by_text("Tuesday")["value"]["labels"] = ["TIME"]
            moscow = by_text("Moscow")["id"]
            next(r for r in result if r.get("id") == moscow and r["from_name"] == "key")["value"]["choices"] = ["russia"]
            putin2 = by_text("Putin", 1)["id"]
            next(r for r in result if r.get("type") == "relation" and r["from_id"] == "q2" and r["labels"] == ["speaker"])["to_id"] = putin2
            cue = next(r for r in result if r.get("id") == "q2-cue")
            s, e = _span(text, "called")
            cue["value"].update(start=s, end=e, text="called")
            s, e = _span(text, "Friday")
            result.append({"id": "Xk3_9aQ0pL", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
                           "value": {"start": s, "end": e, "text": "Friday", "labels": ["DATE"]}})
        else:
            next(r for r in result if r.get("id") == "q1" and r["from_name"] == "kind")["value"]["choices"] = ["fragment"]
            putin = by_text("Putin")
            s, e = _span(text, "Vladimir Putin")
            for r in result:
                if r.get("id") == putin["id"]:
                    r["value"].update(start=s, end=e, text="Vladimir Putin")
        out.append({"id": len(out) + 1, "data": task["data"], "annotations": [{"id": len(out) + 1, "result": result, "was_cancelled": False}],
                    "predictions": [len(out) + 1]})
    return out


def expected_after_edits(layout) -> tuple[dict, dict]:
    from newscorpus.model import context_of

    a, b = load(layout, "fx_ex_a"), load(layout, "fx_ex_b")
    text_a = layout.clean_text_path("fx_ex_a").read_text(encoding="utf-8")
    text_b = layout.clean_text_path("fx_ex_b").read_text(encoding="utf-8")
    ents = a["layers"]["entities"]["items"]
    ents[:] = [e for e in ents if e["text"] != "Wednesday"]
    for e in ents:
        if e["text"] == "Tuesday":
            e["label"] = "TIME"
        if e["text"] == "Moscow":
            e["key"] = "russia"
    s, e = _span(text_a, "Friday")
    p, x = context_of(text_a, s, e)
    ents.append({"id": "e10", "start": s, "end": e, "text": "Friday", "prefix": p, "suffix": x, "label": "DATE"})
    ents.sort(key=lambda i: (i["start"], i["end"]))
    q2 = items(a, "quotes")["q2"]
    q2["speaker"] = "vladimir-putin"
    s, e = _span(text_a, "called")
    p, x = context_of(text_a, s, e)
    q2["cue"] = {"start": s, "end": e, "text": "called", "prefix": p, "suffix": x}
    items(b, "quotes")["q1"]["kind"] = "fragment"
    e3 = items(b, "entities")["e3"]
    s, e = _span(text_b, "Vladimir Putin")
    p, x = context_of(text_b, s, e)
    e3.update(start=s, end=e, text="Vladimir Putin", prefix=p, suffix=x)
    return a, b


@pytest.mark.parametrize("fmt", ["brat", "brat-crlf", "inception", "label-studio", "label-studio-crlf"])
def test_edits_in_the_tool_come_back_exactly(layout, tmp_path, fmt):
    ec.add_inventory_entry(layout, "russia", "Russia", "GPE", [])
    expected_a, expected_b = expected_after_edits(layout)
    out = tmp_path / "out"
    export_documents(layout, fmt.replace("-crlf", ""), None, out)
    if fmt.startswith("brat"):
        edit_brat(out, crlf=fmt.endswith("crlf"))
        target = [out]
    elif fmt == "inception":
        edit_inception(out)
        target = [out]
    else:
        tasks = edit_label_studio(json.loads((out / "tasks.json").read_text(encoding="utf-8")))
        if fmt.endswith("crlf"):  # a CRLF counted as two characters, offsets after it shifted accordingly
            for task in tasks:
                text = task["data"]["text"]
                for r in task["annotations"][0]["result"]:
                    if "value" in r:
                        r["value"]["start"] += text.count("\n", 0, r["value"]["start"])
                        r["value"]["end"] += text.count("\n", 0, r["value"]["end"])
                task["data"]["text"] = text.replace("\n", "\r\n")
        (out / "export.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        target = [out / "export.json"]
    result = import_files(layout, fmt.replace("-crlf", ""), target)
    got_a, got_b = load(layout, "fx_ex_a"), load(layout, "fx_ex_b")
    assert got_a == expected_a
    assert got_b == expected_b
    story = json.loads((layout.annotations_dir / "stories" / f"{ec.STORY}.json").read_text(encoding="utf-8"))
    aliases = {e["key"]: e["aliases"] for e in story["entities"]["items"]}
    assert aliases["russia"] == ["Moscow"] and aliases["vladimir-putin"] == ["Putin", "Vladimir Putin"]
    assert sorted(result.written) == sorted(["corpus/annotations/fx_ex_a.json", "corpus/annotations/fx_ex_b.json", f"corpus/annotations/stories/{ec.STORY}.json"])
    assert validate_paths(None, layout).ok
    # and the edits' files are byte for byte what our writer makes of the expected data
    from newscorpus.annotations.io import dumps

    assert (layout.annotations_dir / "fx_ex_a.json").read_text(encoding="utf-8") == dumps(expected_a)


def test_import_prints_what_changed_in_words(layout, tmp_path, capsys):
    ec.add_inventory_entry(layout, "russia", "Russia", "GPE", [])
    out = tmp_path / "out"
    export_documents(layout, "brat", None, out)
    edit_brat(out)
    assert main(["--root", str(layout.root), "-q", "import", "--format", "brat", str(out)]) == 0
    printed = capsys.readouterr().out
    for words in ("fx_ex_a s2: entity relabelled: e6 'Tuesday' DATE → TIME", "fx_ex_a s2: entity re-keyed: e5 'Moscow' moscow → russia",
                  "fx_ex_a s2: entity removed: e7 'Wednesday' DATE", "fx_ex_a s3: entity added: e10 'Friday' DATE",
                  "fx_ex_a s3: quote speaker changed: q2 '“historic.”': xi-jinping → vladimir-putin",
                  "fx_ex_a s3: quote cue changed: q2 '“historic.”': 'said'", "fx_ex_b s2: quote kind changed: q1 '“It was a good day,”': full → fragment",
                  "fx_ex_b s1: entity moved: e3 'Putin'"):
        assert words in printed, words


# --- the tools' own libraries read our files ----------------------------------------------------


def test_an_independent_brat_parser_reads_our_ann_files(layout, tmp_path):
    from bioc.brat.decoder import loads

    out = tmp_path / "out"
    export_documents(layout, "brat", None, out)
    for doc_id in ("fx_ex_a", "fx_ex_b"):
        text = (out / f"{doc_id}.txt").read_text(encoding="utf-8")
        brat = loads(text, (out / f"{doc_id}.ann").read_text(encoding="utf-8"), doc_id)
        doc = load(layout, doc_id)
        ours = len(doc["layers"]["entities"]["items"]) + 2 * len(doc["layers"]["quotes"]["items"])  # quote + cue each
        assert len(brat.entities) == ours
        for entity in brat.entities:
            (interval,) = sorted(entity.locations)  # an IntervalTree: one piece per span (no span crosses a line)
            assert text[interval.begin : interval.end] == entity.text
        assert {r.type for r in brat.relations} == {"Speaker", "Cue"}
        assert any(a.type == "Key" for a in brat.attributes) and len(brat.notes) == len(doc["layers"]["entities"]["items"]) + len(doc["layers"]["quotes"]["items"])
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "Speaker\tArg1:Quote" in conf and "Value:full|fragment" in conf


def test_cassis_loads_our_xmi_with_our_type_system_and_the_offsets_are_utf16(layout, tmp_path):
    from cassis import load_cas_from_xmi, load_typesystem
    from lxml import etree

    out = tmp_path / "out"
    export_documents(layout, "inception", None, out)
    with open(out / "TypeSystem.xml", "rb") as handle:
        ts = load_typesystem(handle)
    text = layout.clean_text_path("fx_ex_a").read_text(encoding="utf-8")
    with open(out / "fx_ex_a.xmi", "rb") as handle:
        cas = load_cas_from_xmi(handle, typesystem=ts)
    assert cas.sofa_string == text
    assert [e.get_covered_text() for e in cas.select("webanno.custom.Entity")] == [e["text"] for e in load(layout, "fx_ex_a")["layers"]["entities"]["items"]]
    # in the file itself, offsets after the emoji count UTF-16 units: 'Zelensky' starts 2 units later than its code point
    tree = etree.parse(str(out / "fx_ex_a.xmi"))
    zelensky = next(e for e in tree.getroot() if e.get("itemId") == "e1")
    start = text.index("Zelensky")
    assert int(zelensky.get("begin")) == len(text[:start].encode("utf-16-le")) // 2 == start + 2


def test_label_studio_sdk_accepts_our_labeling_config_and_tasks(layout, tmp_path):
    from label_studio_sdk.label_interface import LabelInterface

    out = tmp_path / "out"
    export_documents(layout, "label-studio", None, out)
    interface = LabelInterface((out / "labeling-config.xml").read_text(encoding="utf-8"))
    interface.validate()
    assert {"label", "key", "kind", "speaker_reason", "cue_reason"} <= set(interface.controls and [c.name for c in interface.controls])
    labels = interface.get_control("label").labels
    assert len(labels) == 20 and "WORK_OF_ART" in labels and "Quote" in labels
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    for task in tasks:
        assert interface.validate_prediction(task["predictions"][0]) is True
        text = task["data"]["text"]
        for region in task["predictions"][0]["result"]:
            if "value" in region:
                assert text[region["value"]["start"] : region["value"]["end"]] == region["value"]["text"]
