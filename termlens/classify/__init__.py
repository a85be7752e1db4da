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
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat

from termlens.classify.learned import MANIFEST_FILE, ClauseClassifier
from termlens.extract.rules import RuleSet, load_rules
from termlens.model import DIMENSIONS, Clause, Fact
from termlens.resources import DATA_DIR
from termlens.scan import ClauseWords, scan_clauses, scan_texts

THRESHOLD = 0.5
# Measured (docs/benchmarks.md, "Rules and model"): a quarter of the rule vote gives the best micro-F1 on
# held-out gold clauses and for liability on UNFAIR-ToS (the model alone is a little better for term there);
# the larger of the two, like the rules alone, pays for every false alarm of the lexicon.
RULE_WEIGHT = 0.25
MODEL_WEIGHT = 1.0 - RULE_WEIGHT
_ORDER = {dimension: position for position, dimension in enumerate(DIMENSIONS)}
MODEL_DIR = DATA_DIR / "model"
MODEL_SWITCH = "TERMLENS_MODEL"
_OFF = {"off", "0", "false", "no"}


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
class _Cue:
    """One lexicon word (single spaces) and its votes; an ASCII cue must not follow a letter."""

    position: int  # in the lexicons: votes add up in this order, whatever the text's order
    length: int
    after_non_letter: bool
    votes: tuple[tuple[str, float], ...]


@cache
def _cues(rules: RuleSet) -> dict[str, _Cue]:
    votes: dict[str, list[tuple[str, float]]] = {}
    for by_dimension in rules.lexicons.values():
        for dimension, words in by_dimension.items():
            for word, weight in words:
                votes.setdefault(" ".join(word.lower().split()), []).append((dimension, weight))
    return {word: _Cue(position, len(word), word.isascii(), tuple(its_votes))
            for position, (word, its_votes) in enumerate(votes.items())}


def cue_words(rules: RuleSet | None = None) -> frozenset[str]:
    """The words the rule votes need a clause's scan (:mod:`termlens.scan`) to have looked for."""
    return _cue_words(rules or load_rules())


@cache
def _cue_words(rules: RuleSet) -> frozenset[str]:
    return frozenset(_cues(rules))


def dimension_scores(text: str, rules: RuleSet | None = None) -> dict[str, float]:
    """Confidence in [0, 1] that ``text`` belongs to each dimension, by lexicon votes.

    Cue words are matched case-insensitively in the folded text with any run of
    whitespace standing for a space; an ASCII cue must not follow a letter.
    """
    rules = rules or load_rules()
    (words,) = scan_texts([text], [cue_words(rules)])
    return _votes(words, rules)


def _votes(words: ClauseWords, rules: RuleSet) -> dict[str, float]:
    cues = _cues(rules)
    matching = words.text
    found: dict[int, _Cue] = {}
    for end, registered in words.hits:
        for word in registered:
            cue = cues.get(word)
            if cue is None or cue.position in found:
                continue
            start = end - cue.length + 1
            if not (cue.after_non_letter and start and "a" <= matching[start - 1] <= "z"):
                found[cue.position] = cue
    scores = dict.fromkeys(DIMENSIONS, 0.0)
    for position in sorted(found):
        for dimension, weight in found[position].votes:
            scores[dimension] += weight
    for dimension in {dimension for cue in found.values() for dimension, _ in cue.votes}:
        scores[dimension] = 1.0 - math.exp(-scores[dimension])  # no vote stays 0.0 = 1 - exp(0)
    return scores


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
    labels = model.labels_
    return [dict(zip(labels, row, strict=True)) for row in model.predict_proba(list(texts)).tolist()]


def combine(rule: float, model: float) -> float:
    """A dimension's confidence from its rule vote and the model's probability: ``RULE_WEIGHT`` of the vote."""
    return RULE_WEIGHT * rule + MODEL_WEIGHT * model


# --- labels ---------------------------------------------------------------------------------

def classify(clause: Clause, facts: list[Fact], rules: RuleSet | None = None, *,
             model: Mapping[str, float] | None = None, words: ClauseWords | None = None) -> Labels:
    """Labels of one clause from the rule votes, its facts and (if given) the model's probabilities.

    ``words``: the clause's scan with at least :func:`cue_words`, when the caller has it.
    """
    rules = rules or load_rules()
    scores = _votes(words, rules) if words is not None else dimension_scores(clause.text, rules)
    if model:  # combine(), written out: it runs nine times for every clause
        scores = {dim: RULE_WEIGHT * score + MODEL_WEIGHT * model.get(dim, 0.0) for dim, score in scores.items()}
    for fact in facts:
        scores[fact.dimension] = max(scores[fact.dimension], fact.confidence)
    ranked = sorted(((dim, score) for dim, score in scores.items() if score >= THRESHOLD),
                    key=lambda item: (-item[1], _ORDER[item[0]]))
    best = round(ranked[0][1], 3) if ranked else 0.0
    modelled = [dim for dim in DIMENSIONS if dim in model] if model else []
    return Labels(tuple(dim for dim, _ in ranked), best,
                  tuple((dim, round(score, 3)) for dim, score in ranked),
                  tuple(zip(modelled, map(round, map(model.__getitem__, modelled), repeat(3)))) if model else ())


def classify_clauses(clauses: Sequence[Clause], facts_by_clause: Mapping[str, list[Fact]],
                     rules: RuleSet | None = None, *, use_model: bool | None = None,
                     words: Sequence[ClauseWords] | None = None,
                     scores: Sequence[Mapping[str, float]] | None = None) -> tuple[Labels, ...]:
    """Labels of every clause; the model (unless switched off) runs once over all of them.

    ``words``: each clause's scan with at least :func:`cue_words`; scanned here when not given.
    ``scores``: the model's probabilities (:func:`model_scores`) when the caller has already computed them.
    """
    rules = rules or load_rules()
    if words is None:
        words = scan_clauses(clauses, [cue_words(rules)])
    if not model_enabled(use_model):
        probabilities: Sequence[Mapping[str, float]] = [{} for _ in clauses]
    else:
        probabilities = scores if scores is not None else model_scores([clause.text for clause in clauses])
    return tuple(classify(clause, facts_by_clause.get(clause.id, []), rules, model=scores, words=found)
                 for clause, scores, found in zip(clauses, probabilities, words, strict=True))
