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
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))


from bench.external import unfair_tos  # noqa: E402
from bench.external.common import data_dir  # noqa: E402
from bench.learning import (  # noqa: E402
    Rows,
    documents_per_label,
    fit_with_thresholds,
    gold_documents,
    same_again,
    save_model,
)
from termlens.classify.learned import ClauseClassifier  # noqa: E402
from termlens.extract.evidence import label_of  # noqa: E402
from termlens.extract.learned import FACT_MODEL_DIR, setting_text  # noqa: E402
from termlens.extract.rules import load_rules  # noqa: E402

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
UNILATERAL_CHANGE = label_of("term.unilateral_change", True)


def eligible(key: str, value: Any) -> bool:
    """A (key, value) the wording decides: no number in the value, or one of the worded figures."""
    def numbers(item: Any) -> bool:
        if isinstance(item, dict):
            return any(numbers(v) for v in item.values())
        return isinstance(item, (int, float)) and not isinstance(item, bool)

    return key not in QUALIFIED_KEYS and (not numbers(value) or label_of(key, value) in WORDED_FIGURES)


def gold_rows() -> tuple[Rows, dict[str, int]]:
    """Every clause of every development gold document, with the labels of the gold facts quoted in it."""
    rows = Rows()
    unplaced: Counter[str] = Counter()
    for document in gold_documents():
        clauses = document.segmentation.clauses
        found: list[set[str]] = [set() for _ in clauses]
        stated: set[str] = set()
        for fact in document.gold.get("facts", []):
            if not eligible(fact["key"], fact["value"]):
                continue
            label = label_of(fact["key"], fact["value"])
            stated.add(label)
            hits = document.clauses_quoting(str(fact["quote"]))
            if not hits:
                unplaced[document.path.stem] += 1
            for i in hits:
                found[i].add(label)
        exhaustive = set(document.gold.get("exhaustive", []))
        introducers = set(document.context.lead_in.values())
        for clause, labels in zip(clauses, found, strict=True):
            # A lead-in names none of the cases it introduces: a no, not an unknown restatement.
            unknown = set() if clause.text in introducers else stated - labels
            rows.add(setting_text(clause, document.context), labels, unknown=unknown,
                     negatives=None if len(exhaustive) == 9 else {"*" + dim for dim in exhaustive},
                     source="gold", group=document.group)
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


def build(rows: Rows) -> tuple[ClauseClassifier, dict[str, Any]]:
    candidates = sorted(label for label, documents in documents_per_label(rows).items()
                        if len(documents) >= MIN_DOCUMENTS)
    _resolve_dimension_negatives(rows, candidates)
    return fit_with_thresholds(rows, candidates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FACT_MODEL_DIR)
    parser.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    parser.add_argument("--data", type=Path, help="the shared benchmarks directory (for UNFAIR-ToS)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows, unplaced = gold_rows()
    for more in (rule_example_rows(), tos_rows(data_dir(args.data) / "unfair-tos")):
        rows.extend(more)
    model, report = build(rows)
    notes = {"gold_quotes_not_in_a_clause": unplaced, "min_documents": MIN_DOCUMENTS}
    save_model(model, report, rows, args.out, notes, started)
    return same_again(build, rows, model) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
