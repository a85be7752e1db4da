"""Key figures (``data/assess/figures.yaml``): the best value the terms give, read from the facts.

The buyer can pick the plan that suits it, so a figure is the best value over
all plans (the lowest response time, the highest uptime), and it keeps the
facts and clauses it came from.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from termlens.assess.wording import Localized, figure_text, value_text
from termlens.model import Fact, KeyFigure
from termlens.resources import DATA_DIR, load_yaml


class FigureSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: Localized
    key: str
    severity: tuple[str, ...] = ()
    or_unqualified: bool = False
    field: str | None = None
    best: Literal["min", "max"] = "min"


class FigureFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    figures: list[FigureSpec] = Field(min_length=1)


@cache
def figure_specs() -> dict[str, FigureSpec]:
    specs = load_yaml(DATA_DIR / "assess" / "figures.yaml", FigureFile).figures
    return {spec.id: spec for spec in specs}


def _number(value: Any, field: str) -> float | None:
    """The figure's number in a fact value; a bare number counts when the value has no fields."""
    if isinstance(value, dict):
        number = value.get(field)
    else:
        number = value
    return float(number) if isinstance(number, int | float) and not isinstance(number, bool) else None


def _candidates(spec: FigureSpec, facts: tuple[Fact, ...]) -> list[int]:
    of_key = [index for index, fact in enumerate(facts) if fact.key == spec.key]
    if not spec.severity:
        return of_key
    chosen = [index for index in of_key if facts[index].qualifier.get("severity") in spec.severity]
    if not chosen and spec.or_unqualified:
        chosen = [index for index in of_key if "severity" not in facts[index].qualifier]
    return chosen


def read_figure(spec: FigureSpec, facts: tuple[Fact, ...], language: str) -> KeyFigure | None:
    """The figure ``spec`` over ``facts`` (indices into them), or None when the terms do not give it."""
    chosen = _candidates(spec, facts)
    label = spec.label(language)
    if spec.field is None:
        texts = sorted({value_text(facts[index].value, language) for index in chosen})
        if not texts:
            return None
        return KeyFigure(spec.id, label, ", ".join(texts), evidence=_clauses(facts, chosen), facts=tuple(chosen))
    field = spec.field
    numbered = [(number, index) for index in chosen if (number := _number(facts[index].value, field)) is not None]
    if not numbered:
        return None

    def rank(item: tuple[float, int]) -> tuple[float, bool]:
        number, index = item
        # On a tie, wall-clock time beats business time: it is the stronger promise.
        business = bool(isinstance(facts[index].value, dict) and facts[index].value.get("business_time"))
        return (number if spec.best == "min" else -number, business)

    best = min(numbered, key=rank)
    number, business = best[0], rank(best)[1]
    same = [index for value, index in numbered if rank((value, index)) == rank(best)]
    return KeyFigure(spec.id, label, figure_text(field, number, business, language), number, business,
                     evidence=_clauses(facts, same), facts=tuple(same))


def key_figures(facts: tuple[Fact, ...], language: str) -> tuple[KeyFigure, ...]:
    """Every figure the terms give, in the order of figures.yaml."""
    read = (read_figure(spec, facts, language) for spec in figure_specs().values())
    return tuple(figure for figure in read if figure is not None)


def _clauses(facts: tuple[Fact, ...], indices: list[int]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for index in indices:
        seen.setdefault(facts[index].clause, None)
    return tuple(seen)
