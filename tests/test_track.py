"""termlens track: ticket breaches in business time (cn-2026, 调休), availability, credits, bad logs.

Expected figures are worked out by hand in the comments (hand-picked tickets
and outages) or by an independent minute-by-minute oracle written here
(generated logs), never by the code under test.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from termlens.cli import app
from termlens.errors import TermlensError
from termlens.pipeline import review
from termlens.watch import load_calendar, read_outages, read_tickets, track
from termlens.watch.commitments import commitments_from
from termlens.watch.logs import LogError

SHANGHAI = ZoneInfo("Asia/Shanghai")

TERMS_ZH = """# 云服务技术支持与 SLA 协议

## 1. 故障级别与响应

| 故障级别 | 响应时间 | 解决时间 |
|---|---|---|
| P1 紧急 | 1 小时 | 4 小时 |
| P2 严重 | 2 个工作小时 | 1 个工作日 |
| P3 一般 | 4 个工作小时 | 3 个工作日 |

工作时间为中国法定工作日 9:00-18:00（北京时间）。

## 2. 服务可用性

本服务每月的服务可用性不低于 99.9%。

## 3. 服务赔偿

| 月度服务可用性 | 赔偿比例 |
|---|---|
| 低于 99.9% 但不低于 99% | 月度服务费的 10% |
| 低于 99% 但不低于 95% | 月度服务费的 25% |
| 低于 95% | 月度服务费的 50% |

每月赔偿总额不超过当月服务费的 30%。

