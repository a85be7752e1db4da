"""Clause alignment between two versions of a document.

Three passes: identical text first (preferring the same section), then the
most similar remaining pairs above a threshold (similarity of the word or
character sequences, with a bonus for staying in the same section), and
last a check of order: a matched pair that leaves the section it was in, or
falls outside the longest run of pairs kept in order, has moved.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from termlens.model import Clause
from termlens.textnorm import fold
from termlens.watch.textdiff import TextEdit, comparable, edits

ChangeKind = Literal["added", "removed", "reworded", "moved"]

# Below this a pair of clauses is a removal plus an addition, not a rewording.
MATCH_THRESHOLD = 0.6
# Staying in the same section breaks near-ties between candidate partners.
SAME_SECTION_BONUS = 0.05
_NUMBERING = re.compile(r"^\s*(?:[\d.]+|[一二三四五六七八九十]+[、.．]|第[^章节条]{1,4}[章节条]|[a-z][.)]|\(\w+\))\s*",
                        re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """How one clause changed; ``moved`` can accompany a rewording."""

    kind: ChangeKind
    old: Clause | None
    new: Clause | None
    similarity: float = 0.0
    moved: bool = False
    edits: tuple[TextEdit, ...] = ()


@dataclass(frozen=True, slots=True)
class Alignment:
    changes: tuple[ClauseChange, ...]
    unchanged: int
    pairs: tuple[tuple[int, int], ...]  # (old index, new index) of every matched clause


def section_key(clause: Clause) -> tuple[str, ...]:
    """The clause's section path without numbering, so renumbering a section is not a move."""
    path = clause.section_path or ((clause.section,) if clause.section else ())
    return tuple(_NUMBERING.sub("", fold(title)).strip().casefold() for title in path)


def _text_key(clause: Clause) -> str:
    return " ".join(fold(clause.text).casefold().split())


def align(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> Alignment:
    pairs = _identical(old, new)
    pairs.update(_similar(old, new, pairs))
    ordered = _in_order(sorted(pairs.items()))
    placed: list[tuple[int, ClauseChange]] = []  # (position in the new text, change)
    unchanged = 0
    for i, j in sorted(pairs.items(), key=lambda item: item[1]):
        moved = (i, j) not in ordered or section_key(old[i]) != section_key(new[j])
        same_text = _text_key(old[i]) == _text_key(new[j])
        if same_text and not moved:
            unchanged += 1
        elif same_text:
            placed.append((new[j].start, ClauseChange("moved", old[i], new[j], 1.0, True)))
        else:
            change = ClauseChange("reworded", old[i], new[j], _ratio(old[i], new[j]), moved,
                                  edits(old[i].text, new[j].text))
            placed.append((new[j].start, change))
    matched_new = set(pairs.values())
    placed += [(clause.start, ClauseChange("added", None, clause)) for j, clause in enumerate(new)
               if j not in matched_new]
    placed += [(_anchor(i, pairs, new), ClauseChange("removed", clause, None)) for i, clause in enumerate(old)
               if i not in pairs]
    placed.sort(key=lambda item: item[0])
    return Alignment(tuple(change for _, change in placed), unchanged, tuple(sorted(pairs.items())))


def _anchor(index: int, pairs: dict[int, int], new: tuple[Clause, ...]) -> int:
    """Where a removed clause would sit in the new text: just after its nearest kept predecessor."""
    before = [(i, j) for i, j in pairs.items() if i < index]
    return new[max(before)[1]].end if before else 0


def _identical(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> dict[int, int]:
    waiting: dict[str, list[int]] = defaultdict(list)
    for i, clause in enumerate(old):
        waiting[_text_key(clause)].append(i)
    pairs: dict[int, int] = {}
    for j, clause in enumerate(new):
        candidates = waiting.get(_text_key(clause))
        if not candidates:
            continue
        same_section = [i for i in candidates if section_key(old[i]) == section_key(clause)]
        chosen = (same_section or candidates)[0]
        candidates.remove(chosen)
        pairs[chosen] = j
    return pairs


def _ratio(old: Clause, new: Clause) -> float:
    return SequenceMatcher(None, comparable(old.text), comparable(new.text), autojunk=False).ratio()


def _similar(old: tuple[Clause, ...], new: tuple[Clause, ...], taken: dict[int, int]) -> dict[int, int]:
    left = [i for i in range(len(old)) if i not in taken]
    right = [j for j in range(len(new)) if j not in set(taken.values())]
    tokens_new = {j: comparable(new[j].text) for j in right}
    scored: list[tuple[float, int, int]] = []
    for i in left:
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(comparable(old[i].text))  # seq2 is cached by difflib: the old clause is the fixed side
        for j in right:
            matcher.set_seq1(tokens_new[j])
            if matcher.real_quick_ratio() < MATCH_THRESHOLD or matcher.quick_ratio() < MATCH_THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio >= MATCH_THRESHOLD:
                bonus = SAME_SECTION_BONUS if section_key(old[i]) == section_key(new[j]) else 0.0
                scored.append((ratio + bonus, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest subsequence of pairs whose new positions increase with the old ones."""
    tails: list[int] = []  # smallest new index ending an increasing run of each length
    tail_at: list[int] = []  # which pair that is
    parent: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[length] = j
            tail_at[length] = k
        parent[k] = tail_at[length - 1] if length else -1
    kept: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.add(pairs[k])
        k = parent[k]
    return kept
