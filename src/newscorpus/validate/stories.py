"""Level 3 of a story file: its documents exist and belong to it; the inventory's keys are
unique and its aliases exactly the surface forms seen; alignments and discrepancies refer to
sentences that exist, in different documents; keys agree across stories.

A listed document without a valid annotation file is reported once (``story.document-unreadable``,
its own incidents say why), and what needs it is skipped: the references into it, and the alias
checks that need every mention.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Any, Iterable

from ..incident import Incident, pointer, short
from .checks import CheckList
from .context import CorpusContext, DocumentSummary
from .documents import status_incidents
from .rules import incident
from .source import JSONSource

STORY_LAYERS = ("entities", "alignments", "discrepancies")


class Story:
    """One schema-valid story file under level 3, and what its checks share."""

    def __init__(self, source: JSONSource, ctx: CorpusContext):
        self.source, self.ctx, self.data = source, ctx, source.data
        self.id, self.listed = self.data["story_id"], self.data["documents"]
        self.file_id = source.path.stem  # the story the file belongs to (a different story_id inside is reported)
        self.inventory = self.data["entities"]["items"]

    def found(self, rule_id: str, message: str, *where: Any) -> Incident:
        return incident(self.source, rule_id, message, pointer(*where))

    @cached_property
    def summaries(self) -> dict[str, DocumentSummary | None]:
        """Each listed document known to corpus/sources.json: its summary, None when it has no valid file."""
        sources = self.ctx.sources
        return {d: self.ctx.summary(d) for d in self.listed if d in sources and sources[d].story_id == self.file_id}

    @cached_property
    def forms(self) -> dict[str, set[str]]:
        """Every key's mention texts across the readable documents."""
        forms: dict[str, set[str]] = {}
        for key, text in set().union(*(s.mentions for s in self.summaries.values() if s)):
            if key is not None:
                forms.setdefault(key, set()).add(text)
        return forms

    @cached_property
    def annotated(self) -> bool:
        return any(s.entities_annotated for s in self.summaries.values() if s)

    def refs(self) -> Iterable[tuple[dict, tuple]]:
        """Every sentence reference of the alignments and discrepancies, with its path."""
        for index, alignment in enumerate(self.data["alignments"]["items"]):
            yield alignment["source"], ("alignments", "items", index, "source")
            yield alignment["target"], ("alignments", "items", index, "target")
        for index, discrepancy in enumerate(self.data["discrepancies"]["items"]):
            for i, ref in enumerate(discrepancy["statements"]):
                yield ref, ("discrepancies", "items", index, "statements", i)


STORY_CHECKS = CheckList()
check = STORY_CHECKS.check


@check("story.id-filename")
def check_story_identity(story: Story) -> list[Incident]:
    """The story_id is the file name. Raises story.id-filename."""
    if story.source.path.stem == story.id:
        return []
    return [story.found("story.id-filename", f"story_id {short(story.id)} does not match the file name {short(story.source.path.name)}", "story_id")]


@check("status.none-with-items", "status.silver-as-gold")
def check_story_statuses(story: Story) -> list[Incident]:
    """Raises status.none-with-items, status.silver-as-gold (see :func:`.documents.status_incidents`)."""
    return status_incidents(story, {k: story.data[k] for k in STORY_LAYERS}, ())


@check("story.document-unknown", "story.document-mismatch", "story.document-missing")
def check_listed_documents(story: Story) -> list[Incident]:
    """The documents listed are the story's documents in corpus/sources.json (those annotated, all of them).
    Raises story.document-unknown, story.document-mismatch, story.document-missing."""
    found, sources = [], story.ctx.sources
    for index, doc_id in enumerate(story.listed):
        if doc_id not in sources:
            found.append(story.found("story.document-unknown", f"no document {short(doc_id)} in corpus/sources.json", "documents", index))
        elif sources[doc_id].story_id != story.file_id:
            found.append(story.found("story.document-mismatch", f"document {short(doc_id)} belongs to story {short(sources[doc_id].story_id)}", "documents", index))
    listed = set(story.listed)
    for doc_id in sorted(d for d in story.ctx.story_documents(story.file_id) if d not in listed):
        if story.ctx.readable(story.ctx.document_path(doc_id)):
            found.append(story.found("story.document-missing", f"document {short(doc_id)} of this story is not listed", "documents"))
    return found


@check("story.document-unreadable", gives="every-document")
def check_documents_readable(story: Story) -> list[Incident]:
    """Every listed document (of corpus/sources.json) has a valid annotation file; reported once per document,
    its references and the alias checks that need it skipped. Raises story.document-unreadable."""
    return [story.found("story.document-unreadable", f"document {short(doc_id)} has no valid annotation file (see its own incidents); "
                        f"{sum(ref['document'] == doc_id for ref, _ in story.refs())} references into it and the alias checks were skipped",
                        "documents", story.listed.index(doc_id))
            for doc_id, summary in story.summaries.items() if summary is None]


@check("inventory.duplicate-key")
def check_inventory_keys(story: Story) -> list[Incident]:
    """Inventory keys are unique. Raises inventory.duplicate-key."""
    keys = Counter(e["key"] for e in story.inventory)
    return [story.found("inventory.duplicate-key", f"key {short(e['key'])} is listed {keys[e['key']]} times", "entities", "items", index, "key")
            for index, e in enumerate(story.inventory) if keys[e["key"]] > 1]


