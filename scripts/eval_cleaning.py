#!/usr/bin/env python3
"""Line-level precision and recall of the cleaner on labelled windows of real article text.

    python scripts/eval_cleaning.py [CASES.jsonl ...] [--show] [--cli] [--min-precision P] [--min-recall R]

Without CASES, scores the project's sets: data/cleaning/dev/cases.jsonl (the development set,
with data/cleaning/dev/languages.json) and data/cleaning/grown/cases.jsonl (cases added by the
project). Counted as the independent scorer counts (a line is removed when removed spans cover at
least half of its non-space characters): figures overall, for English cases, and by kind; with
--show, every false removal and every miss (of a held-out slice only their number: its lines stay unseen). --cli cleans each case through `newscorpus clean
FILE --json` exactly as the independent scorer does (slower; the figures must be the same). A set whose cases carry a ``split`` other than "train" (the
grown set's held-out slice, which never trains the scorer) is also scored slice by slice.
Exit status 1 when a set misses --min-precision or --min-recall (overall).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from newscorpus.clean.evaluation import Evaluation, clean_spans, evaluate, load_cases

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [ROOT / "data/cleaning/dev/cases.jsonl", ROOT / "data/cleaning/grown/cases.jsonl"]


def languages_for(path: Path) -> dict[str, str]:
    side = path.with_name("languages.json")
    return json.loads(side.read_text(encoding="utf-8"))["languages"] if side.is_file() else {}


def cli_spans(workdir: Path):
    def clean(text: str) -> list[tuple[int, int]]:
        path = workdir / "case.txt"
        path.write_text(text, encoding="utf-8")
        proc = subprocess.run(["newscorpus", "clean", str(path), "--json"], capture_output=True, text=True, timeout=60)
        if proc.returncode != 0 or "Traceback" in proc.stderr:
            raise RuntimeError(proc.stderr.strip()[-200:])
        return [(s["start"], s["end"]) for s in json.loads(proc.stdout).get("removed", [])]

    return clean


def report(name: str, result: Evaluation, show: bool, unseen: frozenset[str] = frozenset()) -> None:
    """``unseen``: ids of held-out cases, whose lines are counted but never printed (a slice that is
    read stops being held out)."""
    print(f"== {name}")
    if show:
        hidden = 0
        for incident in result.incidents:
            if incident.case in unseen:
                hidden += 1
                continue
            print(f"{incident.case}\t{incident.what}\t{incident.kind}\t{incident.line[:100]}")
        if hidden:
            print(f"({hidden} false removals and misses in held-out cases, not shown)")
        for case_id, message in result.errors:
            print(f"{case_id}\tERROR\t{message}")
    print(f"all cases:     {result.all.line()}")
    print(f"  recall by kind: {result.all.kinds_line()}")
    print(f"English cases: {result.english.line()}")
    print(f"  recall by kind: {result.english.kinds_line()}")
    if result.errors:
        print(f"errors: {len(result.errors)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", type=Path)
    parser.add_argument("--show", action="store_true", help="list every false removal and every miss")
    parser.add_argument("--cli", action="store_true", help="clean through `newscorpus clean FILE --json`")
    parser.add_argument("--min-precision", type=float, default=0.0)
    parser.add_argument("--min-recall", type=float, default=0.0)
    args = parser.parse_args()
    paths = args.cases or [p for p in DEFAULT_SETS if p.is_file()]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        clean = cli_spans(Path(tmp)) if args.cli else clean_spans
        for path in paths:
            cases = load_cases(path, languages_for(path))
            name = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            result = evaluate(cases, clean)
            unseen = frozenset(c.id for c in cases if c.split != "train")
            report(name, result, args.show, unseen)
            ok &= not result.errors and result.all.precision >= args.min_precision and result.all.recall >= args.min_recall
            for split in sorted({c.split for c in cases} - {"train"}):  # a slice that never trains the scorer
                report(f"{name} [{split} slice]", evaluate([c for c in cases if c.split == split], clean), args.show, unseen)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
