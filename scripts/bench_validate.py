#!/usr/bin/env python3
"""Benchmark validation: speed against a plain jsonschema loop, and the probe report's hostile files.
Prints a table, each figure beside its target (not a test: nothing here asserts).

    python scripts/bench_validate.py --work /tmp/bench-validate [--documents 1000 4000] [--seed 0]

Rows:
- ``validate --no-cache --workers 1`` (levels 1-3) on corpora from scripts/generate_corpus.py (cleaned
  first), timed from outside as the wall time of the whole command, in files/s, against a plain loop
  of ``json.loads`` and ``jsonschema`` (Draft 2020-12, formats on) over the same files in this process;
  the verdicts of both are compared file by file (target: >= 60x, the same verdicts);
- F-5: ``validate FILE`` of the report's 300 KB unterminated string of escaped quotes (target < 2 s);
- F-6: ``validate`` of the real corpus with 10,000 bad headings in one document (target < 2 s).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import generate_corpus  # noqa: E402

ROWS: list[tuple[str, str, str]] = []
NEWSCORPUS = [sys.executable, "-m", "newscorpus.cli"]


def row(what: str, figure: str, target: str) -> None:
    ROWS.append((what, figure, target))
    print(f"  {what}: {figure} (target {target})", file=sys.stderr, flush=True)


def command(*args: str, timeout: float = 3600) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([*NEWSCORPUS, *args], capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - start, proc


def corpus(work: Path, documents: int, seed: int) -> Path:
    root = work / str(documents)
    if not (root / "corpus" / "sources.json").is_file():
        print(f"generating {documents} documents under {root} ...", file=sys.stderr, flush=True)
        generate_corpus.write(root, documents, seed, progress_every=max(documents // 10, 1000))
    if not (root / "corpus" / "clean").is_dir():
        command("--root", str(root), "-q", "clean")
    return root


def plain_jsonschema(files: list[Path]) -> tuple[float, dict[str, bool]]:
    from jsonschema import Draft202012Validator

    from newscorpus.schema_store import load_schema

    validators = {k: Draft202012Validator(load_schema(k), format_checker=Draft202012Validator.FORMAT_CHECKER) for k in ("document", "story")}
    start = time.perf_counter()
    verdicts = {}
    for path in files:
        kind = "story" if path.parent.name == "stories" else "document"
        try:
            verdicts[str(path)] = validators[kind].is_valid(json.loads(path.read_bytes()))
        except ValueError:
            verdicts[str(path)] = False
    return time.perf_counter() - start, verdicts


def bench_speed(root: Path, repeat: int) -> None:
    files = sorted((root / "corpus" / "annotations").rglob("*.json"), key=str)
    t_plain, plain = plain_jsonschema(files)
    best, proc = min((command("--root", str(root), "validate", "--no-cache", "--workers", "1", "--format", "json") for _ in range(repeat)),
                     key=lambda run: run[0])
    incidents = json.loads(proc.stdout)["incidents"]
    bad = {str(root / i["file"]) for i in incidents if i["severity"] == "error"}
    ours = {str(p): str(p) not in bad for p in files}
    same = "same verdicts" if ours == plain else f"{sum(ours[f] != plain[f] for f in ours)} verdicts differ"
    ratio = (len(files) / best) / (len(files) / t_plain)
    row(f"validate --no-cache --workers 1, {len(files):,} files ({root.name} documents)",
        f"{len(files) / best:,.0f} files/s ({best:.2f} s) = {ratio:.1f}x plain jsonschema ({len(files) / t_plain:,.1f} files/s); {same}",
        ">= 60x, same verdicts" + ("" if ratio >= 60 and ours == plain else " (not met)"))


def bench_hostile(work: Path) -> None:
    quoted = work / "f5-unterminated.json"
    quoted.write_bytes(b'"' + b'\\"' * 150_000)
    seconds, proc = command("validate", str(quoted), timeout=600)
    row("F-5: validate the 300 KB unterminated string of escaped quotes", f"{seconds:.2f} s (exit {proc.returncode})", "< 2 s" + ("" if seconds < 2 else " (not met)"))
    checkout = work / "f6-checkout"
    shutil.rmtree(checkout, ignore_errors=True)
    shutil.copytree(ROOT / "corpus", checkout / "corpus", ignore=shutil.ignore_patterns("releases"))
    path = checkout / "corpus" / "annotations" / "000_ba8caa036516edf6.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["layers"]["headings"]["items"] = [{"id": f"h{i}", "start": 0, "end": 1, "text": "C"} for i in range(10_000)]
    path.write_text(json.dumps(data), encoding="utf-8")  # as the report made it: one 560 KB line
    seconds, proc = command("--root", str(checkout), "validate", "--no-cache", timeout=600)
    errors = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    row("F-6: validate 10,000 bad headings in one document", f"{seconds:.2f} s ({errors})", "< 2 s" + ("" if seconds < 2 else " (not met)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of validate per corpus; the best is kept")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    bench_hostile(args.work)
    for documents in args.documents:
        bench_speed(corpus(args.work, documents, args.seed), args.repeat)
    print("| measure | figure | target |\n|---|---|---|")
    for what, figure, target in ROWS:
        print(f"| {what} | {figure} | {target} |")


if __name__ == "__main__":
    main()
