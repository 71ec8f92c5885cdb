"""The raw corpus: texts exactly as received, their sources record, and reading bytes as text.

Raw files are immutable. ``corpus/sources.json`` records, for every document, the sha256 of its
raw bytes together with what is known of its origin; :func:`check_raw` reports every file that
differs from its record, every file without a record and every record without a file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError, Location, NewscorpusError, Problems
from .fsutil import sha256_bytes, sha256_file
from .layout import CorpusLayout

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Inputs above this size are refused (``--max-bytes`` changes it)."""

# A document id is a file stem: no separators, no dot-dot, no white space, nothing after it.
# fullmatch() is used, so a trailing newline is not accepted (unlike re.match with ``$``).
DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")

_BINARY_SNIFF_BYTES = 8192
_BINARY_CONTROL_RATIO = 0.30  # valid UTF-8, yet mostly control bytes
_BINARY_INVALID_CONTROL_RATIO = 0.05  # invalid UTF-8 and more than a stray control byte
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
_BOM_HINTS = {
    b"\xff\xfe": "UTF-16 (little-endian byte-order mark)",
    b"\xfe\xff": "UTF-16 (big-endian byte-order mark)",
}


# every byte that is not a control byte, deleted by bytes.translate so the count runs at C speed
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 and b not in _TEXT_CONTROLS))


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    return len(sample.translate(None, _NOT_CONTROL)) / len(sample)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'UTF-16 ...' when the bytes look like UTF-16 text without a byte-order mark: in ASCII-range
    text every other byte is NUL, on the odd offsets (little-endian) or the even ones (big-endian)."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0 : 2 * pairs : 2], sample[1 : 2 * pairs : 2]
    for zeros, other, name in ((odd, even, "little"), (even, odd, "big")):
        if zeros.count(0) >= 0.9 * pairs and other.count(0) <= 0.1 * pairs:
            return f"UTF-16 ({name}-endian, no byte-order mark)"
    return None


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_text(data: bytes, file: str) -> str:
    """Decode raw bytes as UTF-8, or raise an :class:`InputError` that says where and why.

    The text returned is exactly the decoded bytes (a byte-order mark, CR line ends and stray
    control characters are kept here; the cleaner normalises them and records each change).
    Refused: an empty file; a binary file (valid UTF-8 but over 30% control bytes, or invalid
    UTF-8 with NUL bytes or over 5% control bytes); any other invalid UTF-8, located by byte
    offset, line and column (UTF-16 is named when its byte-order mark is there).
    """
    if not data:
        raise InputError("empty file: there is no text to clean", rule="input.empty", location=Location(file))
    sample = data[:_BINARY_SNIFF_BYTES]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        where = Location(file, line=line, column=column, offset=exc.start)
        hint = next((name for bom, name in _BOM_HINTS.items() if data.startswith(bom)), None) or _utf16_without_bom(sample)
        if hint is None and (b"\x00" in sample or (len(sample) >= 256 and _control_ratio(sample) > _BINARY_INVALID_CONTROL_RATIO)):
            raise InputError(
                f"binary file, not text (NUL or control bytes, and invalid UTF-8 byte 0x{data[exc.start]:02x})",
                rule="input.binary",
                location=where,
            ) from None
        raise InputError(
            f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x} ({exc.reason})"
            + (f"; the file looks like {hint}" if hint else ""),
            rule="input.not-utf8",
            location=where,
        ) from None
    if _utf16_without_bom(sample):
        raise InputError(f"not UTF-8 text: the file looks like {_utf16_without_bom(sample)}", rule="input.not-utf8",
                         location=Location(file, offset=0))
    if _control_ratio(sample) > _BINARY_CONTROL_RATIO:
        raise InputError(
            f"binary file, not text ({_control_ratio(sample):.0%} of the first {len(sample)} bytes are control bytes)",
            rule="input.binary",
            location=Location(file, offset=0),
        )
    return text


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file, refusing missing paths, directories and files above ``max_bytes``."""
    path = Path(path)
    where = Location(str(path))
    if not path.exists():
        raise InputError("no such file", rule="input.not-found", location=where)
    if path.is_dir():
        raise InputError("is a directory, not a file", rule="input.is-directory", location=where)
    if not path.is_file():
        raise InputError("not a regular file", rule="input.not-regular", location=where)
    too_large = lambda size: InputError(  # noqa: E731
        f"file is {size} bytes, above the limit of {max_bytes} bytes (--max-bytes)", rule="input.too-large", location=where)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(size)
        with open(path, "rb") as handle:  # bounded: a /proc file says 0 bytes and may be endless
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", rule="input.unreadable", location=where) from None
    if len(data) > max_bytes:
        raise InputError(f"file is over the limit of {max_bytes} bytes (--max-bytes)", rule="input.too-large", location=where)
    return data


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    return decode_text(read_bytes(path, max_bytes=max_bytes), str(path))


@dataclass(frozen=True)
class Source:
    """One document's entry in ``corpus/sources.json`` (the fields the pipeline uses; the file
    itself holds the full record: origin, translation evidence, event)."""

    id: str
    sha256: str
    size_bytes: int
    language: str
    story_id: str
    machine_translated: str
    event_date: str | None


def _schema_errors(data: Any) -> list[tuple[str, str]]:
    """(JSON pointer, message) of every way ``data`` breaks the sources schema, in pointer order."""
    from jsonschema import Draft202012Validator

    from .schema_store import load_schema

    schema = load_schema("sources")
    try:  # fast verdict first; the reference validator only to locate errors
        import jsonschema_rs

        if jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(data):
            return []
    except ImportError:
        pass
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [("/" + "/".join(str(p) for p in error.absolute_path), error.message) for error in errors]


def _validate_sources(data: Any, file: str) -> list[NewscorpusError]:
    return [NewscorpusError(f"{message} (at {pointer})", rule="sources.schema", location=Location(file))
            for pointer, message in _schema_errors(data)]


_SOURCES_MEMO: dict[tuple, list[Source]] = {}  # keyed by the file's content digest
_SOURCES_BY_STAT: dict[tuple, list[Source]] = {}  # keyed by size, mtime and inode, trusted once settled


STREAM_ABOVE = 8 * 1024 * 1024
"""A sources file larger than this (about 20,000 documents) is read entry by entry, so memory
stays flat: parsed whole, 100,000 entries took 256 MB of Python objects for a 44 MB file."""


def load_sources(layout: CorpusLayout) -> list[Source]:
    """Read and validate ``corpus/sources.json`` (memoised while the file is unchanged)."""
    file = layout.relative(layout.sources_file)
    path = layout.sources_file
    try:
        st = path.stat()
        stat_key = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino)
        if stat_key in _SOURCES_BY_STAT:
            return _SOURCES_BY_STAT[stat_key]
        raw = path.read_bytes() if st.st_size <= STREAM_ABOVE else None
        memo_key = (str(path.resolve()), sha256_bytes(raw) if raw is not None else sha256_file(path))
        if memo_key in _SOURCES_MEMO:
            return _SOURCES_MEMO[memo_key]
        sources = _streamed_sources(path) if raw is None else None
        if sources is None and raw is None:
            raw = path.read_bytes()  # something is off: read it whole, to locate every problem
    except FileNotFoundError:
        raise NewscorpusError("sources file is missing", rule="sources.missing", location=Location(file)) from None
    if sources is None:
        sources = [_source_of(entry) for entry in _whole_entries(raw, file)]
    seen = set()
    for source in sources:
        if source.id in seen:
            raise NewscorpusError(f"duplicate document id {source.id!r}", rule="sources.duplicate-id", location=Location(file))
        seen.add(source.id)
    result = sorted(sources, key=lambda s: s.id)
    _SOURCES_MEMO.clear()
    _SOURCES_MEMO[memo_key] = result
    _SOURCES_BY_STAT.clear()
    if time.time_ns() - st.st_mtime_ns > 2_000_000_000:  # not a file written this very moment
        _SOURCES_BY_STAT[stat_key] = result
    return result


def _whole_entries(raw: bytes, file: str) -> list[dict]:
    """The entries of the whole file, parsed at once, or its first problem (located)."""
    try:
        import orjson

        data = orjson.loads(raw)
    except ImportError:
        data = None
    except ValueError:
        data = None
    if data is None:
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise NewscorpusError("not valid JSON: nested too deeply to read", rule="sources.json", location=Location(file)) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (None, None)
            raise NewscorpusError(f"not valid JSON: {exc}", rule="sources.json", location=Location(file, line, column)) from None
    problems = _validate_sources(data, file)
    if problems:
        raise Problems.of(problems)  # every way the file breaks its schema, not the first
    return data["documents"]


def _source_of(entry: dict) -> Source:
    return Source(entry["id"], entry["sha256"], entry["size_bytes"], entry["language"], entry["story_id"],
                  entry["translation"]["machine_translated"], entry["event"]["date"])


class _NotStreamable(Exception):
    """The streamed read stops: the whole read will locate the problem."""


def _streamed_sources(path: Path) -> list[Source] | None:
    """The Sources of a large file, its entries parsed (ijson) and validated one at a time, each
    dropped once it is a Source; None when the file is not valid or not in the shape a stream
    reads (the caller then reads it whole, which locates the problem)."""
    import ijson

    try:
        import jsonschema_rs
    except ImportError:
        return None
    from .schema_store import load_schema

    schema = load_schema("sources")
    whole = jsonschema_rs.validator_for(schema, validate_formats=True)
    item = jsonschema_rs.validator_for({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/document"},
                                       validate_formats=True)
    try:
        with open(path, "rb") as handle:
            sources, top = _stream(ijson.basic_parse(handle, use_float=True), item)
    except (_NotStreamable, ijson.JSONError, UnicodeDecodeError):
        return None
    return sources if whole.is_valid(top) else None


MAX_STREAMED_DEPTH = 16  # the sources schema nests five deep; deeper goes to the whole read, which refuses it


def _stream(events, item) -> tuple[list[Source], dict]:
    """(Sources, the top level with an empty documents array) from ijson's basic events (no
    prefixes: they would cost memory quadratic in the nesting depth)."""
    from ijson.common import ObjectBuilder

    top: dict[str, Any] = {}
    sources: list[Source] = []
    builder = None
    depth, key, read = 0, None, False
    for event, value in events:
        opening, closing = event in ("start_map", "start_array"), event in ("end_map", "end_array")
        if opening:
            depth += 1
            if depth > MAX_STREAMED_DEPTH:
                raise _NotStreamable
        if builder is not None:  # inside the documents array (depth 2), an entry at depth 3
            if closing and depth == 2:
                builder, read = None, True
                top["documents"] = []
            elif depth == 2 or (opening and depth == 3 and event != "start_map"):
                raise _NotStreamable  # an entry that is not an object
            else:
                builder.event(event, value)
                if event == "end_map" and depth == 3:
                    if not item.is_valid(builder.value):
                        raise _NotStreamable
                    sources.append(_source_of(builder.value))
                    builder = ObjectBuilder()
        elif depth == 1 and event == "map_key":
            if value in top:
                raise _NotStreamable  # a duplicate key: the whole read decides which value wins
            key = value
            top[key] = None
        elif depth == 1 and not opening and not closing:
            top[key] = value
        elif opening and depth == 2 and key == "documents" and event == "start_array" and not read:
            builder = ObjectBuilder()
        elif depth > 1 or (opening and event != "start_map"):
            raise _NotStreamable  # a nested value at the top, or a top level that is not an object
        if closing:
            depth -= 1
    return sources, top


def check_raw(layout: CorpusLayout, cache=None) -> list[NewscorpusError]:
    """Every way the raw corpus differs from its record, as a list (empty when intact).

    With a :class:`~newscorpus.cache.Cache`, files whose stat is unchanged are not read again
    (their digest is remembered, as git's index does). One ``lstat`` per recorded file says
    whether it is there, regular, or a link.
    """
    problems: list[NewscorpusError] = layout.links_outside()
    sources = load_sources(layout)
    raw_dir = str(layout.raw_dir)
    regular: list[str] = []
    kinds: dict[str, str] = {}
    for source in sources:
        path = os.path.join(raw_dir, f"{source.id}.txt")
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            kinds[source.id] = "missing"
            continue
        kinds[source.id] = "link" if stat.S_ISLNK(mode) else "file" if stat.S_ISREG(mode) else "missing"
        if kinds[source.id] == "file":
            regular.append(path)
    digests = cache.digests(regular) if cache is not None else {}
    for source in sources:
        path = os.path.join(raw_dir, f"{source.id}.txt")
        where = Location(layout.relative(Path(path)))
        if kinds[source.id] == "link":
            problems.append(NewscorpusError("raw file is a symbolic link; raw files must be regular files", rule="raw.symlink", location=where))
            continue
        if kinds[source.id] == "missing":
            problems.append(NewscorpusError("recorded in sources.json but the raw file is missing", rule="raw.missing-file", location=where))
            continue
        digest = digests.get(path) or sha256_bytes(Path(path).read_bytes())
        if digest != source.sha256:
            problems.append(
                NewscorpusError(
                    f"raw file changed: sha256 is {digest}, sources.json records {source.sha256}",
                    rule="raw.checksum-mismatch",
                    location=where,
                )
            )
    recorded = {f"{s.id}.txt" for s in sources}
    if layout.raw_dir.is_dir():
        with os.scandir(layout.raw_dir) as entries:
            unrecorded = sorted(e.name for e in entries if not e.name.startswith(".") and e.name not in recorded)
        for name in unrecorded:
            problems.append(NewscorpusError("raw file has no record in sources.json (left by an interrupted `raw add`? "
                                            "running it again records it)", rule="raw.unrecorded-file",
                                            location=Location(layout.relative(layout.raw_dir / name))))
    return problems


MAX_DOCUMENT_BYTES = 1024 * 1024
"""A corpus document's raw text is at most 1 MiB (a long news feature is about 100 KB). Fully
annotated, a document's file is about nine times its text (each span keeps its text and context),
and ``validate`` refuses annotation files over 16 MiB: a larger text could never be built."""

# the option of `raw add` that sets each field of a new sources.json entry, and what it must be
_OPTION_OF = {"id": ("--id", "letters, digits, '_' and '-'"),
              "story_id": ("--story-id", "1 to 128 lowercase letters, digits and '-', not starting with '-'"),
              "language": ("--language", "a BCP 47 language tag such as 'en' or 'pt-BR'"),
              "event/date": ("--event-date", "a real calendar date, YYYY-MM-DD"),
              "event/description": ("--event", "one line of text")}


def _new_record(doc_id: str, data: bytes, file: Path, story_id: str, language: str, event_date: str | None, event: str) -> dict:
    return {
        "id": doc_id,
        "sha256": sha256_bytes(data),
        "size_bytes": len(data),
        "language": language,
        "story_id": story_id,
        "origin": {"outlet": None, "author": None, "published": None, "url": None, "note": f"Added from {Path(file).name}; origin not recorded."},
        "translation": {"machine_translated": "unknown", "source_language": None, "evidence": []},
        "event": {"description": event, "date": event_date, "basis": "inferred from the text" if event_date else "unknown", "evidence": ""},
    }


def _check_new_record(record: dict) -> None:
    """The options of `raw add`, checked against the sources schema before anything is read or
    written: a bad value is a usage error that names its option."""
    from .errors import UsageError

    for pointer, message in _record_errors(record):
        field_name = pointer.removeprefix("/")
        if field_name not in _OPTION_OF:
            continue  # not an option's value: checked with the file's bytes, in the whole record
        option, expected = _OPTION_OF[field_name]
        value = record
        for part in field_name.split("/"):
            value = value[part]
        raise UsageError(f"{option} {_short(repr(value))} is not accepted: it must be {expected}", rule="raw.bad-option")


def _record_errors(record: dict) -> list[tuple[str, str]]:
    """(pointer within the entry, message) for one sources.json entry, checked alone."""
    from jsonschema import Draft202012Validator

    from .schema_store import load_schema

    schema = load_schema("sources")
    entry_schema = {"$schema": schema.get("$schema"), "$defs": schema.get("$defs", {}),
                    **schema["properties"]["documents"]["items"]}
    validator = Draft202012Validator(entry_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(record), key=lambda e: [str(p) for p in e.absolute_path])
    return [("/" + "/".join(str(p) for p in e.absolute_path), e.message) for e in errors]


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


class AlreadyRecorded(NewscorpusError):
    """``raw add`` of a text already in the corpus, byte for byte (a retry after a crash, say)."""

    exit_code = 0


def add_raw(layout: CorpusLayout, file: Path, *, story_id: str, language: str = "en", doc_id: str | None = None,
            event_date: str | None = None, event: str = "", max_bytes: int = MAX_DOCUMENT_BYTES) -> Source:
    """Copy a newly received text into corpus/raw/ byte for byte and record it in sources.json.

    What is not known is recorded as unknown (null); the event date, if given, as inferred.
    The text must decode (the cleaner will need it); nothing is written if anything is wrong.
    A run killed between writing the raw file and recording it leaves the file unrecorded: the
    same `raw add` again records it (the bytes are compared), so the retry completes the run.
    """
    from .fsutil import atomic_write_bytes

    doc_id = doc_id or Path(file).stem
    if not DOC_ID.fullmatch(doc_id):
        raise InputError(f"{doc_id!r} is not a valid document id (letters, digits, '_', '-')", rule="raw.bad-id", location=Location(str(file)))
    _check_new_record(_new_record(doc_id, b"", Path(file), story_id, language, event_date, event))
    try:
        data = read_bytes(file, max_bytes=max_bytes)
    except InputError as exc:
        if exc.rule != "input.too-large":
            raise
        raise InputError(f"a corpus document is at most {max_bytes} bytes: fully annotated (about nine times its text) "
                         "it must stay under validate's 16 MiB limit for annotation files", rule="raw.too-large",
                         location=exc.location) from None
    decode_text(data, str(file))
    sources = json.loads(layout.sources_file.read_text(encoding="utf-8"))
    target = layout.raw_path(doc_id)
    recorded = next((d for d in sources["documents"] if d.get("id") == doc_id), None)
    if recorded is not None:
        if recorded.get("sha256") == sha256_bytes(data) and target.is_file() and not target.is_symlink() \
                and sha256_bytes(target.read_bytes()) == recorded["sha256"]:
            raise AlreadyRecorded(f"document {doc_id!r} is already recorded with these bytes; nothing to do",
                                  rule="raw.already-recorded", location=Location(layout.relative(target)))
        raise InputError(f"document {doc_id!r} already exists (with other bytes)", rule="raw.exists",
                         location=Location(layout.relative(target)))
    if target.is_symlink() or (target.exists() and (not target.is_file() or target.read_bytes() != data)):
        raise InputError(f"{layout.relative(target)} exists but is not recorded in sources.json (and holds other bytes than "
                         f"{file}); move it away, or record it with `newscorpus raw add {layout.relative(target)}`",
                         rule="raw.exists", location=Location(layout.relative(target)))
    sources["documents"].append(_new_record(doc_id, data, Path(file), story_id, language, event_date, event))
    problems = _validate_sources(sources, layout.relative(layout.sources_file))
    if problems:
        raise Problems.of(problems)  # every way the file breaks its schema, not the first
    if not target.exists():  # else: the same bytes, left by an interrupted run: only the record is missing
        atomic_write_bytes(target, data)
    atomic_write_bytes(layout.sources_file, (json.dumps(sources, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    _SOURCES_MEMO.clear()
    _SOURCES_BY_STAT.clear()
    return next(s for s in load_sources(layout) if s.id == doc_id)
