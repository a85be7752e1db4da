"""Ticket logs: rows of a ticket system's export, read into :class:`Ticket` records.

Each row becomes a ticket, whatever is wrong with it; what is wrong is a
:class:`~termlens.watch.logs.RowProblem` naming the row. A value that cannot
be trusted (an unreadable date, a resolution before the ticket was opened)
is left out of the ticket, so the checks that need it are skipped, and
said to be skipped, instead of being computed from nonsense.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from termlens.watch.logs import (
    ColumnMapping,
    RawRow,
    RowProblem,
    choose_mapping,
    read_table,
    rows_for,
)
from termlens.watch.timestamps import parse_timestamp

# Any one field of each group must have a column, or the log cannot be checked at all.
REQUIRED: tuple[tuple[str, ...], ...] = (
    ("id",),
    ("severity",),
    ("opened",),
    ("first_response", "first_response_minutes", "resolved", "resolution_minutes"),
)


@dataclass(frozen=True, slots=True)
class Ticket:
    """One support ticket; a missing or rejected timestamp is None."""

    row: int
    line: int | None
    id: str
    label: str  # the severity or priority as the ticket system wrote it
    opened: datetime | None
    first_response: datetime | None
    resolved: datetime | None

    @property
    def name(self) -> str:
        return self.id or f"row {self.row}"


@dataclass(frozen=True, slots=True)
class TicketLog:
    path: str
    mapping: ColumnMapping
    columns: dict[str, str]  # field -> column used
    tickets: tuple[Ticket, ...]
    problems: tuple[RowProblem, ...]


def read_tickets(path: str | Path, default_zone: tzinfo, mapping: str | None = None) -> TicketLog:
    """Read a ticket export (CSV, JSON, JSON Lines) with a named or detected column mapping."""
    path = Path(path)
    available, raw_rows = read_table(path)
    chosen, columns = choose_mapping(path, available, "tickets", mapping, REQUIRED)
    tickets: list[Ticket] = []
    problems: list[RowProblem] = []
    first_row_of: dict[str, int] = {}
    for raw in rows_for(raw_rows, columns):
        ticket, found = _ticket(raw, chosen, default_zone)
        if ticket.id and ticket.id in first_row_of:
            found.append(RowProblem(raw.row, raw.line, "id", ticket.id,
                                    f"duplicate ticket id (first seen in row {first_row_of[ticket.id]})"))
        first_row_of.setdefault(ticket.id, raw.row)
        tickets.append(ticket)
        problems.extend(found)
    return TicketLog(str(path), chosen, columns, tuple(tickets), tuple(problems))


def _ticket(raw: RawRow, mapping: ColumnMapping, default_zone: tzinfo) -> tuple[Ticket, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(field: str, value: Any, message: str) -> None:
        problems.append(RowProblem(raw.row, raw.line, field, "" if value is None else str(value), message))

    def timestamp(field: str) -> datetime | None:
        value = raw.values.get(field)
        if value is None:
            return None
        try:
            return parse_timestamp(value, default_zone, formats=tuple(mapping.timestamp_formats),
                                   dayfirst=mapping.dayfirst)
        except ValueError as error:
            problem(field, value, str(error))
            return None

    ticket_id = _text(raw.values.get("id"))
    if not ticket_id:
        problem("id", None, "no ticket id")
    label = _text(raw.values.get("severity"))
    if not label:
        problem("severity", None, "no severity or priority; the ticket cannot be matched to a commitment")
    opened = timestamp("opened")
    if opened is None and "opened" not in {p.field for p in problems}:
        problem("opened", None, "no opening time; the ticket cannot be checked")
    first_response = timestamp("first_response") or _after(opened, raw, "first_response_minutes", problem)
    resolved = timestamp("resolved") or _after(opened, raw, "resolution_minutes", problem)
    if opened is not None and first_response is not None and first_response < opened:
        problem("first_response", first_response.isoformat(),
                f"first response before the ticket was opened ({opened.isoformat()}); response not checked")
        first_response = None
    if opened is not None and resolved is not None and resolved < opened:
        problem("resolved", resolved.isoformat(),
                f"resolved before the ticket was opened ({opened.isoformat()}); resolution not checked")
        resolved = None
    return Ticket(raw.row, raw.line, ticket_id, label, opened, first_response, resolved), problems


def _after(opened: datetime | None, raw: RawRow, field: str, problem: Any) -> datetime | None:
    """A timestamp given as calendar minutes after opening (Zendesk Explore's "… time (min)")."""
    value = raw.values.get(field)
    if value is None or opened is None:
        return None
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        problem(field, value, f"expected a number of minutes, got {value!r}")
        return None
    if minutes < 0:
        problem(field, value, "negative duration")
        return None
    return opened + timedelta(minutes=minutes)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
