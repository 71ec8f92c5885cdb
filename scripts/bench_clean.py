#!/usr/bin/env python3
"""Benchmark the cleaner: MB/s per core and peak memory on a generated corpus of >= 100 MB.

    python scripts/bench_clean.py [--megabytes 100] [--seed 0]

Documents come from scripts/generate_corpus.py (the corpus's sentences recombined, with noise
lines of every kind), streamed one at a time. The clock is the process CPU time spent decoding
and cleaning (generation excluded), on one core. Also prints how many of the generated noise
lines were removed and how many removed lines were not noise: a sanity check on templates that
share the cleaner's vocabulary, not an evaluation.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402

from newscorpus.clean import Cleaner  # noqa: E402
from newscorpus.raw import decode_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=100.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    cleaner = Cleaner()
    target = args.megabytes * 1e6
    total_bytes = docs = 0
    cpu = 0.0
    truth, found, wrong = Counter(), Counter(), Counter()
    started = last = time.monotonic()
    for doc_id, text, noise in generate(10**9, args.seed):
        data = text.encode("utf-8")
        t0 = time.process_time()
        result = cleaner.clean(decode_text(data, doc_id))
        cpu += time.process_time() - t0
        total_bytes += len(data)
        docs += 1
        expected = Counter(label for label, _ in noise)
        truth.update(expected)
        removed = Counter(span.label for span in result.noise)
        for label in removed | expected:
            found[label] += min(removed[label], expected[label])
            wrong[label] += max(0, removed[label] - expected[label])
        if time.monotonic() - last > 5:
            print(f"  {docs} documents, {total_bytes / 1e6:.0f} MB", file=sys.stderr, flush=True)
            last = time.monotonic()
        if total_bytes >= target:
            break
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"cleaning benchmark: {docs} documents, {total_bytes / 1e6:.1f} MB raw (seed {args.seed})")
    print(f"{'throughput (1 core)':<28}{total_bytes / 1e6 / cpu:>10.1f} MB/s  ({cpu:.1f} s CPU)")
    print(f"{'documents per second':<28}{docs / cpu:>10.0f}")
    print(f"{'peak memory (max RSS)':<28}{peak_mb:>10.0f} MB")
    print(f"{'wall time incl. generation':<28}{time.monotonic() - started:>10.1f} s")
    print(f"\n{'noise label':<14}{'generated':>10}{'removed':>10}{'extra':>8}")
    for label in sorted(truth | wrong):
        print(f"{label:<14}{truth[label]:>10}{found[label]:>10}{wrong[label]:>8}")
    print(f"\nchanges per rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(cleaner.stats.items())))


if __name__ == "__main__":
    main()
