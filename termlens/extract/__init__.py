"""Fact extraction: clauses → facts of facts.md, each quoted with exact offsets.

Two recognisers share the rule data: :mod:`.prose` runs the rule patterns
over each clause, :mod:`.tables` reads response-time and credit tables cell
by cell. Both return :class:`~termlens.model.Fact` records whose
``text == document.text[start:end]``.
"""

from __future__ import annotations

from termlens.extract.context import DocumentContext
from termlens.extract.prose import prose_facts
from termlens.extract.rules import RuleSet, load_rules
from termlens.extract.tables import table_facts
from termlens.model import Fact, Segmentation


def extract(segmentation: Segmentation, rules: RuleSet | None = None) -> list[Fact]:
    """Every fact the rules find in ``segmentation``, in document order, without duplicates."""
    rules = rules or load_rules()
    context = DocumentContext.of(segmentation)
    facts: list[Fact] = []
    for clause in segmentation.clauses:
        from_table = table_facts(clause, context, rules) if clause.kind == "table_row" else []
        from_prose = [fact for fact in prose_facts(clause, context, rules)
                      if not any(_same_finding(fact, other) for other in from_table)]
        facts.extend(from_table + from_prose)
    return _deduplicate(facts)


def _same_finding(fact: Fact, other: Fact) -> bool:
    overlap = fact.start < other.end and other.start < fact.end
    return fact.key == other.key and overlap


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """One fact per (key, qualifier, value, clause): the best-scored quote wins."""
    best: dict[tuple, Fact] = {}
    for fact in facts:
        identity = (fact.key, tuple(sorted(fact.qualifier.items())), repr(fact.value), fact.clause)
        kept = best.get(identity)
        if kept is None or fact.confidence > kept.confidence:
            best[identity] = fact
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.key, repr(f.value)))
