#!/usr/bin/env python3
"""Train the cleaner's line scorer on the labelled cases in data/cleaning/ and write it as JSON.

    python scripts/train_cleaner.py [--check] [--sweep] [--show] [--folds 10]

Trains on the lines the rules leave undecided (the scorer's candidates, see
RemoveNoiseLines in src/newscorpus/clean/cleaner.py): pass 1 on their shallow features, pass 2
also on the pass-1 scores of their neighbours (out-of-fold scores, so pass 2 learns from
scores like those it will see on new text). Needs scikit-learn (`pip install -e '.[train]'`);
the package itself only reads the JSON. Deterministic: same data, same model, byte for byte.

Prints the cleaner's figures by cross-validation grouped by source site (each fold's model never
saw the site it is scored on: the estimate for unseen sites), for the thresholds it chooses
from ``GRID``: the best grouped-CV recall at precision >= 0.98. The held-out slice of the grown
set is never read. --check: fail if the committed model differs from a fresh training run.
"""

from __future__ import annotations

import argparse
import json
import sys
from array import array
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from newscorpus.clean.cleaner import Cleaner, RemoveNoiseLines
from newscorpus.clean.evaluation import Case, load_cases, removed_lines
from newscorpus.clean.features import FEATURE_NAMES
from newscorpus.clean.scorer import MODEL_FORMAT, NEIGHBOUR_FEATURES, Scorer, Trees, second_pass_vector
from newscorpus.raw import decode_text

ROOT = Path(__file__).resolve().parents[1]
SETS = [ROOT / "data/cleaning/dev/cases.jsonl", ROOT / "data/cleaning/grown/cases.jsonl"]
MODEL = ROOT / "src/newscorpus/clean/scorer.json"
PARAMS = dict(n_estimators=60, max_depth=3, learning_rate=0.15, min_samples_leaf=8, random_state=0)
THRESHOLDS = dict(threshold=0.7, threshold_between=0.8, threshold_prose=1.0)


@dataclass
class CaseRows:
    """The scorer's view of one case: candidate lines, their pass-1 vectors, labels, the page."""

    case: Case
    candidates: list[int]
    first: dict[int, list[float]]
    fixed: list[float]  # 1 for lines a rule removed, 0 otherwise (candidates get their score)
    run_sums: list  # per candidate: (start, end) of its run, or None for running text
    prose_flags: list[bool]


def collect(cases: list[Case]) -> list[CaseRows]:
    rows: list[CaseRows] = []

    def observe(page, candidates, first, verdicts):
        runs = [page.run_bounds(i) for i in candidates]
        rows.append(CaseRows(current[0], candidates, {i: _f32(v) for i, v in first.items()},
                             [1.0 if j in verdicts else 0.0 for j in range(page.n)], runs,
                             [page.lines.prose(j) for j in range(page.n)]))

    step = RemoveNoiseLines(scorer=None, observe=observe)
    for case in cases:
        current = [case]
        before = len(rows)
        texts = [" ".join(line.split()) for line in case.lines]
        if any(not t for t in texts):
            raise SystemExit(f"{case.id}: a blank line in a case")
        step.verdicts(texts)
        if len(rows) == before:  # no candidates: rules decided every line
            rows.append(CaseRows(case, [], {}, [], [], []))
    return rows


def _f32(vector) -> list[float]:
    return list(array("f", vector))


def first_matrix(rows: list[CaseRows]):
    X, y, g = [], [], []
    for r in rows:
        for i in r.candidates:
            X.append(r.first[i])
            y.append(r.case.noise[i])
            g.append(r.case.group)
    return np.array(X, dtype=np.float64), np.array(y, dtype=bool), g


