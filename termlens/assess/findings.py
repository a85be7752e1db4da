"""Findings (``data/assess/findings.yaml``): gaps and risks for this buyer, each grounded and explained.

The finding file says when the terms trigger a finding; the buyer's policy
says whether it applies and how severe it is. A finding's evidence is the
clauses that ground it, or nothing for a gap (its dimension says what is missing).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from termlens.assess.checklist import item_specs
from termlens.assess.conditions import Condition, Grounds, Situation, checklist_ids, holds
from termlens.assess.wording import SEVERITIES, Localized
from termlens.model import DIMENSIONS, Finding, Span, known_dimension
from termlens.resources import DATA_DIR, load_yaml

PHRASES = "{phrases}"
MAX_PHRASES = 3


class FindingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    dimension: str
    item: str | None = None
    per_dimension: bool = False
    when: Condition
    message: Localized
    question: Localized

    @model_validator(mode="after")
    def _known_names(self) -> FindingSpec:
        known_dimension(self.dimension)
        named = checklist_ids(self.when) | ({self.item} if self.item else set())
        unknown = sorted(named - set(item_specs()))
        if unknown:
            raise ValueError(f"unknown checklist item {unknown[0]!r}")
        return self


class FindingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    findings: list[FindingSpec] = Field(min_length=1)


@cache
def finding_specs() -> dict[str, FindingSpec]:
    return {spec.code: spec for spec in load_yaml(DATA_DIR / "assess" / "findings.yaml", FindingFile).findings}


def find(situation: Situation, severities: dict[str, str]) -> tuple[Finding, ...]:
    """The findings that apply to this buyer (``severities``: code → severity) and hold in the terms.

    Sorted by severity, then dimension, then code, so the worst comes first and
    the order never depends on dictionaries or sets.
    """
    found: list[Finding] = []
    for code, spec in finding_specs().items():
        if code not in severities:
            continue
        grounds = holds(spec.when, situation)
        if grounds is None:
            continue
        parts = _by_dimension(spec, grounds, situation) if spec.per_dimension else [(spec.dimension, grounds)]
        found.extend(_finding(spec, dimension, part, severities[code], situation) for dimension, part in parts)
    return tuple(sorted(found, key=lambda f: (SEVERITIES.index(f.severity), DIMENSIONS.index(f.dimension), f.code)))


def _by_dimension(spec: FindingSpec, grounds: Grounds, situation: Situation) -> list[tuple[str, Grounds]]:
    """Split grounds by the dimension of each clause (or of its section; else the spec's own)."""

    def dimension_of(clause_id: str) -> str:
        return situation.dimension_of(clause_id, spec.dimension)

    parts: dict[str, Grounds] = defaultdict(Grounds)
    for clause_id in grounds.clauses:
        parts[dimension_of(clause_id)].clauses.add(clause_id)
    for index in grounds.facts:
        part = parts[dimension_of(situation.facts[index].clause)]
        part.facts.add(index)
        part.clauses.add(situation.facts[index].clause)
    for clause_id, span in grounds.spans:
        parts[dimension_of(clause_id)].spans.add((clause_id, span))
    return sorted(parts.items(), key=lambda item: DIMENSIONS.index(item[0]))


def _finding(spec: FindingSpec, dimension: str, grounds: Grounds, severity: str, situation: Situation) -> Finding:
    language = situation.profile.language
    order = situation.clause_order
    spans = tuple(sorted({span for _, span in grounds.spans}, key=lambda span: (span.start, span.end)))
    phrases = _phrases(spans, situation.text, language)
    return Finding(
        code=spec.code,
        dimension=dimension,
        severity=severity,
        message=spec.message(language).replace(PHRASES, phrases),
        question=spec.question(language).replace(PHRASES, phrases),
        evidence=tuple(sorted(grounds.clauses, key=lambda clause_id: order.get(clause_id, len(order)))),
        facts=tuple(sorted(grounds.facts)),
        spans=spans,
    )


def _phrases(spans: tuple[Span, ...], text: str, language: str) -> str:
    """The first few distinct hedges, as written, to quote in a message."""
    distinct: dict[str, str] = {}
    for span in spans:
        words = " ".join(text[span.start:span.end].split())
        distinct.setdefault(words.lower(), words)
    shown = list(distinct.values())[:MAX_PHRASES]
    return ("、" if language == "zh" else ", ").join(shown)
