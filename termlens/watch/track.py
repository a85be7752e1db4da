"""SLA compliance after signing: tickets and outages checked against what the terms promise.

``track(review, tickets, outages, calendar, zone)`` takes logs already read
(:mod:`.tickets`, :mod:`.outages`) and returns a :class:`TrackReport`: one
check per ticket and commitment kind, the availability and credit of each
month, and every problem with the logs, row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from termlens.model import Review
from termlens.watch.calendar import BusinessCalendar
from termlens.watch.commitments import (
    Commitments,
    Kind,
    TimeCommitment,
    commitments_from,
)
from termlens.watch.credits import MonthAvailability, month_availability
from termlens.watch.logs import RowProblem
from termlens.watch.outages import OutageLog, months_between
from termlens.watch.severity import SEVERITIES, severity_map
from termlens.watch.tickets import Ticket, TicketLog

Status = Literal["met", "breached", "open", "not-checked"]
# Sub-second noise from float minutes must not turn an on-time response into a breach.
_TOLERANCE_MINUTES = 1e-6


@dataclass(frozen=True, slots=True)
class TicketCheck:
    """One ticket against one commitment (response or resolution)."""

    ticket: Ticket
    severity: str | None
    kind: Kind
    commitment: TimeCommitment | None
    status: Status
    elapsed_minutes: float | None = None  # on the commitment's clock: business or wall-clock minutes
    deadline: datetime | None = None
    reason: str = ""

    allowed_minutes: float | None = None  # on the same clock

    @property
    def overrun_minutes(self) -> float | None:
        if self.status != "breached" or self.elapsed_minutes is None or self.allowed_minutes is None:
            return None
        return self.elapsed_minutes - self.allowed_minutes


@dataclass(frozen=True, slots=True)
class MonthTrend:
    label: str
    tickets: int
    response_breaches: int
    resolution_breaches: int
    checked: int
    availability: MonthAvailability | None


@dataclass(frozen=True)
class TrackReport:
    terms_path: str
    terms_title: str
    tickets: TicketLog
    outages: OutageLog | None
    calendar: BusinessCalendar
    zone: str
    as_of: datetime | None
    commitments: Commitments
    checks: tuple[TicketCheck, ...]
    months: tuple[MonthTrend, ...]
    problems: tuple[RowProblem, ...]
    notes: tuple[str, ...]

    @property
    def breaches(self) -> tuple[TicketCheck, ...]:
        return tuple(check for check in self.checks if check.status == "breached")

    @property
    def credits(self) -> tuple[MonthAvailability, ...]:
        return tuple(m.availability for m in self.months if m.availability and m.availability.credit_percent > 0)


def track(review: Review, tickets: TicketLog, calendar: BusinessCalendar, zone: tzinfo, *,
          outages: OutageLog | None = None, plan: str | None = None, as_of: datetime | None = None) -> TrackReport:
    """Check ``tickets`` (and ``outages``) against the commitments of ``review``."""
    commitments = commitments_from(review, plan)
    severities = severity_map(review.document.text, commitments, tickets.mapping, {t.label for t in tickets.tickets})
    as_of = as_of or _latest(tickets)
    checks: list[TicketCheck] = []
    problems = list(tickets.problems)
    for ticket in tickets.tickets:
        severity = severities.severity_of(ticket.label)
        if ticket.label and severity is None:
            problems.append(RowProblem(ticket.row, ticket.line, "severity", ticket.label,
                                       f"unknown severity {ticket.label!r}; known: {', '.join(SEVERITIES)} and the "
                                       "terms' own level names; add it to the mapping's severity_values"))
        for kind in ("response", "resolution"):
            checks.append(_check(ticket, severity, kind, commitments, calendar, as_of, zone))  # type: ignore[arg-type]
    months = _months(tickets, outages, commitments, checks, zone)
    notes = list(commitments.notes) + _coverage_notes(checks, calendar) + _commitment_notes(commitments, outages)
    problems.sort(key=lambda p: (p.row, p.field))
    return TrackReport(
        terms_path=review.document.path,
        terms_title=review.document.title,
        tickets=tickets,
        outages=outages,
        calendar=calendar,
        zone=str(zone),
        as_of=as_of,
        commitments=commitments,
        checks=tuple(checks),
        months=tuple(months),
        problems=tuple(problems) + (outages.problems if outages else ()),
        notes=tuple(notes),
    )


def _check(ticket: Ticket, severity: str | None, kind: Kind, commitments: Commitments, calendar: BusinessCalendar,
           as_of: datetime | None, zone: tzinfo) -> TicketCheck:
    commitment = commitments.for_ticket(kind, severity)
    if commitment is None:
        reason = (f"unknown severity {ticket.label!r}" if severity is None
                  else f"the terms state no {kind} time for {severity} tickets")
        return TicketCheck(ticket, severity, kind, None, "not-checked", reason=reason)
    if ticket.opened is None:
        return TicketCheck(ticket, severity, kind, commitment, "not-checked", reason="no valid opening time")
    budget = allowed_minutes(commitment, calendar)
    deadline = (calendar.add_business_minutes(ticket.opened, budget) if commitment.business_time
                else ticket.opened + timedelta(minutes=budget)).astimezone(zone)  # shown in the report's zone
    done = ticket.first_response if kind == "response" else ticket.resolved
    if done is None:
        if as_of is not None and as_of > deadline:
            return TicketCheck(ticket, severity, kind, commitment, "breached",
                               _elapsed(ticket.opened, as_of, commitment, calendar), deadline,
                               reason=f"no {kind} recorded, deadline passed before the log ends",
                               allowed_minutes=budget)
        return TicketCheck(ticket, severity, kind, commitment, "open", deadline=deadline, reason=f"no {kind} yet",
                           allowed_minutes=budget)
    elapsed = _elapsed(ticket.opened, done, commitment, calendar)
    status: Status = "breached" if elapsed > budget + _TOLERANCE_MINUTES else "met"
    return TicketCheck(ticket, severity, kind, commitment, status, elapsed, deadline, allowed_minutes=budget)


def allowed_minutes(commitment: TimeCommitment, calendar: BusinessCalendar) -> float:
    """The time a commitment allows, on its own clock (working days become the calendar's working minutes)."""
    days = commitment.working_days
    return days * calendar.working_day_minutes if days is not None else commitment.minutes


def _elapsed(start: datetime, end: datetime, commitment: TimeCommitment, calendar: BusinessCalendar) -> float:
    if commitment.business_time:
        return calendar.business_minutes(start, end)
    return (end - start).total_seconds() / 60


def _latest(tickets: TicketLog) -> datetime | None:
    moments = [m for t in tickets.tickets for m in (t.opened, t.first_response, t.resolved) if m is not None]
    return max(moments, default=None)


def _months(tickets: TicketLog, outages: OutageLog | None, commitments: Commitments, checks: list[TicketCheck],
            zone: tzinfo) -> list[MonthTrend]:
    moments = [t.opened for t in tickets.tickets if t.opened is not None]
    if outages:
        moments += [m for o in outages.outages for m in (o.start, o.end - timedelta(microseconds=1))]
    if not moments:
        return []
    trends = []
    for month in months_between(min(moments), max(moments), zone):
        inside = [c for c in checks if c.ticket.opened is not None and month.start <= c.ticket.opened < month.end]
        trends.append(MonthTrend(
            label=month.label,
            tickets=len({c.ticket.row for c in inside}),
            response_breaches=sum(1 for c in inside if c.kind == "response" and c.status == "breached"),
            resolution_breaches=sum(1 for c in inside if c.kind == "resolution" and c.status == "breached"),
            checked=sum(1 for c in inside if c.status in {"met", "breached"}),
            availability=month_availability(month, outages.outages, commitments) if outages else None,
        ))
    return trends


def _coverage_notes(checks: list[TicketCheck], calendar: BusinessCalendar) -> list[str]:
    outside = {c.ticket.row for c in checks if c.commitment and c.commitment.business_time and c.ticket.opened
               and not calendar.is_covered(c.ticket.opened.astimezone(calendar.zone).date())}
    if not outside or calendar.covers is None:
        return []
    start, end = calendar.covers
    return [(f"calendar {calendar.name} lists holidays for {start}..{end} only; {len(outside)} ticket(s) outside it "
            "were counted with weekdays and hours but without holidays")]


def _commitment_notes(commitments: Commitments, outages: OutageLog | None) -> list[str]:
    notes = []
    if not commitments.times:
        notes.append("the terms state no response or resolution time: no ticket can be checked")
    if outages is not None and not commitments.credit_bands:
        notes.append("the terms state no service-credit table: downtime earns no credit under them")
    if commitments.credit_bands and commitments.claim_window is None:
        notes.append("the terms state no claim window: ask the vendor how long a credit claim stays open")
    return notes

