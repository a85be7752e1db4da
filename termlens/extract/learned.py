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
from functools import cache
from pathlib import Path
from typing import Any

from termlens.classify.learned import MANIFEST_FILE, ClauseClassifier
from termlens.errors import DataError
from termlens.extract.context import DocumentContext, make_fact
from termlens.extract.rules import RuleSet
from termlens.model import Clause, Explanation, Fact
from termlens.resources import DATA_DIR, read_yaml
from termlens.textnorm import fold

FACT_MODEL_DIR = DATA_DIR / "model" / "facts"
LABEL_SEPARATOR = "="
SETTING_MARK = " ¶ "  # between the clause and its setting: never inside a word n-gram


def label_of(key: str, value: Any) -> str:
    """The label a (key, value) pair is learned under: ``key=<canonical JSON of the value>``."""
    return key + LABEL_SEPARATOR + json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def parse_label(label: str) -> tuple[str, Any]:
    key, _, value = label.partition(LABEL_SEPARATOR)
    return key, json.loads(value)


def setting_text(clause: Clause, context: DocumentContext) -> str:
    """What the model reads: the clause, then the sentence leading into it and its section title."""
    lead_in = context.lead_in.get(clause.id, "")
    return SETTING_MARK.join([clause.text, lead_in, clause.section])


@cache
def _evidence() -> dict[str, tuple[str, ...]]:
    """Words by label that a clause must hold for the model to give it that label."""
    raw = read_yaml(DATA_DIR / "lang" / "evidence.yaml") or {}
    def value_of(written: Any) -> Any:  # a dict value is written as its JSON, a YAML key cannot be a dict
        return json.loads(written) if isinstance(written, str) and written.startswith("{") else written

    return {label_of(key, value_of(value)): tuple(str(word).lower() for word in words)
            for key, values in raw.items() for value, words in values.items()}


def has_evidence(label: str, clause_text: str) -> bool:
    words = _evidence().get(label)
    if words is None:
        return True
    lowered = fold(clause_text).lower()
    return any(word in lowered for word in words)


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
        clauses = [clause for clause in context.segmentation.clauses if not context.has_cells(clause)]
        if model is None or not clauses:
            return []
        probabilities = model.classifier.predict_proba([setting_text(clause, context) for clause in clauses])
        labels = [(label, *parse_label(label)) for label in model.classifier.labels_]
        facts: list[Fact] = []
        for clause, row in zip(clauses, probabilities.tolist(), strict=True):
            for (label, key, value), probability, threshold in zip(labels, row, model.thresholds, strict=True):
                if probability < threshold or not has_evidence(label, clause.text):
                    continue
                explanation = Explanation(recognizer=self.name, rule=f"model/{label}", score=round(probability, 3),
                                          notes=(f"probability {probability:.2f} ≥ threshold {threshold:.2f}",))
                fact = make_fact(context, clause, key, value, clause.start, clause.end, probability, {}, explanation)
                facts.extend([fact] if fact is not None else [])
        return facts
