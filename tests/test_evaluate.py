"""The evaluation harness: matching as facts.md defines it, and the gold kept above the bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from termlens.cli import app
from termlens.evaluate import Comparable, evaluate, matches, values_equal

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold"


@pytest.mark.parametrize(
    ("gold", "predicted", "equal"),
    [
        ({"percent": 99.95}, {"percent": 99.9505}, True),
        ({"percent": 99.95}, {"percent": 99.9}, False),
        ({"amount": 1000.0, "currency": "CNY"}, {"amount": 1004.0, "currency": "cny"}, True),
        ({"amount": 1000.0, "currency": "CNY"}, {"amount": 1010.0, "currency": "CNY"}, False),
        ({"minutes": 60, "business_time": True}, {"minutes": 60, "business_time": False}, False),
        ({"basis": "fees_paid"}, {"basis": "fees_paid", "months": 12}, False),
        (True, 1, False),
    ],
)
def test_evaluate_values_equal_with_contract_tolerances(gold: object, predicted: object, equal: bool) -> None:
    assert values_equal(gold, predicted) is equal


def test_evaluate_plan_only_where_gold_gives_one() -> None:
    gold = Comparable("support.response_time", {"minutes": 60, "business_time": False}, "critical", None, "")
    assert matches(gold, Comparable(gold.key, gold.value, "critical", "Enterprise", ""))
    with_plan = Comparable(gold.key, gold.value, "critical", "Enterprise", "")
    assert matches(with_plan, Comparable(gold.key, gold.value, "critical", "enterprise", ""))
    assert not matches(with_plan, Comparable(gold.key, gold.value, "critical", "Basic", ""))
    assert not matches(gold, Comparable(gold.key, gold.value, "high", None, ""))


def test_evaluate_gold_stays_above_the_bar() -> None:
    evaluation = evaluate(GOLD)
    assert evaluation.tally().f1 >= 0.85
    for language in ("en", "zh"):
        assert evaluation.tally(language=language).f1 >= 0.85


def test_evaluate_cli_json_lists_misses_with_quotes(tmp_path: Path) -> None:
    document = tmp_path / "terms.txt"
    document.write_text("服务可用性不低于99.9%。P1 故障 1 小时内响应。", encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(
        "document: terms.txt\nlanguage: zh\nexhaustive: [availability, support]\nfacts:\n"
        "  - key: availability.uptime\n    value: {percent: 99.9}\n    quote: 服务可用性不低于99.9%\n"
        "  - key: support.resolution_time\n    qualifier: {severity: critical}\n"
        "    value: {minutes: 240, business_time: false}\n    quote: 4 小时内解决\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["overall"]["tp"] == 1
    assert report["overall"]["gold"] == 2
    assert report["documents"][0]["misses"][0]["quote"] == "4 小时内解决"
    assert report["documents"][0]["false_alarms"][0]["key"] == "support.response_time"


def test_evaluate_cli_refuses_a_directory_without_gold(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "no gold files" in result.output


def test_evaluate_says_what_each_extractor_contributes(tmp_path: Path) -> None:
    document = tmp_path / "terms.md"
    document.write_text("# SLA\n\n服务可用性不低于99.9%。\n\n| 故障级别 | 响应时间 |\n|---|---|\n| P1 | 30 分钟 |\n| P2 | 2 小时 |\n",
                        encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(
        "document: terms.md\nlanguage: zh\nexhaustive: [availability, support]\nfacts:\n"
        "  - key: availability.uptime\n    value: {percent: 99.9}\n    quote: 服务可用性不低于99.9%\n"
        "  - key: support.response_time\n    qualifier: {severity: critical}\n"
        "    value: {minutes: 30, business_time: false}\n    quote: 30 分钟\n",
        encoding="utf-8",
    )
    by_extractor = evaluate(tmp_path).by_extractor()
    assert by_extractor["pattern"]["tp"] == 1 and by_extractor["pattern"]["predicted"] == 1
    # The table's P2 row is no gold fact: one right of two, both found by the table reader alone.
    assert (by_extractor["table"]["tp"], by_extractor["table"]["predicted"], by_extractor["table"]["alone_tp"]) == (1, 2, 1)
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--by-extractor", "--no-details"])
    assert result.exit_code == 0, result.output
    assert "facts by extractor" in result.output and "table" in result.output
    report = json.loads(CliRunner().invoke(app, ["eval", str(tmp_path), "--format", "json"]).output)
    assert report["extractors"]["table"]["precision"] == 0.5
