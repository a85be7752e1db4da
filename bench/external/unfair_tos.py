"""UNFAIR-ToS (CLAUDETTE, 50 terms of service): liability, unilateral change and termination clauses.

The split is LexGLUE's, by company (coastalcph/lex-glue, ``preprocess_unfair_tos.py``):
companies ordered by year, the first 30 train, the next 10 validation, the last
10 test; that gives 5,532 / 2,275 / 1,607 sentences. Three of the eight
categories concern termlens:

    LTD  limitation of liability  → liability
    CH   unilateral change        → term (term.unilateral_change)
    TER  unilateral termination   → term

``run`` trains a per-category model of termlens's own kind
(:class:`termlens.classify.learned.ClauseClassifier`) on the train companies,
picks each threshold on validation, and scores the test companies; it also
scores termlens's shipped classifier, rules alone, model alone and combined,
on the two dimensions those categories map to.

    python bench/external/unfair_tos.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from bench.external.common import Score, best_threshold, bootstrap_f1, data_dir, macro, score  # noqa: E402

CATEGORIES = ("LTD", "CH", "TER")
ALL_CATEGORIES = ("A", "CH", "CR", "J", "LAW", "LTD", "TER", "USE")
DIMENSION_OF = {"LTD": "liability", "CH": "term", "TER": "term"}
VALIDATION = ("Nintendo", "Airbnb", "Crowdtangle", "TripAdvisor", "Supercell",
              "Headspace", "Fitbit", "Vimeo", "Oculus", "LindenLab")
TEST = ("Academia", "Amazon", "Netflix", "Snap", "Twitter",
        "LinkedIn", "Duolingo", "Uber", "Evernote", "eBay")
# LexGLUE test, TF-IDF+SVM rerun per category (F1 %), and Legal-BERT macro-F1 over all eight.
PUBLISHED = {"TF-IDF+SVM": {"LTD": 78.4, "CH": 66.7, "TER": 64.9},
             "TF-IDF+SVM (all 8, micro/macro)": (95.4, 78.8), "Legal-BERT (all 8, micro/macro)": (96.0, 83.0)}


@dataclass(frozen=True)
class Sentence:
    company: str
    index: int
    text: str
    labels: frozenset[str]


def companies(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "Sentences").glob("*.txt"))


def lexglue_split(names: list[str]) -> dict[str, list[str]]:
    """Companies of each LexGLUE split: validation and test as published, train the other 30."""
    missing = [name for name in VALIDATION + TEST if name not in names]
    if missing:
        raise ValueError(f"companies missing from the corpus: {missing}")
    train = [name for name in names if name not in VALIDATION and name not in TEST]
    return {"train": train, "validation": list(VALIDATION), "test": list(TEST)}


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def load_company(root: Path, company: str) -> list[Sentence]:
    sentences = _lines(root / "Sentences" / f"{company}.txt")
    columns = {}
    for category in ALL_CATEGORIES:
        labels = _lines(root / f"Labels_{category}" / f"{company}.txt")
        if len(labels) != len(sentences):
            raise ValueError(f"{company}: {len(labels)} {category} labels for {len(sentences)} sentences")
        columns[category] = labels
    return [Sentence(company, index, text.strip(),
                     frozenset(c for c in ALL_CATEGORIES if columns[c][index].strip() == "1"))
            for index, text in enumerate(sentences)]


def load_split(root: Path | None = None, split: str = "train") -> list[Sentence]:
    root = root or data_dir() / "unfair-tos"
    names = lexglue_split(companies(root))[split]
    return [sentence for company in names for sentence in load_company(root, company)]


def targets(sentences: list[Sentence], categories: tuple[str, ...] = CATEGORIES) -> np.ndarray:
    return np.array([[category in s.labels for category in categories] for s in sentences], dtype=np.int8)


def candidates() -> list[dict[str, Any]]:
    """The model settings tried; the one with the best mean validation F1 is reported on test."""
    from termlens.classify.learned import FeatureSpec

    feature_sets = {
        "words 1-2 (shipped features)": (FeatureSpec("words", (1, 2), 20000), FeatureSpec("cjk", (1, 3), 20000)),
        "words 1-3 + chars 2-4": (FeatureSpec("words", (1, 3), 50000), FeatureSpec("chars", (2, 4), 50000)),
    }
    return [{"features": name, "specs": specs, "C": c, "class_weight": weight}
            for name, specs in feature_sets.items() for c in (0.2, 1.0) for weight in (None, "balanced")]


def _evaluate(settings: dict[str, Any], splits: dict[str, list[Sentence]]) -> dict[str, Any]:
    from termlens.classify.learned import ClauseClassifier

    model = ClauseClassifier(CATEGORIES, features=settings["specs"], C=settings["C"],
                             class_weight=settings["class_weight"])
    model.fit([s.text for s in splits["train"]], targets(splits["train"]))
    validation = model.predict_proba([s.text for s in splits["validation"]])
    test = model.predict_proba([s.text for s in splits["test"]])
    gold_validation, gold_test = targets(splits["validation"]), targets(splits["test"])
    per_category: dict[str, Any] = {}
    validation_f1 = []
    for j, category in enumerate(CATEGORIES):
        threshold = best_threshold(gold_validation[:, j], validation[:, j])
        validation_f1.append(score(gold_validation[:, j], validation[:, j] >= threshold).f1)
        result = score(gold_test[:, j], test[:, j] >= threshold)
        per_category[category] = {**result.as_dict(), "threshold": threshold,
                                  "validation_f1": round(validation_f1[-1], 4),
                                  "f1_interval_95": bootstrap_f1(gold_test[:, j], test[:, j] >= threshold)}
    label = f"{settings['features']}, C={settings['C']}, class_weight={settings['class_weight']}"
    return {"settings": label, "features": settings["features"],
            "validation_macro_f1": round(sum(validation_f1) / len(validation_f1), 4),
            "test_macro_f1": round(macro(score_of(per_category)), 4), "per_category": per_category}


def score_of(per_category: dict[str, Any]) -> list[Score]:
    return [Score(v["tp"], v["fp"], v["fn"]) for v in per_category.values()]


def run(root: Path | None = None, *, limit: int | None = None, shipped: bool = True,
        settings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Test-split figures of the setting chosen on validation, every setting tried, and the shipped classifier."""
    root = root or data_dir() / "unfair-tos"
    splits = {name: load_split(root, name) for name in ("train", "validation", "test")}
    if limit:
        splits = {name: items[::max(1, len(items) // limit)][:limit] for name, items in splits.items()}
    tried = [_evaluate(item, splits) for item in (settings or candidates())]
    chosen = max(tried, key=lambda item: item["validation_macro_f1"])
    best_shipped = max((t for t in tried if "shipped" in t["features"]), key=lambda t: t["validation_macro_f1"],
                       default=None)
    figures: dict[str, Any] = {
        "split": {name: len(items) for name, items in splits.items()},
        "positives": {name: dict(zip(CATEGORIES, map(int, targets(items).sum(axis=0)), strict=True))
                      for name, items in splits.items()},
        "companies": lexglue_split(companies(root)),
        "chosen": chosen,
        "chosen_with_shipped_features": best_shipped,
        "tried": [{k: v for k, v in t.items() if k != "per_category"}
                  | {"test_f1": {c: v["f1"] for c, v in t["per_category"].items()}} for t in tried],
        "published": PUBLISHED,
    }
    if shipped:
        figures["shipped"] = shipped_figures(splits["test"])
    return figures


def shipped_figures(sentences: list[Sentence]) -> dict[str, Any]:
    """termlens's own classifier on the test companies: liability vs LTD, term vs CH ∪ TER, per mode."""
    from bench.external.clause_labels import modes
    from termlens.classify import THRESHOLD, dimension_scores, load_model

    texts = [s.text for s in sentences]
    dimensions = ("liability", "term")
    gold = {"liability": np.array(["LTD" in s.labels for s in sentences]),
            "term": np.array([bool({"CH", "TER"} & s.labels) for s in sentences])}
    rule_scores = [dimension_scores(text) for text in texts]
    rules = np.array([[scores[dim] for dim in dimensions] for scores in rule_scores])
    model = load_model()
    probabilities = model.predict_proba(texts)
    learned = probabilities[:, [model.labels_.index(dim) for dim in dimensions]]
    return {mode: {dim: score(gold[dim], values[:, j] >= THRESHOLD).as_dict() for j, dim in enumerate(dimensions)}
            for mode, values in modes(rules, learned).items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, help="the unfair-tos directory")
    parser.add_argument("--limit", type=int, help="about this many sentences per split, evenly spaced (quick runs)")
    args = parser.parse_args(argv)
    root = args.data or data_dir() / "unfair-tos"
    print(json.dumps(run(root, limit=args.limit), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
