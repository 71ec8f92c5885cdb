#!/usr/bin/env python3
"""Coverage-guided fuzzing (atheris, libFuzzer) of the code that reads untrusted input.

    pip install -e ".[fuzz]"
    python scripts/fuzz.py clean    -max_total_time=600
    python scripts/fuzz.py load     -max_total_time=600
    python scripts/fuzz.py validate -max_total_time=600

Targets:
- ``clean``: arbitrary bytes as a raw text: decoding and cleaning must give a result whose
  record rebuilds the text exactly, or a located ``InputError``; nothing else.
- ``load``: arbitrary bytes as an annotation file: levels 1-2 (fast path and reference) must give
  parsed data or incidents, and the two must agree; never an exception.
- ``validate``: arbitrary bytes as an annotation file of a small real corpus, through all three
  levels; incidents only.

Anything else (an exception, a hang, a crash) is a finding: libFuzzer stops and writes the input
to ``crash-*``. Not part of the test suite; the property tests in tests/ cover the same ground
for a bounded time on every run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from newscorpus.annotations.io import load_json
    from newscorpus.clean import clean_text, reconstruct_raw
    from newscorpus.errors import InputError
    from newscorpus.layout import CorpusLayout
    from newscorpus.raw import decode_text
    from newscorpus.validate import validate_file
    from newscorpus.validate.context import CorpusContext
    from newscorpus.validate.fast import fast_parse
    from newscorpus.validate.level2 import check_schema

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.mkdtemp(prefix="newscorpus-fuzz-"))
shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", WORK / "fx")
LAYOUT = CorpusLayout(WORK / "fx")
TARGET_FILE = LAYOUT.annotations_dir / "fx_a.json"
SCRATCH = WORK / "case.json"


def fuzz_clean(data: bytes) -> None:
    try:
        text = decode_text(data, "fuzz")
    except InputError:
        return
    result = clean_text(text)
    if reconstruct_raw(result.text, result.removed) != text:
        raise AssertionError("the record does not rebuild the raw text")


def fuzz_load(data: bytes) -> None:
    SCRATCH.write_bytes(data)
    source = load_json(SCRATCH)
    reference_ok = source.parsed and not source.incidents and not check_schema(source, "document")
    if fast_parse(data, "document") is not None and not reference_ok:
        raise AssertionError("the fast path accepted what the reference rejects")


def fuzz_validate(data: bytes) -> None:
    TARGET_FILE.write_bytes(data)
    validate_file(CorpusContext(LAYOUT), TARGET_FILE)


TARGETS = {"clean": fuzz_clean, "load": fuzz_load, "validate": fuzz_validate}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv.pop(1)]
    corpus_dir = WORK / "seeds"
    corpus_dir.mkdir()
    for i, seed in enumerate([*(ROOT / "corpus" / "raw").glob("*.txt"), *(ROOT / "tests" / "fixtures").rglob("*.json")]):
        (corpus_dir / f"seed-{i}").write_bytes(seed.read_bytes())
    atheris.Setup([sys.argv[0], *sys.argv[1:], str(corpus_dir)], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
