"""The public-benchmark runners (bench/external) on small slices, and their parsing of each data set.

Skipped where the shared benchmark data (``../shared/benchmarks`` or ``$TERMLENS_BENCHMARKS``) is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.external import capp130, clause_labels, cuad, unfair_tos  # noqa: E402
from bench.external.common import Score, best_threshold, bootstrap_f1, data_dir, score  # noqa: E402

try:
    DATA: Path | None = data_dir()
except FileNotFoundError:
    DATA = None
needs_data = pytest.mark.skipif(DATA is None, reason="shared benchmark data not available")

LEXGLUE_TRAIN = ["9gag", "Atlas", "Betterpoints_UK", "Booking", "Deliveroo", "Dropbox", "Endomondo", "Facebook",
                 "Google", "Instagram", "Masquerade", "Microsoft", "Moves-app", "Onavo", "PokemonGo", "Rovio", "Skype",
                 "Skyscanner", "Spotify", "Syncme", "Tinder", "TrueCaller", "Viber", "Vivino", "WhatsApp",
                 "WorldOfWarcraft", "Yahoo", "YouTube", "Zynga", "musically"]
LEXGLUE_VALIDATION = ["Nintendo", "Airbnb", "Crowdtangle", "TripAdvisor", "Supercell", "Headspace", "Fitbit", "Vimeo",
                      "Oculus", "LindenLab"]
LEXGLUE_TEST = ["Academia", "Amazon", "Netflix", "Snap", "Twitter", "LinkedIn", "Duolingo", "Uber", "Evernote",
                "eBay"]


# --- shared metrics -------------------------------------------------------------------------

@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ([1, 1, 0, 0], [1, 0, 1, 0], Score(1, 1, 1)),
    ([0, 0], [0, 0], Score(0, 0, 0)),
])
def test_benchmarks_score_counts(gold: list[int], predicted: list[int], expected: Score) -> None:
    assert score(gold, predicted) == expected


@pytest.mark.parametrize(("gold", "probabilities", "threshold"), [([1, 1, 0, 0], [0.9, 0.6, 0.4, 0.1], 0.6)])
def test_benchmarks_best_threshold_maximises_f1(gold: list[int], probabilities: list[float], threshold: float) -> None:
    assert best_threshold(np.array(gold), np.array(probabilities)) == threshold


# --- UNFAIR-ToS -----------------------------------------------------------------------------

@pytest.mark.parametrize("split", ["train", "validation", "test"])
def test_benchmarks_unfair_tos_split_is_lexglue(split: str) -> None:
    names = sorted(LEXGLUE_TRAIN + LEXGLUE_VALIDATION + LEXGLUE_TEST)
    expected = {"train": LEXGLUE_TRAIN, "validation": LEXGLUE_VALIDATION, "test": LEXGLUE_TEST}[split]
    assert unfair_tos.lexglue_split(names)[split] == expected


@needs_data
@pytest.mark.parametrize(("split", "sentences"), [("train", 5532), ("validation", 2275), ("test", 1607)])
def test_benchmarks_unfair_tos_split_sizes_match_lexglue(split: str, sentences: int) -> None:
    assert len(unfair_tos.load_split(DATA / "unfair-tos", split)) == sentences


@needs_data
@pytest.mark.parametrize("limit", [400])
def test_benchmarks_unfair_tos_runner_on_a_slice(limit: int) -> None:
    settings = [unfair_tos.candidates()[0]]
    figures = unfair_tos.run(DATA / "unfair-tos", limit=limit, settings=settings)
    assert set(figures["chosen"]["per_category"]) == set(unfair_tos.CATEGORIES)
    for item in figures["chosen"]["per_category"].values():
        assert 0.0 <= item["f1"] <= 1.0
    assert set(figures["shipped"]) >= {"rules", "model", "max"}


# --- CAPP-130 -------------------------------------------------------------------------------

@needs_data
@pytest.mark.parametrize(("split", "sentences"), [("train", 14190), ("dev", 3043), ("test", 3035)])
def test_benchmarks_capp130_loads_every_sentence(split: str, sentences: int) -> None:
    loaded = capp130.load_split(DATA / "capp-130", split)
    assert len(loaded) == sentences
    assert all(sentence.topics for sentence in loaded)


@needs_data
@pytest.mark.filterwarnings("ignore:label 'cessation'")  # a 400-sentence slice has two cessation sentences
@pytest.mark.parametrize("limit", [400])
def test_benchmarks_capp130_runner_on_a_slice(limit: int) -> None:
    figures = capp130.run(DATA / "capp-130", limit=limit, settings=[capp130.candidates()[0]])
    assert set(figures["chosen"]["per_topic"]) == set(capp130.TOPICS)
    assert figures["chosen"]["covered_topics"]["ids"] == list(capp130.COVERED)
    assert 0.0 <= figures["chosen"]["all_topics"]["micro_f1"] <= 1.0


# --- CUAD -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("answer", "months"), [("successive 1 year", {12}), ("Successive 1 year", {12}),
                                                ("3 years", {36}), ("successive 6 months", {6}),
                                                ("three (3) years", {36}), ("perpetual", set())])
def test_benchmarks_cuad_renewal_term_in_months(answer: str, months: set[float]) -> None:
    assert cuad.as_months(answer) == months


@pytest.mark.parametrize(("answer", "days"), [("30 days", {30}), ("(6) months", {180}), ("60) days", {60}),
                                              ("6 weeks", {42}), ("1 year", {360, 365}), ("", set())])
def test_benchmarks_cuad_notice_in_days(answer: str, days: set[float]) -> None:
    assert cuad.as_days(answer) == days


@pytest.mark.parametrize(("text", "clause", "found"), [
    ("The  cap\nis   the fees paid.", "cap is the fees\npaid", True),
    ("Nothing here.", "cap is the fees paid", False),
])
def test_benchmarks_cuad_locates_clauses_ignoring_whitespace(text: str, clause: str, found: bool) -> None:
    spans, missing = cuad.locate(text, [clause])
    assert (len(spans), missing) == ((1, 0) if found else (0, 1))
    if found:
        start, end = spans[0]
        assert "".join(text[start:end].split()) == "".join(clause.split())


@needs_data
def test_benchmarks_cuad_matches_every_annotated_contract_to_its_text() -> None:
    contracts, unmatched = cuad.load_contracts(DATA / "cuad")
    assert unmatched == []
    assert len(contracts) == 510


@needs_data
@pytest.mark.parametrize("limit", [3])
def test_benchmarks_cuad_runner_on_a_slice(limit: int) -> None:
    figures = cuad.run(DATA / "cuad", limit=limit)
    assert figures["contracts"] == limit
    assert {"renewal_term", "renewal_notice", "cap_on_liability", "termination_for_convenience"} <= set(figures)


# --- combination modes and speed ------------------------------------------------------------

@pytest.mark.parametrize(("rules", "model"), [([[1.0, 0.0]], [[0.2, 0.9]])])
def test_benchmarks_clause_label_modes(rules: list[list[float]], model: list[list[float]]) -> None:
    found = clause_labels.modes(np.array(rules), np.array(model))
    np.testing.assert_allclose(found["max"], [[1.0, 0.9]])
    np.testing.assert_allclose(found["blend 0.25·rules"], [[0.4, 0.675]])


@needs_data
@pytest.mark.parametrize("limit", [2])
def test_benchmarks_speed_runner_on_a_slice(limit: int) -> None:
    from bench import speed

    figures = speed.run(limit, pdf_count=1, memory_sample=1, pin=False)
    for name in ("parse", "review", "review_rules_only"):
        assert figures[name]["documents"] == limit and figures[name]["mb_per_second"] > 0
    assert figures["pdf"]["pypdfium2_text"]["documents"] == 1


def test_bootstrap_interval_brackets_the_f1_it_resamples() -> None:
    gold = np.array([True] * 38 + [False] * 1569)
    predicted = gold.copy()
    predicted[:8] = False  # 8 misses
    predicted[100:111] = True  # 11 false alarms
    low, high = bootstrap_f1(gold, predicted)
    assert low < score(gold, predicted).f1 < high
    assert high - low > 0.1  # 38 positives: a wide interval
    assert bootstrap_f1(gold, gold) == (1.0, 1.0)
    assert bootstrap_f1(gold, predicted) == (low, high)  # fixed seed
