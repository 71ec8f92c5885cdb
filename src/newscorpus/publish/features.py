"""The typed features of every published config, in one place.

Every label set is a ``ClassLabel`` whose names are fixed tuples (new labels are appended, never
reordered, so integer ids keep their meaning across releases). Beside every ClassLabel column
sits a plain string column with the label's name (``label_name``, ``kind_name``, ...), so the
Parquet files read well in DuckDB and pandas without our code.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Iterator

from ..model import ALIGNMENT_RELATIONS, DISCREPANCY_KINDS, ENTITY_LABELS, QUOTE_KINDS, STATUSES
from ..clean.rules import NOISE_LABELS

NER_TAGS = ("O", *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")))
LAYERS = ("sentences", "headings", "entities", "quotes")
CONFIGS = ("documents", "ner", "quotes", "alignments", "discrepancies", "cleaning")
DEFAULT_CONFIG = "documents"


class _Features(Mapping):
    """config -> ``datasets.Features``, built on first use: importing ``datasets`` costs seconds,
    and a build with nothing to publish never needs it."""

    @cached_property
    def _built(self) -> dict[str, Any]:
        from datasets import ClassLabel, Features, List, Value

        ENTITY = ClassLabel(names=list(ENTITY_LABELS))
        NER = ClassLabel(names=list(NER_TAGS))
        QUOTE_KIND = ClassLabel(names=list(QUOTE_KINDS))
        STATUS = ClassLabel(names=list(STATUSES))
        NOISE = ClassLabel(names=list(NOISE_LABELS))
        RELATION = ClassLabel(names=list(ALIGNMENT_RELATIONS))
        DISCREPANCY = ClassLabel(names=list(DISCREPANCY_KINDS))

        S, I32 = Value("string"), Value("int32")
        SPAN = {"id": S, "start": I32, "end": I32, "text": S}
        NOISE_SPAN = {"start": I32, "end": I32, "label": NOISE, "label_name": S, "rule": S, "text": S, "clean_start": I32}

        return {
            "documents": Features({
                "id": S,
                "story_id": S,
                "text": S,
                "language": S,
                "machine_translated": S,
                "event_date": S,
                "headings": List(SPAN),
                "sentences": List(SPAN),
                "entities": List({**SPAN, "label": ENTITY, "label_name": S, "key": S, "entity_name": S}),
                "quotes": List({**SPAN, "kind": QUOTE_KIND, "kind_name": S, "speaker": S, "speaker_name": S, "speaker_reason": S,
                                "cue_start": I32, "cue_end": I32, "cue_text": S}),
                "removed": List(NOISE_SPAN),
                "status": {layer: STATUS for layer in LAYERS},
                "status_names": {layer: S for layer in LAYERS},
                "provenance": {layer: S for layer in LAYERS},
                "raw_sha256": S,
                "clean_sha256": S,
            }),
            "ner": Features({
                "id": S,
                "tokens": List(S),
                "ner_tags": List(NER),
                "ner_tag_names": List(S),
                "document_id": S,
                "sentence_id": S,
                "sentence_start": I32,
                "token_starts": List(I32),
                "entities_status": STATUS,
                "entities_status_name": S,
            }),
            "quotes": Features({
                "id": S,
                "text": S,
                "kind": QUOTE_KIND,
                "kind_name": S,
                "speaker": S,
                "speaker_name": S,
                "speaker_reason": S,
                "cue": S,
                "sentence": S,
                "document_id": S,
                "start": I32,
                "end": I32,
                "cue_start": I32,
                "cue_end": I32,
            }),
            "alignments": Features({
                "id": S,
                "source_text": S,
                "target_text": S,
                "relation": RELATION,
                "relation_name": S,
                "story_id": S,
                "source_document": S,
                "source_sentence": S,
                "target_document": S,
                "target_sentence": S,
            }),
            "discrepancies": Features({
                "id": S,
                "description": S,
                "kind": DISCREPANCY,
                "kind_name": S,
                "statements": List({"document": S, "sentence": S, "text": S}),
                "story_id": S,
            }),
            "cleaning": Features({
                "id": S,
                "raw_text": S,
                "noise": List(NOISE_SPAN),
                "clean_text": S,
                "normalizations": List({"start": I32, "end": I32, "rule": S, "text": S, "replacement": S}),
                "ruleset_version": S,
            }),
        }

    def __getitem__(self, config: str):
        return self._built[config]

    def __iter__(self) -> Iterator[str]:
        return iter(CONFIGS)

    def __len__(self) -> int:
        return len(CONFIGS)


FEATURES = _Features()
