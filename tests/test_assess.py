"""Assessment on realistic terms: findings, checklist, scores, questions, profiles and their data files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from termlens.assess.checklist import item_specs
from termlens.assess.figures import figure_specs
from termlens.assess.findings import finding_specs
from termlens.assess.policy import BUILT_IN_PROFILES, PROFILES_DIR, load_policy, modifiers
from termlens.assess.vague import vague_hits
from termlens.assess.wording import SEVERITIES
from termlens.errors import DataError
from termlens.extract.rules import load_rules
from termlens.model import DIMENSIONS, Clause, Profile, Review
from termlens.pipeline import review

MINIMUM_CODES = (
    "response-without-resolution", "no-response-commitment", "no-24x7", "no-dedicated-support",
    "no-native-language-support", "vague-updates", "upgrade-fee", "no-version-lifecycle",
    "no-security-fix-commitment", "customer-applies-patches", "narrow-scope", "no-grace-period",
    "open-renewal-price", "unilateral-change", "liability-cap-fees-only", "no-liability-carve-outs",
    "no-sla-credits", "data-location-unstated", "cross-border-unstated", "no-deletion-on-termination",
    "staff-access-unstated", "vague-commitment",
)

# Good for a small team (docs, training, Chinese support, clear response times), poor for a
# critical business (business hours only, no dedicated team, no SLA credits, liability = fees paid).
SMALL_TEAM_TERMS = """# 青木 SDK 技术支持服务说明

## 一、服务范围

1.1 本服务仅限于青木 SDK 本身。以下情况不在服务范围内：第三方系统集成导致的问题。

## 二、技术支持

2.1 工作日 9:00-18:00 通过工单提供中文技术支持，紧急问题可拨打 400 热线。

2.2 紧急问题 4 小时内响应，一般问题 1 个工作日内响应。

2.3 紧急问题 1 个工作日内提供解决方案。

2.4 问题未能及时解决的，客户可按升级路径提请技术负责人介入。

## 三、文档与培训

3.1 我们提供中英文开发文档、示例代码和最佳实践指南。

3.2 我们免费提供从入门到进阶的线上技术培训。

## 四、版本更新与缺陷修复

4.1 我们每月发布一个版本，版本升级免费提供。

4.2 我们维护最近两个大版本，停止维护前提前 90 天公告。

4.3 高危安全漏洞确认后 72 小时内发布补丁，补丁自动推送。

## 五、服务期限

5.1 服务期限为一年，到期后提供十五天缓冲期。续费价格上调不超过5%。

## 六、可用性

6.1 服务可用性不低于99.5%，按自然月统计。

## 七、责任限制

7.1 我方累计赔偿责任不超过客户已支付的服务费用。

## 八、数据

8.1 客户数据存储在中国境内的数据中心。服务终止后，我方将在 30 日内删除客户数据。
"""

POOR_TERMS = """# 星点 SDK 服务说明

1. 用户可通过开发者社区和知识库获取帮助，我们将尽力解答。
2. 我们提供持续的产品更新，版本升级需要额外付费。
3. 客户需自行升级 SDK 以获得修复。
4. 以下情况不在服务范围内：第三方系统集成导致的问题；客户自身的网络环境或代码逻辑引起的故障。
5. 续费价格以届时官网公布为准。我方有权调整服务内容。
6. 我方累计赔偿责任不超过客户已支付的服务费用。
"""

RESPONSE_ONLY_TERMS = "# Support\n\nP1 故障 1 小时内响应，P2 故障 4 小时内响应。\n"
ENGLISH_ONLY_SUPPORT = "# Support policy\n\nSupport is available in English, by ticket, 24x7.\n"
DOCUMENTS = {"small": SMALL_TEAM_TERMS, "poor": POOR_TERMS, "response": RESPONSE_ONLY_TERMS,
             "english": ENGLISH_ONLY_SUPPORT}


def reviewed(tmp_path: Path, text: str, **profile: object) -> Review:
    path = tmp_path / "terms.md"
    path.write_text(text, encoding="utf-8")
    return review(path, Profile(**profile))  # type: ignore[arg-type]


def _unquoted(text: str) -> str:
    """Text without the document's own words, which findings quote in “…” or "…"."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)


