"""The registry of validation rules: every rule id ``newscorpus validate`` (levels 1-3) and
``newscorpus lint`` (level 4) can report, with its level, what it means, and whether the checks
that depend on it still run after it fires.

Incidents are made only through :func:`incident` (or :meth:`Rule.at`), which refuses an id that
is not registered here, so the registry cannot fall behind the code. ``newscorpus validate
--list-rules`` prints it and the README's validation rules table is generated from it
(``scripts/sync_docs.py``). Every rule that a file can trigger has a fixture under
``tests/fixtures/invalid/``; a rule no single fixture can trigger says why in ``unreachable``
and names the test that triggers it instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..incident import Incident


class UnregisteredRule(KeyError):
    """Code tried to report a rule id that the registry does not define (a bug, caught by tests)."""


@dataclass(frozen=True)
class Rule:
    id: str
    level: int  # 1 well-formed JSON, 2 JSON Schema, 3 semantics, 4 lint
    description: str
    halts: bool = False  # after it fires, the checks that depend on what it checks do not run
    severity: str = "error"
    unreachable: str = ""  # why no fixture file can trigger it ("" when one does)
    tested_by: str = ""  # for an unreachable rule: the test that triggers it

    def to_dict(self) -> dict:
        return {"id": self.id, "level": self.level, "description": self.description, "halts": self.halts,
                "severity": self.severity, "fixture": not self.unreachable, "unreachable": self.unreachable}


_R = Rule
_TOO_LARGE = "needs a file above the 16 MiB limit, too large to commit as a fixture"
RULES: dict[str, Rule] = {r.id: r for r in (
    # level 1: can the file be read as JSON at all? Each halts: nothing else is checked.
    _R("path.outside", 1, "The file is a symbolic link (or inside one) leading out of the checkout; it is not read.", True),
    _R("json.too-large", 1, "The file is larger than the limit (16 MiB, `--max-bytes`, `NEWSCORPUS_MAX_JSON_BYTES`); it is not read.", True,
       unreachable=_TOO_LARGE, tested_by="tests/test_validate.py::test_a_hundred_megabyte_file_is_refused_with_the_limit"),
    _R("json.unreadable", 1, "The file cannot be read (a directory, a permission, an I/O error).", True),
    _R("json.encoding", 1, "The file is not UTF-8; the first invalid byte is located.", True),
    _R("json.bom", 1, "The file starts with a byte-order mark.", True),
    _R("json.syntax", 1, "The file is not JSON; located where the parser stopped.", True),
    _R("json.duplicate-key", 1, "An object has the same key twice (parsers would silently keep one).", True),
    _R("json.constant", 1, "`NaN`, `Infinity` or `-Infinity`, which are not JSON.", True),
    _R("json.too-deep", 1, "Nested deeper than 32 levels (the format needs 6).", True),
    _R("json.integer-too-long", 1, "An integer of more than 4,300 digits (Python refuses to read it; no offset is that long).", True),
    # level 2: JSON Schema. The file is not checked further when any of these fires.
    _R("schema.type", 2, "A value of the wrong JSON type. Offsets are integers written without a fraction or exponent: "
       "`0.0`, `0e0` and `182.0` are refused, although JSON Schema alone would accept them.", True),
    _R("schema.enum", 2, "A value outside its closed list (labels, statuses, kinds, relations).", True),
    _R("schema.const", 2, "A value that must be exactly one thing (`schema_version`).", True),
    _R("schema.required", 2, "A required field is missing (also the conditional ones: a keyed label needs `key`, "
       "a null `speaker` needs `speaker_reason`).", True),
    _R("schema.additional-properties", 2, "A field the format does not define (often a misspelling).", True),
    _R("schema.pattern", 2, "An id, key, version or checksum not in its written form.", True),
    _R("schema.minimum", 2, "A negative offset.", True),
    _R("schema.min-length", 2, "An empty string where text is required (span text, names, aliases).", True),
    _R("schema.max-length", 2, "A `prefix` or `suffix` longer than the 24 characters kept.", True),
    _R("schema.min-items", 2, "Too few items (a story's documents, a discrepancy's statements).", True),
    _R("schema.unique-items", 2, "A list that must not repeat an item repeats one (a story's documents, aliases).", True),
    _R("schema.any-of", 2, "A value that is none of its alternatives and closer to none (e.g. a `key` that is neither a key nor null).", True),
    _R("schema.not", 2, "A field that must be absent is present (a `speaker_reason` beside a speaker, a `cue_reason` beside a cue).", True),
    # level 3, document files
    _R("doc.id-filename", 3, "The document `id` is not the file name."),
    _R("doc.unknown", 3, "No document with this `id` in `corpus/sources.json`."),
    _R("doc.story-mismatch", 3, "`story_id` differs from the document's story in `corpus/sources.json`."),
    _R("doc.no-clean-text", 3, "No clean text for the document; nothing about its spans can be checked.", True),
    _R("anchor.stale-checksum", 3, "The clean text changed since the annotations were made (`text_sha256`); spans are not checked against it "
       "(`newscorpus attach` re-anchors them).", True),
    _R("span.offsets", 3, "A span's offsets are not `start < end <= length of the text`; its structure checks do not run.", True),
    _R("span.text-mismatch", 3, "A span's `text` is not the text at its offsets; its structure checks do not run.", True),
    _R("span.whitespace-edge", 3, "A span starts or ends with white space."),
    _R("span.context-mismatch", 3, "A span's stored `prefix` or `suffix` is not the text beside it (`newscorpus attach` rewrites them)."),
    _R("id.duplicate", 3, "Two items of one file have the same `id`."),
    _R("status.none-with-items", 3, "A layer with status `none` has items."),
    _R("status.silver-as-gold", 3, "A gold layer (or an item of one) was made by a model or rule, not reviewed by a person."),
    _R("ref.no-story", 3, "No story file for the document's `story_id`; keys and speakers are not checked.", True),
    _R("ref.story-unreadable", 3, "The document's story file is not valid (its own incidents say why): keys and speakers are not "
       "checked, reported once per document instead of once per key.", True, severity="warning"),
    _R("ref.entity-key", 3, "An entity `key` that is not in the story's entity inventory."),
    _R("key.type-mismatch", 3, "An entity's label differs from its key's label in the inventory."),
    _R("ref.speaker", 3, "A quote's `speaker` that is not in the story's entity inventory."),
    _R("heading.not-a-line", 3, "A heading that is not a whole line of the text."),
    _R("sentences.overlap", 3, "Two sentences overlap."),
    _R("headings.overlap", 3, "Two headings overlap."),
    _R("sentences.covers-heading", 3, "A sentence overlaps a heading (headings are not sentences)."),
    _R("sentences.gap", 3, "Text outside every sentence and heading: sentences must tile the body."),
    _R("entity.crosses-sentence", 3, "An entity mention not inside one sentence or heading."),
    _R("entity.overlap", 3, "Two entity mentions overlap (mentions are flat)."),
    _R("quote.marks", 3, "A quote span that does not start and end with quotation marks."),
    _R("quote.cue-inside", 3, "A quote's cue overlaps the quotation."),
    _R("doc.unannotated", 3, "A document of `corpus/sources.json` has no annotation file yet (whole-corpus runs).", severity="warning"),
    # level 3, story files
    _R("story.id-filename", 3, "The story's `story_id` is not the file name."),
    _R("story.document-unknown", 3, "A listed document is not in `corpus/sources.json`."),
    _R("story.document-mismatch", 3, "A listed document belongs to another story in `corpus/sources.json`."),
    _R("story.document-missing", 3, "A document of this story (by `corpus/sources.json`) with an annotation file is not listed."),
    _R("story.document-unreadable", 3, "A listed document has no valid annotation file (its own incidents say why): the references into it "
       "and the alias checks are skipped, reported once here instead of once per reference.", True, severity="warning"),
    _R("inventory.duplicate-key", 3, "An inventory key listed twice."),
    _R("inventory.unused-key", 3, "An inventory key with no mention in the story's documents."),
    _R("inventory.alias-unseen", 3, "An alias that is not the text of any mention of its key."),
    _R("inventory.alias-missing", 3, "The text of a mention of a key that is not among the key's aliases."),
    _R("inventory.conflict", 3, "A key with another name or type in another story's inventory."),
    _R("ref.sentence-document", 3, "An alignment or discrepancy refers to a document that is not one of the story's."),
    _R("ref.sentence", 3, "An alignment or discrepancy refers to a sentence id that its document does not have."),
    _R("alignment.same-document", 3, "An alignment pairs two sentences of the same document."),
    _R("alignment.duplicate", 3, "The same sentence pair is aligned twice."),
    _R("discrepancy.one-sided", 3, "A discrepancy whose statements come from fewer than two documents."),
    # level 4: lint (newscorpus lint), consistency across the corpus
    _R("lint.unreadable", 4, "A document that is not valid (levels 1-2) cannot be linted: run `newscorpus validate`."),
    _R("lint.label-conflict", 4, "The same string is labelled with different entity types."),
    _R("lint.unannotated-occurrence", 4, "A string annotated somewhere occurs as a whole word where no entity covers it."),
    _R("lint.key-two-types", 4, "One entity key is used with two types."),
    _R("lint.quote-no-speaker", 4, "A quote without a speaker."),
    _R("lint.stale-justification", 4, "A justification in `schema/GUIDELINES.md` that matches no finding any more.", severity="warning"),
)}


def rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise UnregisteredRule(rule_id) from None


def incident(source, rule_id: str, message: str, pointer: str = "", **extra) -> Incident:
    """An incident of a registered rule, located in ``source`` (a :class:`~.source.JSONSource`)."""
    found = rule(rule_id)
    return source.incident(found.level, rule_id, message, pointer, severity=found.severity, **extra)


def unlocated(file: str, rule_id: str, message: str, line: int | None = None, column: int | None = None, pointer: str = "") -> Incident:
    """An incident of a registered rule located by file and position (no syntax tree needed)."""
    found = rule(rule_id)
    return Incident(file, found.level, rule_id, message, pointer, line, column, found.severity)


def validation_rules(levels=(1, 2, 3, 4)) -> list[Rule]:
    return [r for r in RULES.values() if r.level in levels]


def rules_json() -> str:
    return json.dumps([r.to_dict() for r in validation_rules()], ensure_ascii=False, indent=2) + "\n"


def rules_markdown() -> str:
    """The validation rules as a Markdown table (README, and ``newscorpus validate --list-rules``)."""
    rows = ["| rule | level | what it reports | checks that depend on it |", "|---|---|---|---|"]
    for r in validation_rules():
        after = "skipped" if r.halts else "still run"
        if r.severity != "error":
            after += f" ({r.severity})"
        text = r.description + (f" *No fixture: {r.unreachable}; `{r.tested_by}` makes one.*" if r.unreachable else "")
        rows.append(f"| `{r.id}` | L{r.level} | {text.replace('|', chr(92) + '|')} | {after} |")
    return "\n".join(rows) + "\n"


_SECTION = re.compile(r"(<!-- validation-rules:begin[^>]*-->\n).*?(<!-- validation-rules:end -->)", re.S)


def with_rules_table(text: str) -> str:
    """``text`` (the README) with its generated validation rules table brought up to date."""
    return _SECTION.sub(lambda m: m.group(1) + rules_markdown() + m.group(2), text)
