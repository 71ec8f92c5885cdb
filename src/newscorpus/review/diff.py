"""Annotation-level differences between two versions of the corpus's annotation files.

A reviewer of an annotation pull request should read ``000 s4: entity e31 relabelled: 'Kremlin'
FAC → ORG``, not a diff of offsets. Items are matched by id, then (for what is left) by span, so
a mention deleted and drawn again at the same place reads as a relabel, not as a removal and an
addition. Every change names its document, the sentence (or heading) it is in, and the text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

from ..model import DOCUMENT_LAYERS, STORY_LAYERS, layer_items

SHORT = 60


@dataclass(frozen=True)
class Change:
    document: str  # a document id, or a story id for story-level changes
    sentence: str  # the sentence or heading id the change is in ("" when none)
    what: str  # "entity relabelled", "quote speaker changed", ...
    detail: str  # the words: the text involved, before → after
    position: int = 0  # where in the document, to order the changes

    def render(self) -> str:
        where = f"{self.document} {self.sentence}" if self.sentence else self.document
        return f"{where}: {self.what}: {self.detail}"


def _q(text: str | None) -> str:
    if text is None:
        return "—"
    text = text if len(text) <= SHORT else text[: SHORT - 1] + "…"
    return repr(text)


class _Sentences:
    """Which sentence or heading holds an offset, by bisection."""

    def __init__(self, doc: dict | None):
        blocks = sorted((i["start"], i["end"], i["id"]) for name in ("sentences", "headings") for i in layer_items(doc or {}, name))
        self.starts = [b[0] for b in blocks]
        self.blocks = blocks

    def at(self, start: int, end: int) -> str:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.blocks[i][1] >= end:
            return self.blocks[i][2]
        return ""


def _match(before: list[dict], after: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs by id, then by identical span; the removed and the added."""
    after_by_id = {item["id"]: item for item in after}
    pairs, removed = [], []
    for item in before:
        other = after_by_id.pop(item["id"], None)
        (pairs.append((item, other)) if other is not None else removed.append(item))
    rest = {(i["start"], i["end"]): i for i in sorted(after_by_id.values(), key=lambda i: i["id"])}
    still_removed = []
    for item in removed:
        other = rest.pop((item["start"], item["end"]), None)
        if other is not None and other["id"] in after_by_id:
            after_by_id.pop(other["id"])
            pairs.append((item, other))
        else:
            still_removed.append(item)
    added = sorted(after_by_id.values(), key=lambda i: (i["start"], i["end"], i["id"]))
    return pairs, still_removed, added


def _entity_words(e: dict) -> str:
    key = f" {e['key']}" if e.get("key") else ""
    return f"{_q(e['text'])} {e['label']}{key}"


def _speaker(q: dict) -> str:
    return q["speaker"] if q.get("speaker") is not None else f"none ({q.get('speaker_reason', 'no reason')})"


def _cue(q: dict) -> str:
    cue = q.get("cue")
    return _q(cue["text"]) + f" at {cue['start']}-{cue['end']}" if isinstance(cue, dict) else f"none ({q.get('cue_reason', 'no reason')})"