def codes(result: Review) -> list[str]:
    return [finding.code for finding in result.findings]


# --- findings ----------------------------------------------------------------------------------

FINDING_CASES = [
    ("response", {"name": "small"}, "response-without-resolution", True),
    ("poor", {"name": "small"}, "no-response-commitment", False),
    ("small", {"name": "critical"}, "no-24x7", True),
    ("small", {"name": "critical"}, "no-dedicated-support", True),
    ("english", {"name": "small", "language": "zh"}, "no-native-language-support", True),
    ("poor", {"name": "mid"}, "vague-updates", True),
    ("poor", {"name": "mid"}, "upgrade-fee", True),
    ("poor", {"name": "mid"}, "no-version-lifecycle", False),
    ("poor", {"name": "mid"}, "no-security-fix-commitment", False),
    ("poor", {"name": "mid"}, "customer-applies-patches", True),
    ("poor", {"name": "mid"}, "narrow-scope", True),
    ("poor", {"name": "mid"}, "no-grace-period", False),
    ("poor", {"name": "mid"}, "open-renewal-price", True),
    ("poor", {"name": "mid"}, "unilateral-change", True),
    ("poor", {"name": "mid"}, "liability-cap-fees-only", True),
    ("poor", {"name": "mid"}, "no-liability-carve-outs", True),
    ("small", {"name": "critical"}, "no-sla-credits", False),
    ("poor", {"name": "mid"}, "data-location-unstated", False),
    ("poor", {"name": "mid", "overseas": True}, "cross-border-unstated", False),
    ("poor", {"name": "mid"}, "no-deletion-on-termination", False),
    ("poor", {"name": "mid"}, "staff-access-unstated", False),
    ("poor", {"name": "mid"}, "vague-commitment", True),
]


@pytest.mark.parametrize(("document", "profile", "code", "grounded"), FINDING_CASES,
                         ids=[case[2] for case in FINDING_CASES])
def test_assess_finding_is_raised_with_evidence_message_and_question(
        tmp_path: Path, document: str, profile: dict, code: str, grounded: bool) -> None:
    for language in [profile["language"]] if "language" in profile else ["zh", "en"]:
        result = reviewed(tmp_path, DOCUMENTS[document], **{**profile, "language": language})
        finding = next(f for f in result.findings if f.code == code)
        assert finding.severity in SEVERITIES
        assert finding.dimension in DIMENSIONS
        assert finding.message and finding.question
        assert bool(finding.evidence) == grounded, finding.evidence
        clause_ids = {clause.id for clause in result.segmentation.clauses}
        assert set(finding.evidence) <= clause_ids
        own_words = _unquoted(finding.message + finding.question)
        assert bool(re.search(r"[\u4e00-\u9fff]", own_words)) == (language == "zh")


def test_assess_every_minimum_code_is_defined() -> None:
    assert set(MINIMUM_CODES) <= set(finding_specs())


@pytest.mark.parametrize(("code", "profiles"), [("no-24x7", ["critical"]), ("no-dedicated-support", ["critical"]),
                                                ("no-sla-credits", ["critical"])])
def test_assess_critical_only_findings_apply_only_to_critical(tmp_path: Path, code: str, profiles: list[str]) -> None:
    raised = [name for name in BUILT_IN_PROFILES if code in codes(reviewed(tmp_path, SMALL_TEAM_TERMS, name=name))]
    assert raised == profiles


@pytest.mark.parametrize("overseas", [False, True])
def test_assess_cross_border_finding_needs_overseas_buyer(tmp_path: Path, overseas: bool) -> None:
    result = reviewed(tmp_path, POOR_TERMS, name="mid", overseas=overseas)
    assert ("cross-border-unstated" in codes(result)) == overseas


@pytest.mark.parametrize("language", ["en"])
def test_assess_native_language_finding_not_raised_when_supported(tmp_path: Path, language: str) -> None:
    assert "no-native-language-support" not in codes(reviewed(tmp_path, ENGLISH_ONLY_SUPPORT, name="small",
                                                              language=language))


