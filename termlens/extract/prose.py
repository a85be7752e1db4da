"""The pattern recogniser: run every rule of the clause's languages over its folded text."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from termlens.extract.context import DocumentContext, make_fact
from termlens.extract.cues import cues
from termlens.extract.normalize import parse_duration, pattern
from termlens.extract.rules import Rule, RuleSet
from termlens.extract.values import CONVERTERS, Several
from termlens.model import Clause, Explanation, Fact

CONTEXT_BOOST = 0.1
NEGATION_WINDOW = 60


class ProseRules:
    """The rules of ``data/rules`` over every clause that is not a table row of several cells."""

    name = "pattern"
    anchor = True

    def extract(self, context: DocumentContext, rules: RuleSet) -> list[Fact]:
        return [fact for clause in context.segmentation.clauses if not context.has_cells(clause)
                for fact in prose_facts(clause, context, rules)]


def prose_facts(clause: Clause, context: DocumentContext, rules: RuleSet,
                defaults: dict[str, str] | None = None) -> list[Fact]:
    """Facts the rules find in ``clause``.

    ``defaults`` fills qualifiers the clause itself does not name: a table
    cell takes its plan from the column header and its severity from the row.
    """
    candidates = rules.candidates(context.needles(clause, rules))
    if not candidates or cues().is_illustration(clause.text):  # most clauses: no rule's words at all
        return []
    # A table cell ("24/7") takes the languages of its whole row.
    languages = context.languages(context.clause_text(clause.id) or clause.text)
    folded = context.folded[clause.start:clause.end]
    facts = []
    for rule in candidates:
        if rule.language not in languages:
            continue
        for match in rule.regex.finditer(folded):
            facts.extend(_facts_from_match(rule, match, clause, context, folded, defaults or {}))
    return facts + _coordinated(facts, clause, context, rules)


@cache
def _metric_words(rules: RuleSet) -> dict[str, tuple[str, ...]]:
    return {metric.key: tuple(word.lower() for word in metric.words)
            for _, metric in rules.table_metrics if metric.value == "duration"}


def _coordinated(facts: list[Fact], clause: Clause, context: DocumentContext, rules: RuleSet) -> list[Fact]:
    """Figures that share a rule's verb: "respond to P1 issues within 1 hour, P2 issues within 4 hours and P3
    issues within 1 business day". Each later part of the sentence that names a level and one period, and no
    other metric, states the same key for its level."""
    if not any("severity" in fact.qualifier for fact in facts):
        return []
    metric_words = _metric_words(rules)
    taken = [(fact.start, fact.end) for fact in facts]
    found: list[Fact] = []
    for fact in facts:
        if fact.key not in metric_words or "severity" not in fact.qualifier or fact.explanation is None:
            continue
        others = [word for key, words in metric_words.items() if key != fact.key for word in words]
        parts = context.parts(clause)
        later = [(start, end) for start, end in parts if start >= fact.end]
        for start, end in later:
            part = context.folded[start:end]
            periods = list(pattern("DURATION").finditer(part))
            levels = context.severities(start, end)
            if len(periods) != 1 or not levels or any(word in part.lower() for word in others):
                break
            period_start, period_end = start + periods[0].start(), start + periods[0].end()
            if any(a < period_end and period_start < b for a, b in taken):
                continue
            value = parse_duration(periods[0].group(), context=part)
            level = levels[0]
            qualifier = {**fact.qualifier, "severity": level.value, "label": level.label}
            explanation = replace(fact.explanation, notes=(*fact.explanation.notes,
                                                           "the same verb as the figure before it"))
            made = make_fact(context, clause, fact.key, value, min(level.start, period_start),
                             max(level.end, period_end), fact.confidence, qualifier, explanation)
            found.extend([made] if made is not None and value is not None else [])
            taken.append((period_start, period_end))
    return found


def _vetoed(rule: Rule, match: re.Match[str], clause: Clause, context: DocumentContext, folded: str) -> bool:
    spec = rule.spec
    matched = match.group(0)
    lowered = matched.lower()
    if any(word.lower() in lowered for word in spec.exclude):
        return True
    setting = context.setting(clause)  # the cheaper tests first: words, then the cue patterns
    if rule.requires is not None and not any(rule.requires.found_in(text, lowered) for text, lowered in setting):
        return True
    if rule.forbids is not None and any(rule.forbids.found_in(text, lowered) for text, lowered in setting):
        return True
    before = cues().part_before(folded, match.start(), NEGATION_WINDOW)
    after = cues().part_after(folded, match.end())
    if spec.negatable and (cues().is_negated(before + matched) or cues().is_retracted(after)):
        return True
    return cues().is_uncommitted(before + matched + after)


_FIGURE_GROUPS = ("duration", "d2", "d3", "d4", "percent", "p2", "p3", "below", "number", "money")


def _figure_start(match: re.Match[str]) -> int:
    return next((match.start(name) for name in _FIGURE_GROUPS
                 if name in match.re.groupindex and match.group(name) is not None), match.start())


def _in_range(value: object, bounds: tuple[float, float] | None) -> bool:
    """A figure outside the rule's plausible range ("50% of the time" is no uptime commitment) is no fact."""
    if bounds is None:
        return True
    numbers = [v for v in (value.values() if isinstance(value, dict) else [value])
               if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return all(bounds[0] <= number <= bounds[1] for number in numbers)


def _facts_from_match(rule: Rule, match: re.Match[str], clause: Clause, context: DocumentContext,
                      folded: str, defaults: dict[str, str]) -> list[Fact]:
    spec = rule.spec
    if _vetoed(rule, match, clause, context, folded):
        return []
    value = CONVERTERS[spec.value](match, folded, spec.const)
    if value is None or not _in_range(value, spec.value_range):
        return []
    score = spec.score
    section = clause.section.lower()
    support = [w for w in spec.context if w.lower() in folded.lower() or w.lower() in section]
    notes = []
    if support:
        score += CONTEXT_BOOST
        notes.append(f"context words: {', '.join(support)}")
    start, end = clause.start + match.start(), clause.start + match.end()
    # Qualifiers are read around the figure itself, not where the pattern's lead-in begins.
    anchor = clause.start + _figure_start(match)
    qualifiers = context.qualify(clause, anchor, spec.qualify) if spec.qualify else [{}]
    for qualifier in qualifiers:
        for wanted in spec.qualify:
            if wanted not in qualifier and wanted in defaults:
                qualifier[wanted] = defaults[wanted]
                if wanted == "severity" and "label" in defaults:
                    qualifier["label"] = defaults["label"]
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
