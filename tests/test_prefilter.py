"""The literal prefilter never hides a rule that could match: it only skips work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from termlens.extract.prefilter import NeedleScanner, needles
from termlens.extract.rules import load_rules

REAL_TERMS = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:availability|uptime)\s+of", [{"availability", "uptime"}]),  # "of" filters nothing
        (r"x?\d+\s*(?:小时|分钟)内响应", [{"内响应"}, {"分钟", "小时"}]),
        (r"(?:a|b)?c", [{"c"}]),
        (r"(?:will|shall) not renew", [{" not renew"}, {"shall", "will"}]),
        (r"\d+", None),
    ],
)
def test_prefilter_needles_are_necessary_literals(pattern: str, expected: list[set[str]] | None) -> None:
    found = needles(re.compile(pattern, re.IGNORECASE))
    assert ([set(group) for group in found] if found else None) == expected


def test_prefilter_scanner_agrees_with_plain_substring_tests() -> None:
    rules = load_rules()
    all_needles = {n for rule in rules.rules for group in rule.needles or () for n in group}
    scanner = NeedleScanner(all_needles)
    lines = [line.lower() for path in sorted(REAL_TERMS.glob("*.*")) if path.name != "SOURCES.md"
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 100
    for line in lines:
        assert scanner.present(line) == {n for n in all_needles if n in line}


def test_prefilter_every_rule_example_passes_its_own_filter() -> None:
    for rule in load_rules().rules:
        for example in rule.spec.examples.match:
            lowered = example.lower()
            for group in rule.needles or ():
                assert any(n in lowered for n in group), (rule.name, example)