def document_changes(doc_id: str, before: dict | None, after: dict | None) -> list[Change]:
    """What changed in one document file, annotation by annotation."""
    if before is None and after is None:
        return []
    if before is None:
        counts = ", ".join(f"{len(layer_items(after, n))} {n}" for n in DOCUMENT_LAYERS)
        return [Change(doc_id, "", "document added", counts)]
    if after is None:
        return [Change(doc_id, "", "document removed", f"with {len(layer_items(before, 'entities'))} entities and {len(layer_items(before, 'quotes'))} quotes")]
    changes: list[Change] = []
    old_sentences, new_sentences = _Sentences(before), _Sentences(after)

    def add(what: str, detail: str, item: dict, old: bool = False) -> None:
        where = (old_sentences if old else new_sentences).at(item["start"], item["end"])
        changes.append(Change(doc_id, where, what, detail, item["start"]))

    for name in DOCUMENT_LAYERS:
        a, b = before["layers"].get(name, {}), after["layers"].get(name, {})
        if a.get("status") != b.get("status"):
            who = (b.get("provenance") or {}).get("id")
            changes.append(Change(doc_id, "", f"{name} layer status", f"{a.get('status')} → {b.get('status')}" + (f" ({who})" if who else ""), -1))

    pairs, removed, added = _match(layer_items(before, "entities"), layer_items(after, "entities"))
    for e in removed:
        add("entity removed", f"{e['id']} {_entity_words(e)}", e, old=True)
    for e in added:
        add("entity added", f"{e['id']} {_entity_words(e)}", e)
    for old, new in pairs:
        label = f"{new['id']} " if old["id"] == new["id"] else f"{old['id']} → {new['id']} "
        if (old["start"], old["end"]) != (new["start"], new["end"]):
            add("entity moved", f"{label}{_q(old['text'])} {old['start']}-{old['end']} → {_q(new['text'])} {new['start']}-{new['end']}", new)
        if old["label"] != new["label"]:
            add("entity relabelled", f"{label}{_q(new['text'])} {old['label']} → {new['label']}", new)
        if old.get("key") != new.get("key"):
            add("entity re-keyed", f"{label}{_q(new['text'])} {old.get('key') or 'no key'} → {new.get('key') or 'no key'}", new)

    pairs, removed, added = _match(layer_items(before, "quotes"), layer_items(after, "quotes"))
    for q in removed:
        add("quote removed", f"{q['id']} {_q(q['text'])} ({q['kind']}, speaker {_speaker(q)})", q, old=True)
    for q in added:
        add("quote added", f"{q['id']} {_q(q['text'])} ({q['kind']}, speaker {_speaker(q)}, cue {_cue(q)})", q)
    for old, new in pairs:
        label = f"{new['id']} {_q(new['text'])}"
        if (old["start"], old["end"]) != (new["start"], new["end"]):
            add("quote moved", f"{new['id']} {_q(old['text'])} {old['start']}-{old['end']} → {_q(new['text'])} {new['start']}-{new['end']}", new)
        if old["kind"] != new["kind"]:
            add("quote kind changed", f"{label}: {old['kind']} → {new['kind']}", new)
        if (old.get("speaker"), old.get("speaker_reason")) != (new.get("speaker"), new.get("speaker_reason")):
            add("quote speaker changed", f"{label}: {_speaker(old)} → {_speaker(new)}", new)
        if (old.get("cue"), old.get("cue_reason")) != (new.get("cue"), new.get("cue_reason")):
            old_cue, new_cue = old.get("cue"), new.get("cue")
            same_span = isinstance(old_cue, dict) and isinstance(new_cue, dict) and (old_cue["start"], old_cue["end"]) == (new_cue["start"], new_cue["end"])
            if not same_span or old.get("cue_reason") != new.get("cue_reason"):
                add("quote cue changed", f"{label}: {_cue(old)} → {_cue(new)}", new)

    for name, noun in (("sentences", "sentence"), ("headings", "heading")):
        pairs, removed, added = _match(layer_items(before, name), layer_items(after, name))
        for s in removed:
            add(f"{noun} removed", f"{s['id']} {_q(s['text'])}", s, old=True)
        for s in added:
            add(f"{noun} added", f"{s['id']} {_q(s['text'])}", s)
        for old, new in pairs:
            if (old["start"], old["end"]) != (new["start"], new["end"]) or old["id"] != new["id"]:
                add(f"{noun} changed", f"{old['id']} {_q(old['text'])} → {new['id']} {_q(new['text'])}", new)
    changes.sort(key=lambda c: (c.position, c.what))
    return changes


def _sentence_text(docs: dict[str, dict], ref: dict) -> str:
    doc = docs.get(ref["document"])
    for s in layer_items(doc or {}, "sentences"):
        if s["id"] == ref["sentence"]:
            return _q(s["text"])
    return "(no such sentence)"


def _ref(docs: dict[str, dict], ref: dict) -> str:
    return f"{ref['document']} {ref['sentence']} {_sentence_text(docs, ref)}"


