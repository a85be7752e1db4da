"""The literal prefilter never hides a rule that could match: it only skips work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from termlens.extract.prefilter import NeedleScanner, requirement
from termlens.extract.rules import load_rules
from termlens.textnorm import fold

REAL_TERMS = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"


@pytest.mark.parametrize(
    ("pattern", "expression"),
    [
        (r"(?:availability|uptime)\s+of", ("any", ("availability", "uptime"))),  # "of" filters nothing
        (r"x?\d+\s*(?:小时|分钟)内响应", ("any", ("小时内响应", "分钟内响应"))),
        (r"(?:a|b)?c", None),
        (r"(?:will|shall) not renew", ("any", ("will not renew", "shall not renew"))),
        (r"\bp\s*[0-4]", ("any", ("0", "1", "2", "3", "4"))),  # "p" alone filters nothing, a digit does
        (r"\b(?:sev|p)[0-4]\b", ("any", ("sev0", "sev1", "sev2", "sev3", "sev4", "p0", "p1", "p2", "p3", "p4"))),
        (r"delet\w*.{0,80}?terminat|terminat\w*.{0,80}?(?:delet|eras)",
         ("any", (("all", ("delet", "terminat")), ("all", ("terminat", ("any", ("delet", "eras"))))))),
        (r"[内內]容", ("any", ("内容", "內容"))),
        (r"\d+", None),
    ],
)
def test_prefilter_expression_holds_the_necessary_literals(pattern: str, expression: object) -> None:
    found = requirement(re.compile(pattern, re.IGNORECASE))
    assert (found.expression if found else None) == expression


def test_prefilter_needs_every_branch_of_an_alternation() -> None:
    needs = requirement(re.compile(r"delet\w*.{0,80}?terminat|terminat\w*.{0,80}?delet", re.IGNORECASE))
    assert needs is not None
    assert needs.found_in("data is deleted on termination")
    assert not needs.found_in("this agreement survives termination")
    assert not needs.satisfied_by({"terminat"})
    assert needs.anchor in ({"delet"}, {"terminat"})


def test_prefilter_scanner_agrees_with_plain_substring_tests() -> None:
    rules = load_rules()
    all_needles = {n for rule in rules.rules if rule.needs for n in rule.needs.literals}
    scanner = NeedleScanner(all_needles)
    lines = [line.lower() for path in sorted(REAL_TERMS.glob("*.*")) if path.name != "SOURCES.md"
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 100
    for line in lines:
        assert scanner.present(line) == {n for n in all_needles if n in line}


def test_prefilter_every_rule_example_passes_its_own_filter() -> None:
    rules = load_rules()
    for rule in rules.rules:
        for example in rule.spec.examples.match:
            assert rule.needs is None or rule.needs.found_in(example.lower()), (rule.name, example)
            assert rule in rules.candidates(example.lower(), {rule.language}), (rule.name, example)


def test_prefilter_skips_only_rules_that_cannot_match_real_terms() -> None:
    rules = load_rules()
    texts = [fold(path.read_text(encoding="utf-8")) for path in sorted(REAL_TERMS.glob("*.*"))
             if path.suffix in {".md", ".txt", ".html"}]
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    assert len(lines) > 100
    skipped_checked = 0
    for line in lines:
        chosen = set(map(id, rules.candidates(line.lower(), {"en", "zh"})))
        for rule in rules.rules:
            if id(rule) not in chosen:
                skipped_checked += 1
                assert rule.regex.search(line) is None, (rule.name, line)
    assert skipped_checked > 10_000
