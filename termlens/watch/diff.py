"""What changed between two versions of the terms, as a buyer reads it.

``diff(old_review, new_review)`` aligns the clauses (:mod:`.align`) and the
facts (:mod:`.factdiff`) of two reviews, and turns every change that makes
the terms worse for the buyer into a finding: ``weakened-<key>`` for a fact
(a longer response time, a smaller credit, an exclusion added, a grace
period removed) and ``weakened-wording`` for a clause that gained a hedge
("commercially reasonable efforts", 尽力).
"""

from __future__ import annotations

from dataclasses import dataclass

from termlens.model import Document, Finding, Review
from termlens.watch.align import ClauseChange, align
from termlens.watch.directions import Directions, load_directions
from termlens.watch.factdiff import FactChange, fact_changes
from termlens.watch.textdiff import changed_words

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class TermsDiff:
    old: Document
    new: Document
    language: str  # of the messages and questions: "zh" or "en"
    clauses: tuple[ClauseChange, ...]
    unchanged_clauses: int
    facts: tuple[FactChange, ...]
    findings: tuple[Finding, ...]

    @property
    def weakened(self) -> tuple[FactChange, ...]:
        return tuple(change for change in self.facts if change.direction == "weaker")

    @property
    def strengthened(self) -> tuple[FactChange, ...]:
        return tuple(change for change in self.facts if change.direction == "stronger")

    @property
    def unclear(self) -> tuple[FactChange, ...]:
        return tuple(change for change in self.facts if change.direction == "unclear")

    def clauses_of(self, kind: str) -> tuple[ClauseChange, ...]:
        return tuple(change for change in self.clauses if change.kind == kind)


def diff(old_review: Review, new_review: Review) -> TermsDiff:
    """Compare two reviews of the same terms: the earlier version first."""
    directions = load_directions()
    language = "zh" if new_review.document.language == "zh" else "en"
    alignment = align(old_review.segmentation.clauses, new_review.segmentation.clauses)
    changes = fact_changes(old_review.facts, new_review.facts, directions, language)
    findings = [_fact_finding(change, directions, language) for change in changes if change.direction == "weaker"]
    findings += _hedge_findings(alignment.changes, new_review, directions, language)
    findings.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 3), f.code, f.evidence))
    return TermsDiff(
        old=old_review.document,
        new=new_review.document,
        language=language,
        clauses=alignment.changes,
        unchanged_clauses=alignment.unchanged,
        facts=tuple(sorted(changes, key=lambda c: (_leaning_order(c.direction), c.key, c.what))),
        findings=tuple(findings),
    )


def _leaning_order(direction: str) -> int:
    return {"weaker": 0, "stronger": 1}.get(direction, 2)


def _fact_finding(change: FactChange, directions: Directions, language: str) -> Finding:
    spec = directions.of(change.key)
    question = directions.question(change.kind, language, what=change.what, old=change.old_text, new=change.new_text)
    evidence = tuple(dict.fromkeys([*(f"old:{f.clause}" for f in change.old), *(f"new:{f.clause}" for f in change.new)]))
    return Finding(code=f"weakened-{change.key}", dimension=change.dimension, severity=spec.severity or "medium",
                   message=change.summary, question=question, evidence=evidence)


def _hedge_findings(changes: tuple[ClauseChange, ...], new_review: Review, directions: Directions,
                    language: str) -> list[Finding]:
    dimensions = {clause.id: labels.dimensions for clause, labels
                  in zip(new_review.segmentation.clauses, new_review.labels) if getattr(labels, "dimensions", ())}
    findings = []
    for change in changes:
        if change.kind != "reworded" or change.old is None or change.new is None:
            continue
        _, added = changed_words(change.edits)
        before = {word.casefold() for word in directions.hedge_pattern.findall(change.old.text)}
        gained = sorted({w.casefold() for w in directions.hedge_pattern.findall(added)} - before)
        if not gained:
            continue
        words = ", ".join(gained)
        findings.append(Finding(
            code="weakened-wording",
            dimension=(dimensions.get(change.new.id) or ("",))[0],
            severity="medium",
            message=directions.message("hedge", language, words=words),
            question=directions.question("hedge", language, words=words),
            evidence=(f"old:{change.old.id}", f"new:{change.new.id}"),
        ))
    return findings
