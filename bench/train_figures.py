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

from bench.learning import (  # noqa: E402
    Rows,
    documents_per_label,
    fit_with_thresholds,
    gold_documents,
    same_again,
    save_model,
)
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
    documents = documents_per_label(rows)
    return fit_with_thresholds(rows, [key for key in KEYS if len(documents.get(key, ())) >= MIN_DOCUMENTS])


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
    return same_again(build, rows, model) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
