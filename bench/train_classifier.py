"""Train the shipped clause classifier into ``termlens/data/model/``: one reproducible command.

    python bench/train_classifier.py [--data DIR] [--out DIR] [--check]

Training rows (targets 1 = yes, 0 = no, -1 = unknown: left out of that
dimension's training):

- UNFAIR-ToS, the 30 LexGLUE train companies only: LTD → liability, CH or
  TER → term. For the dimensions a data set does not label, a sentence is a
  negative only when the rule lexicon gives that dimension no vote
  (< ``NEGATIVE_BELOW``), otherwise unknown: a terms-of-service sentence about
  renewal is not a "no" for ``term`` just because CLAUDETTE did not call it
  unfair.
- CAPP-130 topic train split, every third sentence (``CAPP_EVERY``; all of
  them would drown the rest in Chinese privacy text): a topic other than
  contact details → data; policy change (topic 9) → term as well.
- termlens's development gold (``eval/real-dev``, ``eval/gold``): a clause's dimensions are
  those of the gold facts whose quote lies in it; the other dimensions follow
  the same "no rule vote → negative" rule.
- The rule files' own examples that must match: positives of their dimension.

In-domain rows weigh more (``SOURCE_WEIGHTS``: gold clauses ×3, rule
examples ×2). Fixed seeds and a fixed row order: two runs on the same data
write the same bytes (``--check`` trains twice and compares). The gold
clauses and rule examples come from the repository, so editing rules or gold
changes the model: retrain and commit both together.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from bench.external import capp130, unfair_tos  # noqa: E402
from bench.external.common import data_dir  # noqa: E402
from termlens.classify import MODEL_DIR, dimension_scores  # noqa: E402
from termlens.classify.learned import ClauseClassifier, FeatureSpec  # noqa: E402
from termlens.extract.rules import load_rules  # noqa: E402
from termlens.model import DIMENSIONS  # noqa: E402

# The development gold: the real documents' development part and the synthetic documents (never the test part).
GOLD_DIRS = (ROOT / "eval" / "real-dev", ROOT / "eval" / "gold")
NEGATIVE_BELOW = 0.25  # a rule vote under this makes an unlabelled dimension a negative
FEATURES = (FeatureSpec("words", (1, 2), 20000, 2), FeatureSpec("cjk", (1, 3), 20000, 2))
PARAMS: dict[str, Any] = {"C": 0.5, "class_weight": "balanced", "folds": 3, "random_state": 0}
SOURCE_WEIGHTS = {"gold": 3.0, "rule-examples": 2.0}  # in-domain rows count more than borrowed ones (1.0)
CAPP_EVERY = 3  # every third CAPP-130 sentence: enough Chinese privacy text without drowning the rest
_INDEX = {dim: i for i, dim in enumerate(DIMENSIONS)}


@dataclass
class Rows:
    """Training texts, their (n × 9) targets, and where each row came from (``source``, ``group``)."""

    texts: list[str] = field(default_factory=list)
    targets: list[list[int]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, text: str, positives: set[str], known: set[str], source: str, group: str = "") -> None:
        """One row: ``positives`` are yes, the rest of ``known`` no, others by the rule-vote rule."""
        votes = dimension_scores(text)
        row = []
        for dim in DIMENSIONS:
            if dim in positives:
                row.append(1)
            elif dim in known or votes[dim] < NEGATIVE_BELOW:
                row.append(0)
            else:
                row.append(-1)
        self.texts.append(text)
        self.targets.append(row)
        self.sources.append(source)
        self.groups.append(group or source)

    def extend(self, other: Rows) -> None:
        self.texts += other.texts
        self.targets += other.targets
        self.sources += other.sources
        self.groups += other.groups

    def matrix(self) -> np.ndarray:
        return np.array(self.targets, dtype=np.int8).reshape(len(self.texts), len(DIMENSIONS))

    def summary(self) -> dict[str, Any]:
        targets = self.matrix()
        by_source: dict[str, Any] = {}
        for source in sorted(set(self.sources)):
            rows = np.array([s == source for s in self.sources])
            by_source[source] = {"rows": int(rows.sum()),
                                 "positives": {dim: int((targets[rows, j] == 1).sum())
                                               for j, dim in enumerate(DIMENSIONS) if (targets[rows, j] == 1).any()}}
        return {"rows": len(self.texts), "sources": by_source,
                "positives": {dim: int((targets[:, j] == 1).sum()) for j, dim in enumerate(DIMENSIONS)},
                "negatives": {dim: int((targets[:, j] == 0).sum()) for j, dim in enumerate(DIMENSIONS)}}


# --- sources --------------------------------------------------------------------------------

def tos_rows(root: Path) -> Rows:
    rows = Rows()
    for sentence in unfair_tos.load_split(root, "train"):
        positives = {unfair_tos.DIMENSION_OF[c] for c in sentence.labels if c in unfair_tos.DIMENSION_OF}
        rows.add(sentence.text, positives, {"liability", "term"}, "unfair-tos", f"tos:{sentence.company}")
    return rows


def capp_rows(root: Path, every: int = CAPP_EVERY) -> Rows:
    rows = Rows()
    contact = capp130.TOPICS.index("contact")
    change = capp130.TOPICS.index("policy_change")
    for sentence in capp130.load_split(root, "train")[::every]:
        topics = set(sentence.topics)
        positives = {"data"} if topics - {contact} else set()
        if change in topics:
            positives.add("term")
        known = {"data"} if positives else set()
        rows.add(sentence.text, positives, known, "capp-130")
    return rows


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def gold_clause_rows(gold_dirs: Sequence[Path] = GOLD_DIRS) -> tuple[Rows, dict[str, int]]:
    """Clauses of every gold document, labelled by the gold facts quoted in them."""
    from termlens.ingest import load
    from termlens.segment import segment
    from termlens.textnorm import fold

    rows = Rows()
    unplaced: Counter[str] = Counter()
    for gold_path in sorted(path for gold_dir in gold_dirs for path in gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        document = load((gold_path.parent / gold["document"]).resolve())
        clauses = segment(document).clauses
        squashed = [_squash(fold(clause.text)) for clause in clauses]
        dimensions: list[set[str]] = [set() for _ in clauses]
        for fact in gold.get("facts", []):
            quote = _squash(fold(str(fact["quote"]).replace("**", "")))
            hits = [i for i, text in enumerate(squashed) if quote and quote in text]
            if not hits:
                unplaced[gold_path.stem] += 1
            for i in hits:
                dimensions[i].add(fact["key"].split(".", 1)[0])
        for clause, dims in zip(clauses, dimensions, strict=True):
            rows.add(clause.text, dims, set(), "gold", f"gold:{gold_path.stem}")
    return rows, dict(unplaced)


def rule_example_rows() -> Rows:
    rows = Rows()
    for rule in load_rules().rules:
        for example in rule.spec.examples.match:
            rows.add(example, {rule.dimension}, set(), "rule-examples")
    return rows


def training_rows(data: Path, gold_dirs: Sequence[Path] = GOLD_DIRS) -> tuple[Rows, dict[str, Any]]:
    rows = Rows()
    rows.extend(tos_rows(data / "unfair-tos"))
    rows.extend(capp_rows(data / "capp-130"))
    gold, unplaced = gold_clause_rows(gold_dirs)
    rows.extend(gold)
    rows.extend(rule_example_rows())
    return rows, {"gold_quotes_not_in_a_clause": unplaced}


def train(rows: Rows, *, features: Sequence[FeatureSpec] = FEATURES,
          source_weights: dict[str, float] | None = None, **params: Any) -> ClauseClassifier:
    weights = SOURCE_WEIGHTS if source_weights is None else source_weights
    sample_weight = np.array([weights.get(source, 1.0) for source in rows.sources])
    model = ClauseClassifier(DIMENSIONS, features=features, **{**PARAMS, **params})
    return model.fit(rows.texts, rows.matrix(), sample_weight=sample_weight)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the shared benchmarks directory")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help=f"where to write the model (default {MODEL_DIR})")
    parser.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows, notes = training_rows(data_dir(args.data))
    model = train(rows)
    extra = {"training": {**rows.summary(), **notes,
                          "data": "UNFAIR-ToS LexGLUE train companies (CC BY 4.0); CAPP-130 topic train "
                                  "(Apache-2.0); termlens eval/real-dev and eval/gold clauses; rule examples",
                          "features": [[f.name, list(f.ngram_range), f.max_features, f.min_df] for f in FEATURES],
                          "params": PARAMS, "source_weights": SOURCE_WEIGHTS, "capp_every": CAPP_EVERY}}
    manifest = model.save(args.out, extra=extra)
    weights = args.out / "clauses.json.xz"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    print(f"wrote {manifest} and {weights.name} ({weights.stat().st_size / 1e6:.2f} MB, sha256 {digest[:16]}…) "
          f"from {len(rows.texts)} rows in {time.perf_counter() - started:.0f} s")
    if args.check:
        again = train(rows).to_dict()
        same = again == model.to_dict()
        print("second training: " + ("identical" if same else "DIFFERENT"))
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