def second_rows(rows: list[CaseRows], p_first: dict[tuple[str, int], float]):
    X, y = [], []
    for r in rows:
        p = list(r.fixed)
        for i in r.candidates:
            p[i] = p_first[(r.case.id, i)]
        prefix = [0.0]
        for value in p:
            prefix.append(prefix[-1] + value)
        for i, run in zip(r.candidates, r.run_sums):
            start, end = run if run else (i, i)
            X.append(_f32(second_pass_vector(r.first[i], p, prefix[end + 1] - prefix[start], end - start + 1, i)))
            y.append(r.case.noise[i])
    return np.array(X, dtype=np.float64), np.array(y, dtype=bool)


def fit(X, y) -> GradientBoostingClassifier:
    return GradientBoostingClassifier(**PARAMS).fit(X, y)


def export(model: GradientBoostingClassifier, X) -> dict:
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append({
            "feature": [int(f) if l >= 0 else -1 for f, l in zip(t.feature, t.children_left)],
            "threshold": [float(v) if l >= 0 else 0.0 for v, l in zip(t.threshold, t.children_left)],
            "left": [int(v) for v in t.children_left],
            "right": [int(v) for v in t.children_right],
            "value": [float(v) for v in t.value[:, 0, 0]],
        })
    rate = float(model.learning_rate)
    x0 = X[:1]
    init = float(model.decision_function(x0)[0] - rate * sum(e.predict(x0)[0] for e in model.estimators_[:, 0]))
    data = {"init": init, "learning_rate": rate, "trees": trees}
    mine = Trees.from_dict(data)
    theirs = model.predict_proba(X)[:, 1]
    worst = max(abs(mine.probability(list(x)) - t) for x, t in zip(X, theirs))
    if worst > 1e-9:
        raise SystemExit(f"exported trees differ from scikit-learn's by {worst}")
    return data


def oof_first(rows: list[CaseRows], folds: int) -> dict[tuple[str, int], float]:
    """Out-of-fold pass-1 scores of every candidate, folds grouped by site."""
    keys = [(r.case.id, i) for r in rows for i in r.candidates]
    X, y, g = first_matrix(rows)
    out = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=min(folds, len(set(g)))).split(X, y, g):
        out[test] = fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return dict(zip(keys, out.tolist()))


def train(rows: list[CaseRows], folds: int, thresholds: dict = THRESHOLDS) -> dict:
    X1, y1, _ = first_matrix(rows)
    first = fit(X1, y1)
    X2, y2 = second_rows(rows, oof_first(rows, folds))
    second = fit(X2, y2)
    return {
        "format": MODEL_FORMAT,
        "about": "Line scorer of the newscorpus cleaner; trained by scripts/train_cleaner.py on data/cleaning/ (see README).",
        "features": list(FEATURE_NAMES),
        "second_pass_features": [name for name, _ in NEIGHBOUR_FEATURES],
        "params": PARAMS,
        **thresholds,
        "training": {"candidate_lines": int(len(y1)), "noise": int(y1.sum())},
        "pass1": export(first, X1),
        "pass2": export(second, X2),
    }


def cleaner_spans(scorer: Scorer | None, rules_seen: dict | None = None):
    cleaner = Cleaner(noise=RemoveNoiseLines(scorer=scorer))

    def clean(text: str):
        result = cleaner.clean(decode_text(text.encode("utf-8"), "case"))
        if rules_seen is not None:
            for s in result.noise:
                rules_seen[(text, s.start)] = s.rule
        return [(s.start, s.end) for s in result.removed]

    return clean


def grouped_cv(rows: list[CaseRows], folds: int, thresholds: list[dict]) -> tuple[list, list]:
    """The cleaner's figures with each fold's model scored on the sites it never saw: per threshold
    setting, the (case, cut lines) of every case and the false removals and misses as lines of text."""
    groups = [r.case.group for r in rows]
    n_splits = min(folds, len(set(groups)))
    outcomes = [[] for _ in thresholds]  # per threshold setting: (case, cut lines)
    incidents = [[] for _ in thresholds]
    for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(rows, groups=groups):
        model = Scorer.from_dict(train([rows[i] for i in train_idx], folds))  # thresholds replaced below
        for k, setting in enumerate(thresholds):
            scorer = replace(model, **setting)
            seen: dict = {}
            clean = cleaner_spans(scorer, seen)
            for i in test_idx:
                case = rows[i].case
                cut = removed_lines(case, clean(case.text))
                outcomes[k].append((case, cut))
                pos = 0
                for line, noise, c in zip(case.lines, case.noise, cut):
                    if c and not noise:
                        incidents[k].append(f"CV-FALSE-REMOVAL\t{case.id}\t{seen.get((case.text, pos), '?')}\t{line[:90]}")
                    elif noise and not c:
                        incidents[k].append(f"CV-MISSED\t{case.id}\t{line[:90]}")
                    pos += len(line) + 1
    return outcomes, incidents


