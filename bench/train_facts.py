"""Train the learned extractor's model into ``termlens/data/model/facts/``: one reproducible command.

    python bench/train_facts.py [--out DIR] [--check]

Rows are clauses, read as the extractor reads them (the clause, its lead-in and
its section title: :func:`termlens.extract.learned.setting_text`), labelled by
commitment labels (``key=value`` for the values a wording decides, see
:func:`eligible`):

- every clause of the development gold documents (``TRAINING_GOLD``: the real
  development part, the synthetic documents and the two in-house sets; never
  the test part, which tests/test_leakage.py checks): 1 where a gold fact's
  quote lies in the clause; 0 where the document's gold has no such fact although the dimension is exhaustive,
  and in a lead-in for the cases it introduces; unknown (left out) elsewhere,
  since gold annotates a restated fact once;
- the rule files' examples for rules with a constant value: ``match`` examples
  are positives of that label, ``no_match`` examples negatives;
- UNFAIR-ToS, the LexGLUE train companies only (never validation or test): a
  sentence tagged CH (the provider may change the terms or the service
  unilaterally) is a positive of ``term.unilateral_change=true``, any other a
  negative of that label alone.

A label is learned when its positives come from at least ``MIN_DOCUMENTS``
documents. Its threshold is chosen on out-of-fold probabilities (folds by
whole document, so a document never helps to judge itself): the lowest
threshold from ``MIN_THRESHOLD`` up whose precision reaches ``MIN_PRECISION``
with the best F1; a label that never reaches it is not shipped. Fixed seeds and
row order: the same data give the same bytes (``--check``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from bench.external import unfair_tos  # noqa: E402
from bench.external.common import data_dir  # noqa: E402
from bench.train_classifier import FEATURES, PARAMS  # noqa: E402
from termlens.classify.learned import ClauseClassifier  # noqa: E402
from termlens.extract.context import DocumentContext  # noqa: E402
from termlens.extract.learned import FACT_MODEL_DIR, label_of, setting_text  # noqa: E402
from termlens.extract.rules import load_rules  # noqa: E402
from termlens.ingest import load  # noqa: E402
from termlens.segment import segment  # noqa: E402
from termlens.textnorm import fold  # noqa: E402

TRAINING_GOLD = [ROOT / "eval" / name for name in ("real-dev", "gold", "heldout/gold", "blind/gold")]
# Figures a wording states without digits: "no more than the monthly fee", "liable up to the fees paid".
WORDED_FIGURES = frozenset({
    label_of("availability.credit_cap", {"percent": 100}),
    label_of("liability.cap", {"basis": "fees_paid"}),
    label_of("liability.cap", {"basis": "monthly_fee", "multiple": 1}),
})
# Keys whose facts carry a plan or severity: the model reads no qualifiers, so they stay with the rules.
QUALIFIED_KEYS = frozenset({"support.hours", "support.response_time", "support.resolution_time",
                            "defects.fix_time", "defects.security_fix_time"})
MIN_DOCUMENTS = 3
MIN_THRESHOLD = 0.5
MIN_PRECISION = 0.75
FOLDS = 5
SOURCE_WEIGHTS = {"gold": 1.0, "rule-examples": 1.0, "unfair-tos": 1.0}
UNILATERAL_CHANGE = label_of("term.unilateral_change", True)


def eligible(key: str, value: Any) -> bool:
    """A (key, value) the wording decides: no number in the value, or one of the worded figures."""
    def numbers(item: Any) -> bool:
        if isinstance(item, dict):
            return any(numbers(v) for v in item.values())
        return isinstance(item, (int, float)) and not isinstance(item, bool)

    return key not in QUALIFIED_KEYS and (not numbers(value) or label_of(key, value) in WORDED_FIGURES)


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

    def matrix(self, labels: list[str]) -> np.ndarray:
        targets = np.full((len(self.texts), len(labels)), -1, dtype=np.int8)
        for i, (yes, unknown, no) in enumerate(zip(self.positives, self.unknown, self.negatives, strict=True)):
            for j, label in enumerate(labels):
                if label in yes:
                    targets[i, j] = 1
                elif label not in unknown and (no is None or label in no):
                    targets[i, j] = 0
        return targets


def _squash(text: str) -> str:
    return "".join(fold(text).replace("**", "").split()).lower()


def gold_rows(gold_dirs: list[Path] = TRAINING_GOLD) -> tuple[Rows, dict[str, int]]:
    """Every clause of every development gold document, with the labels of the gold facts quoted in it."""
    rows = Rows()
    unplaced: Counter[str] = Counter()
    for gold_dir in gold_dirs:
        for gold_path in sorted(gold_dir.glob("*.yaml")):
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            segmentation = segment(load((gold_path.parent / gold["document"]).resolve()))
            context = DocumentContext.of(segmentation)
            clauses = segmentation.clauses
            squashed = [_squash(clause.text) for clause in clauses]
            found: list[set[str]] = [set() for _ in clauses]
            stated: set[str] = set()
            for fact in gold.get("facts", []):
                if not eligible(fact["key"], fact["value"]):
                    continue
                label = label_of(fact["key"], fact["value"])
                stated.add(label)
                quote = _squash(str(fact["quote"]))
                hits = [i for i, text in enumerate(squashed) if quote and quote in text]
                if not hits:
                    unplaced[gold_path.stem] += 1
                for i in hits:
                    found[i].add(label)
            exhaustive = set(gold.get("exhaustive", []))
            group = f"{gold_dir.name}:{gold_path.stem}"
            introducers = set(context.lead_in.values())
            for clause, labels in zip(clauses, found, strict=True):
                # A lead-in names none of the cases it introduces: a no, not an unknown restatement.
                unknown = set() if clause.text in introducers else stated - labels
                rows.add(setting_text(clause, context), labels, unknown=unknown,
                         negatives=None if len(exhaustive) == 9 else {"*" + dim for dim in exhaustive},
                         source="gold", group=group)
    return rows, dict(unplaced)


def rule_example_rows() -> Rows:
    rows = Rows()
    for rule in load_rules().rules:
        spec = rule.spec
        if spec.value != "const" or not eligible(spec.key, spec.const):
            continue
        label = label_of(spec.key, spec.const)
        for example in spec.examples.match:
            rows.add(example, {label}, negatives=set(), source="rule-examples", group="rule-examples")
        for example in spec.examples.no_match:
            rows.add(example, set(), negatives={label}, source="rule-examples", group="rule-examples")
    return rows


def tos_rows(root: Path) -> Rows:
    rows = Rows()
    for sentence in unfair_tos.load_split(root, "train"):
        positives = {UNILATERAL_CHANGE} if "CH" in sentence.labels else set()
        rows.add(sentence.text, positives, negatives={UNILATERAL_CHANGE}, source="unfair-tos",
                 group=f"tos:{sentence.company}")
    return rows


def _resolve_dimension_negatives(rows: Rows, labels: list[str]) -> None:
    """A gold file exhaustive for some dimensions only says no for labels of those dimensions."""
    for i, negatives in enumerate(rows.negatives):
        if negatives is not None and any(item.startswith("*") for item in negatives):
            dims = {item[1:] for item in negatives}
            rows.negatives[i] = {label for label in labels if label.split(".", 1)[0] in dims}


def learnable_labels(rows: Rows) -> list[str]:
    documents: dict[str, set[str]] = defaultdict(set)
    for labels, source, group in zip(rows.positives, rows.sources, rows.groups, strict=True):
        for label in labels:
            if source == "gold":
                documents[label].add(group)
    return sorted(label for label, groups in documents.items() if len(groups) >= MIN_DOCUMENTS)


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


def build(rows: Rows) -> tuple[ClauseClassifier, dict[str, Any]]:
    candidates = learnable_labels(rows)
    _resolve_dimension_negatives(rows, candidates)
    targets = rows.matrix(candidates)
    weights = np.array([SOURCE_WEIGHTS[source] for source in rows.sources])
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FACT_MODEL_DIR)
    parser.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    parser.add_argument("--data", type=Path, help="the shared benchmarks directory (for UNFAIR-ToS)")
    args = parser.parse_args(argv)
    # Folds where a rare label has too few positives to calibrate fall back to its base rate, as intended.
    warnings.filterwarnings("ignore", message="label .* predicts its base rate")
    started = time.perf_counter()
    rows, unplaced = gold_rows()
    for more in (rule_example_rows(), tos_rows(data_dir(args.data) / "unfair-tos")):
        for name in ("texts", "positives", "negatives", "unknown", "sources", "groups"):
            getattr(rows, name).extend(getattr(more, name))
    model, report = build(rows)
    thresholds = {label: report["cross_validation"][label]["threshold"] for label in model.labels_}
    extra = {"thresholds": thresholds, "training": {
        "rows": len(rows.texts), "gold": [str(path.relative_to(ROOT)) for path in TRAINING_GOLD],
        "sources": dict(Counter(rows.sources)),
        "gold_quotes_not_in_a_clause": unplaced, "min_documents": MIN_DOCUMENTS, "min_precision": MIN_PRECISION,
        "folds": FOLDS, "features": [[f.name, list(f.ngram_range), f.max_features, f.min_df] for f in FEATURES],
        "params": PARAMS, **report}}
    manifest = model.save(args.out, extra=extra)
    weights = args.out / "clauses.json.xz"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    print(f"wrote {manifest} ({len(model.labels_)} of {report['labels_tried']} labels, "
          f"{weights.stat().st_size / 1e6:.2f} MB, sha256 {digest[:16]}…) from {len(rows.texts)} rows "
          f"in {time.perf_counter() - started:.0f} s")
    for label in model.labels_:
        figures = report["cross_validation"][label]
        print(f"  {label:60} t={figures['threshold']:.2f} P={figures['precision']:.2f} "
              f"R={figures['recall']:.2f} n={figures['positives']}")
    if args.check:
        again, _ = build(rows)
        same = again.to_dict() == model.to_dict()
        print("second training: " + ("identical" if same else "DIFFERENT"))
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
