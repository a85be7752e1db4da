"""Clause labels on termlens's own gold documents: rules, model, and the ways to combine them.

A gold clause's dimensions are those of the gold facts quoted in it; every
other dimension counts as "no". That is strict (a clause that talks about
updates without a figure has no gold fact and counts against a correct
"updates"), so precision here is a lower bound; it is the same for every mode.

The model is scored without ever seeing the document it labels: the gold
documents are split into ``FOLDS`` groups, and each group is labelled by a
model trained on everything else (the external data, the other groups).

    python bench/external/clause_labels.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from bench.external.common import data_dir, macro, micro, score  # noqa: E402

FOLDS = 6
BLEND_WEIGHTS = (0.25, 0.5, 0.75)


def modes(rules: np.ndarray, model: np.ndarray) -> dict[str, np.ndarray]:
    """Every way of combining rule votes and model probabilities that we compare."""
    found = {"rules": rules, "model": model, "max": np.maximum(rules, model)}
    for weight in BLEND_WEIGHTS:
        found[f"blend {weight:.2f}·rules"] = weight * rules + (1 - weight) * model
    return found


def run(data: Path | None = None, *, folds: int = FOLDS, limit_groups: int | None = None,
        capp_every: int | None = None, **train_options: Any) -> dict[str, Any]:
    from bench.train_classifier import CAPP_EVERY, Rows, capp_rows, gold_clause_rows, rule_example_rows, tos_rows, train
    from termlens.classify import THRESHOLD, dimension_scores
    from termlens.model import DIMENSIONS

    data = data or data_dir()
    external = Rows()
    external.extend(tos_rows(data / "unfair-tos"))
    external.extend(capp_rows(data / "capp-130", capp_every or CAPP_EVERY))
    external.extend(rule_example_rows())
    gold, _ = gold_clause_rows()
    groups = sorted(set(gold.groups))[:limit_groups] if limit_groups else sorted(set(gold.groups))
    fold_of = {group: index % folds for index, group in enumerate(groups)}
    keep = [i for i, group in enumerate(gold.groups) if group in fold_of]
    texts = [gold.texts[i] for i in keep]
    targets = gold.matrix()[keep] == 1  # strict: only quoted gold facts make a "yes"
    probabilities = np.zeros(targets.shape)
    for fold in sorted(set(fold_of.values())):
        rows = Rows()
        rows.extend(external)
        held_out = []
        for i, index in enumerate(keep):
            if fold_of[gold.groups[index]] == fold:
                held_out.append(i)
            else:
                rows.add(gold.texts[index], {d for d, t in zip(DIMENSIONS, gold.targets[index]) if t == 1},
                         set(), "gold", gold.groups[index])
        model = train(rows, **train_options)
        probabilities[held_out] = model.predict_proba([texts[i] for i in held_out])
    rules = np.array([[dimension_scores(text)[dim] for dim in DIMENSIONS] for text in texts])
    results: dict[str, Any] = {}
    for mode, values in modes(rules, probabilities).items():
        scores = [score(targets[:, j], values[:, j] >= THRESHOLD) for j in range(len(DIMENSIONS))]
        results[mode] = {"micro": micro(scores).as_dict(), "macro_f1": round(macro(scores), 4),
                         "dimensions": {dim: s.as_dict() for dim, s in zip(DIMENSIONS, scores, strict=True)}}
    return {"clauses": len(texts), "documents": len(groups), "folds": folds,
            "positives": {dim: int(targets[:, j].sum()) for j, dim in enumerate(DIMENSIONS)}, "modes": results}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, help="the shared benchmarks directory")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.data), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
