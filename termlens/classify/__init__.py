"""Clause classification into the nine dimensions (multi-label, with confidence).

Two voters. The rule classifier votes with each dimension's lexicon
(``lexicon:`` in the rule files): every distinct cue word found in the folded
clause adds its weight, and the sum becomes a confidence through
``1 - exp(-sum)``. The trained model (:mod:`termlens.classify.learned`,
shipped in ``data/model/``) gives each dimension a calibrated probability.
A dimension's confidence is a weighted blend, a quarter rule vote and three
quarters model (:func:`combine`; the comparison with the larger of the two,
each alone and other weights is in ``docs/benchmarks.md``), and a clause
that yields a fact belongs to that fact's dimension at least as surely as the
fact itself. The rules find the figures and their quotes; the model only adds
recall and confidence to the labels, never facts.

The model is on by default; ``TERMLENS_MODEL=off`` in the environment, or
``use_model=False``, leaves the rules alone.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from termlens.classify.learned import MANIFEST_FILE, ClauseClassifier
from termlens.extract.rules import RuleSet, load_rules
from termlens.model import DIMENSIONS, Clause, Fact
from termlens.resources import DATA_DIR
from termlens.textnorm import fold

THRESHOLD = 0.5
# Measured (docs/benchmarks.md, "Rules and model"): a quarter of the rule vote gives the best micro-F1 on
# held-out gold clauses and for liability on UNFAIR-ToS (the model alone is a little better for term there);
# the larger of the two, like the rules alone, pays for every false alarm of the lexicon.
RULE_WEIGHT = 0.25
MODEL_DIR = DATA_DIR / "model"
MODEL_SWITCH = "TERMLENS_MODEL"
_OFF = {"off", "0", "false", "no"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Labels:
    """The dimensions of one clause, best first, and the confidence of the best.

    ``scores`` are the combined confidences of the dimensions kept; ``model``
    holds the model's probability for every dimension (empty with the model off).
    """

    dimensions: tuple[str, ...]
    confidence: float
    scores: tuple[tuple[str, float], ...] = ()
    model: tuple[tuple[str, float], ...] = ()


# --- rule votes -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Cues:
    """Every lexicon cue as (word with single spaces, weight, dimension).

    ASCII cues that open with three letters are filed under those letters: such a cue can only
    match where a run of letters starts, so only the runs' first three letters need looking up.
    """

    by_prefix: dict[str, tuple[tuple[str, float, str], ...]]
    ascii_rest: tuple[tuple[str, float, str], ...]
    other: tuple[tuple[str, float, str], ...]


_RUN_START = re.compile(r"(?<![a-z])[a-z]{3}")


@cache
def _cue_words(rules: RuleSet) -> _Cues:
    by_prefix: dict[str, list[tuple[str, float, str]]] = {}
    ascii_rest: list[tuple[str, float, str]] = []
    other: list[tuple[str, float, str]] = []
    for by_dimension in rules.lexicons.values():
        for dimension, words in by_dimension.items():
            for word, weight in words:
                cue = (_SPACES.sub(" ", word.lower()), weight, dimension)
                if not word.isascii():
                    other.append(cue)
                elif _RUN_START.match(cue[0]):
                    by_prefix.setdefault(cue[0][:3], []).append(cue)
                else:
                    ascii_rest.append(cue)
    return _Cues({prefix: tuple(cues) for prefix, cues in by_prefix.items()}, tuple(ascii_rest), tuple(other))


def _after_non_letter(word: str, text: str) -> bool:
    """``word`` occurs in ``text`` somewhere no letter a–z comes right before it."""
    index = text.find(word)
    while index >= 0:
        if index == 0 or not ("a" <= text[index - 1] <= "z"):
            return True
        index = text.find(word, index + 1)
    return False


def dimension_scores(text: str, rules: RuleSet | None = None) -> dict[str, float]:
    """Confidence in [0, 1] that ``text`` belongs to each dimension, by lexicon votes.

    Cue words are matched case-insensitively in the folded text with any run of
    whitespace standing for a space; an ASCII cue must not follow a letter.
    """
    matching = _SPACES.sub(" ", fold(text).lower())
    cues = _cue_words(rules or load_rules())
    totals = dict.fromkeys(DIMENSIONS, 0.0)
    for prefix in set(_RUN_START.findall(matching)):
        for word, weight, dimension in cues.by_prefix.get(prefix, ()):
            if word in matching and _after_non_letter(word, matching):
                totals[dimension] += weight
    for word, weight, dimension in cues.ascii_rest:
        if word in matching and _after_non_letter(word, matching):
            totals[dimension] += weight
    if not matching.isascii():  # a cue with other characters cannot occur in ASCII text
        for word, weight, dimension in cues.other:
            if word in matching:
                totals[dimension] += weight
    return {dimension: 1.0 - math.exp(-total) for dimension, total in totals.items()}


# --- the model ------------------------------------------------------------------------------

def model_enabled(use_model: bool | None = None) -> bool:
    """``use_model`` if given, else whether ``TERMLENS_MODEL`` leaves the model on (it is on unless "off")."""
    if use_model is not None:
        return use_model
    return os.environ.get(MODEL_SWITCH, "on").strip().lower() not in _OFF


@cache
def load_model() -> ClauseClassifier:
    """The shipped model over the nine dimensions (checked: format, labels, checksum)."""
    return ClauseClassifier.load(MODEL_DIR, labels=DIMENSIONS)


@cache
def _shipped_model() -> ClauseClassifier | None:
    if not (MODEL_DIR / MANIFEST_FILE).is_file():
        warnings.warn(f"{MODEL_DIR}: no trained clause model; classifying with the rules alone "
                      "(train one with `python bench/train_classifier.py`)", stacklevel=3)
        return None
    return load_model()


def model_scores(texts: Sequence[str]) -> list[dict[str, float]]:
    """The shipped model's probability of each dimension for each text (empty dicts without a model)."""
    model = _shipped_model()
    if model is None or not texts:
        return [{} for _ in texts]
    probabilities = model.predict_proba(list(texts))
    return [dict(zip(model.labels_, map(float, row), strict=True)) for row in probabilities]


