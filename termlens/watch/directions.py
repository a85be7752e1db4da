"""Which way is better for the buyer, per fact key: ``data/watch/directions.yaml`` and its rules.

``compare(direction, old, new)`` says whether a changed value is ``weaker``,
``stronger`` or ``unclear`` for the buyer. It knows three shapes: figures
(``fields`` compared one by one, all in the key's ``better`` direction),
enums (``order``, worst first) and sentinels worse than any figure
(``worst``). A change that improves one field and worsens another is
``unclear``: the report shows it, and does not guess.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from termlens.resources import DATA_DIR, load_yaml

Verdict = Literal["weaker", "stronger", "same", "unclear"]
Better = Literal["higher", "lower", "none"]
Presence = Literal["good", "bad", "neutral"]
Severity = Literal["low", "medium", "high"]


class Direction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: dict[str, str] = {}
    better: Better | None = None
    fields: list[str] = []
    order: list[str] = []
    worst: list[Any] = []
    presence: Presence | None = None
    identity: str | None = None
    pair_leftovers: bool = False
    severity: Severity | None = None
    slot: dict[str, str] = {}
    shown: str = ""

    def name(self, language: str, key: str) -> str:
        return self.label.get(language) or self.label.get("en") or key


class _Defaults(BaseModel):
    better: Better = "none"
    presence: Presence = "good"
    severity: Severity = "medium"


class DirectionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    defaults: _Defaults = _Defaults()
    keys: dict[str, Direction]
    hedges: dict[str, list[str]]
    messages: dict[str, dict[str, str]]
    questions: dict[str, dict[str, str]]


class Directions:
    """The direction file with defaults applied and hedge words compiled."""

    def __init__(self, spec: DirectionFile) -> None:
        self.spec = spec
        defaults = spec.defaults
        self._keys = {
            key: direction.model_copy(update={
                "better": direction.better or defaults.better,
                "presence": direction.presence or defaults.presence,
                "severity": direction.severity or defaults.severity,
            })
            for key, direction in spec.keys.items()
        }
        self._default = Direction(better=defaults.better, presence=defaults.presence, severity=defaults.severity)
        words = sorted({w for ws in spec.hedges.values() for w in ws}, key=len, reverse=True)
        self.hedge_pattern = re.compile(
            "|".join(rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w) for w in words),
            re.IGNORECASE,
        )

    def of(self, key: str) -> Direction:
        return self._keys.get(key, self._default)

    def message(self, kind: str, language: str, **values: str) -> str:
        return _template(self.spec.messages, kind, language).format(**values)

    def question(self, kind: str, language: str, **values: str) -> str:
        return _template(self.spec.questions, kind, language).format(**values)


def _template(table: dict[str, dict[str, str]], kind: str, language: str) -> str:
    forms = table[kind]
    return forms.get(language) or forms["en"]


@cache
def load_directions() -> Directions:
    return Directions(load_yaml(DATA_DIR / "watch" / "directions.yaml", DirectionFile))


def compare(direction: Direction, old: Any, new: Any) -> Verdict:
    """How ``new`` reads against ``old`` for the buyer."""
    if old == new:
        return "same"
    if direction.worst:
        old_worst, new_worst = _is_worst(direction, old), _is_worst(direction, new)
        if old_worst != new_worst:
            return "weaker" if new_worst else "stronger"
    if direction.order and isinstance(old, str) and isinstance(new, str):
        if old in direction.order and new in direction.order:
            return "weaker" if direction.order.index(new) < direction.order.index(old) else "stronger"
        return "unclear"
    if direction.better in {"higher", "lower"} and _number(old) is not None and _number(new) is not None:
        # A bare figure where facts.md expects {"percent": …}: compare it all the same.
        return "stronger" if (new > old) == (direction.better == "higher") else "weaker"
    if direction.better in {"higher", "lower"} and isinstance(old, dict) and isinstance(new, dict):
        return _compare_fields(direction, old, new)
    return "unclear"


def _is_worst(direction: Direction, value: Any) -> bool:
    # `True in [1]` holds in Python; compare types too so a count of 1 is not the flag `true`.
    return any(type(value) is type(w) and value == w for w in direction.worst)


def _compare_fields(direction: Direction, old: dict[str, Any], new: dict[str, Any]) -> Verdict:
    votes: set[str] = set()
    shared = [f for f in direction.fields if _number(old.get(f)) is not None and _number(new.get(f)) is not None]
    if not shared:
        return "unclear"
    for field in shared:
        before, after = _number(old[field]), _number(new[field])
        if before == after:
            continue
        improved = (after > before) == (direction.better == "higher")  # type: ignore[operator]
        votes.add("stronger" if improved else "weaker")
    if "minutes" in shared and old.get("business_time") != new.get("business_time"):
        # The same figure in business hours lasts longer on the wall clock.
        votes.add("weaker" if new.get("business_time") else "stronger")
    if old.get("basis") != new.get("basis") or old.get("currency") != new.get("currency"):
        return "unclear"
    if len(votes) == 1:
        return votes.pop()  # type: ignore[return-value]
    return "same" if not votes else "unclear"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
