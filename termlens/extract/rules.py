"""Fact rules as data: ``data/rules/<lang>/<dimension>.yaml``, validated and compiled.

A rule is a named regular expression with a score, the fact key it
produces, how its value is normalised, and words that veto or support it.
Patterns may use the macros of :mod:`termlens.extract.normalize`:
``{DURATION}`` becomes the named group ``duration``, ``{PERCENT:credit}`` the
named group ``credit``. Every rule carries examples that must and must not
match; the test suite runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from termlens.errors import DataError
from termlens.extract.normalize import fragments, period_words
from termlens.extract.prefilter import Requirement, requirement
from termlens.extract.values import CONVERTERS
from termlens.model import known_dimension
from termlens.resources import DATA_DIR, load_yaml

RULES_DIR = DATA_DIR / "rules"
LANGUAGES = ("en", "zh")
_MACRO = re.compile(r"\{(NUMBER|DURATION|PERCENT|MONEY|REGIONS)(?::(\w+))?\}")


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    key: str
    pattern: str
    value: str = "const"
    const: Any = None
    score: float = Field(0.8, ge=0, le=1)
    context: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    negatable: bool = True
    requires: list[str] = Field(default_factory=list)
    forbids: list[str] = Field(default_factory=list)
    value_range: tuple[float, float] | None = None
    yields_to: list[str] = Field(default_factory=list)
    qualify: list[Literal["severity", "plan"]] = Field(default_factory=list)
    examples: Examples = Field(default_factory=Examples)

    @field_validator("value")
    @classmethod
    def _known_converter(cls, value: str) -> str:
        if value not in CONVERTERS:
            raise ValueError(f"unknown value converter {value!r}; expected one of {', '.join(sorted(CONVERTERS))}")
        return value


class TableMetric(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    words: list[str]
    value: Literal["duration", "credit_band", "percent"] = "duration"


class LexiconEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str]
    weight: float = Field(1.0, gt=0)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dimension: str
    language: Literal["en", "zh"]
    lexicon: list[LexiconEntry] = Field(default_factory=list)
    table_metrics: list[TableMetric] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)

    @field_validator("dimension")
    @classmethod
    def _known_dimension(cls, value: str) -> str:
        return known_dimension(value)


_REGEX_SYNTAX = frozenset("\\.^$*+?{}[]|()")


@dataclass(frozen=True)
class WordTest:
    """Words of a rule's ``requires`` or ``forbids``: plain words, tested as substrings of the lower-case
    text (many times quicker than a case-blind pattern), and words written as patterns."""

    plain: tuple[str, ...]
    pattern: re.Pattern[str] | None

    def found_in(self, text: str, lowered: str) -> bool:
        """Whether a word occurs in ``text`` (``lowered``: its lower case)."""
        return any(word in lowered for word in self.plain) or (
            self.pattern is not None and self.pattern.search(text) is not None)


@dataclass(frozen=True)
class Rule:
    """A compiled rule, ready to run on folded clause text."""

    spec: RuleSpec
    language: str
    dimension: str
    regex: re.Pattern[str]
    source: str
    requires: WordTest | None = None
    forbids: WordTest | None = None
    needs: Requirement | None = None

    @property
    def name(self) -> str:
        return f"{self.language}/{self.dimension}/{self.spec.name}"


@dataclass(frozen=True, eq=False)
class RuleSet:
    """All compiled rules; compared and hashed by identity, so caches can key on it."""

    rules: tuple[Rule, ...]
    table_metrics: tuple[tuple[str, TableMetric], ...]
    lexicons: dict[str, dict[str, tuple[tuple[str, float], ...]]]
    # the lexicons' words, in the form a scan reports them (lower case, single spaces)
    cue_words: frozenset[str] = field(init=False)
    # every literal some rule's requirement names, the lexicons' words and the words of periods: what a
    # clause's scan must look for
    needles: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        index: dict[str, list[int]] = {}
        for position, rule in enumerate(self.rules):
            for needle in rule.needs.anchor if rule.needs else ():
                index.setdefault(needle, []).append(position)
        object.__setattr__(self, "_needle_index", {needle: tuple(rules) for needle, rules in index.items()})
        object.__setattr__(self, "_anchors", frozenset(index))
        cue_words = frozenset(" ".join(word.lower().split()) for by_dimension in self.lexicons.values()
                              for words in by_dimension.values() for word, _ in words)
        object.__setattr__(self, "cue_words", cue_words)
        object.__setattr__(self, "needles", period_words() | cue_words | frozenset(
            needle for rule in self.rules if rule.needs for needle in rule.needs.literals))
        object.__setattr__(self, "_unfiltered", tuple(i for i, rule in enumerate(self.rules) if not rule.needs))
        # What is left to test once an anchor needle has put a rule forward: nothing, or its whole requirement.
        object.__setattr__(self, "_tests", tuple(None if rule.needs is None or rule.needs.is_anchor
                                                 else rule.needs.satisfied_by for rule in self.rules))

    def candidates(self, present: AbstractSet[str], languages: AbstractSet[str] | None = None) -> list[Rule]:
        """The rules (of ``languages``, if given) whose literal requirement a text holding the needles
        ``present`` meets (``present``: the clause's words, see :mod:`termlens.scan`)."""
        if not self._unfiltered and self._anchors.isdisjoint(present):  # type: ignore[attr-defined]
            return []  # a third of all clauses: no rule's anchor at all
        found = set(self._unfiltered)  # type: ignore[attr-defined]
        anchors = self._anchors.intersection(present)  # type: ignore[attr-defined]  # present holds other words too
        found.update(*map(self._needle_index.__getitem__, anchors))  # type: ignore[attr-defined]
        rules, tests = self.rules, self._tests  # type: ignore[attr-defined]
        return [rules[i] for i in sorted(found) if (languages is None or rules[i].language in languages)
                and (tests[i] is None or tests[i](present))]


def expand_macros(pattern: str) -> str:
    frag = fragments()

    def replace(match: re.Match[str]) -> str:
        macro, name = match.group(1), match.group(2)
        return f"(?P<{name or macro.lower()}>{frag[macro]})"

    return _MACRO.sub(replace, pattern)


def compile_rule_file(path: Path) -> tuple[RuleFile, list[Rule]]:
    spec = load_yaml(path, RuleFile)
    compiled = []
    for index, rule in enumerate(spec.rules):
        if rule.key.split(".", 1)[0] != spec.dimension:
            raise DataError(f"{path}: rules -> {index} ({rule.name}): key {rule.key!r} is outside dimension {spec.dimension!r}")
        try:
            regex = re.compile(expand_macros(rule.pattern), re.IGNORECASE)
        except re.error as error:
            raise DataError(f"{path}: rules -> {index} ({rule.name}): bad pattern: {error}") from None
        requires = _word_pattern(path, index, rule, "requires", rule.requires)
        forbids = _word_pattern(path, index, rule, "forbids", rule.forbids)
        compiled.append(Rule(rule, spec.language, spec.dimension, regex, str(path), requires, forbids,
                             requirement(regex)))
    return spec, compiled


def _word_pattern(path: Path, index: int, rule: RuleSpec, field: str, words: list[str]) -> WordTest | None:
    if not words:
        return None
    plain = tuple(word.lower() for word in words if not _REGEX_SYNTAX & set(word))
    patterns = [word for word in words if _REGEX_SYNTAX & set(word)]
    try:
        return WordTest(plain, re.compile("|".join(patterns), re.IGNORECASE) if patterns else None)
    except re.error as error:
        raise DataError(f"{path}: rules -> {index} ({rule.name}): bad {field}: {error}") from None


@cache
def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    rules: list[Rule] = []
    metrics: list[tuple[str, TableMetric]] = []
    lexicons: dict[str, dict[str, list[tuple[str, float]]]] = {lang: {} for lang in LANGUAGES}
    for path in sorted(directory.glob("*/*.yaml")):
        spec, compiled = compile_rule_file(path)
        rules.extend(compiled)
        metrics.extend((spec.language, metric) for metric in spec.table_metrics)
        words = lexicons[spec.language].setdefault(spec.dimension, [])
        words.extend((word.lower(), entry.weight) for entry in spec.lexicon for word in entry.words)
    if not rules:
        raise DataError(f"{directory}: no rule files found")
    return RuleSet(
        rules=tuple(rules),
        table_metrics=tuple(metrics),
        lexicons={lang: {dim: tuple(words) for dim, words in dims.items()} for lang, dims in lexicons.items()},
    )
