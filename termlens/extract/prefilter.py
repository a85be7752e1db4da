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
Requirement = tuple[Needles, ...]
MOST_SETS = 3


def needles(pattern: re.Pattern[str]) -> Requirement | None:
    """Sets of lower-case strings such that every match of ``pattern`` contains one string of each set.

    The sets are ordered rarest first; None when the pattern needs no literal at all.
    """
    sets = [found for found in _requirements(list(parser.parse(pattern.pattern, pattern.flags))) if all(found)]
    ranked = sorted(set(sets), key=_selectivity, reverse=True)
    # Needles like "h", "of" or "%" occur in nearly every clause: they cost a scanner hit each and
    # filter nothing, so they only serve when a pattern has nothing better.
    telling = [found for found in ranked if not _common(found)]
    return tuple((telling or ranked)[:MOST_SETS]) or None


def _common(options: Needles) -> bool:
    return any(len(option.strip()) < 3 and option.isascii() for option in options)


def _requirements(items: list) -> list[Needles]:
    """What a concatenation needs: each literal run, and what each required element needs."""
    found: list[Needles] = []
    run = ""
    for op, argument in items:
        if op is constants.LITERAL:
            run += chr(argument).lower()
            continue
        if run:
            found.append(frozenset({run}))
            run = ""
        found.extend(_element(op, argument))
    if run:
        found.append(frozenset({run}))
    return found


def _element(op, argument) -> list[Needles]:
    if op is constants.SUBPATTERN:
        return _requirements(list(argument[-1]))
    if op is constants.BRANCH:
        best = [max(_requirements(list(branch)), key=_selectivity, default=None) for branch in argument[1]]
        return [] if any(option is None for option in best) else [frozenset().union(*best)]
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, body = argument
        return _requirements(list(body)) if low >= 1 else []
    if op is constants.IN:
        members = _char_class(argument)
        return [members] if members else []
    return []


def _char_class(members: list) -> Needles | None:
    """A small class of literals ("[内内]") needs one of them; anything wider needs nothing."""
    chars = set()
    for op, argument in members:
        if op is not constants.LITERAL:
            return None
        chars.add(chr(argument).lower())
    return frozenset(chars) if 0 < len(chars) <= 4 else None


def _selectivity(options: Needles) -> tuple[int, int]:
    """Needles with more letters are rarer ("renew" before " not "); fewer alternatives are cheaper."""
    return (min(sum(ch.isalnum() for ch in option) for option in options), -len(options))


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
