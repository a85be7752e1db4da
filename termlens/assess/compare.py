"""Several assessed reviews side by side for one profile, and which fits the buyer best, and why."""

from __future__ import annotations

from collections.abc import Sequence

from termlens.assess.checklist import item_specs
from termlens.assess.figures import figure_specs
from termlens.assess.wording import dimension_label, state_label, word
from termlens.errors import TermlensError
from termlens.model import DIMENSIONS, Comparison, ComparisonRow, Ranked, Review

SHOWN_DIMENSIONS = 2  # strongest and weakest dimensions named in a ranking reason
SHOWN_CODES = 3


def compare(reviews: Sequence[Review]) -> Comparison:
    """The matrix (scores, key figures, checklist items) and the ranking, best first.

    Reviews must be assessed for the same profile: a ranking across buyers
    would compare weights, not terms.
    """
    if not reviews:
        raise TermlensError("nothing to compare: give at least one document")
    if len({review.profile for review in reviews}) > 1:
        raise TermlensError("the reviews were assessed for different profiles; compare them for one profile")
    language = reviews[0].profile.language
    absent = word("missing_value", language)
    rows = [ComparisonRow("overall", "score", "", word("overall", language),
                          tuple(str(review.scores["overall"]) for review in reviews))]
    rows += [
        ComparisonRow(dimension, "score", dimension, dimension_label(dimension, language),
                      tuple(str(review.scores["dimensions"][dimension]["score"]) for review in reviews))
        for dimension in DIMENSIONS
    ]
    rows += [
        ComparisonRow(spec.id, "figure", spec.key.split(".", 1)[0], spec.label(language),
                      tuple(next((f.text for f in review.figures if f.id == spec.id), absent) for review in reviews))
        for spec in figure_specs().values()
    ]
    rows += [
        ComparisonRow(spec.id, "item", spec.dimension, spec.label(language),
                      tuple(state_label(_state(review, spec.id), language) for review in reviews))
        for spec in sorted(item_specs().values(), key=lambda spec: DIMENSIONS.index(spec.dimension))
    ]
    return Comparison(tuple(reviews), tuple(rows), _ranking(reviews, language))


def _state(review: Review, item_id: str) -> str:
    return next((item.state for item in review.checklist if item.id == item_id), "absent")


def _severe(review: Review, severity: str) -> list[str]:
    return [finding.code for finding in review.findings if finding.severity == severity]


def _ranking(reviews: Sequence[Review], language: str) -> tuple[Ranked, ...]:
    order = sorted(range(len(reviews)), key=lambda i: (-reviews[i].scores["overall"],
                                                        len(_severe(reviews[i], "critical")),
                                                        reviews[i].document.path, i))
    ranked = []
    for place, index in enumerate(order):
        following = reviews[order[place + 1]] if place + 1 < len(order) else None
        ranked.append(Ranked(place + 1, index, reviews[index].scores["overall"],
                             _reasons(reviews[index], following, language)))
    return tuple(ranked)


def _weighted(review: Review, dimension: str) -> float:
    entry = review.scores["dimensions"][dimension]
    return entry["weight"] * entry["score"]


def _reasons(review: Review, following: Review | None, language: str) -> tuple[str, ...]:
    dimensions = review.scores["dimensions"]
    # Strongest: the dimensions that bring the most weighted points; weakest: those that lose the most.
    strongest = sorted((d for d in DIMENSIONS if dimensions[d]["score"] > 0),
                       key=lambda d: (-_weighted(review, d), DIMENSIONS.index(d)))[:SHOWN_DIMENSIONS]
    weakest = sorted((d for d in DIMENSIONS if dimensions[d]["weight"] > 0 and d not in strongest),
                     key=lambda d: ((dimensions[d]["score"] - 100) * dimensions[d]["weight"],
                                    DIMENSIONS.index(d)))[:SHOWN_DIMENSIONS]

    def listing(names: list[str]) -> str:
        return ", ".join(f"{dimension_label(d, language)} {dimensions[d]['score']}" for d in names)

    critical, high = _severe(review, "critical"), _severe(review, "high")
    codes = (critical + high)[:SHOWN_CODES]
    reasons = [
        word("rank_score", language).format(score=review.scores["overall"]),
        word("rank_strongest", language).format(items=listing(strongest) or word("none", language)),
        word("rank_weakest", language).format(items=listing(weakest)),
        word("rank_findings", language).format(critical=len(critical), high=len(high),
                                               codes=f" ({', '.join(codes)})" if codes else ""),
    ]
    if following is not None:
        lead = review.scores["overall"] - following.scores["overall"]
        if lead > 0:
            widest = max(DIMENSIONS, key=lambda d: (_weighted(review, d) - _weighted(following, d), -DIMENSIONS.index(d)))
            diff = _weighted(review, widest) - _weighted(following, widest)
            reasons.append(word("rank_ahead", language).format(points=lead, dimension=dimension_label(widest, language),
                                                               diff=diff))
        else:
            reasons.append(word("rank_tied", language))
    return tuple(reasons)
