"""A small corpus made for the exchange tests: texts that break naive offset counting.

Raw texts arrive with CRLF line ends (the cleaner makes them LF); they hold emoji (a flag, a
ZWJ sequence, a face), an astral letter (MATHEMATICAL BOLD CAPITAL X), a combining mark that has
no precomposed form (n + U+0308, which NFC keeps), a quote at the very start of a text and one
at its very end. The corpus is built through the project's own stages (raw add, clean), and the
annotations are written here span by span, found by their text, then validated.
"""

from __future__ import annotations

import json
from pathlib import Path

from newscorpus.annotations.init import annotation_document, span_item
from newscorpus.annotations.io import save_json
from newscorpus.clean.store import clean_corpus
from newscorpus.layout import CorpusLayout
from newscorpus.raw import add_raw

STORY = "fx-exchange"
KANE = "Kan\u0308e"  # n + COMBINING DIAERESIS: no precomposed character, NFC keeps two code points
RAW_A = ("“We will win 🇺🇦,” Zelensky said in Kyiv.\r\n"
         "Putin met Xi 😀 in Moscow on Tuesday and Wednesday.\r\n"
         "The 𝐗 summit ended on Friday, and Xi said Putin called it “historic.”\r\n")
RAW_B = ("Talks in Moscow\r\n"
         f"{KANE} said the 👩‍🚀 crew met Vladimir Putin.\r\n"
         f"“It was a good day,” {KANE} added.\r\n")
INVENTORY = [
    ("volodymyr-zelensky", "Volodymyr Zelensky", "PERSON"), ("kyiv", "Kyiv", "GPE"), ("vladimir-putin", "Vladimir Putin", "PERSON"),
    ("xi-jinping", "Xi Jinping", "PERSON"), ("moscow", "Moscow", "GPE"), ("russia", "Russia", "GPE"), ("kane", "Kane", "PERSON"),
]
HUMAN = {"agent": "human", "id": "fixture", "guidelines_version": "1.0.0"}


def _at(text: str, needle: str, nth: int = 0, after: int = 0) -> tuple[int, int]:
    at = text.index(needle, after)
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return at, at + len(needle)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _layer(items: list[dict]) -> dict:
    return {"status": "gold", "provenance": dict(HUMAN), "items": items}


def _doc_a(text: str) -> dict:
    lines = _lines(text)
    sentences = [span_item(f"s{i}", text, s, e) for i, (s, e) in enumerate(lines, 1)]
    entities = []

    def entity(needle, label, key=None, nth=0, after=0):
        s, e = _at(text, needle, nth, after)
        extra = {"label": label, **({"key": key} if key else {})}
        entities.append(span_item(f"e{len(entities) + 1}", text, s, e, **extra))

    entity("Zelensky", "PERSON", "volodymyr-zelensky")
    entity("Kyiv", "GPE", "kyiv")
    entity("Putin", "PERSON", "vladimir-putin")
    entity("Xi", "PERSON", "xi-jinping")
    entity("Moscow", "GPE", "moscow")
    entity("Tuesday", "DATE")
    entity("Wednesday", "DATE")
    entity("Xi", "PERSON", "xi-jinping", nth=1)
    entity("Putin", "PERSON", "vladimir-putin", nth=1)
    q1 = _at(text, "“We will win 🇺🇦,”")
    said = _at(text, "said")
    q2 = _at(text, "“historic.”")
    said2 = _at(text, "said", 1)
    quotes = [
        span_item("q1", text, *q1, kind="full", speaker="volodymyr-zelensky", cue=_cue(text, *said)),
        span_item("q2", text, *q2, kind="fragment", speaker="xi-jinping", cue=_cue(text, *said2)),
    ]
    assert q1[0] == 0 and q2[1] == len(text.rstrip("\n")), "a quote at the very start and one at the very end"
    return {"sentences": _layer(sentences), "headings": _layer([]), "entities": _layer(entities), "quotes": _layer(quotes)}


def _doc_b(text: str) -> dict:
    lines = _lines(text)
    headings = [span_item("h1", text, *lines[0])]
    sentences = [span_item(f"s{i}", text, s, e) for i, (s, e) in enumerate(lines[1:], 1)]
    entities = [
        span_item("e1", text, *_at(text, "Moscow"), label="GPE", key="moscow"),
        span_item("e2", text, *_at(text, KANE), label="PERSON", key="kane"),
        span_item("e3", text, *_at(text, "Putin"), label="PERSON", key="vladimir-putin"),
        span_item("e4", text, *_at(text, KANE, 1), label="PERSON", key="kane"),
    ]
    quotes = [span_item("q1", text, *_at(text, "“It was a good day,”"), kind="full", speaker="kane", cue=_cue(text, *_at(text, "added")))]
    return {"sentences": _layer(sentences), "headings": _layer(headings), "entities": _layer(entities), "quotes": _layer(quotes)}


def _cue(text: str, start: int, end: int) -> dict:
    item = span_item("x", text, start, end)
    item.pop("id")
    return item


def build(root: Path) -> CorpusLayout:
    """Make the corpus under ``root``: raw texts, clean texts, annotations, the story file."""
    layout = CorpusLayout(root)
    (root / "corpus" / "annotations" / "stories").mkdir(parents=True)
    (root / "corpus" / "raw").mkdir(parents=True)
    (root / "corpus" / "sources.json").write_text(json.dumps({"version": 1, "documents": []}), encoding="utf-8")
    incoming = root / "incoming"
    incoming.mkdir()
    for doc_id, raw in (("fx_ex_a", RAW_A), ("fx_ex_b", RAW_B)):
        (incoming / f"{doc_id}.txt").write_bytes(raw.encode("utf-8"))
        add_raw(layout, incoming / f"{doc_id}.txt", story_id=STORY, event_date="2023-03-21", event="A test event.")
    clean_corpus(layout)
    docs = {}
    for doc_id, make in (("fx_ex_a", _doc_a), ("fx_ex_b", _doc_b)):
        text = layout.clean_text_path(doc_id).read_text(encoding="utf-8")
        assert "\r" not in text
        docs[doc_id] = annotation_document(doc_id, STORY, text, make(text))
        save_json(layout.annotations_dir / f"{doc_id}.json", docs[doc_id])
    forms: dict[str, set[str]] = {}
    for doc in docs.values():
        for entity in doc["layers"]["entities"]["items"]:
            if entity.get("key"):
                forms.setdefault(entity["key"], set()).add(entity["text"])
    inventory = [{"key": k, "name": n, "label": label, "aliases": sorted(forms.get(k, ()))} for k, n, label in INVENTORY if k in forms]
    story = {
        "schema_version": "1.0.0", "story_id": STORY, "guidelines_version": "1.0.0", "documents": sorted(docs),
        "entities": _layer(inventory),
        "alignments": _layer([{"id": "a1", "source": {"document": "fx_ex_a", "sentence": "s2"}, "target": {"document": "fx_ex_b", "sentence": "s1"}, "relation": "overlap"}]),
        "discrepancies": _layer([]),
    }
    save_json(layout.annotations_dir / "stories" / f"{STORY}.json", story)
    return layout


def add_inventory_entry(layout: CorpusLayout, key: str, name: str, label: str, aliases: list[str]) -> None:
    """Add a key to the story inventory (a person adds one before using it in a tool)."""
    path = layout.annotations_dir / "stories" / f"{STORY}.json"
    story = json.loads(path.read_text(encoding="utf-8"))
    story["entities"]["items"].append({"key": key, "name": name, "label": label, "aliases": aliases})
    save_json(path, story)