客户应在每个自然月结束后 30 天内提出赔偿申请，逾期视为放弃。
"""

# The 2026 calendar as the State Council announced it (国办发明电 2025-11-04), written out
# here a second time, independently of termlens/data/watch/calendars/cn-2026.yaml.
HOLIDAYS_2026 = {date(2026, 1, 1) + timedelta(days=n) for n in range(3)} | {
    date(2026, 2, 15) + timedelta(days=n) for n in range(9)} | {
    date(2026, 4, 4) + timedelta(days=n) for n in range(3)} | {
    date(2026, 5, 1) + timedelta(days=n) for n in range(5)} | {
    date(2026, 6, 19) + timedelta(days=n) for n in range(3)} | {
    date(2026, 9, 25) + timedelta(days=n) for n in range(3)} | {
    date(2026, 10, 1) + timedelta(days=n) for n in range(7)}
MAKEUP_2026 = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
               date(2026, 10, 10)}

# Allowed minutes per (label, kind): P1 on the wall clock; P2/P3 in working minutes of a
# 9-12 + 13-18 day (480 minutes), "1 个工作日" = 480, "3 个工作日" = 1440.
ALLOWED = {("P1", "response"): 60, ("P1", "resolution"): 240, ("P2", "response"): 120,
           ("P2", "resolution"): 480, ("P3", "response"): 240, ("P3", "resolution"): 1440}
BUSINESS = {"P1": False, "P2": True, "P3": True}


@pytest.fixture(scope="module")
def terms_review(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("terms") / "sla.zh.md"
    path.write_text(TERMS_ZH, encoding="utf-8")
    return review(path)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run_track(terms_review, tmp_path: Path, rows: list[list[str]], calendar: str | Path = "cn-2026",
              outages: list[list[str]] | None = None):
    tickets = read_tickets(write_csv(tmp_path / "tickets.csv", ["id", "priority", "created_at",
                                                                 "first_response_at", "resolved_at"], rows), SHANGHAI)
    outage_log = None
    if outages is not None:
        outage_log = read_outages(write_csv(tmp_path / "outages.csv", ["id", "start", "end"], outages), SHANGHAI)
    return track(terms_review, tickets, load_calendar(calendar), SHANGHAI, outages=outage_log)


def test_track_commitments_are_read_from_the_terms(terms_review) -> None:
    commitments = commitments_from(terms_review)
    found = {(c.fact.qualifier.get("label"), c.kind): (c.minutes, c.business_time) for c in commitments.times}
    assert found == {
        ("P1", "response"): (60, False), ("P1", "resolution"): (240, False),
        ("P2", "response"): (120, True), ("P2", "resolution"): (1440, True),
        ("P3", "response"): (240, True), ("P3", "resolution"): (4320, True),
    }
    assert [(b.below_percent, b.credit_percent) for b in commitments.credit_bands] == [(99.9, 10), (99, 25), (95, 50)]
    assert (commitments.uptime_percent, commitments.credit_cap_percent, commitments.claim_window_days) == (99.9, 30, 30)


# id, label, opened, first response, resolved,
# (response status, response minutes, response deadline), (resolution status, minutes, deadline)
HAND_PICKED = [
    # Opened on 元旦 (Fri 1/2, holiday); Sat 1/3 holiday; Sun 1/4 is a 调休 working day.
    # Response: 1/4 09:00-10:30 = 90 ≤ 120. Resolution: 1/4 180 + 300 = 480, 1/5 09:00-10:00 = 60 → 540 > 480.
    ("T1", "P2", "2026-01-02 17:00", "2026-01-04 10:30", "2026-01-05 10:00",
     ("met", 90, "2026-01-04T11:00:00+08:00"), ("breached", 540, "2026-01-04T18:00:00+08:00")),
    # Opened Sat 1/10 20:00 Shanghai, written in UTC (aware: keeps its offset). Mon 1/12 09:00-11:30 = 150 > 120.
    # Resolution Mon 09:00-12:00 + 13:00-17:00 = 420 ≤ 480.
    ("T2", "P2", "2026-01-10T12:00:00+00:00", "2026-01-12 11:30", "2026-01-12 17:00",
     ("breached", 150, "2026-01-12T11:00:00+08:00"), ("met", 420, "2026-01-12T18:00:00+08:00")),
    # Fri 2/13 16:00-18:00 = 120, then Sat 2/14 is a 调休 working day: 09:00-10:00 = 60 → 180 > 120.
    # Resolution: 120 + Sat 480 + 春节 2/15-2/23 nothing + 2/24 09:00-11:00 = 120 → 720 > 480; deadline Sat 16:00.
    ("T3", "P2", "2026-02-13 16:00", "2026-02-14 10:00", "2026-02-24 11:00",
     ("breached", 180, "2026-02-13T18:00:00+08:00"), ("breached", 720, "2026-02-14T16:00:00+08:00")),
    # P3 opened Fri 2/13 17:00: 60 + Sat 2/14 480 + 2/24 09:00-09:30 = 30 → 570 > 240; deadline Sat 12:00.
    # Resolution (1440): 60 + 480 + 480 (2/24) + 480 (2/25 until 18:00) = 1500 > 1440; deadline 2/25 17:00.
    ("T4", "P3", "2026-02-13 17:00", "2026-02-24 09:30", "2026-02-25 18:00",
     ("breached", 570, "2026-02-14T12:00:00+08:00"), ("breached", 1500, "2026-02-25T17:00:00+08:00")),
    # P1 runs on the wall clock: opened 2026-02-28 18:00 UTC = Sun 3/1 02:00 Shanghai. 45 min ≤ 60; 330 > 240.
    ("T5", "P1", "2026-02-28T18:00:00Z", "2026-03-01 02:45", "2026-03-01 07:30",
     ("met", 45, "2026-03-01T03:00:00+08:00"), ("breached", 330, "2026-03-01T06:00:00+08:00")),
    # Thu 4/30 15:00-18:00 = 180, 劳动节 5/1-5/5, 5/6 09:00-09:30 = 30 → 210 > 120 (deadline 4/30 17:00).
    # Resolution 180 + 5/6 09:00-10:00 = 240 ≤ 480,
    # deadline 180 + 300: 5/6 09:00-12:00, 13:00-15:00.
    ("T6", "P2", "2026-04-30 15:00", "2026-05-06 09:30", "2026-05-06 10:00",
     ("breached", 210, "2026-04-30T17:00:00+08:00"), ("met", 240, "2026-05-06T15:00:00+08:00")),
    # Sat 5/9 is a 调休 working day: 09:00-11:00 = 120, exactly the commitment (met). Resolution: Sat 480, Sun 0,
    # Mon 09:00 → 480, exactly one working day (met).
    ("T7", "P2", "2026-05-09 09:00", "2026-05-09 11:00", "2026-05-11 09:00",
     ("met", 120, "2026-05-09T11:00:00+08:00"), ("met", 480, "2026-05-09T18:00:00+08:00")),
    # P1 on 国庆 night: wall clock, 70 > 60; resolution 210 ≤ 240.
    ("T8", "P1", "2026-10-01 23:30", "2026-10-02 00:40", "2026-10-02 03:00",
     ("breached", 70, "2026-10-02T00:30:00+08:00"), ("met", 210, "2026-10-02T03:30:00+08:00")),
]


@pytest.mark.parametrize("ticket", HAND_PICKED, ids=[t[0] for t in HAND_PICKED])
def test_track_hand_picked_ticket(terms_review, tmp_path: Path, ticket: tuple) -> None:
    ticket_id, label, opened, responded, resolved, response, resolution = ticket
    report = run_track(terms_review, tmp_path, [[ticket_id, label, opened, responded, resolved]])
    checks = {c.kind: c for c in report.checks}
    for kind, (status, minutes, deadline) in (("response", response), ("resolution", resolution)):
        check = checks[kind]
        assert (check.status, check.elapsed_minutes, check.deadline.isoformat()) == (status, minutes, deadline), kind
        if status == "breached":
            assert check.overrun_minutes == minutes - ALLOWED[(label, kind)]
    assert report.problems == ()


def test_track_makeup_day_counts_only_on_the_official_calendar(terms_review, tmp_path: Path) -> None:
    # The same T3 ticket on a calendar with the same hours but no holidays and no 调休: Saturday
    # 2/14 is then a day off, so the response (Fri 16:00-18:00 = 120) meets the 120-minute commitment.
    plain = tmp_path / "plain.yaml"
    plain.write_text("name: plain\ntimezone: Asia/Shanghai\nworking_hours:\n"
                     + "".join(f"  {d}: [['09:00', '12:00'], ['13:00', '18:00']]\n" for d in ("mon", "tue", "wed", "thu",
                                                                                           "fri"))
                     + "  sat: []\n  sun: []\n", encoding="utf-8")
    row = [["T3", "P2", "2026-02-13 16:00", "2026-02-14 10:00", ""]]
    assert run_track(terms_review, tmp_path, row, calendar=plain).checks[0].status == "met"
    assert run_track(terms_review, tmp_path, row, calendar="cn-2026").checks[0].status == "breached"


# ---- generated logs: hundreds of tickets, checked against a minute-by-minute oracle -------------------------------

def is_working_minute(moment: datetime) -> bool:
    local = moment.astimezone(SHANGHAI)
    day = local.date()
    working_day = day in MAKEUP_2026 or (day.weekday() < 5 and day not in HOLIDAYS_2026)
    return working_day and (9 <= local.hour < 12 or 13 <= local.hour < 18)


def oracle_minutes(label: str, opened: datetime, done: datetime) -> int:
    if not BUSINESS[label]:
        return int((done - opened).total_seconds() // 60)
    return sum(is_working_minute(opened + timedelta(minutes=m)) for m in range(int((done - opened).total_seconds() // 60)))


def generated_tickets(seed: int = 20260101, count: int = 360) -> list[tuple[str, str, datetime, datetime, datetime]]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    tickets = []
    for number in range(count):
        label = rng.choice(["P1", "P2", "P2", "P3", "P3", "P4"])
        opened = start + timedelta(minutes=rng.randrange(0, 180 * 24 * 60))
        responded = opened + timedelta(minutes=rng.randrange(1, 900))
        resolved = responded + timedelta(minutes=rng.randrange(10, 6 * 24 * 60))
        tickets.append((f"GEN-{number:04}", label, opened, responded, resolved))
    return tickets


def test_track_generated_log_matches_the_oracle(terms_review, tmp_path: Path) -> None:
    tickets = generated_tickets()
    openings = [t[2].astimezone(SHANGHAI).date() for t in tickets]
    # The sample must exercise what is hard: weekends, public holidays and 调休 days.
    assert sum(d.weekday() >= 5 for d in openings) > 40
    assert sum(d in HOLIDAYS_2026 for d in openings) > 10
    assert any(d in MAKEUP_2026 for d in openings)
    rows = [[i, label, o.strftime("%Y-%m-%d %H:%M"), r.isoformat(), s.astimezone(UTC).isoformat()]
            for i, label, o, r, s in tickets]
    report = run_track(terms_review, tmp_path, rows)

    expected: dict[tuple[str, str], str] = {}
    breaches_per_month: dict[str, int] = {}
    for ticket_id, label, opened, responded, resolved in tickets:
        for kind, done in (("response", responded), ("resolution", resolved)):
            if label == "P4":
                expected[(ticket_id, kind)] = "not-checked"  # the terms state nothing for P4
                continue
            breached = oracle_minutes(label, opened, done) > ALLOWED[(label, kind)]
            expected[(ticket_id, kind)] = "breached" if breached else "met"
            month = opened.astimezone(SHANGHAI).strftime("%Y-%m")
            breaches_per_month[month] = breaches_per_month.get(month, 0) + breached
    assert {(c.ticket.id, c.kind): c.status for c in report.checks} == expected
    assert {m.label: m.response_breaches + m.resolution_breaches for m in report.months} == breaches_per_month
    assert report.problems == ()
    assert 50 < len(report.breaches) < 600  # a realistic mix, not all or nothing


# ---- outages and credits ---------------------------------------------------------------------------------------------

# Hand-worked months (Asia/Shanghai). Bands: < 99.9 → 10 %, < 99 → 25 %, < 95 → 50 %; cap 30 %; claim 30 days.
OUTAGES = [
    ["O1", "2026-01-20 10:00", "2026-01-20 10:30"],  # Jan: 30 of 44640 min → 99.9328 %: no credit
    ["O2", "2026-02-03 10:00", "2026-02-03 11:00"],  # Feb: 60 of 40320 → 99.8512 %: 10 %, claim by 2/28 + 30 = 3/30
    ["O3", "2026-03-10 08:00", "2026-03-10 16:20"],  # Mar: 500 …
    ["O4", "2026-03-31 23:00", "2026-04-01 01:00"],  # … + 60 of this one = 560 → 98.7455 %: 25 %, claim by 4/30
    ["O5", "2026-04-06 00:00", "2026-04-07 16:00"],  # Apr: 60 + 2400 = 2460 of 43200 → 94.3056 %: 50 % capped to 30
    ["O6", "2026-05-10 10:00:00", "2026-05-10 10:44:38.400"],  # May: 44.64 of 44640 = exactly 99.9 %: no credit
    ["O7", "2026-06-02 10:00", "2026-06-02 11:00"],  # Jun: overlapping 10:00-11:00 and 10:30-11:30 merge to 90 min
    ["O8", "2026-06-02 10:30", "2026-06-02 11:30"],  # → 99.7917 %: 10 %, claim by 6/30 + 30 = 7/30
]
EXPECTED_MONTHS = {
    "2026-01": (30, 99.9328, 0, False, None),
    "2026-02": (60, 99.8512, 10, False, "2026-03-30"),
    "2026-03": (560, 98.7455, 25, False, "2026-04-30"),
    "2026-04": (2460, 94.3056, 30, True, "2026-05-30"),
    "2026-05": (44.64, 99.9, 0, False, None),
    "2026-06": (90, 99.7917, 10, False, "2026-07-30"),
}


def test_track_monthly_availability_credits_and_claim_deadlines(terms_review, tmp_path: Path) -> None:
    report = run_track(terms_review, tmp_path, [], outages=OUTAGES)
    found = {}
    for month in report.months:
        a = month.availability
        found[month.label] = (round(a.downtime_minutes, 2), round(a.availability_percent, 4), a.credit_percent, a.capped,
                              a.claim_deadline.isoformat() if a.claim_deadline else None)
    assert found == EXPECTED_MONTHS
    assert [m.month.label for m in report.credits] == ["2026-02", "2026-03", "2026-04", "2026-06"]


# ---- bad logs ---------------------------------------------------------------------------------------------------------

def test_track_bad_rows_are_reported_with_their_row_never_dropped(terms_review, tmp_path: Path) -> None:
    rows = [
        ["B1", "P2", "2026-01-05 10:00", "2026-01-05 10:30", "2026-01-05 12:00"],  # fine
        ["B2", "P2", "2026-13-40 10:00", "2026-01-05 10:30", ""],  # unparseable opening time
        ["B3", "P2", "2026-01-05 10:00", "2026-01-05 10:30", "2026-01-04 09:00"],  # resolved before opened
        ["B4", "Whatever", "2026-01-05 10:00", "2026-01-05 10:30", ""],  # unknown severity
        ["", "P3", "2026-01-05 10:00", "2026-01-05 09:00", ""],  # no id, response before opening
    ]
    report = run_track(terms_review, tmp_path, rows)
    assert len(report.tickets.tickets) == 5
    problems = {(p.row, p.line, p.field) for p in report.problems}
    assert problems == {(2, 3, "opened"), (3, 4, "resolved"), (4, 5, "severity"), (5, 6, "id"),
                        (5, 6, "first_response")}
    by_ticket = {(c.ticket.name, c.kind): c.status for c in report.checks}
    assert by_ticket[("B1", "response")] == "met"
    assert by_ticket[("B2", "response")] == "not-checked"
    assert by_ticket[("B3", "response")] == "met" and by_ticket[("B3", "resolution")] != "met"
    assert by_ticket[("B4", "response")] == "not-checked"


@pytest.mark.parametrize("header", [["id", "priority", "first_response_at"], ["ticket", "created_at", "resolved_at"]])
def test_track_missing_required_column_is_one_error(tmp_path: Path, header: list[str]) -> None:
    path = write_csv(tmp_path / "t.csv", header, [["1"] * len(header)])
    with pytest.raises(LogError, match="no column for"):
        read_tickets(path, SHANGHAI)


def test_track_cli_missing_column_exits_2_with_one_line(tmp_path: Path) -> None:
    terms = tmp_path / "sla.md"
    terms.write_text(TERMS_ZH, encoding="utf-8")
    tickets = write_csv(tmp_path / "t.csv", ["id", "priority"], [["1", "P1"]])
    result = CliRunner().invoke(app, ["track", str(terms), "--tickets", str(tickets)])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error:") and len(result.output.strip().splitlines()) == 1


def test_track_unparseable_outage_rows_are_reported(terms_review, tmp_path: Path) -> None:
    report = run_track(terms_review, tmp_path, [], outages=[["X1", "2026-01-01 10:00", "2026-01-01 09:00"],
                                                           ["X2", "yesterday-ish", "2026-01-01 09:00"],
                                                           ["X3", "2026-01-02 10:00", "2026-01-02 10:10"]])
    assert {(p.row, p.field) for p in report.problems} == {(1, "end"), (2, "start")}
    assert report.months[0].availability.downtime_minutes == 10


# ---- ticket-system exports -------------------------------------------------------------------------------------------

EXPORTS = {
    "jira.csv": ("Issue key,Summary,Priority,Created,Resolved,Custom field (Date of First Response)\n"
                 "SUP-1,Down,Highest,05/Jan/26 9:15 AM,05/Jan/26 1:15 PM,05/Jan/26 9:45 AM\n"),
    "freshdesk.json": json.dumps([{"id": 7, "priority": 4, "created_at": "2026-01-05T01:15:00Z",
                                   "stats": {"first_responded_at": "2026-01-05T01:45:00Z",
                                             "resolved_at": "2026-01-05T05:15:00Z"}}]),
    "zendesk.json": json.dumps({"tickets": [{"id": 7, "priority": "urgent", "created_at": "2026-01-05T01:15:00Z",
                                             "first_reply_at": "2026-01-05T01:45:00Z",
                                             "solved_at": "2026-01-05T05:15:00Z"}], "count": 1}),
    "generic-zh.csv": "工单号,优先级,创建时间,首次响应时间,解决时间\n7,紧急,2026年1月5日 09:15,2026-01-05 09:45,2026-01-05 13:15\n",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_track_reads_ticket_system_exports(terms_review, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(EXPORTS[name], encoding="utf-8")
    log = read_tickets(path, SHANGHAI)
    assert log.mapping.name == name.split(".")[0].split("-")[0]
    report = track(terms_review, log, load_calendar("cn-2026"), SHANGHAI)
    # Every export holds the same ticket: urgent, opened 09:15 Shanghai, answered after 30 min, resolved after 4 h.
    assert [(c.severity, c.kind, c.status, c.elapsed_minutes) for c in report.checks] == [
        ("critical", "response", "met", 30), ("critical", "resolution", "met", 240)]


def test_track_unknown_mapping_name_is_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["id"], [["1"]])
    with pytest.raises(TermlensError, match="no tickets mapping 'servicenow'"):
        read_tickets(path, SHANGHAI, "servicenow")


# ---- the command -------------------------------------------------------------------------------------------------------

def test_track_cli_json_and_escaped_html(tmp_path: Path) -> None:
    terms = tmp_path / "sla.md"
    terms.write_text(TERMS_ZH, encoding="utf-8")
    write_csv(tmp_path / "tickets.csv", ["id", "priority", "created_at", "first_response_at", "resolved_at"],
              [[row[0] if row[0] != "T2" else "<script>alert(1)</script>", *row[1:5]] for row in HAND_PICKED])
    write_csv(tmp_path / "outages.csv", ["id", "start", "end"], OUTAGES)
    arguments = ["track", str(terms), "--tickets", str(tmp_path / "tickets.csv"), "--outages",
                 str(tmp_path / "outages.csv"), "--calendar", "cn-2026", "--tz", "Asia/Shanghai"]
    result = CliRunner().invoke(app, [*arguments, "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    # From HAND_PICKED: response breaches T2 T3 T4 T6 T8, resolution breaches T1 T3 T4 T5.
    assert (record["summary"]["response_breaches"], record["summary"]["resolution_breaches"]) == (5, 4)
    assert [m["credit_percent"] for m in record["months"] if m["month"] <= "2026-06"] == [0, 10, 25, 30, 0, 10]
    html = CliRunner().invoke(app, [*arguments, "--format", "html"]).output
    assert "<svg" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    markdown = CliRunner().invoke(app, [*arguments, "--format", "markdown"]).output
    assert "| 2026-04 |" in markdown and "(capped)" in markdown


# ---- timestamps and data files ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("2026-01-05 09:15", "2026-01-05T09:15:00+08:00"),  # naive: --tz
    ("2026-01-05T01:15:00Z", "2026-01-05T01:15:00+00:00"),  # aware: kept
    ("2026年1月5日 09:15", "2026-01-05T09:15:00+08:00"),
    ("Mon Jan 05 2026 09:15:00 GMT+0800", "2026-01-05T09:15:00+08:00"),  # GMT+0800 is UTC+8, not POSIX UTC-8
    (1767575700, "2026-01-05T01:15:00+00:00"),  # epoch seconds
    ("1767575700000", "2026-01-05T01:15:00+00:00"),  # epoch milliseconds
])
def test_track_timestamps(raw: object, expected: str) -> None:
    from termlens.watch.timestamps import parse_timestamp

    assert parse_timestamp(raw, SHANGHAI).isoformat() == expected


@pytest.mark.parametrize("raw", ["2026-02-30 10:00", "soon", "2026-13-01"])
def test_track_timestamps_refused(raw: str) -> None:
    from termlens.watch.timestamps import parse_timestamp

    with pytest.raises(ValueError, match="cannot read"):
        parse_timestamp(raw, SHANGHAI)


def test_track_bundled_data_files_validate() -> None:
    from termlens.watch.calendar import bundled_calendars
    from termlens.watch.directions import load_directions
    from termlens.watch.logs import bundled_mappings

    assert bundled_calendars() == ["business-9-18", "cn-2026"]
    assert all(load_calendar(name) for name in bundled_calendars())
    assert {m.name for m in bundled_mappings("tickets")} == {"freshdesk", "generic", "jira", "zendesk"}
    assert load_directions().of("support.response_time").better == "lower"


def test_track_cn_2026_calendar_is_the_official_one() -> None:
    calendar = load_calendar("cn-2026")
    assert set(calendar.holidays) == HOLIDAYS_2026
    assert set(calendar.makeup_days) == MAKEUP_2026
    assert all(day.weekday() >= 5 for day in MAKEUP_2026)


def test_track_docs_examples_validate(tmp_path: Path) -> None:
    """The mapping and calendar examples of docs/tickets.md load as they are written."""
    from termlens.watch.logs import load_mapping

    docs = (Path(__file__).parent.parent / "docs" / "tickets.md").read_text(encoding="utf-8")
    blocks = [block.split("\n", 1)[1] for block in docs.split("```yaml")[1:]]
    mapping, calendar = (tmp_path / "mapping.yaml"), (tmp_path / "calendar.yaml")
    mapping.write_text(blocks[0].split("```")[0], encoding="utf-8")
    calendar.write_text(blocks[1].split("```")[0], encoding="utf-8")
    assert load_mapping(str(mapping), "tickets").severity_values["sev-a"] == "critical"
    loaded = load_calendar(calendar)
    assert date(2026, 8, 1) in loaded.holidays and date(2026, 12, 25) in loaded.holidays


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("name: x\ntimezone: Mars/Base\nworking_hours: {mon: [['09:00', '18:00']]}\n", "unknown time zone"),
    ("name: x\ntimezone: UTC\nworking_hours: {mon: [['18:00', '09:00']]}\n", "ends before it starts"),
    ("name: x\ntimezone: UTC\nworking_hours: {mon: []}\n", "no working hours"),
])
def test_track_bad_calendar_file_is_one_data_error(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(TermlensError, match=message):
        load_calendar(path)
