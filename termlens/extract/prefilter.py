"""Literal needles a regular expression cannot match without: a cheap test before the real search.

Running ~170 rule patterns over every clause costs far more than checking
whether a clause contains "uptime" or "响应" at all. For each pattern we
derive, from its parse tree, a set of lower-case strings of which at least
one must occur in any text the pattern matches (in the spirit of RE2's
prefilters). A rule is searched only in clauses that contain one of its
needles; the result is identical, because the needles are necessary.
"""

from __future__ import annotations

import re

import ahocorasick

try:  # Python 3.11+ keeps the parser private; older versions call it sre_parse.
    from re import _constants as constants  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

Needles = frozenset[str]


def needles(pattern: re.Pattern[str]) -> Needles | None:
    """Lower-case strings, one of which every match of ``pattern`` contains; None when there are none."""
    found = _sequence(list(parser.parse(pattern.pattern, pattern.flags)))
    return found if found and all(found) else None


def _sequence(items: list) -> Needles | None:
    """The best requirement of a concatenation: a literal run or one element's own requirement."""
    candidates: list[Needles] = []
    run = ""
    for op, argument in items:
        if op is constants.LITERAL:
            run += chr(argument).lower()
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        required = _element(op, argument)
        if required:
            candidates.append(required)
    if run:
        candidates.append(frozenset({run}))
    return max(candidates, key=_selectivity, default=None)


def _element(op, argument) -> Needles | None:
    if op is constants.SUBPATTERN:
        return _sequence(list(argument[-1]))
    if op is constants.BRANCH:
        alternatives = [_sequence(list(branch)) for branch in argument[1]]
        if any(not alternative for alternative in alternatives):
            return None
        return frozenset().union(*alternatives)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, body = argument
        return _sequence(list(body)) if low >= 1 else None
    if op is constants.IN:
        return _char_class(argument)
    return None


def _char_class(members: list) -> Needles | None:
    """A small class of literals ("[内内]") needs one of them; anything wider needs nothing."""
    chars = set()
    for op, argument in members:
        if op is not constants.LITERAL:
            return None
        chars.add(chr(argument).lower())
    return frozenset(chars) if 0 < len(chars) <= 4 else None


def _selectivity(options: Needles) -> tuple[int, int]:
    """Longer needles are rarer; fewer alternatives are cheaper to test."""
    return (min(len(option) for option in options), -len(options))


class NeedleScanner:
    """Finds which of many needles occur in a text in one Aho-Corasick pass."""

    def __init__(self, all_needles: set[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for needle in sorted(all_needles):
            self._automaton.add_word(needle, needle)
        if all_needles:
            self._automaton.make_automaton()
        self._empty = not all_needles

    def present(self, lowered: str) -> set[str]:
        if self._empty:
            return set()
        return {needle for _, needle in self._automaton.iter(lowered)}
