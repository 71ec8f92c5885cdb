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
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..faults import checkpoint
from ..layout import CorpusLayout
from . import configs as cfg
from .arrow import arrow_schema, table_from_rows
from .features import FEATURES
from .parquet import DEFAULT_ROW_GROUP_ROWS, ROW_GROUP_ROWS, WRITER_OPTIONS

DOCUMENT_CONFIGS = ("documents", "ner", "quotes", "cleaning")
STORY_CONFIGS = ("alignments", "discrepancies")
FLUSH_ROWS = 4096  # rows gathered before they are wrapped and written (memory: a few MB per config)
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


def document_rows(layout: CorpusLayout, doc_id: str, story: cfg.Story | None) -> dict[str, bytes]:
    doc = cfg.load_document(layout, doc_id)
    return {
        "documents": encode("documents", [cfg.document_row(doc, story)]),
        "ner": encode("ner", list(cfg.ner_rows(doc))),
        "quotes": encode("quotes", list(cfg.quote_rows(doc, story))),
        "cleaning": encode("cleaning", [cfg.cleaning_row(doc)]),
    }


def story_rows(layout: CorpusLayout, story: cfg.Story) -> dict[str, bytes]:
    docs = {doc_id: cfg.load_document(layout, doc_id) for doc_id in story.data["documents"]}
    return {
        "alignments": encode("alignments", list(cfg.alignment_rows(story, docs))),
        "discrepancies": encode("discrepancies", list(cfg.discrepancy_rows(story, docs))),
    }


def rows_batch(task: tuple[str, list[tuple[str, str]]]) -> list[tuple[str, str, dict[str, bytes]]]:
    """Pure batch function: (kind, id) pairs -> their rows per config, as Arrow IPC bytes.

    ``kind`` is ``doc`` or ``story``; stories files are read once per batch.
    """
    root, items = task
    layout = CorpusLayout(Path(root))
    stories: dict[str, cfg.Story | None] = {}

    def story(story_id: str) -> cfg.Story | None:
        if story_id not in stories:
            stories[story_id] = cfg.load_story(layout, story_id)
        return stories[story_id]

    out = []
    for kind, item_id in items:
        if kind == "doc":
            out.append((kind, item_id, document_rows(layout, item_id, story(cfg.story_of(layout, item_id)))))
        else:
            out.append((kind, item_id, story_rows(layout, story(item_id))))
    return out


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
        self._writer: pq.ParquetWriter | None = None
        self._in_shard = 0
        self._shards: list[Path] = []

    def append(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self._buffer.append(table)
        self._buffered += table.num_rows
        if self._buffered >= max(self.group_rows, FLUSH_ROWS):
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
