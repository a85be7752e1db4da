"""The clause classifier: the shipped model, the learned-model API, persistence, and rules + model together."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from termlens.classify import (
    MODEL_DIR,
    RULE_WEIGHT,
    classify_clauses,
    combine,
    dimension_scores,
    load_model,
    model_enabled,
)
from termlens.classify.learned import MANIFEST_FILE, WEIGHTS_FILE, ClauseClassifier, FeatureSpec
from termlens.errors import DataError
from termlens.model import DIMENSIONS
from termlens.pipeline import review

REALISTIC = [
    (("In no event shall Vendor's aggregate liability exceed the fees paid by Customer in the twelve (12) months "
      "preceding the claim."), "liability"),
    ("厂商的最大责任不超过您在过去十二个月内支付的服务费用。", "liability"),
    ("数据存储在中国境内", "data"),
    ("客户数据仅存储于中国境内的数据中心，未经客户书面同意不得跨境传输。", "data"),
    ("Severity 1 tickets receive a first response within 30 minutes, 24x7.", "support"),
    ("紧急工单将在 30 分钟内响应，普通工单在 4 小时内响应。", "support"),
    ("If monthly availability falls below 99.9%, Customer is entitled to a service credit of 10% of the monthly fee.",
     "availability"),
    (("This Agreement renews automatically for successive one-year terms unless either party gives sixty (60) "
      "days' notice of non-renewal."), "term"),
]


@cache
def tiny_corpus() -> tuple[list[str], np.ndarray]:
    """Two labels, a dozen texts each way, in both languages."""
    liability = ["our liability is limited to the fees paid", "in no event shall we be liable for damages",
                 "liability cap equals fees paid in twelve months", "we exclude liability for indirect loss",
                 "厂商的最大责任不超过服务费用", "责任限额为已支付的费用", "我们不承担间接损失的责任"]
    support = ["support responds within four hours", "tickets are answered within one business day",
               "our support team is available 24x7", "phone support for severity one incidents",
               "技术支持在4小时内响应", "工单在一个工作日内答复", "提供7x24小时电话支持"]
    texts = liability + support
    targets = np.array([[1, 0]] * len(liability) + [[0, 1]] * len(support), dtype=np.int8)
    return texts, targets


@cache
def tiny_model() -> ClauseClassifier:
    texts, targets = tiny_corpus()
    features = (FeatureSpec("words", (1, 2), 500, 1), FeatureSpec("cjk", (1, 2), 500, 1))
    return ClauseClassifier(("liability", "support"), features=features, C=1.0).fit(texts, targets)


# --- the shipped model ----------------------------------------------------------------------

def test_classifier_shipped_model_loads_with_the_nine_dimensions() -> None:
    load_model.cache_clear()
    model = load_model()
    assert model.labels_ == DIMENSIONS
    manifest = json.loads((MODEL_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["labels"] == list(DIMENSIONS)
    assert (MODEL_DIR / WEIGHTS_FILE).stat().st_size < 2_000_000


@pytest.mark.parametrize(("text", "dimension"), REALISTIC, ids=[d + ":" + t[:12] for t, d in REALISTIC])
def test_classifier_shipped_model_predicts_the_dimension(text: str, dimension: str) -> None:
    model = load_model()
    probabilities = dict(zip(model.labels_, model.predict_proba([text])[0], strict=True))
    assert max(probabilities, key=probabilities.get) == dimension
    assert probabilities[dimension] >= 0.5


@pytest.mark.parametrize("texts", [[t for t, _ in REALISTIC], ["", "   ", "x"]], ids=["realistic", "degenerate"])
def test_classifier_probabilities_are_in_the_unit_interval(texts: list[str]) -> None:
    probabilities = load_model().predict_proba(texts)
    assert probabilities.shape == (len(texts), len(DIMENSIONS))
    assert np.all((probabilities >= 0) & (probabilities <= 1))


# --- the learned-model API ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "label"), [("liability is limited to fees paid", 0), ("技术支持4小时内响应", 1)])
def test_classifier_fit_returns_a_working_model(text: str, label: int) -> None:
    model = tiny_model()
    assert model.predict_proba([text])[0].argmax() == label
    assert model.coef_.shape[0] == 2 and model.intercept_.shape == (2,)


@pytest.mark.parametrize("unknown_rows", [2])
def test_classifier_fit_leaves_unknown_targets_out(unknown_rows: int) -> None:
    texts, targets = tiny_corpus()
    targets = targets.copy()
    targets[:unknown_rows, 1] = -1
    model = ClauseClassifier(("liability", "support"), features=(FeatureSpec("words", (1, 1), 100, 1),))
    model.fit(texts, targets)
    assert model.support_[1].sum() == len(texts) - unknown_rows
    assert model.support_[0].sum() == len(texts)


@pytest.mark.parametrize("shape", [(3, 2), (14, 3)])
def test_classifier_fit_rejects_targets_of_the_wrong_shape(shape: tuple[int, int]) -> None:
    texts, _ = tiny_corpus()
    with pytest.raises(ValueError, match="targets must have shape"):
        ClauseClassifier(("a", "b")).fit(texts, np.zeros(shape, dtype=np.int8))


@pytest.mark.parametrize("method", ["predict_proba", "to_dict"])
def test_classifier_unfitted_model_says_so(method: str) -> None:
    model = ClauseClassifier(("a", "b"))
    with pytest.raises(RuntimeError, match="not fitted yet"):
        getattr(model, method)(["x"]) if method == "predict_proba" else model.to_dict()


# --- persistence ----------------------------------------------------------------------------

@pytest.mark.parametrize("texts", [["liability is capped", "支持团队全天候响应", "nothing in common"]])
def test_classifier_save_load_round_trip(tmp_path: Path, texts: list[str]) -> None:
    model = tiny_model()
    model.save(tmp_path)
    loaded = ClauseClassifier.load(tmp_path, labels=("liability", "support"))
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-6)
    first = (tmp_path / WEIGHTS_FILE).read_bytes()
    loaded.save(tmp_path)
    assert (tmp_path / WEIGHTS_FILE).read_bytes() == first  # same model, same bytes


@pytest.mark.parametrize("labels", [("support", "liability"), ("liability",), DIMENSIONS])
def test_classifier_load_rejects_another_label_set(tmp_path: Path, labels: tuple[str, ...]) -> None:
    tiny_model().save(tmp_path)
    with pytest.raises(DataError, match="labels"):
        ClauseClassifier.load(tmp_path, labels=labels)


@pytest.mark.parametrize("damage", ["flip a byte", "truncate"])
def test_classifier_load_rejects_damaged_weights(tmp_path: Path, damage: str) -> None:
    tiny_model().save(tmp_path)
    weights = tmp_path / WEIGHTS_FILE
    data = bytearray(weights.read_bytes())
    if damage == "flip a byte":
        data[len(data) // 2] ^= 0xFF
    else:
        del data[len(data) // 2:]
    weights.write_bytes(bytes(data))
    with pytest.raises(DataError, match="checksum"):
        ClauseClassifier.load(tmp_path)


@pytest.mark.parametrize("version", [0, 2])
def test_classifier_load_rejects_another_format_version(tmp_path: Path, version: int) -> None:
    tiny_model().save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["format_version"] = version
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DataError, match="format"):
        ClauseClassifier.load(tmp_path)


# --- rules and model together ---------------------------------------------------------------

@pytest.mark.parametrize(("setting", "expected"), [("off", False), ("OFF", False), ("0", False), ("on", True),
                                                   (None, True)])
def test_classifier_model_switch_reads_the_environment(monkeypatch: pytest.MonkeyPatch, setting: str | None,
                                                       expected: bool) -> None:
    if setting is None:
        monkeypatch.delenv("TERMLENS_MODEL", raising=False)
    else:
        monkeypatch.setenv("TERMLENS_MODEL", setting)
    assert model_enabled() is expected
    assert model_enabled(False) is False


@pytest.mark.parametrize(("rule", "model"), [(1.0, 0.0), (0.0, 1.0), (0.6, 0.6)])
def test_classifier_combine_blends_rule_vote_and_model(rule: float, model: float) -> None:
    assert combine(rule, model) == pytest.approx(RULE_WEIGHT * rule + (1 - RULE_WEIGHT) * model)


@pytest.mark.parametrize(("text", "dimension", "present"), [
    ("Our SLA covers the API.", "availability", True),
    ("The reSLA clause.", "availability", False),  # an ASCII cue must not follow a letter
    ("service   level\n agreement", "availability", True),  # any whitespace run stands for a space
])
def test_classifier_rule_votes_match_cue_words(text: str, dimension: str, present: bool) -> None:
    assert (dimension_scores(text)[dimension] > 0) is present


@pytest.mark.parametrize("name", ["zh-sla.md", "en-support.md"])
def test_classifier_model_labels_clauses_and_never_changes_facts(tmp_path: Path, zh_sla_text: str,
                                                                 en_support_policy_text: str, name: str) -> None:
    from termlens.ingest import load
    from termlens.pipeline import review_document

    path = tmp_path / name
    path.write_text(zh_sla_text if name.startswith("zh") else en_support_policy_text, encoding="utf-8")
    document = load(path)
    with_model = review_document(document, use_model=True)
    without = review_document(document, use_model=False)
    assert with_model.facts == without.facts
    assert all(labels.model for labels in with_model.labels)
    assert not any(labels.model for labels in without.labels)
    for labels in with_model.labels:
        assert all(0.0 <= score <= 1.0 for _, score in labels.scores)
    assert review(path).facts == with_model.facts


@pytest.mark.parametrize("use_model", [True, False])
def test_classifier_classify_clauses_keeps_fact_dimensions(use_model: bool) -> None:
    from termlens.model import Clause, Fact

    clause = Clause(id="c1", start=0, end=10, text="Some neutral sentence.", kind="paragraph", page=None, section="")
    fact = Fact(key="availability.uptime", value=99.9, start=0, end=4, text="Some", clause="c1", confidence=0.9)
    (labels,) = classify_clauses([clause], {"c1": [fact]}, use_model=use_model)
    assert labels.dimensions[0] == "availability" and labels.confidence >= 0.9
