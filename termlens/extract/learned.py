"""The learned extractor: which commitments a clause states, decided from its words and its setting.

Rules find a commitment only in the wordings they were written for. This
extractor reads a clause together with the sentence that leads into it and
its section title (a case "4.1 Any negligence of a user" under "…shall not be
counted…" is an exclusion; the same words under "Definitions" are not) and
gives the probability of each *commitment label*: a fact key with a value the
wording itself decides (``scope.exclusion=misuse``,
``term.unilateral_change=true``, ``availability.credit_cap={"percent": 100}``
for "no more than the monthly fee"). Figures a clause must spell out (a
number of hours, a percentage) stay with the rules and the table reader.

The model is a :class:`~termlens.classify.learned.ClauseClassifier` trained by
``bench/train_facts.py`` on the development gold (never the test part) and on
the rules' own examples; each label keeps the probability threshold chosen by
cross-validation over whole documents. Its facts quote the whole clause, carry
the probability as confidence, and give way to a rule or table fact of the
same key in the same clause.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from termlens.classify.learned import MANIFEST_FILE, PART_MARK, ClauseClassifier
from termlens.errors import DataError
from termlens.extract.context import DocumentContext, make_fact
from termlens.extract.evidence import evidence_words, has_evidence, parse_label
from termlens.extract.rules import RuleSet
from termlens.model import Clause, Explanation, Fact
from termlens.resources import DATA_DIR
from termlens.scan import scan_texts

FACT_MODEL_DIR = DATA_DIR / "model" / "facts"
ON_TOPIC = 0.2  # the clause model's probability of some dimension above which a clause is read
SETTING_MARK = f" {PART_MARK} "  # the clause and its setting are parts: no n-gram spans two of them


def setting_text(clause: Clause, context: DocumentContext) -> str:
    """What the model reads: the clause, then the sentence leading into it and its section title."""
    lead_in = context.lead_in.get(clause.id, "")
    return SETTING_MARK.join([clause.text, lead_in, clause.section])


@dataclass(frozen=True)
class FactModel:
    """A trained classifier and each of its labels' probability threshold."""

    classifier: ClauseClassifier
    thresholds: tuple[float, ...]  # one per label, in the classifier's label order

    @classmethod
    def load(cls, directory: Path) -> FactModel:
        classifier = ClauseClassifier.load(directory)
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        thresholds = manifest.get("thresholds", {})
        missing = [label for label in classifier.labels_ if label not in thresholds]
        if missing:
            raise DataError(f"{directory / MANIFEST_FILE}: no threshold for {missing}; retrain the model")
        return cls(classifier, tuple(float(thresholds[label]) for label in classifier.labels_))

    @classmethod
    def shipped(cls, directory: Path) -> FactModel | None:
        """The model in ``directory``, or None when none was trained there."""
        return cls.load(directory) if (directory / MANIFEST_FILE).is_file() else None


@cache
def shipped_fact_model() -> FactModel | None:
    return FactModel.shipped(FACT_MODEL_DIR)


class LearnedFacts:
    """Commitment labels for every clause from the trained model; no model, no facts."""

    name = "model"
    anchor = False

    def __init__(self, model: FactModel | None = None) -> None:
        self._model = model

    def extract(self, context: DocumentContext, rules: RuleSet) -> list[Fact]:
        model = self._model or shipped_fact_model()
        clauses = [clause for clause in context.segmentation.clauses
                   if not context.has_cells(clause) and worth_reading(clause, context, rules)]
        if model is None or not clauses:
            return []
        probabilities = model.classifier.predict_proba([setting_text(clause, context) for clause in clauses])
        labels = [(label, *parse_label(label)) for label in model.classifier.labels_]
        facts: list[Fact] = []
        for row, column in np.argwhere(probabilities >= np.asarray(model.thresholds)).tolist():
            clause, (label, key, value) = clauses[row], labels[column]
            if not has_evidence(label, clause.text):
                continue
            probability, threshold = float(probabilities[row, column]), model.thresholds[column]
            explanation = Explanation(recognizer=self.name, rule=f"model/{label}", score=round(probability, 3),
                                      notes=(f"probability {probability:.2f} ≥ threshold {threshold:.2f}",))
            fact = make_fact(context, clause, key, value, clause.start, clause.end, probability, {}, explanation)
            facts.extend([fact] if fact is not None else [])
        return facts


def worth_reading(clause: Clause, context: DocumentContext, rules: RuleSet) -> bool:
    """Whether the clause is worth reading: the clause model finds it about one of the nine dimensions, or
    (without that model's scores) it holds a word of a dimension's lexicon or of a label's evidence; or it
    stands under a lead-in or section title that names a dimension. Most of a long contract is neither."""
    lead_in = context.lead_in.get(clause.id, "")
    section = clause.section
    if (lead_in and _names_a_dimension(lead_in, rules)) or (section and _names_a_dimension(section, rules)):
        return True
    scores = context.dimension_scores.get(clause.id)
    if scores is not None:
        return max(scores.values(), default=0.0) >= ON_TOPIC
    words = context.words.get((clause.start, clause.end))
    return words is None or not words.present.isdisjoint(rules.cue_words) or bool(
        scan_texts([clause.text], [evidence_words()])[0].present)


@lru_cache(maxsize=4096)  # lead-ins and section titles recur within a document; a server reads many
def _names_a_dimension(text: str, rules: RuleSet) -> bool:
    (words,) = scan_texts([text], [rules.cue_words])
    return bool(words.present)
