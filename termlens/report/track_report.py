"""Views of a :class:`~termlens.watch.track.TrackReport`: JSON record, terminal, Markdown, HTML with an SVG trend.

Nothing is computed here beyond layout (and the chart's coordinates).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.table import Table
from rich.text import Text

from termlens import __version__
from termlens.watch.commitments import TimeCommitment
from termlens.watch.describe import duration
from termlens.watch.track import TicketCheck, TrackReport

TEMPLATES = Path(__file__).parent / "templates"
_CHART = {"width": 640, "height": 240, "left": 44, "right": 44, "top": 16, "bottom": 34}


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _commitment(c: TimeCommitment) -> dict[str, Any]:
    return {"severity": c.severity, "minutes": c.minutes, "business_time": c.business_time,
            "working_days": c.working_days, "quote": c.fact.text, "clause": c.fact.clause}


def check_record(check: TicketCheck) -> dict[str, Any]:
    ticket = check.ticket
    done = ticket.first_response if check.kind == "response" else ticket.resolved
    return {
        "ticket": ticket.name, "row": ticket.row, "label": ticket.label, "severity": check.severity,
        "kind": check.kind, "status": check.status, "opened": _time(ticket.opened), "done": _time(done),
        "deadline": _time(check.deadline), "elapsed_minutes": _round(check.elapsed_minutes),
        "allowed_minutes": check.allowed_minutes, "overrun_minutes": _round(check.overrun_minutes),
        "business_time": check.commitment.business_time if check.commitment else None, "reason": check.reason,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def track_record(report: TrackReport) -> dict[str, Any]:
    """The canonical JSON shape of a compliance report."""
    c = report.commitments
    statuses = [check.status for check in report.checks]
    return {
        "termlens_version": __version__,
        "terms": {"path": report.terms_path, "title": report.terms_title, "plan": c.plan},
        "tickets": {"path": report.tickets.path, "mapping": report.tickets.mapping.name,
                    "columns": report.tickets.columns, "count": len(report.tickets.tickets)},
        "outages": ({"path": report.outages.path, "count": len(report.outages.outages)} if report.outages else None),
        "calendar": {"name": report.calendar.name, "timezone": str(report.calendar.zone),
                     "description": report.calendar.description},
        "timezone": report.zone,
        "as_of": _time(report.as_of),
        "commitments": {
            "response": [_commitment(t) for t in c.times if t.kind == "response"],
            "resolution": [_commitment(t) for t in c.times if t.kind == "resolution"],
            "uptime_percent": c.uptime_percent,
            "credit_bands": [{"below_percent": b.below_percent, "credit_percent": b.credit_percent,
                              "quote": b.fact.text} for b in c.credit_bands],
            "credit_cap_percent": c.credit_cap_percent,
            "claim_window_days": c.claim_window_days,
        },
        "summary": {
            "tickets": len(report.tickets.tickets),
            "checked": sum(s in {"met", "breached"} for s in statuses),
            "met": statuses.count("met"),
            "breached": statuses.count("breached"),
            "response_breaches": sum(b.kind == "response" for b in report.breaches),
            "resolution_breaches": sum(b.kind == "resolution" for b in report.breaches),
            "open": statuses.count("open"),
            "not_checked": statuses.count("not-checked"),
            "problems": len(report.problems),
            "credit_months": len(report.credits),
        },
        "breaches": [check_record(check) for check in report.breaches],
        "months": [_month_record(m) for m in report.months],
        "problems": [{"row": p.row, "line": p.line, "field": p.field, "value": p.value, "message": p.message}
                     for p in report.problems],
        "notes": list(report.notes),
        "checks": [check_record(check) for check in report.checks],
    }


def _month_record(month: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"month": month.label, "tickets": month.tickets,
                              "response_breaches": month.response_breaches,
                              "resolution_breaches": month.resolution_breaches}
    a = month.availability
    if a is not None:
        record |= {
            "minutes": round(a.month.minutes), "downtime_minutes": round(a.downtime_minutes, 3),
            "availability_percent": round(a.availability_percent, 4), "committed_percent": a.committed,
            "below_commitment": a.below_commitment,
            "band": {"below_percent": a.band.below_percent, "credit_percent": a.band.credit_percent} if a.band else None,
            "credit_percent": a.credit_percent, "capped": a.capped,
            "claim_deadline": a.claim_deadline.isoformat() if a.claim_deadline else None,
            "outages": list(a.outages),
        }
    return record


def render_track(console: Console, report: TrackReport) -> None:
    record = track_record(report)
    s = record["summary"]
    console.print(Text(f"{report.terms_title or report.terms_path}: SLA compliance", style="bold"))
    console.print(f"{s['tickets']} tickets ({record['tickets']['mapping']} mapping), calendar {report.calendar.name}, "
                  f"time zone {report.zone}; {s['checked']} checks, {s['breached']} breached "
                  f"({s['response_breaches']} response, {s['resolution_breaches']} resolution), {s['open']} open, "
                  f"{s['not_checked']} not checked, {s['problems']} log problems")
    months = Table(title="Per month", expand=False)
    for column in ("month", "tickets", "resp. breaches", "resol. breaches", "availability", "credit", "claim by"):
        months.add_column(column)
    for m in record["months"]:
        months.add_row(m["month"], str(m["tickets"]), str(m["response_breaches"]), str(m["resolution_breaches"]),
                       f"{m['availability_percent']:.3f} %" if "availability_percent" in m else "—",
                       (f"{m['credit_percent']:g} %" + (" (capped)" if m["capped"] else "")) if m.get("credit_percent")
                       else "—", m.get("claim_deadline") or "—")
    console.print(months)
    if report.breaches:
        table = Table(title="Breaches", expand=False)
        for column in ("ticket", "severity", "kind", "opened", "deadline", "took", "allowed"):
            table.add_column(column)
        for check in report.breaches:
            business = bool(check.commitment and check.commitment.business_time)
            table.add_row(check.ticket.name, f"{check.ticket.label} → {check.severity}", check.kind,
                          _time(check.ticket.opened) or "", _time(check.deadline) or "",
                          duration(round(check.elapsed_minutes or 0), business),
                          duration(check.allowed_minutes or 0, business))
        console.print(table)
    for problem in report.problems:
        console.print(Text(f"{problem.where}: {problem.field}: {problem.message}", style="yellow"))
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"))


def render_track_markdown(report: TrackReport) -> str:
    record = track_record(report)
    s = record["summary"]
    lines = [f"# SLA compliance: {report.terms_title or report.terms_path}", "",
             (f"{s['tickets']} tickets, {s['checked']} checks, **{s['breached']} breached** "
             f"({s['response_breaches']} response, {s['resolution_breaches']} resolution), {s['open']} open, "
             f"{s['not_checked']} not checked, {s['problems']} log problems. Calendar `{report.calendar.name}`, "
             f"time zone `{report.zone}`."), "", "## Per month", "",
             "| month | tickets | response breaches | resolution breaches | availability | credit | claim by |",
             "|---|---|---|---|---|---|---|"]
    for m in record["months"]:
        availability = f"{m['availability_percent']:.3f} %" if "availability_percent" in m else "—"
        credit = (f"{m['credit_percent']:g} %" + (" (capped)" if m["capped"] else "")) if m.get("credit_percent") else "—"
        lines.append(f"| {m['month']} | {m['tickets']} | {m['response_breaches']} | {m['resolution_breaches']} | "
                     f"{availability} | {credit} | {m.get('claim_deadline') or '—'} |")
    if record["breaches"]:
        lines += ["", "## Breaches", "", "| ticket | severity | kind | opened | deadline | took (min) | allowed (min) |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {_cell(b['ticket'])} | {_cell(b['label'])} → {b['severity']} | {b['kind']} | {b['opened']} | "
                  f"{b['deadline']} | {b['elapsed_minutes']} | {b['allowed_minutes']:g} |" for b in record["breaches"]]
    if record["problems"]:
        lines += ["", "## Log problems", ""]
        lines += [f"- {problem.where}: `{problem.field}`: {_cell(problem.message)}" for problem in report.problems]
    if record["notes"]:
        lines += ["", "## Notes", ""] + [f"- {_cell(note)}" for note in record["notes"]]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def chart(record: dict[str, Any]) -> dict[str, Any]:
    """Coordinates of the monthly trend: breach bars (left axis) and availability line (right axis)."""
    months = record["months"]
    width, height = _CHART["width"], _CHART["height"]
    left, right, top, bottom = _CHART["left"], _CHART["right"], _CHART["top"], _CHART["bottom"]
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(months), 1)
    most = max([m["response_breaches"] + m["resolution_breaches"] for m in months] + [1])
    shown = [m["availability_percent"] for m in months if "availability_percent" in m]
    committed = record["commitments"]["uptime_percent"]
    floor = min(shown + ([committed] if committed else []) + [100.0])
    floor = max(0.0, floor - max((100.0 - floor) * 0.2, 0.05))

    def y_of(percent: float) -> float:
        return top + plot_h * (100.0 - percent) / (100.0 - floor)

    bars, points = [], []
    for index, m in enumerate(months):
        x = left + slot * index + slot * 0.2
        response_h = plot_h * m["response_breaches"] / most
        resolution_h = plot_h * m["resolution_breaches"] / most
        bars.append({"x": round(x, 1), "width": round(slot * 0.6, 1), "label": m["month"],
                     "response_y": round(top + plot_h - response_h, 1), "response_h": round(response_h, 1),
                     "resolution_y": round(top + plot_h - response_h - resolution_h, 1),
                     "resolution_h": round(resolution_h, 1), "total": m["response_breaches"] + m["resolution_breaches"]})
        if "availability_percent" in m:
            points.append(f"{x + slot * 0.3:.1f},{y_of(m['availability_percent']):.1f}")
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "bottom": top + plot_h, "most": most, "bars": bars, "line": " ".join(points), "floor": round(floor, 3),
            "commitment_y": round(y_of(committed), 1) if committed and shown else None}


def render_track_html(report: TrackReport) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True,
                              autoescape=select_autoescape(default=True, default_for_string=True))
    record = track_record(report)
    return environment.get_template("track.html.j2").render(report=record, chart=chart(record))
