"""Business time: working hours per weekday, public holidays and make-up working days (调休).

A calendar is a YAML file (see ``termlens/data/watch/calendars/``). Commitments
written in business hours or business days (``business_time: true`` in a
fact) run only inside the calendar's working intervals, in the calendar's
time zone; everything else runs on the wall clock.

Intervals are half-open ``[start, end)``: a response at exactly the deadline
meets it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from termlens.errors import DataError
from termlens.resources import DATA_DIR, load_yaml

CALENDAR_DIR = DATA_DIR / "watch" / "calendars"
DEFAULT_CALENDAR = "business-9-18"
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
# A calendar with working hours cannot go this long without one; past it we stop rather than loop.
_MAX_SEARCH_DAYS = 3 * 366
_CLOCK = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Interval = tuple[int, int]  # minutes since midnight, half-open


def _minutes(clock: str) -> int:
    match = _CLOCK.match(clock.strip())
    if not match or (int(match.group(1)) == 24 and match.group(2) != "00"):
        raise ValueError(f"{clock!r} is not a time of day HH:MM between 00:00 and 24:00")
    return int(match.group(1)) * 60 + int(match.group(2))


def _intervals(raw: list[tuple[str, str]]) -> tuple[Interval, ...]:
    intervals = sorted((_minutes(start), _minutes(end)) for start, end in raw)
    for start, end in intervals:
        if start >= end:
            raise ValueError(f"working interval {start // 60:02}:{start % 60:02}-{end // 60:02}:{end % 60:02} "
                             "ends before it starts")
    for (_, first_end), (second_start, _) in itertools.pairwise(intervals):
        if second_start < first_end:
            raise ValueError("working intervals overlap")
    return tuple(intervals)


class _Holiday(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date
    end: date | None = None
    name: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> _Holiday:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"holiday {self.name or self.start} ends before it starts")
        return self


class _MakeupDay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: date
    name: str = ""


class _Coverage(BaseModel):
    start: date
    end: date


class CalendarFile(BaseModel):
    """The schema of a calendar YAML file."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    timezone: str
    covers: _Coverage | None = None
    working_hours: dict[Weekday, list[tuple[str, str]]]
    makeup_day_hours: list[tuple[str, str]] | None = None
    holidays: list[_Holiday] = []
    makeup_days: list[_MakeupDay] = []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Shanghai)") from None
        return value

    @field_validator("working_hours")
    @classmethod
    def _valid_hours(cls, value: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
        for intervals in value.values():
            _intervals(intervals)
        if not any(value.values()):
            raise ValueError("no working hours on any weekday")
        return value

    @field_validator("makeup_day_hours")
    @classmethod
    def _valid_makeup_hours(cls, value: list[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
        if value is not None:
            _intervals(value)
        return value


@dataclass(frozen=True)
class BusinessCalendar:
    """Working intervals per day in one time zone, with holidays and make-up days."""

    name: str
    description: str
    zone: ZoneInfo
    weekly: tuple[tuple[Interval, ...], ...]  # index 0 = Monday
    makeup_hours: tuple[Interval, ...]
    holidays: dict[date, str]
    makeup_days: dict[date, str]
    covers: tuple[date, date] | None = None

    @classmethod
    def from_file(cls, spec: CalendarFile) -> BusinessCalendar:
        weekly = tuple(_intervals(spec.working_hours.get(day, [])) for day in WEEKDAYS)  # type: ignore[call-overload]
        first_working = next(hours for hours in weekly if hours)
        holidays: dict[date, str] = {}
        for holiday in spec.holidays:
            day = holiday.start
            while day <= (holiday.end or holiday.start):
                holidays[day] = holiday.name
                day += timedelta(days=1)
        return cls(
            name=spec.name,
            description=spec.description,
            zone=ZoneInfo(spec.timezone),
            weekly=weekly,
            # Without explicit hours, a make-up day works like the first working weekday.
            makeup_hours=_intervals(spec.makeup_day_hours) if spec.makeup_day_hours is not None else first_working,
            holidays=holidays,
            makeup_days={m.date: m.name for m in spec.makeup_days},
            covers=(spec.covers.start, spec.covers.end) if spec.covers else None,
        )

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """Working intervals of ``day``; a make-up day wins over the weekend, a holiday over a weekday."""
        if day in self.makeup_days:
            return self.makeup_hours
        if day in self.holidays:
            return ()
        return self.weekly[day.weekday()]

    @property
    def working_day_minutes(self) -> int:
        """Length of an ordinary working day: what "one business day" means on this calendar."""
        first_working = next(hours for hours in self.weekly if hours)
        return sum(end - start for start, end in first_working)

    def is_covered(self, day: date) -> bool:
        """False when ``day`` lies outside the years whose holidays the file lists."""
        return self.covers is None or self.covers[0] <= day <= self.covers[1]

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        midnight = datetime.combine(day, time(0), tzinfo=self.zone)
        return [(_at(midnight, start, self.zone), _at(midnight, end, self.zone)) for start, end in self.hours_on(day)]

    def business_minutes(self, start: datetime, end: datetime) -> float:
        """Working minutes in ``[start, end)``; zero when ``end`` is not after ``start``."""
        if end <= start:
            return 0.0
        total = 0.0
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            for open_at, close_at in self.intervals_on(day):
                overlap = (min(end, close_at) - max(start, open_at)).total_seconds()
                if overlap > 0:
                    total += overlap / 60
            day += timedelta(days=1)
        return total

    def add_business_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment ``minutes`` working minutes after ``start`` (the deadline of a commitment)."""
        remaining = timedelta(minutes=minutes)
        day = start.astimezone(self.zone).date()
        for _ in range(_MAX_SEARCH_DAYS):
            for open_at, close_at in self.intervals_on(day):
                begin = max(start, open_at)
                if begin >= close_at:
                    continue
                available = close_at - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)
        raise DataError(f"calendar {self.name}: no working time within {_MAX_SEARCH_DAYS} days of {start.isoformat()}")


def _at(midnight: datetime, minutes: int, zone: ZoneInfo) -> datetime:
    # Add wall-clock minutes and re-attach the zone, so a DST change keeps "09:00" at 09:00.
    naive = midnight.replace(tzinfo=None) + timedelta(minutes=minutes)
    return naive.replace(tzinfo=zone)


def bundled_calendars() -> list[str]:
    return sorted(path.stem for path in CALENDAR_DIR.glob("*.yaml"))


@cache
def _load_path(path: Path) -> BusinessCalendar:
    return BusinessCalendar.from_file(load_yaml(path, CalendarFile))


def load_calendar(name_or_path: str | Path | None = None) -> BusinessCalendar:
    """A bundled calendar by name (``cn-2026``) or a calendar YAML file by path."""
    spec = str(name_or_path or DEFAULT_CALENDAR)
    path = Path(spec)
    if path.is_file():
        return _load_path(path.resolve())
    bundled = CALENDAR_DIR / f"{spec}.yaml"
    if bundled.is_file():
        return _load_path(bundled)
    raise DataError(f"no calendar file {spec!r}; give a path or one of: {', '.join(bundled_calendars())}")
