"""Extraction on the vendors' own documents in ../shared/real-terms (read where they are)."""

from __future__ import annotations

from pathlib import Path

import pytest

from termlens.model import Review
from termlens.pipeline import review

REAL_TERMS = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"
pytestmark = pytest.mark.skipif(not REAL_TERMS.is_dir(), reason=f"{REAL_TERMS} is not here: the shared real terms "
                                "sit beside the project (../shared/real-terms)")


@pytest.fixture(scope="module")
def reviews() -> dict[str, Review]:
    return {path.name: review(path) for path in sorted(REAL_TERMS.iterdir()) if path.name != "SOURCES.md"}


def figures(result: Review, key: str) -> set[tuple]:
    return {(f.qualifier.get("severity"), f.qualifier.get("plan"), repr(f.value)) for f in result.facts if f.key == key}


def test_extract_real_every_quote_is_exact(reviews: dict[str, Review]) -> None:
    for result in reviews.values():
        for fact in result.facts:
            assert fact.text == result.document.text[fact.start:fact.end]
            clause = next(c for c in result.segmentation.clauses if c.id == fact.clause)
            assert clause.start <= fact.start and fact.end <= clause.end


def test_extract_real_zitadel_slo_table_by_plan(reviews: dict[str, Review]) -> None:
    found = figures(reviews["zitadel-support-services.en.md"], "support.response_time")
    assert ("critical", "Extended SLA", repr({"minutes": 60, "business_time": True})) in found
    assert ("low", "Custom", repr({"minutes": 1440, "business_time": True})) in found
    # "Best effort" and "bespoke (as low as 30min)" commit to nothing.
    assert not any(plan in {"Default", "Free", "Enterprise Cloud"} for _, plan, _ in found)
    # "does not guarantee a work-around, resolution or resolution time"
    assert figures(reviews["zitadel-support-services.en.md"], "support.resolution_time") == set()


def test_extract_real_earthly_credit_tiers_from_html_table(reviews: dict[str, Review]) -> None:
    credits = figures(reviews["earthly-cloud-sla.en.html"], "availability.credit")
    assert credits == {
        (None, None, repr({"below_percent": below, "credit_percent": credit}))
        for below, credit in ((99.0, 5.0), (97.0, 20.0), (94.0, 35.0), (90.0, 50.0))
    }
    assert figures(reviews["earthly-cloud-sla.en.html"], "availability.claim_window") == {
        (None, None, repr({"days": 30}))}


def test_extract_real_github_template_labels_ranked(reviews: dict[str, Review]) -> None:
    facts = [f for f in reviews["github-premium-support-sla.zh.md"].facts if f.key == "support.response_time"]
    assert {(f.qualifier["severity"], f.value["minutes"]) for f in facts} == {("critical", 30), ("high", 240)}


def test_extract_real_chinese_sla_figures(reviews: dict[str, Review]) -> None:
    chatopera = reviews["chatopera-cloud-sla.zh.md"]
    assert figures(chatopera, "availability.uptime") == {(None, None, repr({"percent": 99.1}))}
    assert figures(chatopera, "support.response_time") == {(None, None, repr({"minutes": 960, "business_time": False}))}
    trtc = reviews["tencent-trtc-data-processing.zh.md"]
    assert figures(trtc, "data.retention_after_termination") == {(None, None, repr({"days": 7}))}


def test_extract_real_durability_is_not_availability(reviews: dict[str, Review]) -> None:
    assert figures(reviews["tencent-cmq-sla.en.md"], "availability.uptime") == {(None, None, repr({"percent": 99.95}))}
