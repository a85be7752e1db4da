"""The small declarative vocabulary of ``when:`` blocks in ``data/assess/findings.yaml``.

A block is a conjunction of tests (see the header of findings.yaml). Each
test that holds returns the grounds it stands on: fact indices, clause ids
and spans. A test about silence (``missing``) stands on nothing, which makes
the finding a gap of its dimension.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from termlens.assess.vague import VagueHit
from termlens.model import DIMENSIONS, ChecklistItem, Clause, Fact, Profile, Span

BUYER_LANGUAGE = "{buyer.language}"


def _known_keys(keys: list[str]) -> list[str]:
    for key in keys:
        if key.split(".", 1)[0] not in DIMENSIONS or "." not in key:
            raise ValueError(f"{key!r} is not a fact key (dimension.name, one of the nine dimensions)")
    return keys


class FactTest(BaseModel):
    """A test on the facts of one key: their value (or ``field`` of it) equals, is in, or is within a limit."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    key: str
    field: str | None = None
    equals: Any = None
    one_of: tuple[Any, ...] | None = Field(None, alias="in")
    at_most: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> FactTest:
        _known_keys([self.key])
        given = [name for name in ("equals", "one_of", "at_most", "at_least") if name in self.model_fields_set]
        if len(given) != 1:
            raise ValueError("give exactly one of equals, in, at_most, at_least")
        return self

    def accepts(self, fact: Fact, profile: Profile) -> bool:
        value = fact.value.get(self.field) if self.field and isinstance(fact.value, dict) else fact.value
        if "equals" in self.model_fields_set:
            return value == (profile.language if self.equals == BUYER_LANGUAGE else self.equals)
        if self.one_of is not None:
            return value in self.one_of
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        if self.at_most is not None:
            return value <= self.at_most
        return self.at_least is not None and value >= self.at_least


class BuyerTest(BaseModel):
    """A test on the buyer, not on the terms."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    overseas: bool | None = None
    industry: tuple[str, ...] | None = None
    reads_document_language: bool | None = None


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    present: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    has: FactTest | None = None
    lacks: FactTest | None = None
    item: dict[str, Literal["present", "vague", "absent"]] = Field(default_factory=dict)
    vague_wording: bool | None = None
    buyer: BuyerTest | None = None
    any: tuple[Condition, ...] = ()

    @field_validator("present", "missing")
    @classmethod
    def _keys(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_known_keys(list(keys)))

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not self.model_fields_set:
            raise ValueError("a when block needs at least one test")
        return self


@dataclass(frozen=True)
class Situation:
    """The terms and the buyer as the assessment sees them: what a condition may look at."""

    text: str
    document_language: str
    clauses: tuple[Clause, ...]
    clause_dimensions: dict[str, tuple[str, ...]]
    facts: tuple[Fact, ...]
    checklist: dict[str, ChecklistItem]
    hedges: tuple[VagueHit, ...]
    profile: Profile

    @cached_property
    def clause_order(self) -> dict[str, int]:
        return {clause.id: index for index, clause in enumerate(self.clauses)}

    def dimension_of(self, clause_id: str, fallback: str) -> str:
        """The clause's best dimension; for a clause no dimension claims, its section's most common one."""
        dimensions = self.clause_dimensions.get(clause_id, ())
        if dimensions:
            return dimensions[0]
        return self._section_dimension.get(self.clauses[self.clause_order[clause_id]].section, fallback)

    @cached_property
    def _section_dimension(self) -> dict[str, str]:
        counts: dict[str, Counter[str]] = {}
        for clause in self.clauses:
            best = self.clause_dimensions.get(clause.id, ())
            if best:
                counts.setdefault(clause.section, Counter())[best[0]] += 1
        # Ties go to the dimension listed first in DIMENSIONS, never to dictionary order.
        return {section: min(counter, key=lambda d: (-counter[d], DIMENSIONS.index(d)))
                for section, counter in counts.items()}


@dataclass
class Grounds:
    """What a condition that holds stands on."""

    facts: set[int] = field(default_factory=set)
    clauses: set[str] = field(default_factory=set)
    spans: set[tuple[str, Span]] = field(default_factory=set)  # (clause id, words in it)

    def add_facts(self, indices: list[int], facts: tuple[Fact, ...]) -> None:
        self.facts.update(indices)
        self.clauses.update(facts[index].clause for index in indices)

    def merge(self, other: Grounds) -> None:
        self.facts |= other.facts
        self.clauses |= other.clauses
        self.spans |= other.spans


def holds(condition: Condition, situation: Situation) -> Grounds | None:
    """The grounds of ``condition`` in ``situation``, or None when it does not hold."""
    grounds = Grounds()
    facts = situation.facts
    of_key = {key: [i for i, fact in enumerate(facts) if fact.key == key]
              for key in {*condition.present, *condition.missing}}
    if any(not of_key[key] for key in condition.present) or any(of_key[key] for key in condition.missing):
        return None
    for key in condition.present:
        grounds.add_facts(of_key[key], facts)
    for test, wanted in ((condition.has, True), (condition.lacks, False)):
        if test is None:
            continue
        same_key = [i for i, fact in enumerate(facts) if fact.key == test.key]
        accepted = [i for i in same_key if test.accepts(facts[i], situation.profile)]
        if bool(accepted) != wanted:
            return None
        grounds.add_facts(accepted if wanted else same_key, facts)
    for item_id, state in condition.item.items():
        item = situation.checklist[item_id]
        if item.state != state:
            return None
        grounds.add_facts(list(item.facts), facts)
        grounds.clauses.update(item.evidence)
    if condition.vague_wording is not None:
        if bool(situation.hedges) != condition.vague_wording:
            return None
        grounds.clauses.update(hit.clause for hit in situation.hedges)
        grounds.spans.update((hit.clause, Span(hit.start, hit.end)) for hit in situation.hedges)
    if condition.buyer is not None and not _buyer_matches(condition.buyer, situation):
        return None
    if condition.any:
        held = [g for g in (holds(branch, situation) for branch in condition.any) if g is not None]
        if not held:
            return None
        for branch_grounds in held:
            grounds.merge(branch_grounds)
    return grounds


def _buyer_matches(test: BuyerTest, situation: Situation) -> bool:
    profile = situation.profile
    if test.overseas is not None and profile.overseas != test.overseas:
        return False
    if test.industry is not None and profile.industry not in test.industry:
        return False
    reads = situation.document_language == profile.language
    return test.reads_document_language is None or reads == test.reads_document_language


def checklist_ids(condition: Condition) -> set[str]:
    """Every checklist item a condition names, however deep, so data files can be cross-checked."""
    return set(condition.item).union(*(checklist_ids(branch) for branch in condition.any))
