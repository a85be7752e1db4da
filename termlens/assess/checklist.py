"""The article's checklist (``data/assess/checklist.yaml``): each item present, vague or absent.

An item is *present* when a fact states it plainly, *vague* when its only
facts sit in hedged clauses or carry a value that leaves it to the vendor
(``vendor_discretion``), or when the topic is raised with no figure at all,
and *absent* otherwise. Every state keeps the clauses it was decided on.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from termlens.assess.vague import VagueHit
from termlens.assess.wording import Localized
from termlens.model import ChecklistItem, Clause, Fact, known_dimension
from termlens.resources import DATA_DIR, load_yaml
from termlens.scan import ClauseWords


class ItemSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    dimension: str
    label: Localized
    keys: tuple[str, ...] = Field(min_length=1)
    vague_values: tuple[Any, ...] = ()
    mentions: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    points: int = Field(ge=0, le=100)
    question: Localized

    @field_validator("dimension")
    @classmethod
    def _dimension(cls, value: str) -> str:
        return known_dimension(value)


class ChecklistFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[ItemSpec] = Field(min_length=1)


@cache
def item_specs() -> dict[str, ItemSpec]:
    items = load_yaml(DATA_DIR / "assess" / "checklist.yaml", ChecklistFile).items
    return {item.id: item for item in items}


@cache
def _mention_words(item_id: str) -> frozenset[str]:
    """An item's mention words as a clause's scan finds them: lower case, single spaces."""
    item = item_specs()[item_id]
    return frozenset(" ".join(word.lower().split()) for words in item.mentions.values() for word in words)


@cache
def mention_words() -> frozenset[str]:
    """The words :func:`check` needs a clause's scan (:mod:`termlens.scan`) to have looked for."""
    return frozenset().union(*map(_mention_words, item_specs()))


def check(
    clauses: tuple[Clause, ...],
    clause_dimensions: dict[str, tuple[str, ...]],
    facts: tuple[Fact, ...],
    hedges: tuple[VagueHit, ...],
    language: str,
    words: Sequence[ClauseWords],
) -> tuple[ChecklistItem, ...]:
    """Every checklist item's state in the terms, in the order of checklist.yaml.

    ``words``: each clause's scan with at least :func:`mention_words`.
    """
    hedged = {hit.clause for hit in hedges}
    # Each dimension's clauses, in document order, with the words each holds.
    by_dimension: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for clause, found in zip(clauses, words, strict=True):
        for dimension in clause_dimensions.get(clause.id, ()):
            by_dimension.setdefault(dimension, []).append((clause.id, found.present))
    return tuple(_check_item(item, by_dimension.get(item.dimension, []), facts, hedged, language)
                 for item in item_specs().values())


def _check_item(
    item: ItemSpec,
    own_clauses: list[tuple[str, frozenset[str]]],
    facts: tuple[Fact, ...],
    hedged: set[str],
    language: str,
) -> ChecklistItem:
    stating = [index for index, fact in enumerate(facts) if fact.key in item.keys]
    label = item.label(language)
    if stating:
        plain = [index for index in stating
                 if facts[index].clause not in hedged and facts[index].value not in item.vague_values]
        chosen = plain or stating
        evidence = tuple(dict.fromkeys(facts[index].clause for index in chosen))
        return ChecklistItem(item.id, item.dimension, label, "present" if plain else "vague", evidence, tuple(chosen))
    mentions = _mention_words(item.id)
    # A mention counts only in clauses of the item's own dimension, so "resolve"
    # in a dispute clause does not make a resolution time look half-stated.
    mentioned = tuple(clause for clause, present in own_clauses if not mentions.isdisjoint(present))
    return ChecklistItem(item.id, item.dimension, label, "vague" if mentioned else "absent", mentioned)
