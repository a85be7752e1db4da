"""Fact alignment between two versions: same key and qualifier, then how the value moved.

Facts are grouped by key and by the qualifiers that say whom a figure is
for (severity, plan, service); a document that repeats a figure gives a
group several facts with one distinct value. Keys whose facts are told
apart by value (one ``scope.exclusion`` per excluded kind) or by a field
(a credit band by its threshold) are matched inside the group on that
identity first, as ``directions.yaml`` says.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from termlens.model import Fact
from termlens.watch.describe import values_text
from termlens.watch.directions import Direction, Directions, compare

FactChangeKind = Literal["added", "removed", "changed"]
Leaning = Literal["weaker", "stronger", "unclear"]
_GROUPING = ("severity", "plan", "service")


@dataclass(frozen=True, slots=True)
class FactChange:
    key: str
    qualifier: dict[str, str]
    kind: FactChangeKind
    direction: Leaning
    old: tuple[Fact, ...]
    new: tuple[Fact, ...]
    what: str  # "P1 response time"
    summary: str  # "P1 response time: 1 h → 4 h"
    old_text: str
    new_text: str

    @property
    def dimension(self) -> str:
        return self.key.split(".", 1)[0]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _distinct(facts: list[Fact]) -> list[Any]:
    seen: dict[str, Any] = {}
    for fact in facts:
        seen.setdefault(_canonical(fact.value), fact.value)
    return list(seen.values())


def fact_changes(old: tuple[Fact, ...], new: tuple[Fact, ...], directions: Directions,
                 language: str) -> list[FactChange]:
    groups: dict[tuple[str, ...], tuple[list[Fact], list[Fact]]] = defaultdict(lambda: ([], []))
    for side, facts in ((0, old), (1, new)):
        for fact in facts:
            group = (fact.key, *(fact.qualifier.get(name, "").casefold() for name in _GROUPING))
            groups[group][side].append(fact)
    changes: list[FactChange] = []
    for group in sorted(groups):
        before, after = groups[group]
        direction = directions.of(group[0])
        for old_slot, new_slot in _slots(direction, before, after):
            change = _change(group[0], old_slot, new_slot, direction, directions, language)
            if change is not None:
                changes.append(change)
    return changes


def _slots(direction: Direction, before: list[Fact], after: list[Fact]) -> list[tuple[list[Fact], list[Fact]]]:
    """Pairs of (old facts, new facts) to compare; one pair per identity, or one for the whole group."""
    if direction.identity is None:
        return [(before, after)]

    def identity(fact: Fact) -> Any:
        if direction.identity == "value":
            return _canonical(fact.value)
        return fact.value.get(direction.identity) if isinstance(fact.value, dict) else _canonical(fact.value)

    old_by: dict[Any, list[Fact]] = defaultdict(list)
    new_by: dict[Any, list[Fact]] = defaultdict(list)
    for fact in before:
        old_by[identity(fact)].append(fact)
    for fact in after:
        new_by[identity(fact)].append(fact)
    slots = [(old_by[k], new_by[k]) for k in old_by if k in new_by]
    old_only = [k for k in old_by if k not in new_by]
    new_only = [k for k in new_by if k not in old_by]
    if direction.pair_leftovers:
        # A credit band whose threshold moved is the same band, changed; pair them from the top.
        old_only.sort(key=_sort_key, reverse=True)
        new_only.sort(key=_sort_key, reverse=True)
        paired = min(len(old_only), len(new_only))
        slots += [(old_by[a], new_by[b]) for a, b in zip(old_only[:paired], new_only[:paired])]
        old_only, new_only = old_only[paired:], new_only[paired:]
    slots += [(old_by[k], []) for k in old_only]
    slots += [([], new_by[k]) for k in new_only]
    return slots


def _sort_key(value: Any) -> tuple[int, float, str]:
    return (1, float(value), "") if isinstance(value, (int, float)) else (0, 0.0, str(value))


def _change(key: str, before: list[Fact], after: list[Fact], direction: Direction, directions: Directions,
            language: str) -> FactChange | None:
    old_values, new_values = _distinct(before), _distinct(after)
    if {_canonical(v) for v in old_values} == {_canonical(v) for v in new_values}:
        return None
    sample = (after or before)[0]
    qualifier = {k: v for k, v in sample.qualifier.items() if k in (*_GROUPING, "label")}
    what = _what(direction.name(language, key), qualifier)
    old_text, new_text = values_text(old_values, language), values_text(new_values, language)
    shared_slot = _shared_slot(direction, old_values + new_values)
    if shared_slot is not None:
        # "service credit below 97 %: 20 % → 10 %" reads better than repeating the threshold on both sides.
        what = f"{what} {direction.slot.get(language) or direction.slot['en']}".format(**shared_slot)
        old_text = ", ".join(direction.shown.format(**v) for v in old_values) or "—"
        new_text = ", ".join(direction.shown.format(**v) for v in new_values) or "—"
    if not before or not after:
        kind: FactChangeKind = "added" if not before else "removed"
        gained = {"good": "stronger", "bad": "weaker"}.get(direction.presence or "neutral", "unclear")
        lost = {"good": "weaker", "bad": "stronger"}.get(direction.presence or "neutral", "unclear")
        leaning: Leaning = gained if kind == "added" else lost  # type: ignore[assignment]
    else:
        old_keys = {_canonical(v) for v in old_values}
        new_keys = {_canonical(v) for v in new_values}
        # One figure of several gone (or one more figure said): name just that one, judged against the rest.
        kind = "removed" if new_keys < old_keys else "added" if old_keys < new_keys else "changed"
        leaning = _leaning(direction, old_values, new_values)
        if kind == "removed":
            old_text = values_text([v for v in old_values if _canonical(v) not in new_keys], language)
        elif kind == "added":
            new_text = values_text([v for v in new_values if _canonical(v) not in old_keys], language)
    summary = directions.message(kind, language, what=what, old=old_text, new=new_text)
    return FactChange(key, qualifier, kind, leaning, tuple(before), tuple(after), what, summary, old_text, new_text)


def _shared_slot(direction: Direction, values: list[Any]) -> dict[str, Any] | None:
    """The value to name the slot with, when every value has the same identity field and the key says how."""
    field = direction.identity
    if not direction.slot or not direction.shown or field in (None, "value"):
        return None
    if not all(isinstance(v, dict) and field in v for v in values) or len({v[field] for v in values}) != 1:
        return None
    return values[0]


def _leaning(direction: Direction, old_values: list[Any], new_values: list[Any]) -> Leaning:
    old_keys = {_canonical(v) for v in old_values}
    new_keys = {_canonical(v) for v in new_values}
    old_only = [v for v in old_values if _canonical(v) not in new_keys] or old_values
    new_only = [v for v in new_values if _canonical(v) not in old_keys] or new_values
    verdicts = {compare(direction, o, n) for o in old_only for n in new_only} - {"same"}
    return verdicts.pop() if len(verdicts) == 1 else "unclear"  # type: ignore[return-value]


def _what(name: str, qualifier: dict[str, str]) -> str:
    level = qualifier.get("label") or qualifier.get("severity") or ""
    parts = [qualifier.get("plan", ""), qualifier.get("service", ""), level, name]
    return " ".join(part for part in parts if part)
