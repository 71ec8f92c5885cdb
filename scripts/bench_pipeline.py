#!/usr/bin/env python3
"""Benchmark the pipeline on a generated corpus; every figure is a ratio against a baseline
measured in the same run on the same data. Prints a table (not a test: nothing here asserts).

    python scripts/bench_pipeline.py --documents 10000 --work /tmp/bench [--seed 0]
    python scripts/bench_pipeline.py --memory 10000 100000 --work /tmp/bench

The corpus is generated under WORK/<documents>/ (scripts/generate_corpus.py) once and reused.
Rows:
- validation: documents/s of levels 1-2 (orjson + jsonschema-rs, reference on rejection) against
  a plain jsonschema loop over the same files, and against bare orjson parsing; levels 1-3 too;
- publishing: the release writer against a bare ``pyarrow.parquet.write_table`` of the same table;
- loading: ``load_dataset`` of the release (warm) against ``pyarrow.parquet.read_table``;
- cleaning: MB/s on one core, and the speed-up of two workers over one;
- incremental: the rebuild after one annotation edit, before the final write, and the write;
- memory (--memory): peak RSS of a full build and publish at each size, in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import generate_corpus  # noqa: E402

ROWS: list[tuple[str, str, str, str]] = []


def row(what: str, figure: str, baseline: str, target: str) -> None:
    ROWS.append((what, figure, baseline, target))
    print(f"  {what}: {figure} ({baseline})", file=sys.stderr, flush=True)


def corpus(work: Path, documents: int, seed: int) -> Path:
    root = work / str(documents)
    if not (root / "corpus" / "sources.json").is_file():
        print(f"generating {documents} documents under {root} ...", file=sys.stderr, flush=True)
        generate_corpus.write(root, documents, seed, progress_every=max(documents // 10, 1000))
    return root


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def bench_validation(root: Path, sample: int) -> None:
    import orjson
    from jsonschema import Draft202012Validator

    from newscorpus.layout import CorpusLayout
    from newscorpus.schema_store import load_schema
    from newscorpus.validate import validate_paths
    from newscorpus.engine import ProcessEngine
    from newscorpus.validate.fast import fast_parse
    from newscorpus.validate.context import load_checked

    files = sorted((root / "corpus" / "annotations").glob("*.json"))
    blobs = [f.read_bytes() for f in files]  # warm the page cache for every contender
    reference = Draft202012Validator(load_schema("document"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    subset = files[:sample]
    t_ref, verdicts = timed(lambda: [reference.is_valid(json.loads(f.read_bytes())) for f in subset])
    t_fast_subset, fast_verdicts = timed(lambda: [load_checked(f, str(f), "document").ok for f in subset])
    assert verdicts == fast_verdicts, "the fast path and jsonschema disagree"
    t_fast, _ = timed(lambda: [fast_parse(f.read_bytes(), "document") is not None for f in files])
    t_orjson, _ = timed(lambda: [orjson.loads(f.read_bytes()) for f in files])
    ref_rate, fast_rate, orjson_rate = sample / t_ref, len(files) / t_fast, len(files) / t_orjson
    row("validation L1-L2 (fast path), docs/s", f"{fast_rate:,.0f}", f"{fast_rate / ref_rate:,.0f}x plain jsonschema ({ref_rate:,.1f} docs/s)", ">= 100x")
    row("validation L1-L2 vs bare orjson parse", f"{fast_rate / orjson_rate:.2f}x", f"orjson {orjson_rate:,.0f} docs/s", ">= 0.5x")
    with ProcessEngine(workers=2) as engine:
        list(engine.map(abs, [1, 2]))  # start the workers outside the clock
        t_fast2, _ = timed(lambda: [v for b in engine.map(_fast_batch, [[str(f) for f in files[i:i + 256]] for i in range(0, len(files), 256)]) for v in b])
    row("validation L1-L2 (fast path), 2 workers, docs/s", f"{len(files) / t_fast2:,.0f}", f"{len(files) / t_fast2 / ref_rate:,.0f}x plain jsonschema", ">= 100x")
    layout = CorpusLayout(root)
    t_all, report = timed(validate_paths, None, layout)
    with ProcessEngine(workers=2) as engine:
        t_all2, _ = timed(validate_paths, None, layout, engine=engine)
    row("validation L1-L3, docs/s (1 worker; 2 workers)", f"{report.files / t_all:,.0f}; {report.files / t_all2:,.0f}",
        f"{report.files / t_all / ref_rate:,.0f}x / {report.files / t_all2 / ref_rate:,.0f}x plain jsonschema L2 only", "report")
    del blobs


def _fast_batch(paths: list[str]) -> list[bool]:
    from newscorpus.validate.fast import fast_parse

    return [fast_parse(Path(p).read_bytes(), "document") is not None for p in paths]


def bench_cleaning(root: Path) -> None:
    from newscorpus.clean import Cleaner
    from newscorpus.clean.store import clean_corpus
    from newscorpus.engine import Engine, ProcessEngine
    from newscorpus.layout import CorpusLayout
    from newscorpus.raw import decode_text

    raws = [p.read_bytes() for p in sorted((root / "corpus" / "raw").glob("*.txt"))]
    cleaner = Cleaner()
    start = time.process_time()
    for data in raws:
        cleaner.clean(decode_text(data, "bench"))
    cpu = time.process_time() - start
    megabytes = sum(map(len, raws)) / 1e6
    row("cleaning, MB/s on one core", f"{megabytes / cpu:.1f}", f"{megabytes:.0f} MB in {cpu:.1f} s CPU", ">= 20")
    layout = CorpusLayout(root)
    t1, _ = timed(clean_corpus, layout, engine=Engine())
    with ProcessEngine(workers=2) as engine:
        t_cold, _ = timed(clean_corpus, layout, engine=engine)  # the workers start inside the clock
        t_warm, _ = timed(clean_corpus, layout, engine=engine)  # started
    row("cleaning speed-up, 2 workers over 1", f"{t1 / t_warm:.2f}x; {t1 / t_cold:.2f}x with start-up",
        f"{t1:.1f} s against {t_warm:.1f} s ({t_cold:.1f} s counting the workers' start), whole stage with I/O", ">= 1.8x")


def bench_publish_and_load(root: Path, tmp: Path) -> None:
    import pyarrow.parquet as pq
    from datasets import load_dataset

    from newscorpus.layout import CorpusLayout
    from newscorpus.publish.features import FEATURES
    from newscorpus.publish.parquet import DEFAULT_ROW_GROUP_ROWS, ROW_GROUP_ROWS, WRITER_OPTIONS
    from newscorpus.publish.release import build_release
    from newscorpus.publish.arrow import table_from_rows
    from newscorpus.publish.stream import ShardWriter

    layout = CorpusLayout(root)
    out = tmp / "release"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    t_build, built = timed(build_release, layout, "1.0.0", out, None, validated=True)
    row("publish, whole release from the corpus", f"{t_build:.1f} s", f"{built.manifest['documents']} documents", "report")
    for config in ("documents", "ner"):
        files = [out / f for s in built.manifest["configs"][config]["splits"].values() for f in s["files"]]
        table = pq.read_table(files)
        names = {name: FEATURES[config][name] for name in FEATURES[config]}
        rows = [{k: _names(v, names[k]) for k, v in r.items()} for r in table.to_pylist()]
        groups = ROW_GROUP_ROWS.get(config, DEFAULT_ROW_GROUP_ROWS)  # the same row groups as the release
        t_bare, _ = timed(pq.write_table, table, str(tmp / "bare.parquet"), row_group_size=groups, **WRITER_OPTIONS)
        writer_dir = tmp / "writer"

        def write(arrow_table):
            shutil.rmtree(writer_dir, ignore_errors=True)
            writer = ShardWriter(writer_dir, config, "train", {})
            writer.append(arrow_table)
            writer.finish()

        t_write, _ = timed(write, table)
        t_build, built_table = timed(table_from_rows, rows, FEATURES[config])
        row(f"publish writer ({config}): table through datasets into Parquet", f"{t_write / t_bare:.2f}x",
            f"{t_write:.2f} s against bare write_table {t_bare:.2f} s of the same table ({len(rows):,} rows)", "<= 1.3x")
        row(f"publish rows -> Arrow ({config}) + write", f"{(t_build + t_write) / t_bare:.2f}x",
            f"building the table from Python rows {t_build:.2f} s, then the write", "report")
    for config in ("documents", "ner"):
        files = [str(out / f) for s in built.manifest["configs"][config]["splits"].values() for f in s["files"]]
        load_dataset(str(out), config, cache_dir=str(tmp / "hf"))  # cold: converts once
        t_load, _ = timed(load_dataset, str(out), config, cache_dir=str(tmp / "hf"))
        t_read, _ = timed(pq.read_table, files)
        row(f"loading ({config}), load_dataset warm", f"{t_load / t_read:.2f}x", f"{t_load:.2f} s against read_table {t_read:.2f} s", "<= 2x")


def _names(value, feature):
    """A decoded row's ClassLabel ids back to names, as rows are made before encoding."""
    from datasets import ClassLabel

    if isinstance(feature, ClassLabel):
        return feature.int2str(value) if value is not None else None
    if isinstance(feature, dict):
        return {k: _names(value[k], f) for k, f in feature.items()} if value is not None else None
    if hasattr(feature, "feature"):
        return [_names(v, feature.feature) for v in value] if value is not None else None
    return value


