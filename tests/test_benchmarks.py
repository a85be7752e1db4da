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

from bench.external import capp130, clause_labels, cuad, unfair_review, unfair_tos  # noqa: E402
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


# --- UNFAIR-ToS: the shipped review ---------------------------------------------------------

def test_benchmarks_unfair_review_locates_sentences_and_maps_spans_to_them() -> None:
    text = "first sentence .\n\nsecond one .\n\nthird ."  # the reader collapses whitespace in a block
    spans = unfair_review.sentence_spans(text, ["first  sentence .", "second one .", " third . "])
    assert spans == [(0, 16), (18, 30), (32, 39)]
    assert unfair_review.owner(spans, 0, 16) == 0  # the whole sentence
    assert unfair_review.owner(spans, 25, 30) == 1  # a clause or fact inside the second
    assert unfair_review.owner(spans, 10, 20) is None  # across a boundary
    assert unfair_review.owner(spans, 16, 18) is None  # in the separator
    with pytest.raises(ValueError, match="sentence 1 not found"):
        unfair_review.sentence_spans(text, ["first sentence .", "missing ."])


def test_benchmarks_unfair_review_predictions_follow_clause_labels_and_facts() -> None:
    from types import SimpleNamespace

    from termlens.classify import Labels
    from termlens.model import Clause, Fact

    spans = [(0, 40), (42, 80), (82, 100)]
    clauses = [Clause("c1", 0, 20, "we may terminate it", "paragraph", None, ""),
               Clause("c2", 21, 40, "at any time .", "paragraph", None, ""),
               Clause("c3", 42, 80, "we are not liable for any damages", "paragraph", None, ""),
               Clause("c4", 82, 100, "we may change it", "paragraph", None, "")]
    labels = [Labels(("term",), 0.7), Labels((), 0.0), Labels(("liability", "term"), 0.8), Labels(("term",), 0.6)]
    facts = [Fact("term.unilateral_change", True, 85, 99, "may change it", "c4", 0.75),
             Fact("liability.cap", {}, 50, 60, "not liable", "c3", 0.8)]
    found = unfair_review.predictions(SimpleNamespace(segmentation=SimpleNamespace(clauses=clauses), labels=labels,
                                                      facts=facts), spans)
    assert [p.clauses for p in found] == [2, 1, 1]
    assert [p.categories for p in found] == [{"LTD": False, "CH": False, "TER": True},
                                             {"LTD": True, "CH": False, "TER": False},  # `term`, no termination cue
                                             {"LTD": False, "CH": True, "TER": False}]
    stray = Clause("c5", 30, 50, "across two sentences", "paragraph", None, "")
    with pytest.raises(ValueError, match="lies in no single sentence"):
        unfair_review.predictions(SimpleNamespace(segmentation=SimpleNamespace(clauses=[stray]),
                                                  labels=[Labels((), 0.0)], facts=[]), spans)


@pytest.mark.parametrize(("text", "mentions"), [
    ("we may terminate your account", True), ("Termination for cause", True), ("it is terminated", True),
    ("the determination of fees", False), ("we may suspend your account", False), ("服务终止后", True),
])
def test_benchmarks_unfair_review_termination_cue(text: str, mentions: bool) -> None:
    assert unfair_review.mentions_termination(text) is mentions


def test_benchmarks_unfair_review_termination_cue_is_the_term_lexicon_s() -> None:
    from termlens.extract.rules import load_rules

    lexicons = load_rules().lexicons
    assert "terminat" in [word for word, _ in lexicons["en"]["term"]]
    assert "终止" in [word for word, _ in lexicons["zh"]["term"]]


