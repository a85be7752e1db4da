"""Comparing vendors for one profile, and the compare / questions / review commands around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from termlens import compare
from termlens.cli import app
from termlens.errors import TermlensError
from termlens.model import Profile
from termlens.pipeline import review
from termlens.report.to_html import render_comparison_html
from termlens.report.to_markdown import render_comparison_markdown

ENTERPRISE_TERMS = """# 远航 RTC 企业版服务等级协议

## 一、技术支持

1. 企业版客户提供 7×24 小时技术支持，并配备专属技术经理，紧急问题可拨打 400 热线。
2. 我们提供中文技术支持。
3. P0 故障 15 分钟内响应，2 小时内恢复服务。P1 故障 30 分钟内响应，8 小时内解决。
4. 问题未能及时解决的，客户可按升级路径提请技术总监介入。

## 二、版本更新与缺陷修复

1. 我们每月发布一个版本，版本升级免费提供。
2. 我们维护最近三个大版本，停止维护前提前 180 天公告。
3. 高危安全漏洞确认后 24 小时内发布补丁，补丁由我们自动推送。

## 三、服务等级与赔偿

1. 服务可用性不低于99.99%，按自然月统计。
2. 月度服务可用性低于99.99%但等于或高于99.9%的，赔偿月度服务费的10%；月度服务可用性低于99.9%的，赔偿月度服务费的50%。
3. 客户应在故障发生后 60 日内提出赔偿申请。

## 四、责任与数据

1. 我方责任总额不超过客户在索赔事件发生前过去十二个月支付的费用，但因我方故意或重大过失造成的损失不受此限。
2. 客户数据存储在中国境内的数据中心，不得传输至境外。服务终止后，我方将在 30 日内删除客户数据。
3. 发生数据泄露时，我们将在 24 小时内通知客户。
"""

BUSINESS_HOURS_TERMS = """# 青木 SDK 技术支持服务说明

1. 工作日 9:00-18:00 通过工单提供中文技术支持。
2. 紧急问题 4 小时内响应，一般问题 1 个工作日内响应。
3. 我们提供中英文开发文档、示例代码，并免费提供技术培训。
4. 我们每月发布一个版本，版本升级免费提供。
5. 服务可用性不低于99.5%。
6. 我方累计赔偿责任不超过客户已支付的服务费用。
"""

COMMUNITY_ONLY_TERMS = """# 星点 SDK 服务说明

1. 用户可通过开发者社区获取帮助，我们将尽力解答。
2. 我们提供持续的产品更新，版本升级需要额外付费。
3. 续费价格以届时官网公布为准。我方有权调整服务内容。
"""


@pytest.fixture
def three_vendors(tmp_path: Path) -> list[Path]:
    paths = []
    # Written in an order that is not the expected ranking, so the ranking cannot be file order.
    for name, text in (("community.md", COMMUNITY_ONLY_TERMS), ("enterprise.md", ENTERPRISE_TERMS),
                       ("business-hours.md", BUSINESS_HOURS_TERMS)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def ranked_names(paths: list[Path], profile: str) -> list[str]:
    comparison = compare([review(path, Profile(profile)) for path in paths])
    return [Path(comparison.reviews[ranked.document].document.path).name for ranked in comparison.ranking]


@pytest.mark.parametrize("profile", ["critical", "mid", "small"])
def test_compare_ranks_three_vendors_for_the_profile(three_vendors: list[Path], profile: str) -> None:
    assert ranked_names(three_vendors, profile) == ["enterprise.md", "business-hours.md", "community.md"]


def test_compare_business_hours_vendor_loses_more_for_critical_than_for_small(three_vendors: list[Path]) -> None:
    def gap(profile: str) -> int:
        comparison = compare([review(path, Profile(profile)) for path in three_vendors])
        scores = {Path(r.document.path).name: r.scores["overall"] for r in comparison.reviews}
        return scores["enterprise.md"] - scores["business-hours.md"]

    assert gap("critical") > gap("small")


def test_compare_matrix_lines_up_figures_and_checklist(three_vendors: list[Path]) -> None:
    comparison = compare([review(path, Profile("critical", language="en")) for path in three_vendors])
    rows = {(row.kind, row.id): row.cells for row in comparison.rows}
    assert rows["figure", "critical-response"] == ("—", "15 min", "4 h")
    assert rows["figure", "uptime"] == ("—", "99.99%", "99.5%")
    assert rows["item", "credits"] == ("not stated", "stated", "not stated")
    assert rows["score", "overall"] == tuple(str(r.scores["overall"]) for r in comparison.reviews)
    first = comparison.ranking[0]
    assert first.rank == 1 and first.reasons
    assert any(reason.startswith("ahead of the next: +") for reason in first.reasons)


def test_compare_refuses_reviews_for_different_profiles(three_vendors: list[Path]) -> None:
    with pytest.raises(TermlensError, match="different profiles"):
        compare([review(three_vendors[0], Profile("small")), review(three_vendors[1], Profile("critical"))])


def test_compare_markdown_and_html_views(three_vendors: list[Path]) -> None:
    comparison = compare([review(path, Profile("critical")) for path in three_vendors])
    markdown = render_comparison_markdown(comparison)
    assert markdown.index("enterprise.md** —") < markdown.index("community.md** —")
    page = render_comparison_html(comparison)
    assert "<script" not in page and "enterprise.md" in page


@pytest.mark.parametrize("format", ["text", "json", "markdown", "html"])
def test_compare_command_formats(three_vendors: list[Path], format: str) -> None:
    result = CliRunner().invoke(app, ["compare", *map(str, three_vendors), "--profile", "critical",
                                      "--format", format])
    assert result.exit_code == 0, result.output
    if format == "json":
        record = json.loads(result.stdout)
        assert [Path(entry["document"]).name for entry in record["ranking"]] == [
            "enterprise.md", "business-hours.md", "community.md"]
    else:
        assert "enterprise.md" in result.stdout


@pytest.mark.parametrize("language", ["zh", "en"])
def test_compare_questions_command_groups_by_dimension(three_vendors: list[Path], language: str) -> None:
    result = CliRunner().invoke(app, ["questions", str(three_vendors[0]), "--profile", "small", "--lang", language,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)["questions"]
    assert next(iter(groups)) == "support"
    assert all(entry["text"] and entry["source"] for entries in groups.values() for entry in entries)
    markdown = CliRunner().invoke(app, ["questions", str(three_vendors[0]), "--lang", language, "--format",
                                        "markdown"])
    assert markdown.stdout.count("### ") == len(json.loads(
        CliRunner().invoke(app, ["questions", str(three_vendors[0]), "--lang", language, "--format",
                                 "json"]).stdout)["questions"])


@pytest.mark.parametrize("content", ["weights: [1, 2", "name: x\nweights: {support: 1}\n"])
def test_compare_bad_profile_file_is_one_line_error(three_vendors: list[Path], tmp_path: Path, content: str) -> None:
    bad = tmp_path / "profile.yaml"
    bad.write_text(content, encoding="utf-8")
    for command in (["review", str(three_vendors[0])], ["compare", *map(str, three_vendors)],
                    ["questions", str(three_vendors[0])]):
        result = CliRunner().invoke(app, [*command, "--profile-file", str(bad)])
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and str(bad) in lines[0]


def test_compare_review_command_accepts_buyer_options(three_vendors: list[Path]) -> None:
    result = CliRunner().invoke(app, ["review", str(three_vendors[1]), "--profile", "critical", "--industry",
                                      "finance", "--overseas", "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)["profile"]
    assert profile == {"name": "critical", "industry": "finance", "overseas": True, "language": "en"}
