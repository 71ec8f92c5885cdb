"""A small learned scorer: how likely a line that no rule recognised is page noise.

Gradient-boosted decision trees over the shallow features of ``features.py``, in two passes: the
second pass also sees the first-pass scores of the neighbouring lines (noise comes in clusters,
as jusText's context step and Kohlschütter et al.'s neighbour features use). The model is plain
JSON (``scorer.json``), trained by ``scripts/train_cleaner.py`` on ``data/cleaning/``; evaluating
it is a walk down each tree, so the same features always give the same score.
"""

from __future__ import annotations

import json
import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

MODEL_FORMAT = 1
NEIGHBOUR_FEATURES: tuple[tuple[str, str], ...] = (
    ("p_self", "first-pass score of the line"),
    ("p_prev", "first-pass score of the line before (1 for a line a rule removed, 0 for running text)"),
    ("p_next", "first-pass score of the line after (same conventions)"),
    ("p_prev2", "first-pass score two lines before"),
    ("p_next2", "first-pass score two lines after"),
    ("p_run", "mean first-pass score of the other lines in the run of non-running-text lines"),
)


@dataclass(frozen=True)
class Trees:
    """An additive ensemble of regression trees (scikit-learn's gradient boosting, exported)."""

    init: float
    rate: float
    trees: tuple[tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...], tuple[float, ...]], ...]

    @classmethod
    def from_dict(cls, data: dict) -> "Trees":
        trees = tuple(
            (tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]), tuple(t["value"]))
            for t in data["trees"]
        )
        return cls(float(data["init"]), float(data["learning_rate"]), trees)

    def probability(self, x: Sequence[float]) -> float:
        x = array("f", x)  # the trees were fitted on float32 values: compare exactly as they were
        raw = self.init
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while left[node] >= 0:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            raw += self.rate * value[node]
        return 1.0 / (1.0 + math.exp(-raw))


@dataclass(frozen=True)
class Scorer:
    features: tuple[str, ...]
    first: Trees
    second: Trees
    threshold: float
    threshold_between: float  # for a line with running text both before and after it
    threshold_prose: float  # for a line of running text (only ever scored at an edge of the text)

    @classmethod
    def from_dict(cls, data: dict) -> "Scorer":
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"scorer model format {data.get('format')!r} is not {MODEL_FORMAT}")
        return cls(tuple(data["features"]), Trees.from_dict(data["pass1"]), Trees.from_dict(data["pass2"]),
                   float(data["threshold"]), float(data["threshold_between"]), float(data["threshold_prose"]))

    def limit(self, prose: bool, between: bool) -> float:
        return self.threshold_prose if prose else self.threshold_between if between else self.threshold


def second_pass_vector(first: Sequence[float], p: Sequence[float], run_sum: float, run_length: int, i: int) -> list[float]:
    """The second-pass features of line ``i``: its first-pass features and the scores around it
    (``run_sum`` and ``run_length``: the sum of scores and the length of its run, itself included)."""
    n = len(p)
    others = run_length - 1
    return [*first, p[i], p[i - 1] if i else 0.0, p[i + 1] if i + 1 < n else 0.0, p[i - 2] if i > 1 else 0.0,
            p[i + 2] if i + 2 < n else 0.0, (run_sum - p[i]) / others if others > 0 else 0.0]


@lru_cache(maxsize=1)
def default_scorer() -> Scorer | None:
    """The scorer shipped with the package, or None when no model has been trained."""
    path = resources.files(__package__) / "scorer.json"
    if not path.is_file():
        return None
    return Scorer.from_dict(json.loads(path.read_text(encoding="utf-8")))
