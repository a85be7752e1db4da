"""Fact extraction on realistic phrasing: the hard parts of the extraction issue, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from termlens.model import Fact
from termlens.pipeline import review


def facts_of(tmp_path: Path, name: str, text: str) -> list[Fact]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = review(path)
    for fact in result.facts:
        assert fact.text == result.document.text[fact.start:fact.end]
    return result.facts


def values(facts: list[Fact], key: str) -> list[tuple]:
    return sorted(
        (fact.qualifier.get("severity", ""), fact.qualifier.get("plan", ""), repr(fact.value))
        for fact in facts if fact.key == key
    )


ZH_MATRIX = """# 技术支持服务条款

## 三、响应与解决时限

| 故障等级 | 基础版 | 企业版 |
| --- | --- | --- |
| P0 紧急 | 4 小时 | 30 分钟 |
| P1 严重 | 8 小时 | 2 小时 |
| P2 一般 | 2 个工作日 | 8 小时 |
"""


def test_extract_zh_response_matrix_severity_by_plan(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "matrix.md", ZH_MATRIX.replace("响应与解决时限", "响应时间"))
    assert values(facts, "support.response_time") == sorted([
        ("critical", "基础版", repr({"minutes": 240, "business_time": False})),
        ("critical", "企业版", repr({"minutes": 30, "business_time": False})),
        ("high", "基础版", repr({"minutes": 480, "business_time": False})),
        ("high", "企业版", repr({"minutes": 120, "business_time": False})),
        ("normal", "基础版", repr({"minutes": 2880, "business_time": True})),
        ("normal", "企业版", repr({"minutes": 480, "business_time": False})),
    ])
    labels = {fact.qualifier["label"] for fact in facts if fact.key == "support.response_time"}
    assert labels == {"P0", "P1", "P2"}


@pytest.mark.parametrize(
    ("text", "top_label"),
    [
        ("P1 故障 1 小时内响应。P2 故障 4 小时内响应。P3 故障 1 个工作日内响应。", "P1"),
        ("P0 故障 15 分钟内响应。P1 故障 1 小时内响应。", "P0"),
        ("紧急问题 30 分钟内响应，一般问题 24 小时内响应。", "紧急"),
        ("Severity 1 incidents: we will respond within 1 hour. Severity 2: within 4 hours.", "Severity 1"),
    ],
)
def test_extract_severity_is_ranked_within_the_document(tmp_path: Path, text: str, top_label: str) -> None:
    facts = facts_of(tmp_path, "levels.txt", text)
    top = [f for f in facts if f.key == "support.response_time" and f.qualifier.get("label") == top_label]
    assert top and all(f.qualifier["severity"] == "critical" for f in top)


def test_extract_response_is_never_resolution(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "rr.txt", "P1 故障 1 小时内响应，4 小时内解决。\n\n"
                     "Severity 1: we respond within 30 minutes and provide a workaround within 8 hours.")
    assert values(facts, "support.response_time") == sorted([
        ("critical", "", repr({"minutes": 60, "business_time": False})),
        ("critical", "", repr({"minutes": 30, "business_time": False})),
    ])
    assert values(facts, "support.resolution_time") == sorted([
        ("critical", "", repr({"minutes": 240, "business_time": False})),
        ("critical", "", repr({"minutes": 480, "business_time": False})),
    ])


@pytest.mark.parametrize(
    "text",
    [
        "ZITADEL will use reasonable efforts to resolve support requests, but does not guarantee a workaround, "
        "resolution or resolution time.",
        "We do not guarantee a resolution time of 4 hours.",
        "我们不保证在 4 小时内解决问题。",
        "Resolution within 8 hours is not guaranteed.",
    ],
)
def test_extract_negated_commitments_give_no_fact(tmp_path: Path, text: str) -> None:
    facts = facts_of(tmp_path, "neg.txt", text)
    assert values(facts, "support.resolution_time") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("In no event shall either party's aggregate liability exceed the fees paid by Customer in the twelve "
         "(12) months preceding the claim.", {"basis": "fees_paid", "months": 12}),
        ("厂商的最大责任不超过用户已支付的服务费用。", {"basis": "fees_paid"}),
        ("我方承担的违约责任总额不超过当月服务费的100%。", {"basis": "monthly_fee", "multiple": 1.0}),
        ("我方累计赔偿责任不超过客户过去十二个月实际支付的服务费用。", {"basis": "fees_paid", "months": 12}),
    ],
)
def test_extract_liability_caps(tmp_path: Path, text: str, value: dict) -> None:
    facts = facts_of(tmp_path, "cap.txt", text)
    assert [f.value for f in facts if f.key == "liability.cap"] == [value]


def test_extract_zh_credit_bands_in_prose(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "sla.txt", "月度服务可用性低于99.95%但等于或高于99%的，赔偿月度服务费的10%；"
                     "月度服务可用性低于99%的，赔偿月度服务费的25%。")
    assert sorted(repr(f.value) for f in facts if f.key == "availability.credit") == sorted([
        repr({"below_percent": 99.95, "credit_percent": 10.0}),
        repr({"below_percent": 99.0, "credit_percent": 25.0}),
    ])


def test_extract_credit_table_in_html(tmp_path: Path) -> None:
    html = """<html><body><h2>Service Credits</h2>
    <table><tr><th>Monthly Uptime Percentage</th><th>Service Credit</th></tr>
    <tr><td>99% or higher</td><td>None</td></tr>
    <tr><td>97% - 98.99%</td><td>5% of monthly fees</td></tr>
    <tr><td>&lt; 97%</td><td>20% of monthly fees</td></tr></table></body></html>"""
    facts = facts_of(tmp_path, "sla.html", html)
    assert sorted(repr(f.value) for f in facts if f.key == "availability.credit") == sorted([
        repr({"below_percent": 99.0, "credit_percent": 5.0}),
        repr({"below_percent": 97.0, "credit_percent": 20.0}),
    ])


def test_extract_exclusions_are_facts_despite_negation(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "scope.txt", "以下情况不在服务范围内：不包括第三方集成导致的问题；客户自身的服务器配置、网络环境导致的故障。")
    assert {f.value for f in facts if f.key == "scope.exclusion"} >= {"third_party", "customer_environment"}


def test_extract_traditional_chinese_matches_like_simplified(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "hant.txt", "緊急問題 30 分鐘內響應。服務可用性不低於99.9%。")
    assert ("critical", "", repr({"minutes": 30, "business_time": False})) in values(facts, "support.response_time")
    assert [f.value for f in facts if f.key == "availability.uptime"] == [{"percent": 99.9}]


def test_extract_plans_down_the_rows_and_levels_across_the_columns(tmp_path: Path) -> None:
    text = ("## 四、首次回复时限\n\n| 套餐 \\ 级别 | 一级 | 二级 |\n|---|---|---|\n"
            "| 标准版 | 2 小时 | 4 个工作小时 |\n| 旗舰版 | 15 分钟 | 1 小时 |\n")
    facts = facts_of(tmp_path, "matrix.md", text)
    assert values(facts, "support.response_time") == sorted([
        ("critical", "标准版", repr({"minutes": 120, "business_time": False})),
        ("high", "标准版", repr({"minutes": 240, "business_time": True})),
        ("critical", "旗舰版", repr({"minutes": 15, "business_time": False})),
        ("high", "旗舰版", repr({"minutes": 60, "business_time": False})),
    ])


def test_extract_levels_named_only_by_their_row_under_a_severity_column(tmp_path: Path) -> None:
    text = ("## Response times\n\n| Severity | Business | Premier |\n|---|---|---|\n"
            "| A | 1 hour | 15 minutes |\n| B | 4 hours | 1 hour |\n")
    facts = facts_of(tmp_path, "letters.md", text)
    assert ("critical", "Premier", repr({"minutes": 15, "business_time": False})) in values(
        facts, "support.response_time")
    assert ("high", "Business", repr({"minutes": 240, "business_time": False})) in values(
        facts, "support.response_time")


@pytest.mark.parametrize(
    ("text", "key", "kept", "dropped"),
    [
        ("8.1 未经甲方书面同意，乙方不得将数据传输至境外。", "data.cross_border", "with_consent", "prohibited"),
        ("Vendor may increase fees upon renewal by no more than seven percent (7%).", "term.price_change",
         {"max_percent": 7.0}, "vendor_discretion"),
    ],
)
def test_extract_a_rule_yields_to_the_more_precise_one(tmp_path: Path, text: str, key: str, kept: object,
                                                       dropped: object) -> None:
    found = [f.value for f in facts_of(tmp_path, "yield.txt", text) if f.key == key]
    assert kept in found and dropped not in found


def test_extract_a_numbered_line_holding_sentences_is_read_as_text(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "sla.md", "# 服务水准协议\n\n一、服务可用率：本公司承诺每月服务可用率达 99.9% 以上。二、补偿方式：\n")
    assert [f.value for f in facts if f.key == "availability.uptime"] == [{"percent": 99.9}]


def test_extract_credit_rows_of_a_table_laid_out_with_spaces(tmp_path: Path) -> None:
    text = ("第三条 赔偿标准\n\n  月度服务可用性                      赔偿代金券金额\n"
            "  低于99.95%但等于或高于99%            月服务费的 10%\n  低于99%                              月服务费的 25%\n")
    facts = facts_of(tmp_path, "credits.txt", text)
    assert sorted(repr(f.value) for f in facts if f.key == "availability.credit") == sorted([
        repr({"below_percent": 99.95, "credit_percent": 10.0}),
        repr({"below_percent": 99.0, "credit_percent": 25.0}),
    ])


def test_plan_labelling_a_list_item_qualifies_its_later_sentences(tmp_path: Path) -> None:
    text = ("# Support plans\n\n"
            "- Business: web portal, e-mail and telephone. Severity A cases are worked around the clock.\n"
            "- Premier: everything in Business, plus a named engineer. Coverage is 24/7/365 for every severity.\n\n"
            "- 基本方案：服务时段为周一至周五 09:00–18:00（法定节假日除外），每年含 40 小时支持时数。\n")
    hours = values(facts_of(tmp_path, "plans.md", text), "support.hours")
    assert ("", "Business", "'24x7'") in hours
    assert ("", "Premier", "'24x7'") in hours
    assert ("", "基本方案", "'business_hours'") in hours
    assert not [h for h in hours if h[1] == ""]  # no hours left without their plan


def test_numbered_cases_after_a_colon_take_its_exclusion_cue(tmp_path: Path) -> None:
    text = ("# Service Level Agreement\n\n## 4. Release of Liabilities\n\n"
            "If the Service is unavailable due to any of the following reasons, the downtime shall not be "
            "counted towards Service unavailability and is not eligible for compensation:\n\n"
            "4.1 Any malfunction on the part of a user.\n\n"
            "4.2 Any negligence of a user or any operation authorized by a user.\n\n"
            "4.3 Any system maintenance with prior notice to users.\n\n"
            "## 5. Miscellaneous\n\nWe run regular system maintenance on our network.\n")
    facts = facts_of(tmp_path, "sla.md", text)
    exclusions = [fact for fact in facts if fact.key == "scope.exclusion"]
    assert sorted(fact.value for fact in exclusions) == ["customer_environment", "misuse", "scheduled_maintenance"]
    assert all(fact.start < text.index("## 5.") for fact in exclusions), "a case list ends with its section"


def test_chinese_cases_after_a_colon_in_one_paragraph(tmp_path: Path) -> None:
    text = ("# 服务等级协议\n\n## 4. 免责条款\n\n由以下原因导致的服务不可用，不属于服务不可用的计算范畴，我方无须向您承担责任："
            "<br>4.1 用户自身故障所引起的。<br>4.2 用户的疏忽或由用户授权的操作所引起的。<br>4.3 试运营产品。\n")
    facts = facts_of(tmp_path, "sla.md", text)
    assert sorted(fact.value for fact in facts if fact.key == "scope.exclusion") == ["beta", "customer_environment", "misuse"]


def test_a_cell_holding_a_figure_per_level(tmp_path: Path) -> None:
    text = ("# 技术支持计划\n\n| 支持计划 | 基础版 | 企业版 |\n|---|---|---|\n"
            "| 响应时间 | 严重性 1：4 小时内<br/>严重性 2：1 个工作日内 | 严重性 1：1 小时内<br/>严重性 2：4 小时内 |\n")
    assert values(facts_of(tmp_path, "plans.md", text), "support.response_time") == [
        ("critical", "企业版", repr({"minutes": 60, "business_time": False})),
        ("critical", "基础版", repr({"minutes": 240, "business_time": False})),
        ("high", "企业版", repr({"minutes": 240, "business_time": False})),
        ("high", "基础版", repr({"minutes": 1440, "business_time": True})),
    ]


def test_response_and_resolution_in_one_cell_under_a_paired_header(tmp_path: Path) -> None:
    text = ("# 运维服务\n\n| 故障级别 | 说明 | 响应/恢复时间 |\n|---|---|---|\n"
            "| 一级 | 业务中断 | 1小时/4小时 |\n| 二级 | 功能受损 | 4小时/24小时 |\n")
    facts = facts_of(tmp_path, "ops.md", text)
    assert values(facts, "support.response_time") == [
        ("critical", "", repr({"minutes": 60, "business_time": False})),
        ("high", "", repr({"minutes": 240, "business_time": False}))]
    assert values(facts, "support.resolution_time") == [
        ("critical", "", repr({"minutes": 240, "business_time": False})),
        ("high", "", repr({"minutes": 1440, "business_time": False}))]


def test_plan_columns_named_like_a_level_under_rows_that_name_theirs(tmp_path: Path) -> None:
    text = ("# Support Plans\n\n## Initial response times\n\n| Priority | Description | Standard | Premium |\n"
            "|---|---|---|---|\n| Priority 1 | Production down | 4 business hours | 1 hour |\n"
            "| Priority 2 | Degraded service | 1 business day | 4 hours |\n")
    assert values(facts_of(tmp_path, "plans.md", text), "support.response_time") == [
        ("critical", "Premium", repr({"minutes": 60, "business_time": False})),
        ("critical", "Standard", repr({"minutes": 240, "business_time": True})),
        ("high", "Premium", repr({"minutes": 240, "business_time": False})),
        ("high", "Standard", repr({"minutes": 1440, "business_time": True})),
    ]


def test_levels_named_in_words_down_a_level_column(tmp_path: Path) -> None:
    text = ("# Support\n\n| Level | Initial response |\n|---|---|\n"
            "| Incident escalation – service disrupted | 30 minutes |\n| Service degraded | 2 hours |\n")
    assert values(facts_of(tmp_path, "levels.md", text), "support.response_time") == [
        ("critical", "", repr({"minutes": 30, "business_time": False})),
        ("high", "", repr({"minutes": 120, "business_time": False}))]


@pytest.mark.parametrize(("text", "expected"), [
    ("We will respond to P1 issues within 1 hour, P2 issues within 4 hours and P3 issues within 1 business day.",
     [("critical", "", 60, False), ("high", "", 240, False), ("normal", "", 1440, True)]),
    ("Growth plan customers receive responses to P1 tickets within 2 hours and to P2 tickets within 1 business day.",
     [("critical", "Growth plan", 120, False), ("high", "Growth plan", 1440, True)]),
    ("我们将在 1 小时内响应 P1 工单、4 小时内响应 P2 工单。", [("critical", "", 60, False), ("high", "", 240, False)]),
    ("P1 issues get a response within 1 hour, and P2 issues are resolved within 1 day.", [("critical", "", 60, False)]),
])
def test_figures_that_share_one_verb(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    found = values(facts_of(tmp_path, "support.md", "# Support\n\n" + text + "\n"), "support.response_time")
    assert found == [(severity, plan, repr({"minutes": minutes, "business_time": business}))
                     for severity, plan, minutes, business in expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Customers may choose to host their data in the EU or in the United States.", ["EU", "US"]),
    ("Backups are stored in Norway, Sweden and Asia Pacific.", ["Asia Pacific", "NO", "SE"]),
    ("您的数据存储于新加坡、日本。", ["JP", "SG"]),
    ("We store cookies in your browser.", []),
])
def test_storage_places_from_the_gazetteer(tmp_path: Path, text: str, expected: list[str]) -> None:
    facts = facts_of(tmp_path, "data.md", "# Data\n\n" + text + "\n")
    assert sorted(fact.value for fact in facts if fact.key == "data.storage_location") == expected


@pytest.mark.parametrize("text", ["Additional seats are charged at the Provider's then-prevailing list prices.",
                                  "续约费用以乙方届时公布的标准价格为准。"])
def test_prices_left_to_the_vendor(tmp_path: Path, text: str) -> None:
    facts = facts_of(tmp_path, "price.md", "# Fees\n\n" + text + "\n")
    assert [fact.value for fact in facts if fact.key == "term.price_change"] == ["vendor_discretion"]


@pytest.mark.parametrize(("text", "key", "expected"), [
    ("用户可以通过工单、电话和在线交谈获得技术支持。", "support.channel", ["chat", "phone", "ticket"]),
    ("您也可以通过电话、QQ 联系我们。", "support.channel", ["community", "phone"]),
    ("乙方有权变更服务规格，但必须在变更前10天以邮件形式通知甲方。", "term.unilateral_change", [{"notice_days": 10}]),
    ("The Initial Order Term is 36 months.", "term.length", [{"months": 36}]),
    ("Customer Data will not be stored outside the European Union.", "data.cross_border", ["prohibited"]),
    ("我们不会将您的数据存储在中国境外。", "data.cross_border", ["prohibited"]),
    ("我们可能会不时更新本隐私政策，更新后的政策将在本页面发布。", "term.unilateral_change", [True]),
    ("The processor restricts access to personal data to those employees who need it.", "data.staff_access",
     ["restricted"]),
    ("Data is not sent outside the EEA unless the transfer complies with Chapter V of the GDPR.",
     "data.cross_border", ["per_law"]),
    ("Hosting Region: Germany (Frankfurt)", "data.storage_location", ["DE"]),
    ("如需向境外传输您的个人信息，我们会征得您的单独同意。", "data.cross_border", ["with_consent"]),
])
def test_wordings_of_the_real_documents_kinds(tmp_path: Path, text: str, key: str, expected: list) -> None:
    facts = facts_of(tmp_path, "terms.md", "# Terms\n\n" + text + "\n")
    assert sorted((fact.value for fact in facts if fact.key == key), key=repr) == expected


def test_places_listed_under_a_lead_in_about_storage(tmp_path: Path) -> None:
    text = ("# Data residency\n\nWhen you create a resource you choose the geography where its data is stored:\n\n"
            "- United States\n- Europe\n- Japan\n\n| Geography | Data center region |\n|---|---|\n| Australia | Sydney |\n\n"
            "## Pricing\n\nPrices differ by market:\n\n- Brazil\n- India\n")
    facts = facts_of(tmp_path, "residency.md", text)
    assert sorted(fact.value for fact in facts if fact.key == "data.storage_location") == ["AU", "Europe", "JP", "US"]


@pytest.mark.parametrize(("text", "key", "expected"), [
    ("| 服務月可用率 | 服務抵用金（以當月服務費計） |\n|---|---|\n| 98.0% ≦ 可用率 ＜ 99.5% | 15% |\n",
     "availability.credit", [{"below_percent": 99.5, "credit_percent": 15.0}]),
    ("每月服務抵用金總額，最高以當月服務費之百分之三十為限。", "availability.credit_cap", [{"percent": 30.0}]),
    ("客戶資料儲存於本公司位於新加坡之機房。", "data.storage_location", ["SG"]),
    ("未经客户事先书面同意，服务方不得将客户的业务数据传输至中华人民共和国境外。", "data.cross_border", ["with_consent"]),
    ("严重漏洞自确认之日起 48 小时内提供安全补丁。", "defects.security_fix_time", [{"minutes": 2880, "business_time": False}]),
    ("升级至任何已发布的主版本、次版本及补丁，均不另行收费。", "updates.upgrade_fee", ["included"]),
])
def test_wordings_of_the_in_house_sets(tmp_path: Path, text: str, key: str, expected: list) -> None:
    facts = facts_of(tmp_path, "terms.md", "# 條款\n\n" + text + "\n")
    assert sorted((fact.value for fact in facts if fact.key == key), key=repr) == expected


def test_levels_named_in_words_down_a_level_column_rank_by_row(tmp_path: Path) -> None:
    text = ("# Support\n\n## Response times\n\n| Severity | Team | Enterprise |\n|---|---|---|\n"
            "| Urgent | 8 business hours | 1 hour |\n| High | 1 business day | 4 hours |\n"
            "| Normal | 2 business days | 8 business hours |\n| Low | 3 business days | 1 business day |\n")
    found = values(facts_of(tmp_path, "support.md", text), "support.response_time")
    assert [severity for severity, plan, _ in found if plan == "Team"] == ["critical", "high", "low", "normal"]


def test_the_common_sla_exclusion_list(tmp_path: Path) -> None:
    text = ("# Service Level Agreement\n\n## SLA Exclusions\n\nThe Service Commitment does not apply to any "
            "unavailability: (i) caused by factors outside of our reasonable control; (ii) that result from any "
            "actions or inactions of you or any third party; (iii) that result from your equipment; (iv) that "
            "result from scheduled maintenance; or (v) arising from our suspension of your right to use the "
            "Service.\n")
    facts = facts_of(tmp_path, "sla.md", text)
    assert sorted(fact.value for fact in facts if fact.key == "scope.exclusion") == [
        "customer_environment", "force_majeure", "misuse", "other", "scheduled_maintenance", "third_party"]


def test_levels_and_periods_listed_after_a_chinese_metric(tmp_path: Path) -> None:
    text = "# 支持\n\n初次响应时间：紧急 15 分钟，严重 1 小时，一般 4 小时。\n\n解决时间：紧急 4 小时，严重 1 个工作日。\n"
    facts = facts_of(tmp_path, "support.md", text)
    assert values(facts, "support.response_time") == [
        ("critical", "", repr({"minutes": 15, "business_time": False})),
        ("high", "", repr({"minutes": 60, "business_time": False})),
        ("normal", "", repr({"minutes": 240, "business_time": False}))]
    assert values(facts, "support.resolution_time") == [
        ("critical", "", repr({"minutes": 240, "business_time": False})),
        ("high", "", repr({"minutes": 1440, "business_time": True}))]
