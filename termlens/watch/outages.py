"""Outage logs, and the downtime they add up to in each calendar month.

Overlapping outages are merged before counting, so two alerts for one
incident do not count its minutes twice. An outage that spans midnight at
the end of a month is split between the two months. Month boundaries are
taken in the report's time zone (``--tz``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from termlens.watch.logs import RowProblem, choose_mapping, read_table, rows_for
from termlens.watch.timestamps import parse_timestamp

REQUIRED: tuple[tuple[str, ...], ...] = (("start",), ("end",))


@dataclass(frozen=True, slots=True)
class Outage:
    row: int
    line: int | None
    id: str
    service: str
    start: datetime
    end: datetime

    @property
    def name(self) -> str:
        return self.id or f"row {self.row}"


@dataclass(frozen=True, slots=True)
class OutageLog:
    path: str
    outages: tuple[Outage, ...]
    problems: tuple[RowProblem, ...]


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month ``[start, end)`` in the report's time zone."""

    label: str  # "2026-03"
    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


def read_outages(path: str | Path, default_zone: tzinfo, mapping: str | None = None) -> OutageLog:
    path = Path(path)
    available, raw_rows = read_table(path)
    chosen, columns = choose_mapping(path, available, "outages", mapping, REQUIRED)
    outages: list[Outage] = []
    problems: list[RowProblem] = []
    for raw in rows_for(raw_rows, columns):
        times: dict[str, datetime] = {}
        for field in ("start", "end"):
            value = raw.values.get(field)
            if value is None:
                problems.append(RowProblem(raw.row, raw.line, field, "", f"no {field} time; outage not counted"))
                continue
            try:
                times[field] = parse_timestamp(value, default_zone, formats=tuple(chosen.timestamp_formats),
                                               dayfirst=chosen.dayfirst)
            except ValueError as error:
                problems.append(RowProblem(raw.row, raw.line, field, str(value), f"{error}; outage not counted"))
        if len(times) < 2:
            continue
        if times["end"] <= times["start"]:
            problems.append(RowProblem(raw.row, raw.line, "end", times["end"].isoformat(),
                                       f"ends before it starts ({times['start'].isoformat()}); outage not counted"))
            continue
        outages.append(Outage(raw.row, raw.line, str(raw.values.get("id") or ""), str(raw.values.get("service") or ""),
                              times["start"], times["end"]))
    return OutageLog(str(path), tuple(outages), tuple(problems))


def months_between(first: datetime, last: datetime, zone: tzinfo) -> list[Month]:
    """Every calendar month from the one holding ``first`` to the one holding ``last``."""
    local = first.astimezone(zone)
    year, month = local.year, local.month
    end_local = last.astimezone(zone)
    months: list[Month] = []
    while (year, month) <= (end_local.year, end_local.month):
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        months.append(Month(f"{year:04}-{month:02}", datetime(year, month, 1, tzinfo=zone),
                            datetime(following[0], following[1], 1, tzinfo=zone)))
        year, month = following
    return months


def merged(outages: tuple[Outage, ...] | list[Outage]) -> list[tuple[datetime, datetime]]:
    """Outage intervals with overlaps joined."""
    intervals: list[tuple[datetime, datetime]] = []
    for outage in sorted(outages, key=lambda o: o.start):
        if intervals and outage.start <= intervals[-1][1]:
            intervals[-1] = (intervals[-1][0], max(intervals[-1][1], outage.end))
        else:
            intervals.append((outage.start, outage.end))
    return intervals


def downtime_in(month: Month, intervals: list[tuple[datetime, datetime]]) -> timedelta:
    total = timedelta(0)
    for start, end in intervals:
        overlap = min(end, month.end) - max(start, month.start)
        if overlap > timedelta(0):
            total += overlap
    return total
