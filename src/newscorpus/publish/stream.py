"""Streaming a release: rows per document as Arrow, written into fixed-size Parquet shards.

Rows are made one document (or one story) at a time by pure batch functions any engine can
run; each returns, per config, an Arrow IPC stream (rows encoded through the config's
``datasets.Features``: ClassLabel names to ids, the features in the schema metadata). Those
bytes are what the cache keeps, so a rebuild after one annotation edit recomputes one document.
A :class:`ShardWriter` appends them in document order to Parquet shards of a fixed row count,
in row groups of a fixed size, so the files do not depend on batch sizes, worker counts or cache
hits; shards get their final ``-0000N-of-0000M`` names when the total is known.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ..faults import checkpoint
from ..layout import CorpusLayout
from ..runner import DeclaredFiles, Stage, Task
from . import configs as cfg
from .arrow import arrow_schema, table_from_rows
from .features import FEATURES
from .parquet import DEFAULT_ROW_GROUP_ROWS, ROW_GROUP_ROWS, WRITER_OPTIONS

DOCUMENT_CONFIGS = ("documents", "ner", "quotes", "cleaning")
STORY_CONFIGS = ("alignments", "discrepancies")
FLUSH_ROWS = 4096  # rows gathered before they are wrapped and written...
FLUSH_BYTES = 2 * 1024 * 1024  # ...or fewer, once they hold this much: a documents row carries whole texts
# (4,096 of them were 200 MB, so memory grew with the corpus up to that count). The files do not
# depend on either: every drain writes whole row groups, and row groups have a fixed row count.
SHARD_ROWS = {"documents": 20_000, "cleaning": 20_000, "ner": 500_000, "quotes": 500_000, "alignments": 500_000, "discrepancies": 500_000}


def encode(config: str, rows: list[dict[str, Any]]) -> bytes:
    """Rows of ``config`` as an Arrow IPC stream, typed by the config's features."""
    features = FEATURES[config]
    schema = arrow_schema(features)
    table = table_from_rows(rows, features)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def decode(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def document_rows(layout: CorpusLayout, doc_id: str, story: cfg.Story | None, sources=None) -> dict[str, bytes]:
    doc = cfg.load_document(layout, doc_id, sources)
    return {
        "documents": encode("documents", [cfg.document_row(doc, story)]),
        "ner": encode("ner", list(cfg.ner_rows(doc))),
        "quotes": encode("quotes", list(cfg.quote_rows(doc, story))),
        "cleaning": encode("cleaning", [cfg.cleaning_row(doc)]),
    }


def story_rows(layout: CorpusLayout, story: cfg.Story, sources=None) -> dict[str, bytes]:
    docs = {doc_id: cfg.load_document(layout, doc_id, sources) for doc_id in story.data["documents"]}
    return {
        "alignments": encode("alignments", list(cfg.alignment_rows(story, docs))),
        "discrepancies": encode("discrepancies", list(cfg.discrepancy_rows(story, docs))),
    }


def pack(rows: dict[str, bytes]) -> bytes:
    """Several named IPC streams in one blob: name, length, bytes, ..."""
    out = bytearray()
    for name, data in sorted(rows.items()):
        encoded = name.encode()
        out += len(encoded).to_bytes(2, "big") + encoded + len(data).to_bytes(8, "big") + data
    return bytes(out)


def unpack(blob: bytes) -> dict[str, bytes]:
    rows, at = {}, 0
    while at < len(blob):
        size = int.from_bytes(blob[at : at + 2], "big")
        name = blob[at + 2 : at + 2 + size].decode()
        at += 2 + size
        length = int.from_bytes(blob[at : at + 8], "big")
        rows[name] = blob[at + 8 : at + 8 + length]
        at += 8 + length
    return rows


@dataclass
class RowsStage(Stage):
    """The rows of each item of a release, per config as Arrow IPC bytes: a document gives its
    documents, ner, quotes and cleaning rows, a story its alignments and discrepancies.

    A document's task reads its raw text, clean text and record, annotation file and story file;
    a story's task reads the story file and those files of each of its documents. Its sources
    entries and split are key parts; sources.json is read once per batch (:meth:`prepare`)."""

    root: str
    name = "rows"
    batch_size = 32

    def prepare(self) -> None:
        self._sources = dict(cfg._sources_by_id(CorpusLayout(Path(self.root))))

    def run(self, task: Task, files: DeclaredFiles) -> dict[str, bytes]:
        layout, sources = CorpusLayout(Path(self.root)), self._sources
        kind, item_id = task.params[0], task.params[1]
        if kind == "doc":
            return document_rows(layout, item_id, cfg.load_story(layout, sources[item_id].story_id), sources)
        return story_rows(layout, cfg.load_story(layout, item_id), sources)

    def encode(self, result: dict[str, bytes]) -> bytes:
        return pack(result)

    def decode(self, blob: bytes) -> dict[str, bytes]:
        return unpack(blob)


def document_inputs(layout: CorpusLayout, doc_id: str) -> tuple[str, ...]:
    """The files a document's rows are made from."""
    return layout.raw_file(doc_id), layout.clean_text_file(doc_id), layout.clean_record_file(doc_id), layout.annotation_file(doc_id)


def rows_tasks(layout: CorpusLayout, items, sources) -> Iterator[Task]:
    """A task per (kind, id, split) item, with every file its rows are read from."""
    story_file = layout.story_file
    by_story: dict[str, list] = {}
    for source in sources:
        by_story.setdefault(source.story_id, []).append(source)
    by_id = {source.id: source for source in sources}
    for kind, item_id, split in items:
        if kind == "doc":
            source = by_id[item_id]
            entry = [source.sha256, source.machine_translated, source.event_date, source.language, source.story_id]
            yield Task(f"doc:{item_id}", (*document_inputs(layout, item_id), story_file(source.story_id)), ["doc", item_id, split, entry])
        else:
            members = by_story.get(item_id, [])
            inputs = (story_file(item_id), *(p for s in members for p in document_inputs(layout, s.id)))
            entries = [[s.id, s.sha256, s.machine_translated, s.event_date, s.language] for s in members]
            yield Task(f"story:{item_id}", inputs, ["story", item_id, split, entries])


def through_datasets(table: pa.Table, config: str) -> pa.Table:
    """The table as ``datasets`` holds it: wrapped by ``Dataset.from_dict`` with the config's
    features, which checks every column against them (and costs a fraction of the write)."""
    from datasets import Dataset

    return Dataset.from_dict({name: table.column(name) for name in table.column_names}, features=FEATURES[config]).data.table


class ShardWriter:
    """Appends Arrow tables of one config and split to Parquet shards of ``shard_rows`` rows."""

    def __init__(self, directory: Path, config: str, split: str, metadata: dict[str, str]):
        self.directory, self.config, self.split = directory, config, split
        self.shard_rows = SHARD_ROWS[config]
        self.group_rows = ROW_GROUP_ROWS.get(config, DEFAULT_ROW_GROUP_ROWS)
        schema = arrow_schema(FEATURES[config])
        merged = dict(schema.metadata or {})
        merged.update({k.encode(): v.encode() for k, v in sorted(metadata.items())})
        self.schema = schema.with_metadata(merged)
        self.rows = 0
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self._buffered_bytes = 0
        self._writer: pq.ParquetWriter | None = None
        self._in_shard = 0
        self._shards: list[Path] = []

    def append(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self._buffer.append(table)
        self._buffered += table.num_rows
        self._buffered_bytes += table.nbytes
        if self._buffered >= max(self.group_rows, FLUSH_ROWS) or (self._buffered >= self.group_rows and self._buffered_bytes >= FLUSH_BYTES):
            self._drain(final=False)

    def _drain(self, final: bool) -> None:
        """Write whole row groups (and, at the end, the rest), never crossing a shard boundary.

        Buffered rows pass through ``datasets`` once per drain, not once per group: the wrap
        checks every column against the features, and its cost is per call.
        """
        # one contiguous chunk: casting and writing cost per chunk, and rows arrive a document at a time
        table = (pa.concat_tables(self._buffer) if len(self._buffer) > 1 else self._buffer[0]).combine_chunks()
        while table.num_rows:
            room = self.shard_rows - self._in_shard
            take = min(room, table.num_rows)
            if not final and take < room:  # the shard stays open: write whole groups only
                take -= take % self.group_rows
                if take == 0:
                    break
            head, table = table.slice(0, take), table.slice(take)
            head = through_datasets(head, self.config).replace_schema_metadata(self.schema.metadata)
            if self._writer is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                path = self.directory / f".{self.split}-{len(self._shards):05d}.parquet.tmp"
                self._shards.append(path)
                self._writer = pq.ParquetWriter(path, self.schema, **WRITER_OPTIONS)
            self._writer.write_table(head, row_group_size=self.group_rows)
            self._in_shard += head.num_rows
            self.rows += head.num_rows
            if self._in_shard >= self.shard_rows:
                self._writer.close()
                self._writer, self._in_shard = None, 0
        self._buffer = [table] if table.num_rows else []
        self._buffered = table.num_rows
        self._buffered_bytes = table.nbytes if table.num_rows else 0

    def finish(self) -> list[str]:
        """Write what is buffered, close, and give the shards their final names."""
        if self._buffered:
            self._drain(final=True)
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        names = []
        for index, path in enumerate(self._shards):
            name = f"{self.split}-{index:05d}-of-{len(self._shards):05d}.parquet"
            os.replace(path, self.directory / name)
            checkpoint(f"shard {self.config}/{name} named")
            names.append(f"{self.config}/{name}")
        return names


def write_stream(out: Path, items: Iterable[tuple[str, str, str, dict[str, bytes]]], metadata_for) -> dict[str, dict[str, dict]]:
    """Consume (kind, id, split, rows) in order; return config -> split -> {rows, files}."""
    writers: dict[tuple[str, str], ShardWriter] = {}
    for _kind, _item, split, rows in items:
        for config, data in rows.items():
            key = (config, split)
            if key not in writers:
                writers[key] = ShardWriter(out / config, config, split, metadata_for(config, split))
            writers[key].append(decode(data))
    result: dict[str, dict[str, dict]] = {}
    for (config, split), writer in sorted(writers.items()):
        files = writer.finish()
        if writer.rows:
            result.setdefault(config, {})[split] = {"rows": writer.rows, "files": files}
    return result
