"""What the learned extractors' training scripts share: rows with unknown targets, document-wise
cross-validation, thresholds, and the development gold read as segmented documents."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bench.train_classifier import FEATURES, PARAMS
from termlens.classify.learned import ClauseClassifier
from termlens.extract.context import DocumentContext
from termlens.ingest import load
from termlens.model import Segmentation
from termlens.segment import segment
from termlens.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
# The development gold: the real development part, the synthetic documents and the two in-house sets.
TRAINING_GOLD = [ROOT / "eval" / name for name in ("real-dev", "gold", "heldout/gold", "blind/gold")]
FOLDS = 5
# Folds where a rare label has too few positives to calibrate fall back to its base rate, as intended.
warnings.filterwarnings("ignore", message="label .* predicts its base rate")
MIN_THRESHOLD = 0.5
MIN_PRECISION = 0.75


@dataclass(frozen=True)
class GoldDocument:
    path: Path
    gold: dict[str, Any]
    segmentation: Segmentation
    context: DocumentContext

    @property
    def group(self) -> str:
        return f"{self.path.parent.name}:{self.path.stem}"

    def clauses_quoting(self, quote: str) -> list[int]:
        """Positions of the clauses that hold ``quote`` (compared without spaces, markup or case)."""
        squashed = squash(quote)
        return [i for i, clause in enumerate(self.segmentation.clauses) if squashed and squashed in squash(clause.text)]


def gold_documents(gold_dirs: Sequence[Path] = TRAINING_GOLD) -> Iterator[GoldDocument]:
    for gold_dir in gold_dirs:
        for gold_path in sorted(gold_dir.glob("*.yaml")):
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            segmentation = segment(load((gold_path.parent / gold["document"]).resolve()))
            yield GoldDocument(gold_path, gold, segmentation, DocumentContext.of(segmentation))


@dataclass
class Rows:
    texts: list[str] = field(default_factory=list)
    positives: list[set[str]] = field(default_factory=list)
    negatives: list[set[str] | None] = field(default_factory=list)  # None: every label not positive is a no
    unknown: list[set[str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, text: str, positives: set[str], *, unknown: set[str] = frozenset(),
            negatives: set[str] | None = None, source: str, group: str) -> None:
        self.texts.append(text)
        self.positives.append(set(positives))
        self.unknown.append(set(unknown))
        self.negatives.append(negatives)
        self.sources.append(source)
        self.groups.append(group)

    def extend(self, other: Rows) -> None:
        for name in ("texts", "positives", "negatives", "unknown", "sources", "groups"):
            getattr(self, name).extend(getattr(other, name))

    def matrix(self, labels: list[str]) -> np.ndarray:
        targets = np.full((len(self.texts), len(labels)), -1, dtype=np.int8)
        for i, (yes, unknown, no) in enumerate(zip(self.positives, self.unknown, self.negatives, strict=True)):
            for j, label in enumerate(labels):
                if label in yes:
                    targets[i, j] = 1
                elif label not in unknown and (no is None or label in no):
                    targets[i, j] = 0
        return targets


def squash(text: str) -> str:
    return "".join(fold(text).replace("**", "").split()).lower()


def out_of_fold(rows: Rows, labels: list[str], targets: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each gold row's probabilities from a model that never saw its document."""
    groups = sorted(set(g for g, s in zip(rows.groups, rows.sources, strict=True) if s == "gold"))
    fold_of = {group: index % FOLDS for index, group in enumerate(groups)}
    probabilities = np.full(targets.shape, np.nan)
    for fold_number in range(FOLDS):
        held = np.array([fold_of.get(g, -1) == fold_number for g in rows.groups])
        model = ClauseClassifier(labels, features=FEATURES, **PARAMS)
        train = ~held
        model.fit([t for t, keep in zip(rows.texts, train, strict=True) if keep], targets[train],
                  sample_weight=weights[train])
        probabilities[held] = model.predict_proba([t for t, keep in zip(rows.texts, held, strict=True) if keep])
    return probabilities