def bench_incremental(root: Path, tmp: Path) -> None:
    from newscorpus.annotations.attach import attach_annotations
    from newscorpus.cache import Cache
    from newscorpus.clean.store import clean_corpus
    from newscorpus.layout import CorpusLayout
    from newscorpus.publish import release
    from newscorpus.publish.release import build_release
    from newscorpus.validate import validate_paths

    layout = CorpusLayout(root)

    def rebuild() -> tuple[float, float]:
        out = tmp / "incremental"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        with Cache(layout.root) as cache:
            start = time.perf_counter()
            clean_corpus(layout, cache=cache)
            attach_annotations(layout, cache=cache)
            assert validate_paths(None, layout, cache=cache).ok
            stages = time.perf_counter() - start
            release.TIMINGS.clear()
            build_release(layout, "1.0.0", out, None, cache=cache, validated=True)
            total = time.perf_counter() - start
        return stages + release.TIMINGS.get("rows", 0.0), total

    rebuild()  # warm: fills the cache
    edited = sorted(layout.annotations_dir.glob("*.json"))[len(list(layout.annotations_dir.glob("*.json"))) // 2]
    doc = json.loads(edited.read_text(encoding="utf-8"))
    doc["layers"]["sentences"]["provenance"]["id"] = f"generator/edited-{time.time_ns()}"
    edited.write_text(json.dumps(doc), encoding="utf-8")
    before_write, total = rebuild()
    row("incremental rebuild after one annotation edit", f"{before_write:.2f} s + final write {total - before_write:.1f} s",
        "clean, attach, validate, rows; then every shard written again", "< 2 s + final write")


def peak_memory(root: Path, tmp: Path) -> float:
    """Peak RSS (MB) of a full build and publish of ``root``, in a fresh process with no cache."""
    code = (
        "import resource, sys, shutil, pathlib\n"
        "from newscorpus.layout import CorpusLayout\n"
        "from newscorpus.clean.store import clean_corpus\n"
        "from newscorpus.annotations.attach import attach_annotations\n"
        "from newscorpus.validate import validate_paths\n"
        "from newscorpus.publish.release import build_release\n"
        "layout = CorpusLayout(pathlib.Path(sys.argv[1])); out = pathlib.Path(sys.argv[2])\n"
        "shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)\n"
        "clean_corpus(layout); attach_annotations(layout); assert validate_paths(None, layout).ok\n"
        "build_release(layout, '1.0.0', out, None, validated=True)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    env = {**os.environ, "NEWSCORPUS_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-c", code, str(root), str(tmp / f"mem-{root.name}")], capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newscorpus-bench"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=200, help="files for the (slow) plain jsonschema baseline")
    parser.add_argument("--memory", type=int, nargs="*", help="corpus sizes for the peak-memory comparison only")
    parser.add_argument("--only", nargs="*", default=["validation", "cleaning", "publish", "incremental"])
    args = parser.parse_args()
    tmp = args.work / "scratch"
    tmp.mkdir(parents=True, exist_ok=True)
    if args.memory:
        peaks = {n: peak_memory(corpus(args.work, n, args.seed), tmp) for n in args.memory}
        for n, mb in peaks.items():
            row(f"peak memory, full build and publish, {n:,} documents", f"{mb:,.0f} MB", "fresh process, no cache", "flat")
        if len(peaks) >= 2:
            small, large = peaks[min(peaks)], peaks[max(peaks)]
            row(f"peak memory {max(peaks):,} against {min(peaks):,} documents", f"{large / small:.2f}x", "", "<= 1.2x")
    else:
        root = corpus(args.work, args.documents, args.seed)
        from newscorpus.clean.store import clean_corpus
        from newscorpus.annotations.attach import attach_annotations
        from newscorpus.layout import CorpusLayout

        layout = CorpusLayout(root)
        clean_corpus(layout)
        attach_annotations(layout)
        for part in args.only:
            {"validation": lambda: bench_validation(root, args.sample), "cleaning": lambda: bench_cleaning(root),
             "publish": lambda: bench_publish_and_load(root, tmp), "incremental": lambda: bench_incremental(root, tmp)}[part]()
    width = max(len(r[0]) for r in ROWS)
    print(f"\n{'measure':<{width}}  {'figure':<34}  {'target':<22}  baseline / notes")
    for what, figure, baseline, target in ROWS:
        print(f"{what:<{width}}  {figure:<34}  {target:<22}  {baseline}")


if __name__ == "__main__":
    main()