def test_benchmarks_unfair_review_of_a_company_document(tmp_path: Path) -> None:
    texts = ["In no event shall we be liable for any indirect, incidental or consequential damages.",
             "We may modify this SLA upon at least 30 days' prior notice.",
             "You can change your profile picture in the settings.",
             "Either party may terminate this agreement upon 30 days' prior written notice. The fees are not refunded."]
    sentences = [unfair_tos.Sentence("Example", i, text, frozenset()) for i, text in enumerate(texts)]
    found = unfair_review.review_company(sentences, tmp_path)
    assert [p.categories for p in found] == [{"LTD": True, "CH": False, "TER": False},
                                             {"LTD": False, "CH": True, "TER": False},
                                             {"LTD": False, "CH": False, "TER": False},
                                             {"LTD": False, "CH": False, "TER": True}]
    assert [p.clauses for p in found] == [1, 1, 1, 2]
    assert found[3].termination_notice
    assert unfair_review.review_alone(sentences[1]) == found[1]


@needs_data
@pytest.mark.parametrize(("limit", "sentences"), [(1, 193)])
def test_benchmarks_unfair_review_runner_on_a_slice(limit: int, sentences: int) -> None:
    figures = unfair_review.run(DATA / "unfair-tos", limit=limit, alone=False)
    assert figures["companies"] == LEXGLUE_TEST[:limit] and figures["sentences"] == sentences
    assert sum(figures["clauses_per_sentence"].values()) == sentences
    for category in unfair_tos.CATEGORIES:
        item = figures["per_category"][category]
        assert item["support"] == sum(category in s.labels for s in unfair_tos.load_company(DATA / "unfair-tos",
                                                                                              "Academia"))
        assert 0.0 <= item["f1"] <= 1.0


def test_benchmarks_unfair_review_splices_its_section_and_summary_rows() -> None:
    page = ("# Benchmarks\n\n## Summary\n\n| benchmark | task | termlens | published | |\n|---|---|---|---|---|\n"
            "| UNFAIR-ToS | LTD F1 | 75.9 | TF-IDF+SVM 78.4 | below by 2.5 |\n"
            "| CAPP-130 | topics | 0.820 | RoBERTa 0.819 | |\n\n"
            "## UNFAIR-ToS (liability)\n\ntext\n\n### The shipped nine-dimension classifier\n\n| a |\n\n"
            "## CAPP-130\n\nmore\n")
    item = {"precision": 0.5, "recall": 0.25, "f1": 1 / 3, "tp": 1, "fp": 1, "fn": 3, "support": 4}
    figures = {"companies": ["A"], "sentences": 9, "model": True, "per_category": dict.fromkeys(("LTD", "CH", "TER"), item),
               "ter_parts": {"fact": item, "label": item}, "clauses_per_sentence": {"1": 9}, "without_clause": [],
               "diagnostics": {"ch_with_term_label": 1, "ch_with_fact": 1, "unilateral_change_facts_sentences": 1,
                               "termination_notice_fact_sentences": 0, "ter_with_cue": 2, "ter_missed": 3,
                               "ter_missed_without_cue": 1},
               "seconds": 0.1}
    once = unfair_review.splice(page, figures)
    lines = once.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("| UNFAIR-ToS | shipped review ")]
    assert [lines[i].split(" | ")[1] for i in rows] == ["shipped review LTD F1", "shipped review CH F1",
                                                        "shipped review TER F1"]
    assert lines[rows[0] - 1].startswith("| UNFAIR-ToS | LTD F1") and lines[rows[-1] + 1].startswith("| CAPP-130")
    assert "| UNFAIR-ToS | shipped review LTD F1 | 33.3 | TF-IDF+SVM 78.4 | below by 45.1 |" in lines
    heading = lines.index(unfair_review.HEADING)
    assert lines.index("### The shipped nine-dimension classifier") < heading < lines.index("## CAPP-130")
    assert lines[lines.index("## CAPP-130") - 1] == ""
    added = ["\n".join(unfair_review.section(figures)) + "\n", *(row + "\n" for row in unfair_review.summary_rows(figures))]
    unchanged = once
    for text in added:
        assert text in unchanged
        unchanged = unchanged.replace(text, "")
    assert unchanged == page  # nothing else moved
    assert unfair_review.splice(once, figures) == once  # run again: replaced, not added twice
    changed = unfair_review.splice(once, {**figures, "seconds": 7.5})
    assert "take 7.5 s" in changed and "take 0.1 s" not in changed and changed.count(unfair_review.HEADING) == 1


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