def story_changes(story_id: str, before: dict | None, after: dict | None, old_docs: dict[str, dict], new_docs: dict[str, dict]) -> list[Change]:
    if before is None and after is None:
        return []
    if before is None or after is None:
        return [Change(story_id, "", "story added" if before is None else "story removed", f"documents {', '.join((after or before)['documents'])}")]
    changes: list[Change] = []
    add = lambda what, detail: changes.append(Change(story_id, "", what, detail, len(changes)))  # noqa: E731
    for name in STORY_LAYERS:
        a, b = before.get(name, {}), after.get(name, {})
        if a.get("status") != b.get("status"):
            add(f"{name} layer status", f"{a.get('status')} → {b.get('status')}")
    old_inv = {e["key"]: e for e in before["entities"]["items"]}
    new_inv = {e["key"]: e for e in after["entities"]["items"]}
    for key in sorted(old_inv.keys() - new_inv.keys()):
        add("inventory entry removed", f"{key} ({old_inv[key]['name']}, {old_inv[key]['label']})")
    for key in sorted(new_inv.keys() - old_inv.keys()):
        add("inventory entry added", f"{key} ({new_inv[key]['name']}, {new_inv[key]['label']})")
    for key in sorted(old_inv.keys() & new_inv.keys()):
        a, b = old_inv[key], new_inv[key]
        if (a["name"], a["label"]) != (b["name"], b["label"]):
            add("inventory entry changed", f"{key}: {a['name']} {a['label']} → {b['name']} {b['label']}")
    old_al = {i["id"]: i for i in before["alignments"]["items"]}
    new_al = {i["id"]: i for i in after["alignments"]["items"]}
    for aid in sorted(old_al.keys() - new_al.keys()):
        a = old_al[aid]
        add("alignment removed", f"{aid} {a['relation']}: {_ref(old_docs, a['source'])} ↔ {_ref(old_docs, a['target'])}")
    for aid in sorted(new_al.keys() - old_al.keys()):
        a = new_al[aid]
        add("alignment added", f"{aid} {a['relation']}: {_ref(new_docs, a['source'])} ↔ {_ref(new_docs, a['target'])}")
    for aid in sorted(old_al.keys() & new_al.keys()):
        a, b = old_al[aid], new_al[aid]
        if (a["source"], a["target"]) != (b["source"], b["target"]):
            add("alignment changed", f"{aid}: {_ref(old_docs, a['source'])} ↔ {_ref(old_docs, a['target'])} → "
                f"{_ref(new_docs, b['source'])} ↔ {_ref(new_docs, b['target'])}")
        elif a["relation"] != b["relation"]:
            add("alignment relation changed", f"{aid}: {a['relation']} → {b['relation']} ({_ref(new_docs, b['source'])} ↔ {_ref(new_docs, b['target'])})")
    old_d = {i["id"]: i for i in before["discrepancies"]["items"]}
    new_d = {i["id"]: i for i in after["discrepancies"]["items"]}
    for did in sorted(old_d.keys() - new_d.keys()):
        d = old_d[did]
        add("discrepancy removed", f"{did} {d['kind']}: {_q(d['description'])} ({'; '.join(_ref(old_docs, r) for r in d['statements'])})")
    for did in sorted(new_d.keys() - old_d.keys()):
        d = new_d[did]
        add("discrepancy added", f"{did} {d['kind']}: {_q(d['description'])} ({'; '.join(_ref(new_docs, r) for r in d['statements'])})")
    for did in sorted(old_d.keys() & new_d.keys()):
        a, b = old_d[did], new_d[did]
        if a != b:
            parts = [f"{k}" for k in ("kind", "statements", "description") if a.get(k) != b.get(k)]
            add("discrepancy changed", f"{did} ({', '.join(parts)}): {_q(b['description'])}")
    return changes


def corpus_changes(old_docs: dict[str, dict], new_docs: dict[str, dict], old_stories: dict[str, dict], new_stories: dict[str, dict]) -> list[Change]:
    changes: list[Change] = []
    for doc_id in sorted(old_docs.keys() | new_docs.keys()):
        changes += document_changes(doc_id, old_docs.get(doc_id), new_docs.get(doc_id))
    for story_id in sorted(old_stories.keys() | new_stories.keys()):
        changes += story_changes(story_id, old_stories.get(story_id), new_stories.get(story_id), old_docs, new_docs)
    return changes


def import_changes(documents: dict[str, tuple[dict | None, dict | None]], stories: dict[str, tuple[dict | None, dict | None]]) -> list[Change]:
    """The changes an import makes: each file's (before, after), documents first."""
    changes: list[Change] = []
    for doc_id, (before, after) in sorted(documents.items()):
        changes += document_changes(doc_id, before, after)
    for story_id, (before, after) in sorted(stories.items()):
        changes += story_changes(story_id, before, after, {}, {})
    return changes


def render_text(changes: Iterable[Change]) -> str:
    lines = [c.render() for c in changes]
    return "\n".join(lines) + "\n" if lines else "no annotation changes\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def render_markdown(changes: list[Change], title: str = "Annotation changes") -> str:
    if not changes:
        return f"### {title}\n\nNo annotation changes.\n"
    out = [f"### {title}", "", f"{len(changes)} changes in {len({c.document for c in changes})} files.", ""]
    current = None
    for change in changes:
        if change.document != current:
            current = change.document
            out += ["", f"#### `{_md(current)}`", "", "| sentence | change | what |", "|---|---|---|"]
        out.append(f"| {_md(change.sentence) or '—'} | {_md(change.what)} | {_md(change.detail)} |")
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"
