"""Segmentation: sections and clauses of realistic terms, and the fold they are matched on."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from termlens.model import Block, BlockKind, Document, Segmentation, Span
from termlens.segment import HeadingNumber, segment
from termlens.textnorm import fold, parse_numeral

BlockSpec = tuple[BlockKind, str] | tuple[BlockKind, str, int]


def make_document(*specs: BlockSpec, language: str = "zh", page: int | None = 1) -> Document:
    """A Document laid out as ingest lays it: one block per line, blank lines between non-table blocks.

    A spec is ``(kind, text)`` or ``(kind, text, level)``; table rows get one cell per ``|`` part.
    """
    text, blocks = "", list[Block]()
    for spec in specs:
        kind, body, level = (*spec, 0) if len(spec) == 2 else spec
        if blocks:
            text += "\n" if kind == "table_row" and blocks[-1].kind == "table_row" else "\n\n"
        start = len(text)
        text += body
        cells: tuple[Span, ...] = ()
        if kind == "table_row":
            offset, parts = start, []
            for part in body.split("|"):
                lead = len(part) - len(part.lstrip())
                parts.append(Span(offset + lead, offset + lead + len(part.strip())))
                offset += len(part) + 1
            cells = tuple(parts)
        blocks.append(Block(kind=kind, start=start, end=len(text), level=level, page=page, cells=cells))
    return Document(text=text, path="terms.txt", format="txt", sha256="0" * 64,
                    language=language, blocks=tuple(blocks))  # type: ignore[arg-type]


def texts(segmentation: Segmentation) -> list[str]:
    return [clause.text for clause in segmentation.clauses]


def assert_anchored(segmentation: Segmentation) -> None:
    """Every clause quotes the document exactly, stripped and non-empty, ids in order."""
    text = segmentation.document.text
    for number, clause in enumerate(segmentation.clauses, start=1):
        assert clause.id == f"c{number}"
        assert text[clause.start:clause.end] == clause.text
        assert clause.text and clause.text == clause.text.strip()
    for number, section in enumerate(segmentation.sections, start=1):
        assert section.id == f"s{number}"
        assert section.start == section.heading_start <= section.heading_end <= section.end
        assert text[section.start:section.end] == text[section.start:section.end].strip()


CHINESE_TERMS = make_document(
    ("heading", "售后服务条款", 1),
    ("paragraph", "本条款适用于所有标准版客户。"),
    ("paragraph", "第一章 总则"),
    ("paragraph", "第一条 服务范围"),
    ("paragraph", "供应商提供远程技术支持和软件升级服务。现场服务另行收费。"),
    ("paragraph", "第二条 技术支持"),
    ("paragraph", "一、响应时间"),
    ("paragraph", "（一）故障等级"),
    ("paragraph", "P1 故障 1 小时内响应。严重故障 4 小时内解决；一般问题 2 个工作日内答复。"),
    ("paragraph", "1.1 电话支持"),
    ("paragraph", "提供 7×24 小时热线（法定节假日除外。）客户可拨打“400-800-1234。”获取帮助！"),
    ("paragraph", "（二）升级"),
    ("paragraph", "1. 远程支持"),
    ("paragraph", "2. 现场支持"),
    ("paragraph", "3. 备件更换"),
    ("paragraph", "以上服务均包含在年度服务费中……超出部分另行报价。"),
    ("paragraph", "二、服务时间"),
    ("table_row", "服务级别 | 响应时间 | 解决时间"),
    ("table_row", "P1 | 1 小时 | 4 小时"),
    ("table_row", "P2 | 4 小时 | 1 个工作日"),
)


def test_chinese_clauses_are_sentences_rows_and_list_lines() -> None:
    result = segment(CHINESE_TERMS)
    assert_anchored(result)
    assert texts(result) == [
        "本条款适用于所有标准版客户。",
        "供应商提供远程技术支持和软件升级服务。",
        "现场服务另行收费。",
        "P1 故障 1 小时内响应。",
        "严重故障 4 小时内解决；",
        "一般问题 2 个工作日内答复。",
        "提供 7×24 小时热线（法定节假日除外。）",
        "客户可拨打“400-800-1234。”",
        "获取帮助！",
        "1. 远程支持",
        "2. 现场支持",
        "3. 备件更换",
        "以上服务均包含在年度服务费中……",
        "超出部分另行报价。",
        "服务级别 | 响应时间 | 解决时间",
        "P1 | 1 小时 | 4 小时",
        "P2 | 4 小时 | 1 个工作日",
    ]
    kinds = {clause.kind for clause in result.clauses}
    assert kinds == {"paragraph", "table_row"}


def test_chinese_sections_nest_by_numbering() -> None:
    result = segment(CHINESE_TERMS)
    outline = [(s.id, s.number, s.title, s.level, s.parent) for s in result.sections]
    assert outline == [
        ("s1", "", "售后服务条款", 1, None),
        ("s2", "第一章", "总则", 1, None),
        ("s3", "第一条", "服务范围", 3, "s2"),
        ("s4", "第二条", "技术支持", 3, "s2"),
        ("s5", "一", "响应时间", 5, "s4"),
        ("s6", "（一）", "故障等级", 6, "s5"),
        ("s7", "1.1", "电话支持", 8, "s6"),
        ("s8", "（二）", "升级", 6, "s5"),
        ("s9", "二", "服务时间", 5, "s4"),
    ]
    by_text = {clause.text: clause for clause in result.clauses}
    assert by_text["本条款适用于所有标准版客户。"].section_path == ("售后服务条款",)
    assert by_text["严重故障 4 小时内解决；"].section == "（一） 故障等级"
    assert by_text["严重故障 4 小时内解决；"].section_path == (
        "第一章 总则", "第二条 技术支持", "一 响应时间", "（一） 故障等级")
    assert by_text["获取帮助！"].section == "1.1 电话支持"
    assert by_text["2. 现场支持"].section == "（二） 升级"
    assert by_text["P1 | 1 小时 | 4 小时"].section_path == ("第一章 总则", "第二条 技术支持", "二 服务时间")


def test_section_spans_run_to_the_next_heading_of_same_or_higher_level() -> None:
    result = segment(CHINESE_TERMS)
    text = CHINESE_TERMS.text
    sections = {section.id: section for section in result.sections}
    assert text[sections["s3"].start:sections["s3"].end] == (
        "第一条 服务范围\n\n供应商提供远程技术支持和软件升级服务。现场服务另行收费。")
    assert text[sections["s6"].heading_start:sections["s6"].heading_end] == "（一）故障等级"
    assert text[sections["s6"].start:sections["s6"].end].endswith("客户可拨打“400-800-1234。”获取帮助！")
    assert text[sections["s8"].start:sections["s8"].end].endswith("超出部分另行报价。")
    assert sections["s2"].end == sections["s9"].end == len(text)
    assert sections["s1"].end == len("售后服务条款\n\n本条款适用于所有标准版客户。")


def test_traditional_chinese_numbering_matches_like_simplified() -> None:
    document = make_document(
        ("paragraph", "第三條 服務時間"),
        ("paragraph", "供應商於工作日提供技術支援。緊急故障須於 2 小時內回應；其他問題於 3 個工作日內答覆。"),
        ("paragraph", "第十二條　責任限制"),
        ("paragraph", "（一）賠償上限"),
        ("paragraph", "賠償總額以當年服務費為限。"),
    )
    result = segment(document)
    assert_anchored(result)
    assert [(s.number, s.title, s.level) for s in result.sections] == [
        ("第三條", "服務時間", 3), ("第十二條", "責任限制", 3), ("（一）", "賠償上限", 6)]
    assert texts(result) == [
        "供應商於工作日提供技術支援。",
        "緊急故障須於 2 小時內回應；",
        "其他問題於 3 個工作日內答覆。",
        "賠償總額以當年服務費為限。",
    ]
    assert result.clauses[-1].section_path == ("第十二條 責任限制", "（一） 賠償上限")


ENGLISH_TERMS = make_document(
    ("heading", "Support Policy", 1),
    ("paragraph", "Section 2 Support Services"),
    ("paragraph", "2.1 Response Times"),
    ("paragraph", "The Vendor will respond within four (4) business hours. Resolution is not guaranteed. "
                  "Monthly availability is 99.9%, e.g. excluding maintenance under Section 2.1 of "
                  "Schedule No. 3. Contact J. Smith at Acme Inc. for escalations."),
    ("paragraph", "1. Service, product or documentation contains errors that prevent the Customer "
                  "from using the software in production."),
    ("paragraph", "2.1.6. Service Availability"),
    ("paragraph", "Credits apply (see Art. 5. It caps them.) only on request; and never in cash. "
                  "The U.S. office handles claims."),
    ("list_item", "Phone support. Email support."),
    ("list_item", "Severity 1 incidents are worked on continuously until resolved. Severity 2 incidents "
                  "are worked on during business hours. Severity 3 requests are answered next day."),
    language="en",
)


def test_english_sentences_keep_decimals_abbreviations_and_brackets() -> None:
    result = segment(ENGLISH_TERMS)
    assert_anchored(result)
    assert texts(result) == [
        "The Vendor will respond within four (4) business hours.",
        "Resolution is not guaranteed.",
        "Monthly availability is 99.9%, e.g. excluding maintenance under Section 2.1 of Schedule No. 3.",
        "Contact J. Smith at Acme Inc. for escalations.",
        "1. Service, product or documentation contains errors that prevent the Customer "
        "from using the software in production.",
        "Credits apply (see Art. 5. It caps them.) only on request; and never in cash.",
        "The U.S. office handles claims.",
        "Phone support. Email support.",
        "Severity 1 incidents are worked on continuously until resolved.",
        "Severity 2 incidents are worked on during business hours.",
        "Severity 3 requests are answered next day.",
    ]
    assert [clause.kind for clause in result.clauses][-4:] == ["list_item"] * 4


def test_english_sections_and_long_numbered_items() -> None:
    result = segment(ENGLISH_TERMS)
    assert [(s.number, s.title, s.level, s.parent) for s in result.sections] == [
        ("", "Support Policy", 1, None),
        ("Section 2", "Support Services", 7, "s1"),
        ("2.1", "Response Times", 8, "s2"),
        ("2.1.6", "Service Availability", 9, "s3"),
    ]
    numbered_item = result.clauses[4]
    assert numbered_item.text.startswith("1. Service, product")
    assert numbered_item.section_path == ("Support Policy", "Section 2 Support Services", "2.1 Response Times")
    assert result.clauses[-1].section == "2.1.6 Service Availability"


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Uptime is 99.95% per month. Credits are 10% of fees.",
         ["Uptime is 99.95% per month.", "Credits are 10% of fees."]),
        ("Fees rise 1.5 percent yearly. Notice is given in writing.",
         ["Fees rise 1.5 percent yearly.", "Notice is given in writing."]),
        ("See clause No. 3 and vs. the old terms etc. for details.",
         ["See clause No. 3 and vs. the old terms etc. for details."]),
        ("Logs, i.e. system records, are kept. Backups are approx. 30 days old.",
         ["Logs, i.e. system records, are kept.", "Backups are approx. 30 days old."]),
        ("Acme Co. Ltd. and Beta Inc. sign here. Sec. 4 applies.",
         ["Acme Co. Ltd. and Beta Inc. sign here.", "Sec. 4 applies."]),
        ("Wait... the vendor decides. Is that fair? Yes!",
         ["Wait... the vendor decides.", "Is that fair?", "Yes!"]),
        ('He wrote "Support ends. No refunds." Then he left.',
         ['He wrote "Support ends. No refunds."', "Then he left."]),
        ("(a) the Vendor shall respond; (b) the Customer shall pay; Nothing else applies.",
         ["(a) the Vendor shall respond; (b) the Customer shall pay;", "Nothing else applies."]),
        ("3. The Vendor patches defects. Patches are free.",
         ["3. The Vendor patches defects.", "Patches are free."]),
        ("Response within 4 hrs. Resolution within 2 days.",
         ["Response within 4 hrs.", "Resolution within 2 days."]),
        ("Version 2.0 is supported.支持期为三年。", ["Version 2.0 is supported.", "支持期为三年。"]),
        ("服务时间为工作日。“紧急事件”另行处理；详见附件。",
         ["服务时间为工作日。", "“紧急事件”另行处理；", "详见附件。"]),
        ("是否包含升级？包含！所有版本……均可升级。", ["是否包含升级？", "包含！", "所有版本……", "均可升级。"]),
        ("一个…不是句末。升级……另议完成。", ["一个…不是句末。", "升级……", "另议完成。"]),  # one "…" ends nothing
        ("响应时间：１小时；解决时间：４小时．", ["响应时间：１小时；", "解决时间：４小时．"]),
        ("费用见附件（详见第 3 条。）。另行约定的除外。", ["费用见附件（详见第 3 条。）。", "另行约定的除外。"]),
        ("服务终止。B", ["服务终止。B"]),  # a one-character fragment joins the clause before it
        ("。服务终止。", ["。服务终止。"]),  # ... or the clause after it
        # a numbered case after a colon is a clause of its own
        ("以下原因导致的不可用不计入：4.1 用户自身故障。4.2 不可抗力。",
         ["以下原因导致的不可用不计入：", "4.1 用户自身故障。", "4.2 不可抗力。"]),
        ("Excluded are: (a) third-party software; (b) misuse.", ["Excluded are:", "(a) third-party software; (b) misuse."]),
        ("响应时间：1 小时内。", ["响应时间：1 小时内。"]),  # a figure after a colon is no case
    ],
)
def test_paragraph_sentences(paragraph: str, expected: list[str]) -> None:
    result = segment(make_document(("paragraph", paragraph)))
    assert_anchored(result)
    assert texts(result) == expected
    assert all(clause.section == "" and clause.section_path == () for clause in result.clauses)


@pytest.mark.parametrize(
    ("line", "number", "title", "level"),
    [
        ("第一章 总则", "第一章", "总则", 1),
        ("第二部分 服务内容", "第二部分", "服务内容", 1),
        ("第一条 定义", "第一条", "定义", 3),
        ("第十二条：违约责任", "第十二条", "违约责任", 3),
        ("第 5 条 保修", "第 5 条", "保修", 3),
        ("第二款 免责", "第二款", "免责", 4),
        ("一、服务范围", "一", "服务范围", 5),
        ("十二、其他", "十二", "其他", 5),
        ("（一）响应", "（一）", "响应", 6),
        ("(二) 升级", "(二)", "升级", 6),
        ("1. Scope", "1", "Scope", 7),
        ("1、技术支持", "1", "技术支持", 7),
        ("１．服务内容", "１", "服务内容", 7),
        ("3.1 技术支持", "3.1", "技术支持", 8),
        ("2.1.3 Remote Support", "2.1.3", "Remote Support", 9),
        ("2.1.6. Service Availability", "2.1.6", "Service Availability", 9),
        ("Section 2.1 Definitions", "Section 2.1", "Definitions", 8),
        ("Clause 4 Warranty", "Clause 4", "Warranty", 7),
        ("附件一：服务级别表", "附件一", "服务级别表", 1),
        ("Schedule B - Fees", "Schedule B", "Fees", 1),
        ("Article 3 - Warranty", "Article 3", "Warranty", 3),
        ("ARTICLE IV LIMITATION OF LIABILITY", "ARTICLE IV", "LIMITATION OF LIABILITY", 3),
        ("IV. Support Levels", "IV", "Support Levels", 3),
        ("Chapter 2 Maintenance", "Chapter 2", "Maintenance", 1),
        ("**3.2 服务时间：**", "3.2", "服务时间", 8),
    ],
)
def test_numbered_paragraph_headings(line: str, number: str, title: str, level: int) -> None:
    result = segment(make_document(("paragraph", line), ("paragraph", "服务内容以合同约定为准。")))
    assert [(s.number, s.title, s.level) for s in result.sections] == [(number, title, level)]
    assert texts(result) == ["服务内容以合同约定为准。"]


@pytest.mark.parametrize(
    "line",
    [
        "1. The Vendor shall provide remote support during business hours.",  # a sentence
        "1. 供应商应在收到通知后 2 小时内响应。",
        "第一条 供应商应提供七乘二十四小时的电话技术支持服务并在收到客户报告后一小时内响应处理所有一级故障",  # too long
        "Section 2 of this Agreement governs all support requests made by the Customer.",
        "24小时技术支持",  # a number that is not numbering
        "99.9% 可用性",
        "2019 年度服务",
        "1 Introduction",  # a bare number is a heading only when ingest says so
        "Support is provided in English, Chinese and Japanese on working days only and in writing",
    ],
)
def test_paragraphs_that_are_not_headings(line: str) -> None:
    result = segment(make_document(("paragraph", line), ("paragraph", "其余条款不变。")))
    assert result.sections == ()
    assert texts(result)[0] == line


def test_heading_blocks_number_by_their_numbering_and_bare_numbers_count() -> None:
    document = make_document(
        ("heading", "# Service Level Agreement", 1),
        ("heading", "## 1 Availability", 2),
        ("paragraph", "The service is available 99.9% of each month."),
        ("heading", "### 1.1 Exclusions", 3),
        ("paragraph", "Scheduled maintenance is excluded."),
        ("heading", "## 2 Support", 2),
        ("paragraph", "Support is provided by email."),
        ("heading", "## Contacts", 2),
        ("paragraph", "Write to support@example.com."),
        language="en",
    )
    result = segment(document)
    assert_anchored(result)
    assert [(s.number, s.title, s.level, s.parent) for s in result.sections] == [
        ("", "Service Level Agreement", 1, None),
        ("1", "Availability", 7, "s1"),
        ("1.1", "Exclusions", 8, "s2"),
        ("2", "Support", 7, "s1"),
        ("", "Contacts", 2, "s1"),
    ]
    assert [clause.section_path for clause in result.clauses] == [
        ("Service Level Agreement", "1 Availability"),
        ("Service Level Agreement", "1 Availability", "1.1 Exclusions"),
        ("Service Level Agreement", "2 Support"),
        ("Service Level Agreement", "Contacts"),
    ]


def test_reader_levels_of_numbered_lines_do_not_flatten_the_outline() -> None:
    # The text reader marks numbered lines as headings with levels of its own (第一条 and 一、 both 1).
    document = make_document(
        ("heading", "第一条 技术支持", 1),
        ("heading", "一、响应时间", 1),
        ("paragraph", "P1 故障 30 分钟内响应。"),
        ("heading", "（一）升级", 2),
        ("paragraph", "每季度提供一次补丁。"),
    )
    result = segment(document)
    assert [(s.number, s.level, s.parent) for s in result.sections] == [
        ("第一条", 3, None), ("一", 5, "s1"), ("（一）", 6, "s2")]
    assert result.clauses[-1].section_path == ("第一条 技术支持", "一 响应时间", "（一） 升级")


def test_unnumbered_heading_is_a_subheading_or_stands_beside_the_next_numbered_one() -> None:
    document = make_document(
        ("heading", "服务说明"),
        ("paragraph", "本说明适用于标准版。"),
        ("paragraph", "第一条 技术支持"),
        ("heading", "支持方式"),
        ("paragraph", "提供电话和邮件支持。"),
        ("paragraph", "第二条 软件升级"),
        ("paragraph", "免费提供补丁。"),
    )
    result = segment(document)
    assert [(s.title, s.level, s.parent) for s in result.sections] == [
        ("服务说明", 3, None), ("技术支持", 3, None), ("支持方式", 4, "s2"), ("软件升级", 3, None)]
    assert [clause.section_path for clause in result.clauses] == [
        ("服务说明",), ("第一条 技术支持", "支持方式"), ("第二条 软件升级",)]


def test_number_alone_on_its_line_takes_the_next_line_as_title() -> None:
    document = make_document(
        ("paragraph", "ARTICLE 1"),
        ("paragraph", "DEFINITIONS"),
        ("paragraph", '"Business Day" means a day on which banks are open in London.'),
        ("paragraph", "ARTICLE 2"),
        ("paragraph", "SUPPORT"),
        ("paragraph", "The Vendor shall maintain a help desk."),
        language="en",
    )
    result = segment(document)
    assert_anchored(result)
    assert [(s.number, s.title) for s in result.sections] == [("ARTICLE 1", "DEFINITIONS"), ("ARTICLE 2", "SUPPORT")]
    first = result.sections[0]
    assert document.text[first.heading_start:first.heading_end] == "ARTICLE 1\n\nDEFINITIONS"
    assert texts(result) == ['"Business Day" means a day on which banks are open in London.',
                             "The Vendor shall maintain a help desk."]


def test_capitalised_lines_are_headings_and_empty_ones_are_text() -> None:
    document = make_document(
        ("paragraph", "MASTER SERVICES AGREEMENT"),
        ("paragraph", "RECITALS"),
        ("paragraph", "WHEREAS, the Vendor provides hosted software."),
        ("paragraph", "ARTICLE 1 SUPPORT"),
        ("paragraph", "The Vendor shall maintain a help desk."),
        ("paragraph", "MISCELLANEOUS PROVISIONS"),
        language="en",
    )
    result = segment(document)
    assert [(s.title, s.level, s.parent) for s in result.sections] == [
        ("RECITALS", 3, None), ("SUPPORT", 3, None)]
    assert texts(result) == ["MASTER SERVICES AGREEMENT", "WHEREAS, the Vendor provides hosted software.",
                             "The Vendor shall maintain a help desk.", "MISCELLANEOUS PROVISIONS"]


def test_heading_block_that_is_a_long_sentence_is_a_clause() -> None:
    sentence = ("2. The Vendor shall resolve every Severity 1 incident within eight hours of the "
                "Customer's report, around the clock, including public holidays.")
    document = make_document(("heading", "Support", 2), ("heading", sentence), language="en")
    result = segment(document)
    assert [s.title for s in result.sections] == ["Support"]
    assert texts(result) == [sentence]
    assert result.clauses[0].kind == "paragraph"
    assert result.clauses[0].section == "Support"


def test_numbered_list_marked_as_headings_by_a_reader_stays_clauses() -> None:
    # The text reader marks short numbered lines as headings; these are the items of a list.
    items = ["1. Service, product or configuration as provided by the Vendor contains errors or critical "
             "security-related issues",
             "2. Service or product requires upgrades or changes through the customer",
             "3. Service or product has incorrect or missing documentation"]
    document = make_document(
        ("heading", "Support request", 2),
        ("paragraph", "The Vendor handles support incidents in the following scenarios:"),
        ("paragraph", items[0]), ("heading", items[1], 1), ("heading", items[2], 1),
        ("paragraph", "Support features include answers to usage questions."),
        language="en",
    )
    result = segment(document)
    assert [s.title for s in result.sections] == ["Support request"]
    assert texts(result)[1:4] == items
    assert {clause.section for clause in result.clauses} == {"Support request"}


def test_numbered_sentence_ends_the_section_of_the_heading_it_follows() -> None:
    document = make_document(
        ("paragraph", "二、缺陷修复"),
        ("paragraph", "2.1 缺陷分为四级。"),
        ("heading", "2.2 修复时限如下：", 2),
        ("list_item", "（1）致命缺陷：3个工作日内修复；"),
        ("paragraph", "2.3 安全漏洞在确认后 24 小时内修复。"),
        ("paragraph", "1. 严重漏洞优先处理。"),  # a list item, not a sibling of 2.2
    )
    result = segment(document)
    assert [(s.number, s.title) for s in result.sections] == [("二", "缺陷修复"), ("2.2", "修复时限如下")]
    assert [clause.section for clause in result.clauses] == [
        "二 缺陷修复", "2.2 修复时限如下", "二 缺陷修复", "二 缺陷修复"]
    assert document.text[result.sections[1].start:result.sections[1].end] == (
        "2.2 修复时限如下：\n\n（1）致命缺陷：3个工作日内修复；")


def test_heading_block_that_reads_like_a_chinese_sentence_is_a_clause() -> None:
    lead_in = "3.1 如服务可用性未达到上述承诺，澜音将按下表向客户发放代金券："
    document = make_document(("heading", "第三条 赔偿标准", 1), ("heading", lead_in, 2),
                             ("table_row", "低于 99.95% | 月服务费的 10%"))
    result = segment(document)
    assert [s.number for s in result.sections] == ["第三条"]
    assert texts(result) == [lead_in, "低于 99.95% | 月服务费的 10%"]


def test_list_items_split_only_when_long() -> None:
    short = "7×24 小时电话支持。节假日照常。"
    sentences = ["严重故障：供应商应在接到报告后 30 分钟内响应，2 小时内派工程师远程介入，并持续处理直至恢复。",
                 "一般故障：4 小时内响应，下一个工作日内解决。",
                 "咨询类问题：2 个工作日内答复，不承诺解决时间。"]
    result = segment(make_document(("list_item", short), ("list_item", "".join(sentences))))
    assert_anchored(result)
    assert texts(result) == [short, *sentences]
    assert {clause.block for clause in result.clauses[1:]} == {1}


def test_fragments_merge_and_tiny_blocks_are_dropped() -> None:
    document = make_document(
        ("paragraph", "Support ends on 31 December. 7"),
        ("paragraph", "7"),  # a page number
        ("paragraph", "。服务终止。"),
        ("table_row", "P1 | 1h"),
    )
    result = segment(document)
    assert_anchored(result)
    assert texts(result) == ["Support ends on 31 December. 7", "。服务终止。", "P1 | 1h"]
    assert [clause.block for clause in result.clauses] == [0, 2, 3]


def test_pages_and_blocks_are_carried() -> None:
    document = make_document(("paragraph", "第一句。第二句。"), page=4)
    result = segment(document)
    assert [(clause.page, clause.block, clause.kind) for clause in result.clauses] == [
        (4, 0, "paragraph"), (4, 0, "paragraph")]


def test_empty_document() -> None:
    result = segment(make_document())
    assert result.sections == () and result.clauses == ()


def test_language_data_is_validated() -> None:
    with pytest.raises(ValidationError):
        HeadingNumber(style="broken", level=1, pattern="(?P<number>1")
    with pytest.raises(ValidationError):
        HeadingNumber(style="no-value", level=1, pattern="(?P<number>1)")


# --- fold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("條", "条"),
        ("與", "与"),
        ("服務", "服务"),
        ("第十二條款", "第十二条款"),
        ("１２３４５６７８９０", "1234567890"),
        ("ＡＢＣ：（一）；！？", "ABC:(一);!?"),
        ("7×24\u3000小時", "7x24 小时"),
        ("5✕8 ＊", "5x8 *"),
        ("“服務”‘ok’", "\"服务\"'ok'"),
        ("٣ ३", "٣ ३"),  # digits of other scripts stay
        ("plain ASCII text.", "plain ASCII text."),
        ("服务。", "服务。"),
    ],
)
def test_fold(original: str, folded: str) -> None:
    assert fold(original) == folded


def test_fold_keeps_length_on_random_text() -> None:
    generator = random.Random(20240601)
    ranges = [(0x20, 0x7E), (0xA0, 0x2FFF), (0x3000, 0x303F), (0x3400, 0x9FFF),
              (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x1F300, 0x1FAFF), (0x20000, 0x2FA1F)]
    for _ in range(300):
        text = "".join(chr(generator.randint(*generator.choice(ranges)))
                       for _ in range(generator.randint(0, 200)))
        assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("12", 12), ("IV", 4), ("XIV", 14), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
     ("两", 2), ("〇", 0), ("", None), ("第", None)],
)
def test_parse_numeral(numeral: str, value: int | None) -> None:
    assert parse_numeral(numeral) == value
