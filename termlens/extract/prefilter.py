"""Literal needles a regular expression cannot match without: a cheap test before the real search.

Running ~170 rule patterns over every clause costs far more than checking
whether a clause contains "uptime" or "响应" at all. For each pattern we
derive, from its parse tree, an and/or expression over lower-case literals
that every text the pattern matches satisfies (in the spirit of RE2's
prefilters): ``delet\\w*.{0,80}termination|termination.{0,80}delet\\w*``
needs "delet" and "termination", whichever way round. A rule is searched
only in clauses that satisfy its expression; the result is identical,
because the expression is necessary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache

from termlens.resources import data_file

try:  # Python 3.11+ keeps the parser private; older versions call it sre_parse.
    from re import _constants as constants  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

Needles = frozenset[str]
# A literal, or ("all" | "any", parts); ("all", ()) is always true.
Expression = str | tuple[str, tuple["Expression", ...]]
ALWAYS: Expression = ("all", ())
LARGEST_CLASS = 10  # characters in a class worth spelling out ("[0-9]" is, "\\w" is not)
MOST_STRINGS = 32
WEAK, STRONG = 3, 5  # beside a needle of STRONG letters, one of WEAK letters or fewer is not worth scanning for  # strings a run of elements may be spelt out as
# Prose seldom uses these, so even a short needle holding one ("24", "%") is telling.
RARE_MARKS = frozenset("0123456789%@#$€£¥×")


@dataclass(frozen=True)
class Requirement:
    """What a pattern needs of a text: ``expression`` exactly, ``anchor`` as one necessary set to index on."""

    expression: Expression
    anchor: Needles
    literals: Needles = field(init=False)
    _test: Callable[[AbstractSet[str]], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "literals", frozenset(_literals(self.expression)))
        object.__setattr__(self, "_test", _compiled(self.expression))

    def satisfied_by(self, present: AbstractSet[str]) -> bool:
        """True when a text holding exactly the needles ``present`` may match."""
        return not self.anchor.isdisjoint(present) and self._test(present)  # the anchor alone rules most out

    @property
    def is_anchor(self) -> bool:
        """Whether any one needle of the anchor satisfies the whole requirement (nothing more to test)."""
        return self.literals == self.anchor and (isinstance(self.expression, str) or self.expression[0] == "any")

    def found_in(self, lowered: str) -> bool:
        """The same test by substring search, for one-off checks without a scanner."""
        return self._test({literal for literal in self.literals if literal in lowered})


def requirement(pattern: re.Pattern[str]) -> Requirement | None:
    """The literals every match of ``pattern`` contains; None when it needs no telling literal at all."""
    expression = _sequence(list(parser.parse(pattern.pattern, pattern.flags)))
    if expression == ALWAYS:
        return None
    anchor = max(_necessary_sets(expression), key=_selectivity)
    return Requirement(expression, anchor)


def _common(literal: str) -> bool:
    """Needles like "h", "of" or ", " occur in nearly every clause: they filter nothing and cost a scanner hit."""
    stripped = literal.strip()
    return len(stripped) < 3 and stripped.isascii() and not RARE_MARKS & set(stripped)


def _sequence(items: list) -> Expression:
    """A concatenation needs what each of its elements needs; runs of elements that match only a few
    strings ("p" and "[0-4]", "(?:will|shall) not") need one of those strings, spelt out."""
    parts: list[Expression] = []
    strings = [""]
    for op, argument in items:
        options = _exact(op, argument)
        if options is not None and len(strings) * len(options) <= MOST_STRINGS:
            strings = [string + option for string in strings for option in options]
            continue
        parts.append(_combine("any", list(strings)))
        if options is None:
            parts.append(_element(op, argument))
        strings = options or [""]
    parts.append(_combine("any", list(strings)))
    return _combine("all", parts)


def _element(op, argument) -> Expression:
    if op is constants.SUBPATTERN:
        return _sequence(list(argument[-1]))
    if op is constants.BRANCH:
        return _combine("any", [_sequence(list(branch)) for branch in argument[1]])
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, body = argument
        return _sequence(list(body)) if low >= 1 else ALWAYS
    return ALWAYS


def _exact(op, argument) -> list[str] | None:
    """The few lower-case strings an element can match, when they are few; None otherwise."""
    if op is constants.LITERAL:
        return [chr(argument).lower()]
    if op is constants.IN:
        return _class_members(argument)
    if op is constants.SUBPATTERN:
        return _exact_sequence(list(argument[-1]))
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and argument[:2] == (0, 1):  # "x?"
        inner = _exact_sequence(list(argument[2]))
        return None if inner is None else list(dict.fromkeys(["", *inner]))
    if op is constants.BRANCH:
        options = [_exact_sequence(list(branch)) for branch in argument[1]]
        if any(option is None for option in options):
            return None
        merged = list(dict.fromkeys(string for option in options for string in option or ()))
        return merged if len(merged) <= MOST_STRINGS else None
    return None


def _exact_sequence(items: list) -> list[str] | None:
    strings = [""]
    for op, argument in items:
        options = _exact(op, argument)
        if options is None or len(strings) * len(options) > MOST_STRINGS:
            return None
        strings = [string + option for string in strings for option in options]
    return strings


def _class_members(members: list) -> list[str] | None:
    """The characters of a small class ("[内內]", "[0-4]"); None for a wide or negated one."""
    characters: list[str] = []
    for op, argument in members:
        if op is constants.LITERAL:
            characters.append(chr(argument).lower())
        elif op is constants.RANGE and argument[1] - argument[0] < LARGEST_CLASS:
            characters.extend(chr(code).lower() for code in range(argument[0], argument[1] + 1))
        else:
            return None
    unique = list(dict.fromkeys(characters))
    return unique if 0 < len(unique) <= LARGEST_CLASS else None


def _combine(op: str, parts: list[Expression]) -> Expression:
    flat: list[Expression] = []
    for part in parts:
        if isinstance(part, str):
            part = ALWAYS if _common(part) else part
        if part == ALWAYS:
            if op == "any":
                return ALWAYS
            continue
        flat.extend(part[1] if isinstance(part, tuple) and part[0] == op else [part])
    unique = tuple(dict.fromkeys(flat))
    if op == "all" and any(_letters(part) >= STRONG for part in unique):
        # "the" beside "clock" filters next to nothing and costs a scanner hit in almost every clause.
        unique = tuple(part for part in unique
                       if not isinstance(part, str) or _letters(part) > WEAK or RARE_MARKS & set(part))
    if len(unique) == 1:
        return unique[0]
    return (op, unique) if unique else ALWAYS


def _letters(expression: Expression) -> int:
    """Letters in the shortest string that satisfies ``expression``, roughly: how rare such text is."""
    if isinstance(expression, str):
        return sum(character.isalnum() for character in expression)
    op, parts = expression
    return (sum if op == "all" else min)(map(_letters, parts))


def _necessary_sets(expression: Expression) -> list[Needles]:
    """Sets of literals of which every satisfying text holds at least one (a conjunctive normal form, loosened)."""
    if isinstance(expression, str):
        return [frozenset({expression})]
    op, parts = expression
    if op == "all":
        return [found for part in parts for found in _necessary_sets(part)]
    return [frozenset().union(*(max(_necessary_sets(part), key=_selectivity) for part in parts))]


def _selectivity(options: Needles) -> tuple[int, int, int]:
    """Sets with fewer frequent words first; then needles with more letters are rarer ("renew" before " not ");
    fewer alternatives are cheaper."""
    return (-len(_frequent() & {option.strip() for option in options}),
            min(sum(ch.isalnum() for ch in option) for option in options), -len(options))


@cache
def _frequent() -> frozenset[str]:
    return frozenset(data_file("lang/frequent_words.yaml")["words"])


def _literals(expression: Expression) -> list[str]:
    if isinstance(expression, str):
        return [expression]
    return [literal for part in expression[1] for literal in _literals(part)]


def _compiled(expression: Expression) -> Callable[[AbstractSet[str]], bool]:
    """The expression as a test of a set of present needles; literals are tested together, as sets.

    Tests run for every clause that holds a rule's anchor, so the common shapes (no nested part,
    one, two) get their own closures rather than a generator each time.
    """
    if isinstance(expression, str):
        return lambda present: expression in present
    op, parts = expression
    words = frozenset(part for part in parts if isinstance(part, str))
    nested = tuple(_compiled(part) for part in parts if not isinstance(part, str))
    if op == "all":
        if not nested:
            return words.issubset
        if len(nested) == 1:
            (first,) = nested
            return lambda present: words <= present and first(present)
        if len(nested) == 2:
            first, second = nested
            return lambda present: words <= present and first(present) and second(present)
        return lambda present: words <= present and all(test(present) for test in nested)
    if not nested:
        return lambda present: not words.isdisjoint(present)
    if len(nested) == 1:
        (first,) = nested
        return lambda present: not words.isdisjoint(present) or first(present)
    return lambda present: not words.isdisjoint(present) or any(test(present) for test in nested)
