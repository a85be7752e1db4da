"""The pattern recogniser: run every rule of the clause's languages over its folded text."""

from __future__ import annotations

import re

from termlens.extract.context import DocumentContext, make_fact
from termlens.extract.cues import cues
from termlens.extract.rules import Rule, RuleSet
from termlens.extract.values import CONVERTERS, Several
from termlens.model import Clause, Explanation, Fact
from termlens.textnorm import fold

CONTEXT_BOOST = 0.1
NEGATION_WINDOW = 60


def prose_facts(clause: Clause, context: DocumentContext, rules: RuleSet) -> list[Fact]:
    languages = context.languages(clause)
    folded = context.folded[clause.start:clause.end]
    facts = []
    for rule in rules.rules:
        if rule.language not in languages:
            continue
        for match in rule.regex.finditer(folded):
            facts.extend(_facts_from_match(rule, match, clause, context, folded))
    return facts


def _facts_from_match(rule: Rule, match: re.Match[str], clause: Clause, context: DocumentContext,
                      folded: str) -> list[Fact]:
    spec = rule.spec
    matched = match.group(0)
    notes = []
    lowered = matched.lower()
    if any(word.lower() in lowered for word in spec.exclude):
        return []
    if spec.negatable:
        part = cues().part_before(folded, match.start())[-NEGATION_WINDOW:]
        if cues().is_negated(part + matched) or cues().is_retracted(cues().part_after(folded, match.end())):
            return []
    if cues().is_uncommitted(matched):
        return []
    if rule.requires is not None and not _introduced(rule, clause, context, folded):
        return []
    value = CONVERTERS[spec.value](match, folded, spec.const)
    if value is None:
        return []
    score = spec.score
    section = clause.section.lower()
    support = [w for w in spec.context if w.lower() in folded.lower() or w.lower() in section]
    if support:
        score += CONTEXT_BOOST
        notes.append(f"context words: {', '.join(support)}")
    start, end = clause.start + match.start(), clause.start + match.end()
    qualifiers = context.qualify(clause, start, spec.qualify) if spec.qualify else [{}]
    explanation = Explanation(
        recognizer="pattern",
        rule=rule.name,
        pattern=spec.pattern,
        score=round(min(score, 1.0), 3),
        context=tuple(support),
        notes=tuple(notes),
    )
    values = value if isinstance(value, Several) else [value]
    facts = (make_fact(context, clause, spec.key, one, start, end, score, qualifier, explanation)
             for one in values for qualifier in qualifiers)
    return [fact for fact in facts if fact is not None]


def _introduced(rule: Rule, clause: Clause, context: DocumentContext, folded: str) -> bool:
    """The rule's required words stand in the clause, the sentence that introduces it, or its section title."""
    setting = (folded, fold(context.lead_in.get(clause.id, "")), fold(clause.section))
    return any(rule.requires.search(text) for text in setting)
