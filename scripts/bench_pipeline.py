#!/usr/bin/env python3
"""Benchmark the pipeline from outside, as issue 13's table measures it: whole commands on
corpora made by scripts/generate_corpus.py, each figure beside its target (nothing asserts).

    python scripts/bench_pipeline.py --work /tmp/bench [--documents 1000 4000] [--seed 0]
    python scripts/bench_pipeline.py --work /tmp/bench --documents 10000 100000 --skip validate clean

Per corpus size, on a fresh copy of the generated corpus:
- ``clean --no-cache``: MB of raw text per CPU-second of the whole command (user + system);
- ``validate --no-cache --workers 1`` (levels 1-3): files/s of the whole command against a plain
  ``jsonschema`` loop over the same files in this process (scripts/bench_validate.py), verdicts compared;
- peak memory (max RSS) of ``build --no-cache``, then of ``publish --version 1.0.0 --no-cache``;
- ``build`` with everything cached and nothing changed (after one build that fills the cache);
- ``build`` after editing one annotation file (its sentences' provenance), twice, the best kept.
Wall times are of the whole command, start-up included. Across sizes: the one-edit build of the
largest against the smallest (flat: <= 1.3x) and their peak memory (<= 1.2x).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import generate_corpus  # noqa: E402
from bench_validate import plain_jsonschema  # noqa: E402

NEWSCORPUS = [sys.executable, "-m", "newscorpus.cli"]
ROWS: list[tuple[str, str, str]] = []


def row(what: str, figure: str, target: str, met: bool | None = None) -> None:
    target = target + ("" if met is None else " (met)" if met else " (not met)")
    ROWS.append((what, figure, target))
    print(f"  {what}: {figure} (target {target})", file=sys.stderr, flush=True)


def measured(root: Path, *args: str) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one command: the child is
    reaped here with ``wait4``, so its resource usage is its own."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([*NEWSCORPUS, "--root", str(root), "-q", *args], stdout=subprocess.PIPE, stderr=errors)
        out = process.stdout.read()
        process.stdout.close()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if process.returncode != 0:
            errors.seek(0)
            said = (out + errors.read()).decode("utf-8", "replace").strip().splitlines()[-5:]
            raise SystemExit(f"newscorpus {' '.join(args)} failed with exit {process.returncode}:\n  " + "\n  ".join(said))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, subprocess.CompletedProcess(args, 0, out, b"")


def generated(work: Path, documents: int, seed: int) -> Path:
    source = work / f"generated-{documents}"
    if not (source / "corpus" / "sources.json").is_file():
        print(f"generating {documents:,} documents under {source} ...", file=sys.stderr, flush=True)
        generate_corpus.write(source, documents, seed, progress_every=max(documents // 10, 1000))
    return source


def fresh(work: Path, documents: int, seed: int, name: str) -> Path:
    root = work / f"{name}-{documents}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(generated(work, documents, seed) / "corpus", root / "corpus")
    return root


def edit_one(root: Path) -> None:
    files = sorted((root / "corpus" / "annotations").glob("*.json"))
    path = files[len(files) // 2]
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["layers"]["sentences"]["provenance"]["id"] = f"generator/edited-{time.time_ns()}"
    path.write_text(json.dumps(doc), encoding="utf-8")


def bench(work: Path, documents: int, seed: int, skip: set[str]) -> dict[str, float]:
    figures: dict[str, float] = {}
    label = f"{documents:,} docs"
    if "clean" not in skip:
        root = fresh(work, documents, seed, "clean")
        raw_mb = sum(p.stat().st_size for p in (root / "corpus" / "raw").iterdir()) / 1e6
        _wall, cpu, _rss, _ = measured(root, "clean", "--no-cache")
        figures["clean"] = raw_mb / cpu
        row(f"clean --no-cache, whole stage, {label}", f"{raw_mb / cpu:.1f} MB per CPU-second ({raw_mb:.0f} MB in {cpu:.1f} s)", ">= 10 MB",
            raw_mb / cpu >= 10)
    if "validate" not in skip:
        root = fresh(work, documents, seed, "validate")
        measured(root, "clean")
        files = sorted((root / "corpus" / "annotations").rglob("*.json"), key=str)
        wall, _cpu, _rss, done = measured(root, "validate", "--no-cache", "--workers", "1", "--format", "json")
        t_plain, plain = plain_jsonschema(files)
        bad = {str(root / i["file"]) for i in json.loads(done.stdout)["incidents"] if i["severity"] == "error"}
        same = all(plain[str(p)] == (str(p) not in bad) for p in files)
        ratio = t_plain / wall
        figures["validate"] = ratio
        row(f"validate --no-cache --workers 1 (levels 1-3), {label}",
            f"{len(files) / wall:,.0f} files/s = {ratio:.1f}x plain jsonschema ({len(files) / t_plain:,.1f} files/s); "
            + ("same verdicts" if same else "VERDICTS DIFFER"), ">= 60x, same verdicts", ratio >= 60 and same)
    root = fresh(work, documents, seed, "build")
    _wall, _cpu, rss_build, _ = measured(root, "build", "--no-cache")
    _wall, _cpu, rss_publish, _ = measured(root, "publish", "--version", "1.0.0", "--no-cache")
    figures["memory"] = max(rss_build, rss_publish)
    row(f"peak memory, build --no-cache then publish, {label}", f"{rss_build:,.0f} MB, then {rss_publish:,.0f} MB", "flat (see the ratio)")
    measured(root, "build")  # fills the cache (and answers the release check once, by a rebuild)
    measured(root, "build")
    noop = min(measured(root, "build")[0] for _ in range(2))
    figures["noop"] = noop
    row(f"build, everything cached, no change, {label}", f"{noop:.2f} s", "<= 1.5 s at 4,000; <= 5 s at 100,000")
    times = []
    for _ in range(2):
        edit_one(root)
        times.append(measured(root, "build")[0])
    figures["edit"] = min(times)
    row(f"build after editing one annotation file, {label}", f"{min(times):.2f} s", "<= 2 s at 4,000; <= 5 s at 100,000")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", nargs="*", default=[], choices=["clean", "validate"], help="measures to leave out (slow at 100,000)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {n: bench(args.work, n, args.seed, set(args.skip)) for n in sorted(args.documents)}
    if len(results) > 1:
        small, large = min(results), max(results)
        edit_ratio = results[large]["edit"] / results[small]["edit"]
        memory_ratio = results[large]["memory"] / results[small]["memory"]
        row(f"one-edit build, {large:,} against {small:,} documents", f"{edit_ratio:.2f}x", "<= 1.3x", edit_ratio <= 1.3)
        row(f"peak memory, {large:,} against {small:,} documents", f"{memory_ratio:.2f}x", "<= 1.2x", memory_ratio <= 1.2)
    print("| measure | figure | target |\n|---|---|---|")
    for what, figure, target in ROWS:
        print(f"| {what} | {figure} | {target} |")


if __name__ == "__main__":
    main()
