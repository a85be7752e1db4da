"""termlens diff: two versions of real terms (edited copies), fact directions, clause alignment, text edits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from termlens.cli import app
from termlens.pipeline import review
from termlens.watch import diff
from termlens.watch.directions import compare, load_directions
from termlens.watch.textdiff import edits, tokens

REAL_TERMS = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"
needs_real_terms = pytest.mark.skipif(not REAL_TERMS.is_dir(), reason="the shared real-terms corpus is not here")


def edited_copy(tmp_path: Path, name: str, replacements: list[tuple[str, str]]) -> tuple[Path, Path]:
    """The original document and a copy with each ``old`` replaced (exactly once) by ``new``."""
    old = tmp_path / f"old-{name}"
    shutil.copy(REAL_TERMS / name, old)
    text = old.read_text(encoding="utf-8")
    for before, after in replacements:
        assert text.count(before) == 1, f"edit target not unique in {name}: {before[:60]!r}"
        text = text.replace(before, after)
    new = tmp_path / f"new-{name}"
    new.write_text(text, encoding="utf-8")
    return old, new


def changes_by_summary(result) -> dict[str, str]:
    return {change.summary: change.direction for change in result.facts}


# ---- Earthly Cloud SLA (HTML) ------------------------------------------------------------------------------------------

EARTHLY_BUILD = ("<p>“<ins>Build</ins>” means execution of a CI/CD task on the Cloud Service, whether triggered manually "
                 "by Users or automatically (including when triggered by an integration with a Third-Party Platform).</p>\n")
EARTHLY_COMPUTE = ("<p>“<ins>Compute Minute</ins>” has the definition given on our pricing page at "
                   "<a href=\"https://earthly.dev/pricing\">https://earthly.dev/pricing</a>.</p>\n")
EARTHLY_SECTION_4 = ("<p><strong>4. Multiple Failures</strong>. To the extent that the Cloud Service experiences Multiple "
                     "Failures, then Customer may, upon notice to Provider no more than 30 days after the date the "
                     "Multiple Failures occurred, terminate the Order for the applicable Cloud Service. In such case "
                     "Provider will refund to Customer any pre-paid, unused fees for the terminated portion of the "
                     "Subscription Term.</p>\n")
EARTHLY_TARGET = "<p>“<ins>Target Availability</ins>” is defined in the SLA Key Terms Chart.</p>\n"
EARTHLY_EDITS = [
    ("20% of monthly recurring fees", "10% of monthly recurring fees"),  # credit tier 2: 20 % → 10 %
    ("request for service credit within 30 days", "request for service credit within 15 days"),  # claim window
    ("99% of the time", "95% of the time"),  # availability for lower tiers
    (EARTHLY_SECTION_4, ""),  # the Multiple Failures termination right is gone
    ("Provider will provide or otherwise make available to Customer, upon request, reports",
     "Provider may, at its sole discretion, make available to Customer reports"),  # hedged
    (EARTHLY_BUILD + EARTHLY_COMPUTE, EARTHLY_COMPUTE + EARTHLY_BUILD),  # a definition moved
    (EARTHLY_TARGET, EARTHLY_TARGET + "<p>Provider is not responsible for problems caused by third-party "
                                      "integrations or plugins.</p>\n"),  # a new exclusion
]


@pytest.fixture(scope="module")
def earthly_diff(tmp_path_factory: pytest.TempPathFactory):
    old, new = edited_copy(tmp_path_factory.mktemp("earthly"), "earthly-cloud-sla.en.html", EARTHLY_EDITS)
    old_review, new_review = review(old), review(new)
    return old_review, new_review, diff(old_review, new_review)


@needs_real_terms
def test_diff_earthly_finds_every_fact_edit(earthly_diff) -> None:
    old_review, _, result = earthly_diff
    keys = {f.key for f in old_review.facts}
    assert {"availability.credit", "availability.claim_window", "availability.uptime"} <= keys, \
        "the extraction rules no longer find the facts this test edits"
    assert changes_by_summary(result) == {
        "service credit below 97 %: 20 % → 10 %": "weaker",
        "claim window: 30 days → 15 days": "weaker",
        "availability: 99 % → 95 %": "weaker",
        "exclusion added: third_party": "weaker",
    }
    codes = {f.code for f in result.findings}
    assert codes == {"weakened-availability.credit", "weakened-availability.claim_window",
                     "weakened-availability.uptime", "weakened-scope.exclusion", "weakened-wording"}


@needs_real_terms
def test_diff_earthly_finds_every_clause_edit(earthly_diff) -> None:
    _, _, result = earthly_diff
    removed = " ".join(c.old.text for c in result.clauses_of("removed"))
    assert "experiences Multiple Failures" in removed and "refund to Customer any pre-paid" in removed
    assert [c.new.text for c in result.clauses_of("added")] == [
        "Provider is not responsible for problems caused by third-party integrations or plugins."]
    assert [c.new.text[:7] for c in result.clauses_of("moved")] == ["“Build”"]
    reworded = {(e.old, e.new) for c in result.clauses_of("reworded") for e in c.edits if e.op != "equal"}
    assert {("20%", "10%"), ("30", "15"), ("99%", "95%")} <= reworded
    assert ("will provide or otherwise", "may, at its sole discretion,") in reworded
    assert result.unchanged_clauses > 25


# ---- ZITADEL support services (Markdown) ------------------------------------------------------------------------------

ZITADEL_EDITS = [
    ("Severity 1| Best effort | 1 business hour | up to 30min", "Severity 1| Best effort | 4 business hours | up to 30min"),
    ("Severity 2| Best effort | 2 business hour |", "Severity 2| Best effort | 1 business hour |"),
    (("2. For urgent needs, the client may escalate directly by calling +41 43 456 84 69 and emailing to "
     "[hi@zitadel.com](mailto:hi@zitadel.com). A manager will review the request and provide response within two "
     "business hours.\n"), ""),
]


@needs_real_terms
def test_diff_zitadel_response_times_and_a_removed_escalation(tmp_path: Path) -> None:
    old, new = edited_copy(tmp_path, "zitadel-support-services.en.md", ZITADEL_EDITS)
    result = diff(review(old), review(new))
    found = changes_by_summary(result)
    assert found["Extended SLA Severity 1 response time: 1 h (business time) → 4 h (business time)"] == "weaker"
    assert found["Extended SLA Severity 2 response time: 2 h (business time) → 1 h (business time)"] == "stronger"
    removed = result.clauses_of("removed")
    assert any("escalate directly by calling" in c.old.text for c in removed)
    # Whatever else changed among the facts (depending on the rules) comes from the removed escalation clauses.
    removed_ids = {c.old.id for c in removed}
    others = [c for c in result.facts if c.what not in {"Extended SLA Severity 1 response time",
                                                          "Extended SLA Severity 2 response time"}]
    assert all(c.kind == "removed" and {f.clause for f in c.old} - {f.clause for f in c.new} <= removed_ids
               for c in others)
    reworded = {(e.old, e.new) for c in result.clauses_of("reworded") for e in c.edits if e.op != "equal"}
    assert {("1", "4"), ("hour", "hours"), ("2", "1")} <= reworded  # word-level: "business" is kept


# ---- Chatopera (Chinese, character-level) ---------------------------------------------------------------------------

@needs_real_terms
def test_diff_chinese_is_character_level(tmp_path: Path) -> None:
    old, new = edited_copy(tmp_path, "chatopera-cloud-sla.zh.md",
                           [("16 小时内 Chatopera 运营人员反馈", "24 小时内 Chatopera 客服人员反馈"), ("99.1%", "99%")])
    result = diff(review(old), review(new))
    assert changes_by_summary(result) == {"服务可用性：99.1 % → 99 %": "weaker", "响应时间：16 h → 24 h": "weaker"}
    changed = {(e.old, e.new) for c in result.clauses_of("reworded") for e in c.edits if e.op != "equal"}
    assert {("16", "24"), ("运营", "客服"), ("99.1%", "99%")} <= changed
    assert all(f.question.startswith("新版本") for f in result.findings)


@needs_real_terms
@pytest.mark.parametrize("name", ["earthly-cloud-sla.en.html", "zitadel-support-services.en.md",
                                  "chatopera-cloud-sla.zh.md"])
def test_diff_identical_versions_change_nothing(name: str) -> None:
    same = review(REAL_TERMS / name)
    result = diff(same, same)
    assert (result.facts, result.clauses, result.findings) == ((), (), ())
    assert result.unchanged_clauses == len(same.segmentation.clauses)


# ---- directions --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "old", "new", "verdict"), [
    ("support.response_time", {"minutes": 60, "business_time": False}, {"minutes": 240, "business_time": False}, "weaker"),
    ("support.response_time", {"minutes": 60, "business_time": False}, {"minutes": 60, "business_time": True}, "weaker"),
    ("support.response_time", {"minutes": 240, "business_time": False}, {"minutes": 60, "business_time": True}, "unclear"),
    ("availability.uptime", {"percent": 99.95}, {"percent": 99.9}, "weaker"),
    ("availability.credit", {"below_percent": 99.9, "credit_percent": 25}, {"below_percent": 99.9, "credit_percent": 10},
     "weaker"),
    ("availability.credit", {"below_percent": 99.9, "credit_percent": 10}, {"below_percent": 99.5, "credit_percent": 10},
     "weaker"),
    ("availability.credit", {"below_percent": 99.9, "credit_percent": 10}, {"below_percent": 99.5, "credit_percent": 20},
     "unclear"),
    ("liability.cap", {"basis": "fees_paid", "months": 12}, {"basis": "fees_paid", "months": 6}, "weaker"),
    ("term.grace_period", {"days": 15}, {"days": 30}, "stronger"),
    ("term.unilateral_change", {"notice_days": 30}, {"notice_days": 15}, "weaker"),
    ("term.unilateral_change", {"notice_days": 30}, True, "weaker"),
    ("term.price_change", {"max_percent": 5}, "vendor_discretion", "weaker"),
    ("support.hours", "24x7", "business_hours", "weaker"),
    ("updates.cadence", "quarterly", "monthly", "stronger"),
    ("availability.credit_cap", 30.0, 20.0, "weaker"),
])
def test_diff_direction_of_a_change(key: str, old: object, new: object, verdict: str) -> None:
    assert compare(load_directions().of(key), old, new) == verdict


@pytest.mark.parametrize(("key", "presence"), [("scope.exclusion", "bad"), ("term.unilateral_change", "bad"),
                                                ("term.grace_period", "good"), ("liability.carve_out", "good")])
def test_diff_presence_reads_as_the_buyer_reads_it(key: str, presence: str) -> None:
    assert load_directions().of(key).presence == presence


# ---- text edits --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("within 1 business hour.", ["within", " ", "1", " ", "business", " ", "hour", "."]),
    ("可用性 99.95%", ["可", "用", "性", " ", "99.95%"]),
    ("P1 故障", ["P1", " ", "故", "障"]),
])
def test_diff_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_diff_edits_rebuild_both_texts() -> None:
    old, new = "We respond within 1 business hour to P1 issues.", "We respond within 4 business hours to P1 and P2 issues."
    changes = edits(old, new)
    assert "".join(e.old for e in changes) == old and "".join(e.new for e in changes) == new


# ---- the command -------------------------------------------------------------------------------------------------------

@needs_real_terms
def test_diff_cli_formats(tmp_path: Path) -> None:
    old, new = edited_copy(tmp_path, "earthly-cloud-sla.en.html",
                           [("20% of monthly recurring fees", "10% of monthly recurring fees"),
                            (EARTHLY_TARGET, EARTHLY_TARGET + "<p>Credits &lt;script&gt;alert(1)&lt;/script&gt; apply.</p>\n")])
    runner = CliRunner()
    record = json.loads(runner.invoke(app, ["diff", str(old), str(new), "--format", "json"]).output)
    assert record["summary"]["weakened"] == 1 and record["facts"][0]["new_quotes"][0]["text"].startswith("94%")
    html = runner.invoke(app, ["diff", str(old), str(new), "--format", "html"]).output
    assert "&lt;script&gt;" in html and "<script>" not in html
    markdown = runner.invoke(app, ["diff", str(old), str(new), "--format", "markdown"]).output
    assert "## Weakened" in markdown and "~~20%~~" in markdown
    text = runner.invoke(app, ["diff", str(old), str(new)])
    assert text.exit_code == 0 and "Weakened" in text.output
    missing = runner.invoke(app, ["diff", str(old), str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and missing.output.startswith("error:")
