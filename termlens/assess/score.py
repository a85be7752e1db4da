"""Scores 0–100 per dimension and overall, every point traced to a checklist item, a figure or a finding.

A dimension's checklist items are worth 100 points together (checklist.yaml):
a stated item earns its points, a vague one half, an absent one nothing. A key
figure beyond the policy's limit costs the threshold's ``miss`` points, and
each finding costs the policy's penalty for its severity. The result is
clamped to 0–100. The overall score is the mean of the dimensions weighted by
the policy. Each step leaves a reason such as ``−20 no-24x7 (high)``.
"""

from __future__ import annotations

from typing import Any

from termlens.assess.checklist import item_specs
from termlens.assess.figures import figure_specs
from termlens.assess.policy import Policy, Threshold
from termlens.assess.wording import dimension_label, figure_text, severity_label, state_label
from termlens.model import DIMENSIONS, ChecklistItem, Finding, KeyFigure

MINUS = "−"  # a real minus sign: reasons are read by people


def _signed(points: int) -> str:
    return f"+{points}" if points >= 0 else f"{MINUS}{-points}"


def _cited(clauses: tuple[str, ...]) -> str:
    return f" ({', '.join(clauses)})" if clauses else ""


def _item_reason(item: ChecklistItem, language: str) -> tuple[int, str]:
    worth = item_specs()[item.id].points
    earned = {"present": worth, "vague": worth // 2, "absent": 0}[item.state]
    return earned, f"{_signed(earned)} {item.label}: {state_label(item.state, language)}{_cited(item.evidence)}"


def _threshold_reason(threshold: Threshold, figure: KeyFigure, language: str) -> tuple[int, str]:
    field = figure_specs()[threshold.figure].field or ""
    number = figure.number or 0.0
    cited = _cited(figure.evidence)
    if threshold.wall_clock and figure.business_time:
        why = "按工作时间计，不是全天候" if language == "zh" else "counted in business time, not round the clock"
        return -threshold.miss, f"{_signed(-threshold.miss)} {figure.label} {figure.text}: {why}{cited}"
    if threshold.at_most is not None:
        limit, met = threshold.at_most, number <= threshold.at_most
        sign = "≤" if met else ">"
    else:
        limit = threshold.at_least or 0.0
        met = number >= limit
        sign = "≥" if met else "<"
    points = 0 if met else -threshold.miss
    limit_text = figure_text(field, limit, False, language)
    return points, f"{_signed(points)} {figure.label} {figure.text} {sign} {limit_text}{cited}"


def _finding_reason(finding: Finding, policy: Policy, language: str) -> tuple[int, str]:
    penalty = policy.penalties[finding.severity]
    return -penalty, (f"{_signed(-penalty)} {finding.code} ({severity_label(finding.severity, language)})"
                      f"{_cited(finding.evidence)}")


def score(
    policy: Policy,
    checklist: tuple[ChecklistItem, ...],
    figures: tuple[KeyFigure, ...],
    findings: tuple[Finding, ...],
    language: str,
) -> dict[str, Any]:
    """The ``scores`` object of facts.md: overall, and each dimension's score, weight and reasons."""
    by_figure = {figure.id: figure for figure in figures}
    dimensions: dict[str, Any] = {}
    for dimension in DIMENSIONS:
        steps = [_item_reason(item, language) for item in checklist if item.dimension == dimension]
        steps += [_threshold_reason(threshold, by_figure[threshold.figure], language)
                  for threshold in policy.thresholds
                  if threshold.figure in by_figure and _dimension_of(threshold) == dimension]
        steps += [_finding_reason(finding, policy, language) for finding in findings if finding.dimension == dimension]
        total = sum(points for points, _ in steps)
        value = min(max(total, 0), 100)
        reasons = [reason for _, reason in steps]
        if value != total:
            reasons.append(f"= {value} ({'限定在 0–100' if language == 'zh' else 'kept within 0–100'})")
        dimensions[dimension] = {"score": value, "weight": round(policy.share(dimension), 3), "reasons": reasons}
    weighted = sum(policy.share(d) * dimensions[d]["score"] for d in DIMENSIONS)
    overall_reasons = [f"{dimension_label(d, language)} {dimensions[d]['score']} × {policy.share(d):.0%} "
                       f"= {policy.share(d) * dimensions[d]['score']:.1f}" for d in DIMENSIONS]
    return {"overall": int(weighted + 0.5), "reasons": overall_reasons, "dimensions": dimensions}


def _dimension_of(threshold: Threshold) -> str:
    return figure_specs()[threshold.figure].key.split(".", 1)[0]
