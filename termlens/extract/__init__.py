"""Fact extraction: clauses → facts of facts.md, each quoted with exact offsets.

Extractors share one interface (:class:`~termlens.extract.base.Extractor`):
:class:`.prose.ProseRules` runs the rule patterns over each clause,
:class:`.tables.TableReader` reads response-time and credit tables cell by
cell, :class:`.learned.LearnedFacts` decides from a clause and its setting
(lead-in, section) which commitments it states, and :class:`.figures.LearnedFigures`
which commitment each period a clause names measures, for wordings no rule
knows. Rules and tables are anchors: where one of them speaks of a key in a
clause, or quotes a figure, the models' guesses there give way. Every fact satisfies
``text == document.text[start:end]`` and names its extractor in
``explanation.recognizer``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from termlens.extract.base import Extractor
from termlens.extract.context import DocumentContext
from termlens.extract.figures import LearnedFigures
from termlens.extract.learned import LearnedFacts
from termlens.extract.prose import ProseRules
from termlens.extract.rules import RuleSet, load_rules
from termlens.extract.tables import TableReader
from termlens.model import Fact, Segmentation
from termlens.scan import ClauseWords, scan_clauses

EXTRACTORS: tuple[Extractor, ...] = (ProseRules(), TableReader(), LearnedFacts(), LearnedFigures())


def extract(segmentation: Segmentation, rules: RuleSet | None = None,
            words: Sequence[ClauseWords] | None = None,
            extractors: Sequence[Extractor] = EXTRACTORS,
            dimension_scores: Sequence[Mapping[str, float]] = ()) -> list[Fact]:
    """Every fact the ``extractors`` find in ``segmentation``, in document order, without duplicates.

    ``words``: each clause's words as :func:`termlens.scan.scan_clauses` found them with at least
    ``rules.needles``; scanned here when not given. ``dimension_scores``: the clause model's probabilities
    of each clause (:func:`termlens.classify.model_scores`), which tell the learned extractor which clauses
    are worth reading.
    """
    rules = rules or load_rules()
    if words is None:
        words = scan_clauses(segmentation.clauses, [rules.needles])
    context = DocumentContext.of(segmentation, words, dimension_scores)
    found = {extractor.name: extractor.extract(context, rules) for extractor in extractors}
    anchors = [fact for extractor in extractors if extractor.anchor for fact in found[extractor.name]]
    anchored = {(fact.clause, fact.key) for fact in anchors}
    quoted = [(fact.start, fact.end) for fact in anchors]
    facts = anchors + [fact for extractor in extractors if not extractor.anchor for fact in found[extractor.name]
                       if (fact.clause, fact.key) not in anchored and not _inside(fact, quoted)]
    return _deduplicate(_drop_yielding(_drop_refined(facts), rules))


def _inside(fact: Fact, quoted: list[tuple[int, int]]) -> bool:
    """A figure a rule already quotes has the meaning the rule gave it."""
    return any(start <= fact.start and fact.end <= end for start, end in quoted)


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
