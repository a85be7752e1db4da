"""Monthly availability and the service credit it earns under the terms.

Availability is ``(minutes in month − downtime) / minutes in month``,
compared exactly (as fractions), so 43.2 minutes of downtime in a 30-day
month is 99.9 % and not "just below". The credit is the band for the
lowest threshold the month falls under (``availability.credit``), capped by
``availability.credit_cap``; a claim must reach the vendor by the month's
last day plus ``availability.claim_window`` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from termlens.watch.commitments import Commitments, CreditBand
from termlens.watch.outages import Month, Outage, downtime_in, merged

_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class MonthAvailability:
    month: Month
    downtime_minutes: float
    availability: Fraction  # percent, exact
    committed: float | None  # availability.uptime, percent
    band: CreditBand | None
    credit_percent: float  # after the cap
    capped: bool
    claim_deadline: date | None
    outages: tuple[str, ...]

    @property
    def availability_percent(self) -> float:
        return float(self.availability)

    @property
    def below_commitment(self) -> bool:
        return self.committed is not None and self.availability < Fraction(str(self.committed))


def month_availability(month: Month, outages: tuple[Outage, ...], commitments: Commitments) -> MonthAvailability:
    intervals = merged(outages)
    downtime = downtime_in(month, intervals)
    total = month.end - month.start
    availability = Fraction((total - downtime) // _MICROSECOND, total // _MICROSECOND) * 100
    band = applicable_band(availability, commitments.credit_bands)
    credit = band.credit_percent if band else 0.0
    cap = commitments.credit_cap_percent
    capped = cap is not None and credit > cap
    window = commitments.claim_window_days
    last_day = (month.end - timedelta(days=1)).date()
    touching = tuple(o.name for o in outages if o.start < month.end and o.end > month.start)
    return MonthAvailability(
        month=month,
        downtime_minutes=downtime.total_seconds() / 60,
        availability=availability,
        committed=commitments.uptime_percent,
        band=band,
        credit_percent=min(credit, cap) if cap is not None else credit,
        capped=capped,
        claim_deadline=last_day + timedelta(days=window) if band and window is not None else None,
        outages=touching,
    )


def applicable_band(availability: Fraction, bands: tuple[CreditBand, ...]) -> CreditBand | None:
    """The band with the lowest threshold that ``availability`` is below (the most specific one)."""
    below = [band for band in bands if availability < Fraction(str(band.below_percent))]
    return min(below, key=lambda band: band.below_percent, default=None)
