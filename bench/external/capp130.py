"""CAPP-130 (Chinese app privacy policies): the topics of termlens's ``data`` dimension.

The topic task labels each sentence with one or more of 11 topics (ids 0–10
of ``label_explanation.json``). termlens's ``data`` dimension covers five of
them:

    0  数据收集 collection            2  共享/委托/转让/公开 sharing
    4  存储方式 retention / storage    7  数据、权限管理 deletion / control
    9  隐私政策的授权、修改与变更 policy change

The published RoBERTa figure (micro-F1 0.819, macro 0.841) is over all 11
topics, so ``run`` trains termlens's kind of model on all 11 (train split),
picks each topic's threshold on dev and reports test figures for the 11 (the
comparable number) and for the five covered topics on their own.

    python bench/external/capp130.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from bench.external.common import best_threshold, data_dir, macro, micro, score  # noqa: E402

TOPICS = ("collection", "permission", "sharing", "usage", "retention", "security", "special_audiences",
          "control", "contact", "policy_change", "cessation")
COVERED = (0, 2, 4, 7, 9)
PUBLISHED = {"RoBERTa (11 topics, micro/macro F1)": (0.819, 0.841)}


@dataclass(frozen=True)
class Sentence:
    text: str
    topics: tuple[int, ...]


def load_split(root: Path | None = None, split: str = "train") -> list[Sentence]:
    """One CAPP-130 topic split (``train``, ``dev`` or ``test``): TSV of sentence and an 11-long 0/1 list."""
    root = root or data_dir() / "capp-130"
    path = root / "topic_identification_dataset" / f"{split}.txt"
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
        if not line.strip():
            continue
        text, _, vector = line.rpartition("\t")
        values = ast.literal_eval(vector.strip())
        if len(values) != len(TOPICS):
            raise ValueError(f"{path}:{number}: expected {len(TOPICS)} topic flags, got {len(values)}")
        sentences.append(Sentence(text.strip(), tuple(i for i, flag in enumerate(values) if flag)))
    return sentences


def targets(sentences: list[Sentence]) -> np.ndarray:
    matrix = np.zeros((len(sentences), len(TOPICS)), dtype=np.int8)
    for row, sentence in enumerate(sentences):
        matrix[row, list(sentence.topics)] = 1
    return matrix


def candidates() -> list[dict[str, Any]]:
    """The model settings tried; the one with the best dev micro-F1 (all 11 topics) is reported on test."""
    from termlens.classify.learned import FeatureSpec

    feature_sets = {
        "cjk 1-3 (shipped features)": (FeatureSpec("cjk", (1, 3), 20000), FeatureSpec("words", (1, 2), 5000)),
        "cjk 1-4, 50k": (FeatureSpec("cjk", (1, 4), 50000), FeatureSpec("words", (1, 2), 5000)),
    }
    return [{"features": name, "specs": specs, "C": c, "class_weight": None}
            for name, specs in feature_sets.items() for c in (0.5, 1.0)]


def _evaluate(settings: dict[str, Any], splits: dict[str, list[Sentence]]) -> dict[str, Any]:
    from termlens.classify.learned import ClauseClassifier

    model = ClauseClassifier(TOPICS, features=settings["specs"], C=settings["C"], class_weight=settings["class_weight"])
    model.fit([s.text for s in splits["train"]], targets(splits["train"]))
    dev = model.predict_proba([s.text for s in splits["dev"]])
    test = model.predict_proba([s.text for s in splits["test"]])
    gold_dev, gold_test = targets(splits["dev"]), targets(splits["test"])
    dev_scores, test_scores, per_topic = [], [], {}
    for j, topic in enumerate(TOPICS):
        threshold = best_threshold(gold_dev[:, j], dev[:, j])
        dev_scores.append(score(gold_dev[:, j], dev[:, j] >= threshold))
        test_scores.append(score(gold_test[:, j], test[:, j] >= threshold))
        per_topic[topic] = {**test_scores[-1].as_dict(), "id": j, "threshold": threshold, "covered": j in COVERED}
    covered = [test_scores[j] for j in COVERED]
    return {"settings": f"{settings['features']}, C={settings['C']}, class_weight={settings['class_weight']}",
            "features": settings["features"],
            "dev_micro_f1": round(micro(dev_scores).f1, 4),
            "all_topics": {"micro_f1": round(micro(test_scores).f1, 4), "macro_f1": round(macro(test_scores), 4)},
            "covered_topics": {"micro_f1": round(micro(covered).f1, 4), "macro_f1": round(macro(covered), 4),
                               "ids": list(COVERED)},
            "per_topic": per_topic}


def run(root: Path | None = None, *, limit: int | None = None, shipped: bool = True,
        settings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    root = root or data_dir() / "capp-130"
    splits = {name: load_split(root, name) for name in ("train", "dev", "test")}
    if limit:
        splits = {name: items[::max(1, len(items) // limit)][:limit] for name, items in splits.items()}
    tried = [_evaluate(item, splits) for item in (settings or candidates())]
    chosen = max(tried, key=lambda item: item["dev_micro_f1"])
    best_shipped = max((t for t in tried if "shipped" in t["features"]), key=lambda t: t["dev_micro_f1"],
                       default=None)
    figures: dict[str, Any] = {
        "split": {name: len(items) for name, items in splits.items()},
        "chosen": chosen,
        "chosen_with_shipped_features": best_shipped,
        "tried": [{k: v for k, v in t.items() if k != "per_topic"} for t in tried],
        "published": PUBLISHED,
    }
    if shipped:
        figures["shipped"] = shipped_figures(splits["test"])
    return figures


def shipped_figures(sentences: list[Sentence]) -> dict[str, Any]:
    """Share of the test sentences on the covered topics that termlens labels ``data``, per mode (recall)."""
    from bench.external.clause_labels import modes
    from termlens.classify import THRESHOLD, dimension_scores, load_model

    texts = [s.text for s in sentences if set(s.topics) & set(COVERED)]
    rules = np.array([dimension_scores(text)["data"] for text in texts])
    model = load_model()
    learned = model.predict_proba(texts)[:, model.labels_.index("data")]
    gold = np.ones(len(texts), dtype=bool)
    return {mode: score(gold, values >= THRESHOLD).as_dict() for mode, values in modes(rules, learned).items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, help="the capp-130 directory")
    parser.add_argument("--limit", type=int, help="about this many sentences per split, evenly spaced (quick runs)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.data, limit=args.limit), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