def combine(rule: float, model: float) -> float:
    """A dimension's confidence from its rule vote and the model's probability: ``RULE_WEIGHT`` of the vote."""
    return RULE_WEIGHT * rule + (1.0 - RULE_WEIGHT) * model


# --- labels ---------------------------------------------------------------------------------

def classify(clause: Clause, facts: list[Fact], rules: RuleSet | None = None, *,
             model: Mapping[str, float] | None = None) -> Labels:
    """Labels of one clause from the rule votes, its facts and (if given) the model's probabilities."""
    scores = dimension_scores(clause.text, rules)
    if model:
        scores = {dim: combine(score, model.get(dim, 0.0)) for dim, score in scores.items()}
    for fact in facts:
        scores[fact.dimension] = max(scores[fact.dimension], fact.confidence)
    ranked = sorted(((dim, score) for dim, score in scores.items() if score >= THRESHOLD),
                    key=lambda item: (-item[1], DIMENSIONS.index(item[0])))
    best = round(ranked[0][1], 3) if ranked else 0.0
    return Labels(tuple(dim for dim, _ in ranked), best,
                  tuple((dim, round(score, 3)) for dim, score in ranked),
                  tuple((dim, round(model[dim], 3)) for dim in DIMENSIONS if dim in model) if model else ())


def classify_clauses(clauses: Sequence[Clause], facts_by_clause: Mapping[str, list[Fact]],
                     rules: RuleSet | None = None, *, use_model: bool | None = None) -> tuple[Labels, ...]:
    """Labels of every clause; the model (unless switched off) runs once over all of them."""
    probabilities = (model_scores([clause.text for clause in clauses]) if model_enabled(use_model)
                     else [{} for _ in clauses])
    return tuple(classify(clause, facts_by_clause.get(clause.id, []), rules, model=scores)
                 for clause, scores in zip(clauses, probabilities, strict=True))