@check("inventory.alias-missing")
def check_aliases_cover_mentions(story: Story) -> list[Incident]:
    """The text of every mention of a key (in the readable documents) is among its aliases. Raises inventory.alias-missing."""
    if not story.annotated:
        return []
    return [story.found("inventory.alias-missing", f"{short(form)} is the text of a mention of {short(e['key'])} but not among its aliases",
                        "entities", "items", index, "aliases")
            for index, e in enumerate(story.inventory) for form in sorted(story.forms.get(e["key"], set()) - set(e["aliases"]))]


@check("inventory.unused-key", "inventory.alias-unseen", needs=("every-document",))
def check_aliases_are_seen(story: Story) -> list[Incident]:
    """Every key has a mention and every alias is the text of one, once the entities are annotated.
    Raises inventory.unused-key, inventory.alias-unseen."""
    if not story.annotated:
        return []
    found = []
    for index, entry in enumerate(story.inventory):
        forms = story.forms.get(entry["key"], set())
        if not forms:
            found.append(story.found("inventory.unused-key", f"key {short(entry['key'])} has no mention in the story's documents", "entities", "items", index, "key"))
        found += [story.found("inventory.alias-unseen", f"alias {short(alias)} of {short(entry['key'])} is not the text of any of its mentions",
                              "entities", "items", index, "aliases") for alias in entry["aliases"] if forms and alias not in forms]
    return found


@check("ref.sentence-document", "ref.sentence")
def check_sentence_refs(story: Story) -> list[Incident]:
    """Alignments and discrepancies refer to sentences that exist, in the story's documents (refs into a
    document without a valid file are skipped: reported once above). Raises ref.sentence-document, ref.sentence."""
    found, listed = [], set(story.listed)
    for ref, where in story.refs():
        if ref["document"] not in listed:
            found.append(story.found("ref.sentence-document", f"document {short(ref['document'])} is not a document of this story", *where, "document"))
            continue
        summary = story.summaries.get(ref["document"])
        if summary is not None and ref["sentence"] not in summary.sentences:
            found.append(story.found("ref.sentence", f"no sentence {short(ref['sentence'])} in {short(ref['document'])}", *where, "sentence"))
    return found


@check("alignment.same-document", "alignment.duplicate")
def check_alignments(story: Story) -> list[Incident]:
    """An alignment pairs sentences of two documents, and no pair twice. Raises alignment.same-document, alignment.duplicate."""
    found, pairs = [], Counter()
    for index, alignment in enumerate(story.data["alignments"]["items"]):
        source, target = alignment["source"], alignment["target"]
        if source["document"] == target["document"]:
            found.append(story.found("alignment.same-document", "an alignment pairs sentences of two different reports", "alignments", "items", index))
        pair = frozenset({(source["document"], source["sentence"]), (target["document"], target["sentence"])})
        pairs[pair] += 1
        if pairs[pair] == 2:
            found.append(story.found("alignment.duplicate", "this sentence pair is aligned twice", "alignments", "items", index))
    return found


@check("discrepancy.one-sided")
def check_discrepancies(story: Story) -> list[Incident]:
    """A discrepancy has statements from at least two documents. Raises discrepancy.one-sided."""
    return [story.found("discrepancy.one-sided", "a discrepancy needs statements from at least two reports", "discrepancies", "items", index, "statements")
            for index, d in enumerate(story.data["discrepancies"]["items"]) if len({s["document"] for s in d["statements"]}) < 2]


@check("id.duplicate")
def check_story_ids(story: Story) -> list[Incident]:
    """Alignment and discrepancy ids are unique. Raises id.duplicate."""
    ids = Counter(item["id"] for layer in ("alignments", "discrepancies") for item in story.data[layer]["items"])
    return [story.found("id.duplicate", f"id {short(item['id'])} is used {ids[item['id']]} times in this file", layer, "items", index, "id")
            for layer in ("alignments", "discrepancies") for index, item in enumerate(story.data[layer]["items"]) if ids[item["id"]] > 1]


def inventory_entries(data: dict[str, Any]) -> list[list[str]]:
    """(key, name, label) of each inventory entry, in order: what the cross-story check needs of a story."""
    return [[e["key"], e["name"], e["label"]] for e in data["entities"]["items"]]


class InventoryConflicts:
    """Keys are shared across stories: each has one name and one type everywhere. Raises inventory.conflict.

    Fed (path, story id, inventory entries) of every story, in file order, as they come; it keeps
    only the first entry seen for each key (memory grows with the distinct keys, not the stories);
    ``load(path)`` gives the JSONSource of a story only to locate an incident."""

    def __init__(self, load):
        self.load = load
        self.first: dict[str, tuple[str, str, str]] = {}
        self.found: list[Incident] = []

    def add(self, path: str, story_id: str, entries: list[list[str]]) -> None:
        for index, (key, name, label) in enumerate(entries):
            seen = self.first.setdefault(key, (name, label, story_id))
            if (seen[0], seen[1]) != (name, label):
                self.found.append(incident(self.load(path), "inventory.conflict", f"key {short(key)} is {short(seen[0])} ({seen[1]}) in story {short(seen[2])}",
                                           pointer("entities", "items", index, "key")))
