"""Clause classification into the nine dimensions (multi-label, with confidence).

The rule classifier votes with each dimension's lexicon (``lexicon:`` in the
rule files): every distinct cue word found in the folded clause adds its
weight, and the sum becomes a confidence through ``1 - exp(-sum)``. A clause
that yields a fact belongs to that fact's dimension at least as surely as the
fact itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from termlens.extract.rules import RuleSet, load_rules
from termlens.model import DIMENSIONS, Clause, Fact
from termlens.textnorm import fold

THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Labels:
    """The dimensions of one clause, best first, and the confidence of the best."""

    dimensions: tuple[str, ...]
    confidence: float
    scores: tuple[tuple[str, float], ...] = ()


@cache
def _cue_patterns(rules: RuleSet) -> dict[str, tuple[tuple[re.Pattern[str], float], ...]]:
    merged: dict[str, list[tuple[re.Pattern[str], float]]] = {dim: [] for dim in DIMENSIONS}
    for by_dimension in rules.lexicons.values():
        for dimension, words in by_dimension.items():
            for word, weight in words:
                escaped = re.escape(word).replace(r"\ ", r"\s+")
                pattern = rf"(?<![a-z]){escaped}" if word.isascii() else escaped
                merged[dimension].append((re.compile(pattern, re.IGNORECASE), weight))
    return {dim: tuple(cues) for dim, cues in merged.items()}


def dimension_scores(text: str, rules: RuleSet | None = None) -> dict[str, float]:
    """Confidence in [0, 1] that ``text`` belongs to each dimension, by lexicon votes."""
    folded = fold(text)
    scores = {}
    for dimension, cues in _cue_patterns(rules or load_rules()).items():
        total = sum(weight for pattern, weight in cues if pattern.search(folded))
        scores[dimension] = 1.0 - math.exp(-total)
    return scores


def classify(clause: Clause, facts: list[Fact], rules: RuleSet | None = None) -> Labels:
    scores = dimension_scores(clause.text, rules)
    for fact in facts:
        scores[fact.dimension] = max(scores[fact.dimension], fact.confidence)
    ranked = sorted(((dim, score) for dim, score in scores.items() if score >= THRESHOLD),
                    key=lambda item: (-item[1], DIMENSIONS.index(item[0])))
    best = round(ranked[0][1], 3) if ranked else 0.0
    return Labels(tuple(dim for dim, _ in ranked), best,
                  tuple((dim, round(score, 3)) for dim, score in ranked))