@pytest.mark.parametrize("industry", ["finance", "medical", "government"])
def test_assess_industry_raises_data_and_defects(tmp_path: Path, industry: str) -> None:
    plain = reviewed(tmp_path, POOR_TERMS, name="mid")
    regulated = reviewed(tmp_path, POOR_TERMS, name="mid", industry=industry)
    before = {f.code: SEVERITIES.index(f.severity) for f in plain.findings}
    after = {f.code: SEVERITIES.index(f.severity) for f in regulated.findings}
    assert after["no-security-fix-commitment"] < before["no-security-fix-commitment"]
    assert after["data-location-unstated"] < before["data-location-unstated"]
    assert after["narrow-scope"] == before["narrow-scope"]
    assert regulated.scores["dimensions"]["data"]["weight"] > plain.scores["dimensions"]["data"]["weight"]


# --- vague wording ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "hedges"), [
    ("我们将尽力在 4 小时内解决问题。", ["尽力"]),
    ("緊急事件之修復時間將盡力縮短。", ["盡力"]),
    ("原则上工作日内回复，视情况而定。", ["原则上", "视情况"]),
    ("Provider will use commercially reasonable efforts to restore service.", ["commercially reasonable efforts"]),
    ("We may offer onsite support during onboarding.", ["We may offer"]),
    ("ZITADEL may provide a workaround.", ["ZITADEL may provide"]),
    ("厂商可提供远程协助。", ["厂商可提供"]),
    ("Resolution times are targets, not commitments.", ["targets"]),
    ("Customer may terminate for convenience.", []),
    ("We may not disclose Customer Data.", []),
    ("Services may be unavailable during maintenance.", []),
    ("We may suspend the account for non-payment.", []),
    ("平台可用性不低于 99.9%。", []),
    ("Enterprise restoration targets are binding commitments.", []),
    ("Provider will meet the Target Availability.", []),
])
def test_assess_vague_wording_detection(text: str, hedges: list[str]) -> None:
    clause = Clause(id="c1", start=10, end=10 + len(text), text=text, kind="paragraph", page=None, section="")
    document_text = " " * 10 + text
    found = [document_text[hit.start:hit.end] for hit in vague_hits((clause,))]
    assert found == hedges


def test_assess_vague_commitment_spans_point_at_the_words(tmp_path: Path) -> None:
    result = reviewed(tmp_path, POOR_TERMS, name="mid")
    finding = next(f for f in result.findings if f.code == "vague-commitment")
    assert [result.document.text[s.start:s.end] for s in finding.spans] == ["尽力"]
    assert "尽力" in finding.message


# --- checklist ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("document", "item", "state"), [
    ("small", "response-time", "present"),
    ("small", "carve-outs", "absent"),
    ("poor", "release-cadence", "vague"),
    ("poor", "renewal-price", "vague"),
    ("poor", "staff-access", "absent"),
])
def test_assess_checklist_states(tmp_path: Path, document: str, item: str, state: str) -> None:
    result = reviewed(tmp_path, DOCUMENTS[document], name="mid")
    entry = next(i for i in result.checklist if i.id == item)
    assert entry.state == state
    assert bool(entry.evidence) == (state != "absent")


# --- scores -------------------------------------------------------------------------------------

def test_assess_small_team_terms_score_well_for_small_and_poorly_for_critical(tmp_path: Path) -> None:
    overall = {name: reviewed(tmp_path, SMALL_TEAM_TERMS, name=name).scores["overall"] for name in BUILT_IN_PROFILES}
    assert overall["small"] >= 70
    assert overall["critical"] <= 45
    assert overall["small"] > overall["mid"] > overall["critical"]


def test_assess_poor_terms_score_low_for_everyone(tmp_path: Path) -> None:
    for name in BUILT_IN_PROFILES:
        assert reviewed(tmp_path, POOR_TERMS, name=name).scores["overall"] <= 25


_POINTS = re.compile(r"^([+−])(\d+) ")


@pytest.mark.parametrize("name", BUILT_IN_PROFILES)
def test_assess_every_point_is_traced_to_a_reason(tmp_path: Path, name: str) -> None:
    result = reviewed(tmp_path, SMALL_TEAM_TERMS, name=name)
    for dimension, entry in result.scores["dimensions"].items():
        total = 0
        for reason in entry["reasons"]:
            match = _POINTS.match(reason)
            if match:
                total += int(match.group(2)) * (1 if match.group(1) == "+" else -1)
        assert min(max(total, 0), 100) == entry["score"], (dimension, entry["reasons"])
    weighted = sum(e["weight"] * e["score"] for e in result.scores["dimensions"].values())
    assert abs(weighted - result.scores["overall"]) <= 1


