"""Hedged wording in place of a commitment: 尽力, 原则上, "commercially reasonable efforts", "we may".

The lexicon is ``data/assess/vague.yaml``. Matching runs on ``fold(clause.text)``
(Traditional → Simplified, full-width → ASCII, same length), so the offsets of
a hit are offsets in the original text and its quote is exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from termlens.extract.prefilter import Requirement, requirement
from termlens.model import Clause
from termlens.resources import DATA_DIR, load_yaml
from termlens.scan import ClauseWords, scan_clauses
from termlens.textnorm import fold


class Phrase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    unless: tuple[str, ...] = ()
    exact_case: bool = False


class VendorMay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subjects: list[str]
    modals: list[str]
    verbs: list[str]
    not_vendor: list[str] = Field(default_factory=list)


class VagueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phrases: dict[str, list[Phrase]]
    vendor_may: dict[str, VendorMay]


@dataclass(frozen=True, slots=True)
class VagueHit:
    """Hedged words in a clause; ``start``/``end`` are offsets into the document text."""

    clause: str
    start: int
    end: int


@dataclass(frozen=True)
class _Matcher:
    phrases: dict[str, tuple[tuple[re.Pattern[str], Phrase], ...]]  # by the scanner's key
    vendor_may: tuple[re.Pattern[str], ...]
    not_vendor: frozenset[str]
    may_needs: tuple[Requirement | None, ...]
    words: frozenset[str]  # what a clause is scanned for: the phrases and the modal patterns' needles


def _words(words: list[str]) -> str:
    """An alternation, longest first so that 可能会 is tried before 可."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _phrase_pattern(phrase: Phrase) -> re.Pattern[str]:
    escaped = re.escape(phrase.text).replace(r"\ ", r"\s+")
    flags = 0 if phrase.exact_case else re.IGNORECASE
    return re.compile(rf"\b{escaped}\b" if phrase.text.isascii() else escaped, flags)


def _vendor_may_pattern(language: str, spec: VendorMay) -> re.Pattern[str]:
    if language == "zh":
        # 可 alone must not start 可用性 (availability), 可靠 or 可控.
        modals = _words(spec.modals).replace("|可", "|可(?![用靠控信])") if "可" in spec.modals else _words(spec.modals)
        return re.compile(rf"(?:{_words(spec.subjects)})\s*(?:将|会)?(?:{modals})[^，。；,;]{{0,4}}?(?:{_words(spec.verbs)})")
    # A capitalised name before "may" is read as the vendor ("ZITADEL may offer"),
    # unless it is the customer; the subject group lets the caller check that.
    subject = rf"(?P<subject>(?i:{_words(spec.subjects)})|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,2}})"
    return re.compile(rf"\b{subject}\s+(?i:{_words(spec.modals)})\s+(?!not\b)(?:\w+\s+){{0,2}}?"
                      rf"(?i:{_words(spec.verbs)})\b")


@cache
def _matcher() -> _Matcher:
    spec = load_yaml(DATA_DIR / "assess" / "vague.yaml", VagueFile)
    by_key: dict[str, list[tuple[re.Pattern[str], Phrase]]] = {}
    for entries in spec.phrases.values():
        for phrase in entries:
            by_key.setdefault(_phrase_key(phrase), []).append((_phrase_pattern(phrase), phrase))
    phrases = {key: tuple(patterns) for key, patterns in by_key.items()}
    vendor_may = tuple(_vendor_may_pattern(lang, may) for lang, may in sorted(spec.vendor_may.items()))
    not_vendor = frozenset(word.lower() for may in spec.vendor_may.values() for word in may.not_vendor)
    may_needs = tuple(requirement(p) for p in vendor_may)
    words = frozenset(phrases) | {literal for needs in may_needs if needs for literal in needs.literals}
    return _Matcher(phrases, vendor_may, not_vendor, may_needs, words)


def hedge_words() -> frozenset[str]:
    """The words :func:`vague_hits` needs a clause's scan (:mod:`termlens.scan`) to have looked for."""
    return _matcher().words


def _phrase_key(phrase: Phrase) -> str:
    """The phrase as the scanner looks for it: lower case, single spaces."""
    return " ".join(phrase.text.lower().split())


def vague_hits(clauses: Sequence[Clause], words: Sequence[ClauseWords] | None = None) -> tuple[VagueHit, ...]:
    """Every hedge in the clauses, in document order; overlapping hits keep the longest.

    ``words``: each clause's scan with at least :func:`hedge_words`; scanned here when not given.
    """
    matcher = _matcher()
    if words is None:
        words = scan_clauses(clauses, [matcher.words])
    hits: list[VagueHit] = []
    # Most clauses hedge nothing: the scan says which phrases and modal patterns are worth a search.
    for clause, scanned in zip(clauses, words, strict=True):
        present = scanned.present
        keys = sorted(present & matcher.phrases.keys())
        modal = [pattern for pattern, needs in zip(matcher.vendor_may, matcher.may_needs, strict=True)
                 if needs is None or needs.satisfied_by(present)]
        if not keys and not modal:
            continue
        folded = fold(clause.text)
        lowered = folded.lower()
        found: list[tuple[int, int]] = []
        for key in keys:
            for pattern, phrase in matcher.phrases[key]:
                if not any(word.lower() in lowered for word in phrase.unless):
                    found.extend(match.span() for match in pattern.finditer(folded))
        for pattern in modal:
            for match in pattern.finditer(folded):
                subject = match.groupdict().get("subject")
                if subject is None or " ".join(subject.lower().split()) not in matcher.not_vendor:
                    found.append(match.span())
        hits.extend(VagueHit(clause.id, clause.start + start, clause.start + end) for start, end in _longest(found))
    return tuple(hits)


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end)
            continue
        kept.append((start, end))
    return kept
