"""One pass per clause for the words every stage looks up: rule needles, lexicon cues and hedges.

Extraction asks which rules a clause may match (their needles, see
:mod:`termlens.extract.prefilter`), classification which lexicon cues it
holds, assessment which hedges. Each used to scan every clause for its own
words; one Aho-Corasick automaton over all of them reads each clause once.

Words are looked for in the clause's *matching text*: folded, lower case,
each run of whitespace one space. A word holding whitespace is looked for
in that form too, so a word that occurs in the plain lower-case text always
occurs in the matching text; hits are reported as the words the stages
registered, with their end offset in the matching text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from termlens.model import Clause
from termlens.textnorm import fold

_registered = itemgetter(1)


def matching_text(text: str) -> str:
    """Folded, lower case, whitespace runs as single spaces, stripped."""
    return " ".join(fold(text).lower().split())


def _spaced(word: str) -> str:
    """``word`` as it reads in matching text: inner whitespace runs as one space, an edge space kept."""
    inner = " ".join(word.split())
    if not inner:
        return " " if word else ""
    return (" " if word[0].isspace() else "") + inner + (" " if word[-1].isspace() else "")


class ClauseWords(NamedTuple):  # one is built for every clause, and tuples are the quickest to build
    """The registered words a clause holds.

    ``hits``: (end offset in ``text``, the words registered under what was found there), in text order;
    several registered words can read the same in matching text ("end of" and "end  of").
    """

    text: str
    hits: list[tuple[int, tuple[str, ...]]]
    present: frozenset[str]


class WordScanner:
    """Finds which of many words occur in a text, and where, in one Aho-Corasick pass."""

    def __init__(self, words: Iterable[str]) -> None:
        spellings: dict[str, list[str]] = {}
        for word in sorted(set(words)):
            if word.strip():
                spellings.setdefault(_spaced(word), []).append(word)
        self._automaton = ahocorasick.Automaton()
        for spelling, registered in spellings.items():
            self._automaton.add_word(spelling, tuple(registered))
        if spellings:
            self._automaton.make_automaton()
        self._empty = not spellings

    def scan(self, text: str) -> ClauseWords:
        """The words in ``text`` (already matching text, see :func:`matching_text`)."""
        if self._empty:
            return ClauseWords(text, [], frozenset())
        hits = list(self._automaton.iter(text))
        return ClauseWords(text, hits, frozenset(chain.from_iterable(map(_registered, hits))))


@cache
def _scanner(vocabularies: tuple[frozenset[str], ...]) -> WordScanner:
    return WordScanner(word for vocabulary in vocabularies for word in vocabulary)


def scan_texts(texts: Iterable[str], vocabularies: Sequence[frozenset[str]]) -> tuple[ClauseWords, ...]:
    """Every text's words of ``vocabularies`` (the stages' word sets), one pass per text."""
    scanner = _scanner(tuple(vocabularies))
    return tuple(scanner.scan(matching_text(text)) for text in texts)


def scan_clauses(clauses: Sequence[Clause], vocabularies: Sequence[frozenset[str]]) -> tuple[ClauseWords, ...]:
    """Every clause's words of ``vocabularies``, one pass per clause."""
    return scan_texts((clause.text for clause in clauses), vocabularies)
