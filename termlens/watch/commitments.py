"""What the terms promise, read from a review's facts, in the shape ``track`` checks against.

Only facts are used (facts.md keys), never the document text, so whatever
the extraction rules find is exactly what is enforced, and the report can
quote the clause each commitment comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from termlens.errors import DataError
from termlens.model import Fact, Review

Kind = Literal["response", "resolution"]
MINUTES_PER_DAY = 1440
# A quote in hours ("24 business hours", "24个工作小时") is hours even when it adds up to whole days.
_HOURS = re.compile(r"小时|钟头|hour|\bhrs?\b|\d\s*h\b", re.IGNORECASE)
_KEYS: dict[str, Kind] = {"support.response_time": "response", "support.resolution_time": "resolution"}


@dataclass(frozen=True, slots=True)
class TimeCommitment:
    """A response or resolution time for one severity (None: for every severity)."""

    kind: Kind
    severity: str | None
    minutes: float
    business_time: bool
    fact: Fact

    @property
    def working_days(self) -> int | None:
        """N for "N business days" (facts store it as N × 1440 business minutes), else None.

        A business day is a working day of the calendar (8 or 9 hours), not 24 working
        hours, so such commitments are measured in the calendar's working days.
        """
        if not self.business_time or self.minutes % MINUTES_PER_DAY or _HOURS.search(self.fact.text):
            return None
        return int(self.minutes // MINUTES_PER_DAY)


@dataclass(frozen=True, slots=True)
class CreditBand:
    """A credit of ``credit_percent`` of the period's fee when availability is below ``below_percent``."""

    below_percent: float
    credit_percent: float
    fact: Fact


@dataclass(frozen=True)
class Commitments:
    times: tuple[TimeCommitment, ...] = ()
    uptime: Fact | None = None
    credit_bands: tuple[CreditBand, ...] = ()
    credit_cap: Fact | None = None
    claim_window: Fact | None = None
    plan: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # the terms' own level names -> severity
    notes: tuple[str, ...] = ()

    def for_ticket(self, kind: Kind, severity: str | None) -> TimeCommitment | None:
        """The commitment of this severity, else one that names no severity, else None."""
        same = [c for c in self.times if c.kind == kind and severity is not None and c.severity == severity]
        general = [c for c in self.times if c.kind == kind and c.severity is None]
        candidates = same or general
        return candidates[0] if candidates else None

    @property
    def severities(self) -> list[str]:
        return sorted({c.severity for c in self.times if c.severity})

    @property
    def uptime_percent(self) -> float | None:
        return figure(self.uptime, "percent")

    @property
    def credit_cap_percent(self) -> float | None:
        return figure(self.credit_cap, "percent")

    @property
    def claim_window_days(self) -> int | None:
        days = figure(self.claim_window, "days")
        return None if days is None else int(days)


def figure(fact: Fact | None, unit: str) -> float | None:
    """The number of a percent or days fact: ``{"percent": 30}`` as facts.md writes it, or a bare ``30``."""
    if fact is None:
        return None
    value = fact.value.get(unit) if isinstance(fact.value, dict) else fact.value
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def commitments_from(review: Review, plan: str | None = None) -> Commitments:
    """The commitments of ``review`` for ``plan`` (required when the terms name several plans)."""
    facts = _for_plan(review.facts, plan)
    chosen_plan = plan or _only_plan(review.facts)
    notes: list[str] = []
    times = _strictest_times(facts, notes)
    uptimes = [f for f in facts if f.key == "availability.uptime" and figure(f, "percent") is not None]
    distinct_uptimes = sorted({figure(f, "percent") or 0.0 for f in uptimes})
    if len(distinct_uptimes) > 1:
        notes.append(f"the terms state several availability figures ({', '.join(f'{u:g} %' for u in distinct_uptimes)});"
                     f" months are compared with the highest, {distinct_uptimes[-1]:g} %")
    uptime = max(uptimes, key=lambda f: figure(f, "percent") or 0.0, default=None)
    return Commitments(
        times=tuple(times),
        uptime=uptime,
        credit_bands=tuple(_bands(facts, notes)),
        credit_cap=_first(facts, "availability.credit_cap"),
        claim_window=_first(facts, "availability.claim_window"),
        plan=chosen_plan,
        labels={f.qualifier["label"].casefold(): f.qualifier["severity"] for f in review.facts
                if "label" in f.qualifier and "severity" in f.qualifier},
        notes=tuple(notes),
    )


def plans_of(facts: tuple[Fact, ...]) -> list[str]:
    return sorted({f.qualifier["plan"] for f in facts if f.key in _KEYS and f.qualifier.get("plan")}, key=str.casefold)


def _only_plan(facts: tuple[Fact, ...]) -> str | None:
    plans = plans_of(facts)
    return plans[0] if len(plans) == 1 else None


def _for_plan(facts: tuple[Fact, ...], plan: str | None) -> list[Fact]:
    plans = plans_of(facts)
    if plan is None:
        if len(plans) > 1:
            raise DataError(f"the terms give support times for several plans ({', '.join(plans)}); "
                            "choose yours with --plan")
        return list(facts)
    if not any(p.casefold() == plan.casefold() for p in plans):
        raise DataError(f"--plan {plan!r} matches no plan of the terms ({', '.join(plans) or 'none named'})")
    return [f for f in facts if f.qualifier.get("plan", plan).casefold() == plan.casefold()]


def _strictest_times(facts: list[Fact], notes: list[str]) -> list[TimeCommitment]:
    """One commitment per (kind, severity): the strictest the terms state, as a buyer would claim it."""
    best: dict[tuple[Kind, str | None], TimeCommitment] = {}
    for fact in facts:
        kind = _KEYS.get(fact.key)
        if kind is None or not isinstance(fact.value, dict) or "minutes" not in fact.value:
            continue
        commitment = TimeCommitment(kind, fact.qualifier.get("severity"), float(fact.value["minutes"]),
                                    bool(fact.value.get("business_time")), fact)
        slot = (kind, commitment.severity)
        kept = best.get(slot)
        if kept is None:
            best[slot] = commitment
        elif (commitment.minutes, commitment.business_time) != (kept.minutes, kept.business_time):
            strict = min(kept, commitment, key=lambda c: (c.minutes, c.business_time))
            notes.append(f"the terms state several {kind} times for {slot[1] or 'all'} tickets "
                         f"({kept.fact.text!r}, {commitment.fact.text!r}); the strictest is checked")
            best[slot] = strict
    return sorted(best.values(), key=lambda c: (c.kind, _severity_order(c.severity)))


def _severity_order(severity: str | None) -> int:
    order = ("critical", "high", "normal", "low")
    return order.index(severity) if severity in order else len(order)


def _bands(facts: list[Fact], notes: list[str]) -> list[CreditBand]:
    bands: dict[float, CreditBand] = {}
    for fact in facts:
        if fact.key != "availability.credit" or not isinstance(fact.value, dict) or not {
                "below_percent", "credit_percent"} <= fact.value.keys():
            continue
        band = CreditBand(float(fact.value["below_percent"]), float(fact.value["credit_percent"]), fact)
        kept = bands.get(band.below_percent)
        if kept is not None and kept.credit_percent != band.credit_percent:
            notes.append(f"two credits for availability below {band.below_percent:g} %; the larger is used")
        if kept is None or band.credit_percent > kept.credit_percent:
            bands[band.below_percent] = band
    return sorted(bands.values(), key=lambda b: -b.below_percent)


def _first(facts: list[Fact], key: str) -> Fact | None:
    return next((f for f in facts if f.key == key), None)
