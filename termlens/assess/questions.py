"""The questions to send the vendor before signing: from the findings, then from checklist gaps.

A checklist item that a finding already speaks for is not asked twice, and
gaps are asked only in dimensions that weigh enough for this buyer.
"""

from __future__ import annotations

from termlens.assess.checklist import item_specs
from termlens.assess.findings import finding_specs
from termlens.assess.policy import Policy
from termlens.model import DIMENSIONS, ChecklistItem, Finding, Question


def questions(
    findings: tuple[Finding, ...],
    checklist: tuple[ChecklistItem, ...],
    policy: Policy,
    language: str,
) -> tuple[Question, ...]:
    """Questions grouped by dimension (in the nine dimensions' order), findings' first, no repeats."""
    spoken_for = {finding_specs()[finding.code].item for finding in findings}
    asked = [Question(finding.dimension, finding.question, finding.code) for finding in findings]
    asked += [
        Question(item.dimension, item_specs()[item.id].question(language), item.id)
        for item in checklist
        if item.state != "present" and item.id not in spoken_for
        and policy.weights[item.dimension] >= policy.gap_questions_min_weight
    ]
    unique = {question.text: question for question in reversed(asked)}  # first occurrence wins
    ordered = [question for question in asked if unique[question.text] is question]
    return tuple(sorted(ordered, key=lambda question: DIMENSIONS.index(question.dimension)))