def choose_thresholds(labels: list[str], targets: np.ndarray, probabilities: np.ndarray,
                      is_gold: np.ndarray) -> dict[str, dict[str, float]]:
    chosen: dict[str, dict[str, float]] = {}
    for j, label in enumerate(labels):
        known = is_gold & (targets[:, j] >= 0)
        y, p = targets[known, j], probabilities[known, j]
        best: dict[str, float] | None = None
        for threshold in np.arange(MIN_THRESHOLD, 0.96, 0.05):
            predicted = p >= threshold
            tp = int((predicted & (y == 1)).sum())
            if not tp:
                continue
            precision, recall = tp / int(predicted.sum()), tp / int((y == 1).sum())
            f1 = 2 * precision * recall / (precision + recall)
            if precision >= MIN_PRECISION and (best is None or f1 > best["f1"]):
                best = {"threshold": round(float(threshold), 2), "precision": round(precision, 3),
                        "recall": round(recall, 3), "f1": round(f1, 3), "positives": int((y == 1).sum())}
        if best is not None:
            chosen[label] = best
    return chosen




def save_model(model: ClauseClassifier, report: dict[str, Any], rows: Rows, out: Path,
               notes: dict[str, Any], started: float) -> None:
    """Write the model with its thresholds and how it was trained, and print what each label reached."""
    import hashlib
    import time
    from collections import Counter

    thresholds = {label: report["cross_validation"][label]["threshold"] for label in model.labels_}
    extra = {"thresholds": thresholds, "training": {
        "rows": len(rows.texts), "gold": [str(path.relative_to(ROOT)) for path in TRAINING_GOLD],
        "sources": dict(sorted(Counter(rows.sources).items())), "min_precision": MIN_PRECISION, "folds": FOLDS,
        "features": [[f.name, list(f.ngram_range), f.max_features, f.min_df] for f in FEATURES],
        "params": PARAMS, **notes, **report}}
    manifest = model.save(out, extra=extra)
    weights = out / "clauses.json.xz"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    print(f"wrote {manifest} ({len(model.labels_)} of {report['labels_tried']} labels, "
          f"{weights.stat().st_size / 1e6:.2f} MB, sha256 {digest[:16]}…) from {len(rows.texts)} rows "
          f"in {time.perf_counter() - started:.0f} s")
    for label in model.labels_:
        figures = report["cross_validation"][label]
        print(f"  {label:60} t={figures['threshold']:.2f} P={figures['precision']:.2f} "
              f"R={figures['recall']:.2f} n={figures['positives']}")


def documents_per_label(rows: Rows) -> dict[str, set[str]]:
    """The gold documents each label has positives in."""
    documents: dict[str, set[str]] = {}
    for labels, source, group in zip(rows.positives, rows.sources, rows.groups, strict=True):
        for label in labels:
            if source == "gold":
                documents.setdefault(label, set()).add(group)
    return documents


def fit_with_thresholds(rows: Rows, candidates: list[str]) -> tuple[ClauseClassifier, dict[str, Any]]:
    """Thresholds from out-of-fold probabilities, then one model over every row for the labels that reach
    ``MIN_PRECISION``; the report says which labels were tried, kept and dropped, and what each reached."""
    targets = rows.matrix(candidates)
    weights = np.ones(len(rows.texts))
    probabilities = out_of_fold(rows, candidates, targets, weights)
    is_gold = np.array([source == "gold" for source in rows.sources])
    chosen = choose_thresholds(candidates, targets, probabilities, is_gold)
    labels = [label for label in candidates if label in chosen]
    columns = [candidates.index(label) for label in labels]
    model = ClauseClassifier(labels, features=FEATURES, **PARAMS).fit(rows.texts, targets[:, columns],
                                                                       sample_weight=weights)
    report = {"labels_tried": len(candidates), "labels_shipped": len(labels),
              "dropped": [label for label in candidates if label not in chosen], "cross_validation": chosen}
    return model, report


def same_again(build: Any, rows: Rows, model: ClauseClassifier) -> int:
    """``--check``: train a second time and compare; 0 when the two models are the same."""
    again, _ = build(rows)
    same = again.to_dict() == model.to_dict()
    print("second training: " + ("identical" if same else "DIFFERENT"))
    return 0 if same else 1
