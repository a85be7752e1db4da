"""After signing: how the terms changed (``diff``) and whether the vendor keeps them (``track``).

    diff(old_review, new_review) -> TermsDiff      clause and fact changes, weakenings as findings
    track(review, tickets, calendar, zone, …) -> TrackReport
                                                  breaches per ticket, availability and credits per month
    diff_files / track_files                      the same from paths (what the CLI calls)

Data: ``termlens/data/watch/`` holds the direction of each fact key, business
calendars and the column mappings of ticket-system exports (docs/tickets.md).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from termlens.watch.calendar import BusinessCalendar, load_calendar
from termlens.watch.diff import TermsDiff, diff
from termlens.watch.outages import OutageLog, read_outages
from termlens.watch.tickets import TicketLog, read_tickets
from termlens.watch.timestamps import zone
from termlens.watch.track import TrackReport, track

__all__ = [
    "BusinessCalendar", "OutageLog", "TermsDiff", "TicketLog", "TrackReport", "diff", "diff_files",
    "load_calendar", "read_outages", "read_tickets", "track", "track_files",
]


def diff_files(old: str | Path, new: str | Path, *, max_bytes: int | None = None) -> TermsDiff:
    """Review both versions of the terms, then compare them (earlier version first)."""
    from termlens.pipeline import (
        review,  # the full pipeline is only needed when reading documents
    )

    return diff(review(old, max_bytes=max_bytes), review(new, max_bytes=max_bytes))


def track_files(terms: str | Path, tickets: str | Path, *, outages: str | Path | None = None,
                calendar: str | Path | None = None, tz: str = "UTC", mapping: str | None = None,
                outage_mapping: str | None = None, plan: str | None = None, as_of: datetime | None = None,
                max_bytes: int | None = None) -> TrackReport:
    """Review the terms, read the logs (naive timestamps in ``tz``) and check one against the other."""
    from termlens.pipeline import review

    default_zone = zone(tz)
    terms_review = review(terms, max_bytes=max_bytes)
    ticket_log = read_tickets(tickets, default_zone, mapping)
    outage_log = read_outages(outages, default_zone, outage_mapping) if outages is not None else None
    return track(terms_review, ticket_log, load_calendar(calendar), default_zone, outages=outage_log, plan=plan,
                 as_of=as_of)