def test_assess_threshold_reason_quotes_figure_and_clause(tmp_path: Path) -> None:
    result = reviewed(tmp_path, SMALL_TEAM_TERMS, name="critical", language="en")
    reasons = result.scores["dimensions"]["support"]["reasons"]
    assert any(reason.startswith("−") and "4 h > 1 h" in reason and "(c" in reason for reason in reasons)
    assert any(reason.startswith("−") and "no-24x7" in reason for reason in reasons)


# --- questions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zh", "en"])
def test_assess_questions_grouped_by_dimension_in_language(tmp_path: Path, language: str) -> None:
    result = reviewed(tmp_path, POOR_TERMS, name="critical", language=language)
    order = [DIMENSIONS.index(q.dimension) for q in result.question_list]
    assert order == sorted(order)
    assert list(result.questions) == [q.text for q in result.question_list]
    assert len(set(result.questions)) == len(result.questions)
    finding_questions = {f.question for f in result.findings}
    assert finding_questions <= set(result.questions)
    has_chinese = [bool(re.search(r"[\u4e00-\u9fff]", _unquoted(q))) for q in result.questions]
    assert all(has_chinese) if language == "zh" else not any(has_chinese)


# --- profiles and data files --------------------------------------------------------------------

def test_assess_profile_file_is_loaded_and_named(tmp_path: Path) -> None:
    data = yaml.safe_load((PROFILES_DIR / "mid.yaml").read_text(encoding="utf-8"))
    data["name"] = "my-team"
    data["weights"]["liability"] = 40
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = reviewed(tmp_path, POOR_TERMS, name="mid", file=str(path))
    assert result.profile.name == "my-team"
    assert result.scores["dimensions"]["liability"]["weight"] > 0.5


@pytest.mark.parametrize(("change", "location"), [
    ({"weights": {"support": 1}}, "weights"),
    ({"findings": {"no-such-finding": "high"}}, "findings -> no-such-finding"),
    ({"thresholds": [{"figure": "uptime", "miss": 10}]}, "thresholds -> 0"),
    ({"penalties": {"critical": 10, "high": 5, "medium": 2, "low": "lots"}}, "penalties -> low"),
])
def test_assess_bad_profile_file_names_file_and_path(tmp_path: Path, change: dict, location: str) -> None:
    data = yaml.safe_load((PROFILES_DIR / "small.yaml").read_text(encoding="utf-8"))
    data.update(change)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(str(path))) as raised:
        load_policy(Profile(file=str(path)))
    assert location in str(raised.value)
    assert "\n" not in str(raised.value)


def test_assess_checklist_points_add_up_to_100_per_dimension() -> None:
    totals = {dimension: 0 for dimension in DIMENSIONS}
    for item in item_specs().values():
        totals[item.dimension] += item.points
    assert totals == {dimension: 100 for dimension in DIMENSIONS}


def test_assess_data_files_name_only_keys_the_rules_produce() -> None:
    rules = load_rules()
    produced = {rule.spec.key for rule in rules.rules} | {metric.key for _, metric in rules.table_metrics}
    named = {key for item in item_specs().values() for key in item.keys}
    named |= {spec.key for spec in figure_specs().values()}
    for spec in finding_specs().values():
        when = spec.when
        named |= set(when.present) | set(when.missing)
        named |= {test.key for test in (when.has, when.lacks) if test is not None}
        for branch in when.any:
            named |= set(branch.present) | set(branch.missing)
            named |= {test.key for test in (branch.has, branch.lacks) if test is not None}
    assert named - produced == set()


def test_assess_profiles_and_modifiers_name_known_findings() -> None:
    for name in BUILT_IN_PROFILES:
        policy = load_policy(Profile(name=name))
        assert set(policy.severities) <= set(finding_specs())
    named = {code for modifier in [*modifiers().industries.values(), modifiers().overseas]
             for code in modifier.raise_findings}
    assert named <= set(finding_specs())
