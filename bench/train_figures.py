"""Train the learned figure reader's model into ``termlens/data/model/figures/``: one reproducible command.

    python bench/train_figures.py [--out DIR] [--check]

Rows are candidates — each period a clause names — read as the extractor reads
them (the words around the figure, the clause's lead-in and section title:
:func:`termlens.extract.figures.window_text`), labelled by the key they fill:

- in the development gold documents (:data:`bench.learning.TRAINING_GOLD`; the
  test part never): a candidate in a clause quoted by a gold fact of a key of
  :data:`~termlens.extract.figures.FIGURE_VALUES` whose value is the
  candidate's own is a positive of that key; every other candidate is a
  negative of the keys of the document's exhaustive dimensions, except a key
  whose gold value it restates elsewhere (unknown);
- the rules' ``match`` examples, run through their own pattern: a candidate
  inside the match is a positive of the rule's key (the rules as labelling
  functions), one outside it unknown.

Thresholds: as in ``bench/train_facts.py``, from cross-validation by document.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.learning import Rows, choose_thresholds, gold_documents, out_of_fold, save_model  # noqa: E402
from bench.train_classifier import FEATURES, PARAMS  # noqa: E402
from termlens.classify.learned import ClauseClassifier  # noqa: E402
from termlens.extract.context import DocumentContext  # noqa: E402
from termlens.extract.figures import FIGURE_MODEL_DIR, FIGURE_VALUES, candidates, value_of, window_text  # noqa: E402
from termlens.extract.rules import load_rules  # noqa: E402
from termlens.ingest.from_text import read_text  # noqa: E402
from termlens.model import Document  # noqa: E402
from termlens.segment import segment  # noqa: E402

KEYS = sorted(FIGURE_VALUES)
MIN_DOCUMENTS = 2


def _same(value: Any, other: Any) -> bool:
    return value == other or (isinstance(value, dict) and isinstance(other, dict)
                              and value.get("minutes") == other.get("minutes") and "minutes" in value)


def gold_rows() -> Rows:
    rows = Rows()
    for document in gold_documents():
        facts = [fact for fact in document.gold.get("facts", []) if fact["key"] in FIGURE_VALUES]
        exhaustive = set(document.gold.get("exhaustive", []))
        negatives = {key for key in KEYS if key.split(".", 1)[0] in exhaustive}
        quoted = [(fact, set(document.clauses_quoting(str(fact["quote"])))) for fact in facts]
        for position, clause in enumerate(document.segmentation.clauses):
            if document.context.has_cells(clause):
                continue
            for candidate in candidates(clause, document.context.folded):
                positives, unknown = set(), set()
                for fact, places in quoted:
                    if _same(fact["value"], value_of(fact["key"], candidate.duration)):
                        (positives if position in places else unknown).add(fact["key"])
                rows.add(window_text(candidate, clause, document.context), positives, unknown=unknown - positives,
                         negatives=negatives, source="gold", group=document.group)
    return rows


def rule_example_rows() -> Rows:
    """Candidates inside a rule's own match of its example are that key's positives."""
    rows = Rows()
    for rule in load_rules().rules:
        if rule.spec.key not in FIGURE_VALUES:
            continue
        for example in rule.spec.examples.match:
            segmentation = segment(_document(example))
            context = DocumentContext.of(segmentation)
            spans = [match.span() for match in rule.regex.finditer(context.folded)]
            for clause in segmentation.clauses:
                for candidate in candidates(clause, context.folded):
                    inside = any(start <= candidate.start and candidate.end <= end for start, end in spans)
                    if inside:
                        rows.add(window_text(candidate, clause, context), {rule.spec.key}, negatives=set(),
                                 source="rule-examples", group="rule-examples")
    return rows


def _document(text: str) -> Document:
    extraction = read_text(text)
    return Document(text=extraction.text, path="<example>", format="text", sha256="", language="en",
                    blocks=extraction.blocks)


def build(rows: Rows) -> tuple[ClauseClassifier, dict[str, Any]]:
    documents: dict[str, set[str]] = {key: set() for key in KEYS}
    for labels, source, group in zip(rows.positives, rows.sources, rows.groups, strict=True):
        for label in labels:
            if source == "gold":
                documents[label].add(group)
    tried = [key for key in KEYS if len(documents[key]) >= MIN_DOCUMENTS]
    targets = rows.matrix(tried)
    weights = np.ones(len(rows.texts))
    probabilities = out_of_fold(rows, tried, targets, weights)
    is_gold = np.array([source == "gold" for source in rows.sources])
    chosen = choose_thresholds(tried, targets, probabilities, is_gold)
    labels = [key for key in tried if key in chosen]
    columns = [tried.index(key) for key in labels]
    model = ClauseClassifier(labels, features=FEATURES, **PARAMS).fit(rows.texts, targets[:, columns],
                                                                       sample_weight=weights)
    report = {"labels_tried": len(tried), "labels_shipped": len(labels),
              "dropped": [key for key in tried if key not in chosen], "cross_validation": chosen}
    return model, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIGURE_MODEL_DIR)
    parser.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = gold_rows()
    rows.extend(rule_example_rows())
    model, report = build(rows)
    save_model(model, report, rows, args.out, {"min_documents": MIN_DOCUMENTS}, started)
    if args.check:
        again, _ = build(rows)
        same = again.to_dict() == model.to_dict()
        print("second training: " + ("identical" if same else "DIFFERENT"))
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
