"""The literal prefilter never hides a rule that could match: it only skips work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from termlens.extract.prefilter import requirement
from termlens.extract.rules import load_rules
from termlens.scan import WordScanner, matching_text
from termlens.textnorm import fold

REAL_TERMS = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"
needs_real_terms = pytest.mark.skipif(not REAL_TERMS.is_dir(), reason=f"{REAL_TERMS} is not here: the shared real "
                                      "terms sit beside the project (../shared/real-terms)")


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


def _paragraphs() -> list[str]:
    """Real terms cut at blank lines, so that texts hold line breaks and runs of spaces."""
    texts = [fold(path.read_text(encoding="utf-8")) for path in sorted(REAL_TERMS.glob("*.*"))
             if path.suffix in {".md", ".txt", ".html"}]
    return [part for text in texts for part in text.split("\n\n") if part.strip()]


@needs_real_terms
def test_scanner_finds_every_needle_the_plain_text_holds() -> None:
    rules = load_rules()
    scanner = WordScanner(rules.needles)
    paragraphs = _paragraphs()
    assert len(paragraphs) > 100
    for paragraph in paragraphs:
        found = scanner.scan(matching_text(paragraph))
        assert found.present >= {needle for needle in rules.needles if needle in paragraph.lower()}
        assert all(found.text[end + 1 - len(word):end + 1] == word
                   for end, registered in found.hits for word in registered if " " not in word)


def test_scanner_reads_needles_with_whitespace_in_collapsed_text() -> None:
    scanner = WordScanner({"in advance", " not ", "end  of"})
    found = scanner.scan(matching_text("Notice given IN\n  ADVANCE, not\tlater, at the END of"))
    assert found.present == {"in advance", " not ", "end  of"}


def test_prefilter_every_rule_example_passes_its_own_filter() -> None:
    rules = load_rules()
    scanner = WordScanner(rules.needles)
    for rule in rules.rules:
        for example in rule.spec.examples.match:
            assert rule.needs is None or rule.needs.found_in(example.lower()), (rule.name, example)
            present = scanner.scan(matching_text(example)).present
            assert rule in rules.candidates(present, {rule.language}), (rule.name, example)


@needs_real_terms
def test_prefilter_skips_only_rules_that_cannot_match_real_terms() -> None:
    rules = load_rules()
    scanner = WordScanner(rules.needles)
    skipped_checked = 0
    for paragraph in _paragraphs():
        chosen = set(map(id, rules.candidates(scanner.scan(matching_text(paragraph)).present, {"en", "zh"})))
        for rule in rules.rules:
            if id(rule) not in chosen:
                skipped_checked += 1
                assert rule.regex.search(paragraph) is None, (rule.name, paragraph)
    assert skipped_checked > 10_000
