"""Assessment: checklist, key figures, findings, scores and questions for one buyer.

``assess(review)`` takes a review with its facts and fills in what the buyer
needs: the checklist states, the key figures, the findings that apply to its
profile, the scores with their reasons, and the questions for the vendor.
``compare(reviews)`` lines several assessed reviews up for one profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from termlens.assess.checklist import check, mention_words
from termlens.assess.compare import compare
from termlens.assess.conditions import Situation
from termlens.assess.figures import key_figures
from termlens.assess.findings import find
from termlens.assess.policy import BUILT_IN_PROFILES, Policy, load_policy
from termlens.assess.questions import questions
from termlens.assess.score import score
from termlens.assess.vague import hedge_words, vague_hits
from termlens.model import Review
from termlens.scan import ClauseWords, scan_clauses

__all__ = ["BUILT_IN_PROFILES", "Policy", "assess", "assess_words", "compare", "load_policy"]


@cache
def assess_words() -> frozenset[str]:
    """The words assessment looks up in each clause: hedges and checklist mentions."""
    return hedge_words() | mention_words()


def assess(review: Review, words: Sequence[ClauseWords] | None = None) -> Review:
    """``review`` with its checklist, figures, findings, scores and questions for ``review.profile``.

    ``words``: each clause's scan (:mod:`termlens.scan`) with at least :func:`assess_words`, when the
    caller has it.
    """
    profile = review.profile
    policy = load_policy(profile)
    language = profile.language
    segmentation = review.segmentation
    clause_dimensions = {clause.id: tuple(labels.dimensions)
                         for clause, labels in zip(segmentation.clauses, review.labels, strict=True)}
    if words is None:
        words = scan_clauses(segmentation.clauses, [assess_words()])
    hedges = vague_hits(segmentation.clauses, words)
    checklist = check(segmentation.clauses, clause_dimensions, review.facts, hedges, language, words)
    figures = key_figures(review.facts, language)
    situation = Situation(
        text=review.document.text,
        document_language=review.document.language,
        clauses=segmentation.clauses,
        clause_dimensions=clause_dimensions,
        facts=review.facts,
        checklist={item.id: item for item in checklist},
        hedges=hedges,
        profile=profile,
    )
    findings = find(situation, policy.severities)
    asked = questions(findings, checklist, policy, language)
    return replace(
        review,
        profile=replace(profile, name=policy.name),
        findings=findings,
        scores=score(policy, checklist, figures, findings, language),
        questions=tuple(question.text for question in asked),
        checklist=checklist,
        figures=figures,
        question_list=asked,
    )
