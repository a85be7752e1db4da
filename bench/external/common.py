"""What every runner shares: where the data are, binary metrics, reading a document, the machine.

The data directory is ``shared/benchmarks`` beside the repository, or the
directory named by ``TERMLENS_BENCHMARKS``.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as ``python bench/external/<runner>.py`` without installing
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from termlens.model import Document  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"


def data_dir(override: str | Path | None = None) -> Path:
    """The benchmarks directory: ``override``, else ``$TERMLENS_BENCHMARKS``, else ``../shared/benchmarks``."""
    path = Path(override or os.environ.get("TERMLENS_BENCHMARKS") or DEFAULT_DATA)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no benchmark data here; pass --data or set TERMLENS_BENCHMARKS")
    return path


# --- metrics --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    """Binary precision / recall / F1 from counts; an empty denominator scores 0."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.tp + self.fn}


def score(gold: Sequence[bool] | np.ndarray, predicted: Sequence[bool] | np.ndarray) -> Score:
    gold_array, predicted_array = np.asarray(gold, dtype=bool), np.asarray(predicted, dtype=bool)
    return Score(int(np.sum(gold_array & predicted_array)), int(np.sum(~gold_array & predicted_array)),
                 int(np.sum(gold_array & ~predicted_array)))


def bootstrap_f1(gold: np.ndarray, predicted: np.ndarray, *, resamples: int = 2000,
                 seed: int = 0) -> tuple[float, float]:
    """95% interval of F1 over test sets drawn with replacement from this one (fixed seed)."""
    gold, predicted = np.asarray(gold, dtype=bool), np.asarray(predicted, dtype=bool)
    rows = np.random.default_rng(seed).integers(0, len(gold), size=(resamples, len(gold)))
    drawn_gold, drawn = gold[rows], predicted[rows]
    tp = (drawn_gold & drawn).sum(axis=1)
    errors = (drawn_gold ^ drawn).sum(axis=1)
    f1 = np.divide(2 * tp, 2 * tp + errors, out=np.zeros(resamples), where=2 * tp + errors > 0)
    low, high = np.percentile(f1, [2.5, 97.5])
    return round(float(low), 4), round(float(high), 4)


def best_threshold(gold: np.ndarray, probabilities: np.ndarray) -> float:
    """The probability threshold that maximises F1 on a validation set (ties: the lowest such threshold)."""
    gold = np.asarray(gold, dtype=bool)
    candidates = np.unique(np.round(probabilities, 4))
    best, best_f1 = 0.5, -1.0
    for threshold in candidates:
        f1 = score(gold, probabilities >= threshold).f1
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(threshold), f1
    return best


def macro(scores: Iterable[Score]) -> float:
    values = [s.f1 for s in scores]
    return sum(values) / len(values) if values else 0.0


def micro(scores: Iterable[Score]) -> Score:
    total = Score(0, 0, 0)
    for item in scores:
        total = total + item
    return total


# --- documents ------------------------------------------------------------------------------

def load_document(path: str | Path) -> Document:
    """A document as termlens reads it (``termlens.ingest.load``)."""
    from termlens.ingest import load

    return load(path)


# --- the machine ----------------------------------------------------------------------------

def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    versions = {}
    for package in ("scikit-learn", "numpy", "scipy", "pypdfium2", "fpdf2", "pydantic", "pyyaml"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": versions,
    }
