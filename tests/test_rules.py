"""Every rule's declared examples behave as declared, through the real recogniser."""

from __future__ import annotations

import pytest

from termlens.extract.context import DocumentContext
from termlens.extract.prose import prose_facts
from termlens.extract.rules import RuleSet, load_rules
from termlens.model import Block, Clause, Document, Segmentation


def one_clause(text: str) -> tuple[Clause, DocumentContext]:
    document = Document(text=text, path="example.txt", format="text", sha256="", language="mixed",
                        blocks=(Block("paragraph", 0, len(text)),))
    clause = Clause(id="c1", start=0, end=len(text), text=text, kind="paragraph", page=None, section="", block=0)
    return clause, DocumentContext.of(Segmentation(document, (), (clause,)))


def only(rule_name: str) -> RuleSet:
    rules = load_rules()
    return RuleSet(tuple(r for r in rules.rules if r.name == rule_name), rules.table_metrics, rules.lexicons)


CASES = [
    pytest.param(rule.name, example, expected, id=f"{rule.name}:{'+' if expected else '-'}{index}")
    for rule in load_rules().rules
    for expected, examples in ((True, rule.spec.examples.match), (False, rule.spec.examples.no_match))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule_name", "example", "expected"), CASES)
def test_rules_examples_behave_as_declared(rule_name: str, example: str, expected: bool) -> None:
    clause, context = one_clause(example)
    facts = prose_facts(clause, context, only(rule_name))
    assert bool(facts) == expected, [(f.text, f.value) for f in facts]
    for fact in facts:
        assert fact.text == example[fact.start:fact.end]
        assert fact.explanation is not None and fact.explanation.rule == rule_name


def test_rules_every_rule_has_a_positive_example() -> None:
    missing = [rule.name for rule in load_rules().rules if not rule.spec.examples.match]
    assert missing == []
