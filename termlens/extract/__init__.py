"""Fact extraction: clauses → facts of facts.md, each quoted with exact offsets.

Two recognisers share the rule data: :mod:`.prose` runs the rule patterns
over each clause, :mod:`.tables` reads response-time and credit tables cell
by cell. Both return :class:`~termlens.model.Fact` records whose
``text == document.text[start:end]``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from termlens.extract.context import DocumentContext
from termlens.extract.prose import prose_facts
from termlens.extract.rules import RuleSet, load_rules
from termlens.extract.tables import cell_facts, table_facts
from termlens.model import Clause, Fact, Segmentation
from termlens.scan import ClauseWords, scan_clauses


def extract(segmentation: Segmentation, rules: RuleSet | None = None,
            words: Sequence[ClauseWords] | None = None) -> list[Fact]:
    """Every fact the rules find in ``segmentation``, in document order, without duplicates.

    ``words``: each clause's words as :func:`termlens.scan.scan_clauses` found them with at least
    ``rules.needles``; scanned here when not given.
    """
    rules = rules or load_rules()
    if words is None:
        words = scan_clauses(segmentation.clauses, [rules.needles])
    context = DocumentContext.of(segmentation, words)
    facts: list[Fact] = []
    for clause in segmentation.clauses:
        if _has_cells(clause, segmentation):
            from_table = table_facts(clause, context, rules)
            from_cells = [fact for fact in cell_facts(clause, context, rules)
                          if not any(_same_finding(fact, other) for other in from_table)]
            facts.extend(from_table + from_cells)
        else:
            facts.extend(prose_facts(clause, context, rules))
    return _deduplicate(_drop_yielding(_drop_refined(facts), rules))


def _has_cells(clause: Clause, segmentation: Segmentation) -> bool:
    return clause.kind == "table_row" and clause.block is not None and \
        len(segmentation.document.blocks[clause.block].cells) >= 2


def _same_finding(fact: Fact, other: Fact) -> bool:
    overlap = fact.start < other.end and other.start < fact.end
    return fact.key == other.key and overlap


def _drop_refined(facts: list[Fact]) -> list[Fact]:
    """Where two rules quote the same place for one key and one value only adds to the other
    ({"basis": "fees_paid"} beside {"basis": "fees_paid", "months": 12}), keep the fuller one."""
    def refines(fuller: Fact, other: Fact) -> bool:
        return (fuller is not other and fuller.key == other.key and fuller.clause == other.clause
                and fuller.start < other.end and other.start < fuller.end
                and isinstance(fuller.value, dict) and isinstance(other.value, dict)
                and len(fuller.value) > len(other.value) and other.value.items() <= fuller.value.items())

    return [fact for fact in facts if not any(refines(other, fact) for other in facts)]


def _drop_yielding(facts: list[Fact], rules: RuleSet) -> list[Fact]:
    """A rule that yields to others ("prohibited" to "with consent") gives way where they speak in its clause."""
    yielding = {rule.name: {f"{rule.language}/{rule.dimension}/{other}" for other in rule.spec.yields_to}
                for rule in rules.rules if rule.spec.yields_to}
    if not yielding:
        return facts
    by_clause: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        if fact.explanation is not None:
            by_clause[fact.clause].add(fact.explanation.rule)
    return [fact for fact in facts
            if fact.explanation is None or not yielding.get(fact.explanation.rule, set()) & by_clause[fact.clause]]


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """One fact per (key, qualifier, value, clause): the best-scored quote wins."""
    best: dict[tuple, Fact] = {}
    for fact in facts:
        identity = (fact.key, tuple(sorted(fact.qualifier.items())), repr(fact.value), fact.clause)
        kept = best.get(identity)
        if kept is None or fact.confidence > kept.confidence:
            best[identity] = fact
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.key, repr(f.value)))