def figures(case_cuts) -> str:
    cases = [c for c, _ in case_cuts]
    cuts = {c.id: cut for c, cut in case_cuts}
    tp = fp = fn = 0
    for case in cases:
        for noise, cut in zip(case.noise, cuts[case.id]):
            tp += cut and noise
            fp += cut and not noise
            fn += noise and not cut
    return f"precision={tp / max(tp + fp, 1):.3f} recall={tp / max(tp + fn, 1):.3f} (tp={tp} fp={fp} fn={fn})"


GRID = [dict(threshold=t, threshold_between=b, threshold_prose=1.0)
        for t in (0.6, 0.7, 0.75, 0.8, 0.85, 0.9) for b in (0.8, 0.9, 0.95)]
"""Thresholds tried by grouped cross-validation. Stored with the model: the one with the best
recall among those whose grouped-CV precision reaches ``PRECISION_FLOOR`` (precision first: a
lost content line is worse than a kept credit), or the most precise one when none does."""
PRECISION_FLOOR = 0.98


def counts(case_cuts) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for case, cut in case_cuts:
        for noise, c in zip(case.noise, cut):
            tp += c and noise
            fp += c and not noise
            fn += noise and not c
    return tp, fp, fn


def choice_key(case_cuts) -> tuple:
    """Sort key of a threshold setting: precision at the floor first, then recall, then precision."""
    tp, fp, fn = counts(case_cuts)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return (p >= PRECISION_FLOOR, r if p >= PRECISION_FLOOR else p, p)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--check", action="store_true", help="fail if the committed model is stale")
    parser.add_argument("--sweep", action="store_true", help="print the grouped-CV figures of every threshold tried")
    parser.add_argument("--show", action="store_true", help="list the grouped-CV false removals and misses")
    args = parser.parse_args()
    # the held-out slice of the grown set never trains the scorer (nor enters its cross-validation)
    cases = [c for path in SETS if path.is_file() for c in load_cases(path) if c.split == "train"]
    rows = collect(cases)
    outcomes, incidents = grouped_cv(rows, args.folds, GRID)
    best = max(range(len(GRID)), key=lambda k: (choice_key(outcomes[k]), -k))
    if args.show:
        print("\n".join(incidents[best]))
    for setting, outcome in zip(GRID, outcomes):
        if args.sweep or setting is GRID[best]:
            mark = f"  <- chosen (best recall at precision >= {PRECISION_FLOOR})" if setting is GRID[best] else ""
            print(f"grouped CV ({args.folds} folds by site) {setting}: {figures(outcome)}{mark}")
    model = train(rows, args.folds, GRID[best])
    data = (json.dumps(model, indent=None, separators=(",", ":")) + "\n").encode("utf-8")
    if args.check:
        if not MODEL.is_file() or MODEL.read_bytes() != data:
            print(f"stale: {MODEL.relative_to(ROOT)} differs from a fresh training run; run scripts/train_cleaner.py")
            return 1
        print(f"{MODEL.relative_to(ROOT)} matches a fresh training run")
        return 0
    MODEL.write_bytes(data)
    print(f"wrote {MODEL.relative_to(ROOT)}: {model['training']['candidate_lines']} candidate lines "
          f"({model['training']['noise']} noise) from {len(cases)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
