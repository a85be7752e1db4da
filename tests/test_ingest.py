"""termlens.ingest: every format into one Document, and every bad input into one clear error."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF
from ingest_support import CheckOffsets, headings, quote, rows, write
from test_ingest_pdf import build_pdf

from termlens.errors import (
    CorruptFile,
    EmptyDocument,
    EncodingError,
    EncryptedFile,
    FileMissing,
    FileTooLarge,
    NoTextLayer,
    TermlensError,
    UnsupportedFormat,
    ZipBomb,
)
from termlens.ingest import detect_language, load

# --- plain text in every encoding -----------------------------------------------------------

@pytest.mark.parametrize(
    ("encoding", "fixture", "expected_heading"),
    [
        ("utf-8", "zh_sla_text", "一、服务范围"),
        ("utf-8-sig", "zh_sla_text", "一、服务范围"),
        ("utf-16", "zh_sla_text", "一、服务范围"),
        ("utf-16-be", "zh_sla_text", "一、服务范围"),
        ("utf-32", "zh_sla_text", "一、服务范围"),
        ("gb18030", "zh_sla_text", "一、服务范围"),
        ("gbk", "zh_sla_text", "一、服务范围"),
        ("big5", "zh_traditional_sla_text", "一、服務範圍"),
        ("utf-8", "en_support_policy_text", "1.1 Response times"),
    ],
)
def test_ingest_text_encodings(
    tmp_path: Path, request: pytest.FixtureRequest, check_offsets: CheckOffsets,
    encoding: str, fixture: str, expected_heading: str,
) -> None:
    text: str = request.getfixturevalue(fixture)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = "\ufeff".encode("utf-16-be") + data
    document = load(write(tmp_path, "terms.txt", data))
    check_offsets(document)
    assert document.format == "text"
    assert expected_heading in [text for _, text in headings(document)]
    assert document.language == ("en" if fixture.startswith("en") else "zh")
    assert "\r" not in document.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("乙方应在三十分钟内响应。".encode() + b"\xe9" + "乙方应在四小时内恢复。".encode() * 5,
         "乙方应在三十分钟内响应。\ufffd乙方应在四小时内恢复。"),
        ("Support is available at the café desk, 9:00-18:00.".encode("latin-1"), "café"),
    ],
    ids=["utf8-with-a-stray-byte", "latin-1"],
)
def test_ingest_text_damaged_or_legacy_bytes(tmp_path: Path, data: bytes, expected: str) -> None:
    assert expected in load(write(tmp_path, "terms.txt", data)).text


def test_ingest_text_structure(tmp_path: Path, zh_sla_text: str, check_offsets: CheckOffsets) -> None:
    document = load(write(tmp_path, "条款.txt", zh_sla_text.replace("\n", "\r\n").encode("utf-8")))
    check_offsets(document)
    assert document.title == "售后服务条款"
    assert headings(document) == [(1, "一、服务范围"), (1, "二、响应时间"), (2, "（一）故障等级"), (1, "第三条 服务赔偿")]
    paragraphs = quote(document, "paragraph")
    assert "1. 一级故障：系统全部停止运行，乙方应在30分钟内响应，4小时内恢复。" in paragraphs
    assert quote(document, "list_item") == ["- 赔偿总额不超过当月服务费。", "- 甲方应在故障发生后30日内提出书面申请。"]
    assert rows(document) == [["月可用性", "赔偿比例"], ["低于99.9%", "月服务费的10%"], ["低于99%", "月服务费的25%"]]
    table_rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [b.is_header for b in table_rows] == [True, False, False]
    assert table_rows[1].header == ("月可用性", "赔偿比例")


def test_ingest_text_joins_wrapped_lines(tmp_path: Path, en_support_policy_text: str) -> None:
    document = load(write(tmp_path, "policy", en_support_policy_text.encode()))
    assert document.format == "text"
    assert (
        "The Vendor will respond to incidents within the times below, measured from the "
        "moment the ticket is logged in the support portal."
    ) in quote(document, "paragraph")
    assert headings(document) == [(1, "1. Scope"), (2, "1.1 Response times"), (1, "Article 3 Service credits")]
    assert rows(document)[1] == ["Severity 1 (critical)", "30 minutes", "4 hours"]


def test_ingest_text_joins_wrapped_chinese_without_space(tmp_path: Path) -> None:
    text = "乙方应在接到甲方故障报告后三十分钟内响应，并在四小时内到达现场处理，二十四小时内\n解决全部故障。\n"
    document = load(write(tmp_path, "wrap.txt", text.encode()))
    assert quote(document) == ["乙方应在接到甲方故障报告后三十分钟内响应，并在四小时内到达现场处理，二十四小时内解决全部故障。"]


def test_ingest_numbered_cases_of_a_list_are_not_headings(tmp_path: Path) -> None:
    source = ("## 4. Release of Liabilities\n\nIf the Service is unavailable due to any of the following reasons:\n\n"
              "4.1 Any failure attributable to Customer.\n\n4.2 any force majeure event or accident.\n\n"
              "## 5. Miscellaneous.\n")
    document = load(write(tmp_path, "terms.md", source.encode()))
    kinds = {document.text[b.start : b.end]: b.kind for b in document.blocks}
    assert kinds["4.1 Any failure attributable to Customer."] == "paragraph"
    assert kinds["4.2 any force majeure event or accident."] == "paragraph"
    assert kinds["5. Miscellaneous."] == "heading"


def test_ingest_text_run_in_titles_and_figures_wrapped_onto_the_next_line(tmp_path: Path) -> None:
    source = ("3. SUPPORT LIFECYCLE\n\n3.1 General Support. Each major version is supported for eighteen\n"
              "    (18) months from its release date. During General Support the version receives fixes.\n")
    document = load(write(tmp_path, "policy.txt", source.encode()))
    assert quote(document) == ["3. SUPPORT LIFECYCLE", "3.1 General Support. Each major version is supported for "
                               "eighteen (18) months from its release date. During General Support the version "
                               "receives fixes."]


def test_ingest_text_form_fields_are_a_paragraph_each(tmp_path: Path) -> None:
    source = ("Initial Subscription Term: twelve (12) months from the Effective Date\n"
              "Billing: annually in advance; invoices payable net 30 days\n"
              "Hosting Region: United Kingdom (London)\n")
    document = load(write(tmp_path, "order.txt", source.encode()))
    assert quote(document) == source.strip().split("\n")


# --- markdown -------------------------------------------------------------------------------

MARKDOWN_TERMS = """---
title: Acme Cloud Support Terms
sidebar_label: Support
---

# Acme Cloud Support Terms

Support is described in the [service description](https://acme.example/terms#support) and **applies to all paid plans**.

## 1. Response times

| Severity | Initial response | Channel |
| --- | --- | --- |
| **Severity 1**<br/>Critical | 30 minutes | Phone and [portal](https://acme.example/portal) |
| Severity 2 | 4 hours | `email` only |

## 2. Service credits

1. Availability below 99.9%: 10% credit.
2. Availability below 99%: 25% credit.
   - Credits are capped at 50% of the monthly fee.

响应时间从 {{ site.data.variables.contact.support }} 确认工单开始计算。
"""


def test_ingest_markdown(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    document = load(write(tmp_path, "terms.md", MARKDOWN_TERMS.encode()))
    check_offsets(document)
    assert document.format == "markdown"
    assert document.title == "Acme Cloud Support Terms"
    assert "sidebar_label" not in document.text
    for markup in ("**", "](", "https://", "<br", "`", "#"):
        assert markup not in document.text
    assert headings(document) == [(1, "Acme Cloud Support Terms"), (2, "1. Response times"), (2, "2. Service credits")]
    assert "Support is described in the service description and applies to all paid plans." in quote(document)
    assert rows(document) == [
        ["Severity", "Initial response", "Channel"],
        ["Severity 1 Critical", "30 minutes", "Phone and portal"],
        ["Severity 2", "4 hours", "email only"],
    ]
    items = [(b.level, document.text[b.start : b.end]) for b in document.blocks if b.kind == "list_item"]
    assert items == [
        (1, "1. Availability below 99.9%: 10% credit."),
        (1, "2. Availability below 99%: 25% credit."),
        (2, "Credits are capped at 50% of the monthly fee."),
    ]
    assert "响应时间从 {{ site.data.variables.contact.support }} 确认工单开始计算。" in quote(document)
    assert document.language == "en"


def test_ingest_markdown_keeps_thematic_break_that_is_not_front_matter(tmp_path: Path) -> None:
    document = load(write(tmp_path, "terms.md", b"---\nSupport is 24x7.\n\n---\n\nCredits apply."))
    assert quote(document) == ["Support is 24x7.", "Credits apply."]


def test_ingest_markdown_bold_that_commonmark_leaves_open_around_chinese(tmp_path: Path) -> None:
    # CommonMark cannot close "**…。**" before a letter; the markers are still markup, not text.
    source = "1. **数据安全。**我们实施下列措施。\n\n败诉方都应予以赔偿或承担。**\n\nPrice is 2 ** 3 units."
    document = load(write(tmp_path, "terms.md", source.encode()))
    assert quote(document) == ["1. 数据安全。我们实施下列措施。", "败诉方都应予以赔偿或承担。", "Price is 2 ** 3 units."]


def test_ingest_markdown_lines_after_an_html_block_are_markdown(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    source = ("1. **数据安全。**措施如下：\n<ol>\n<li>分级分类；</li>\n<li>访问控制。</li></ol>\n"
              "2. **网络安全。**内部网络隔离。\n3. **事件管理。**实时监控。\n")
    document = load(write(tmp_path, "terms.md", source.encode()))
    check_offsets(document)
    items = [document.text[b.start : b.end] for b in document.blocks if b.kind == "list_item"]
    assert items == ["1. 数据安全。措施如下：", "分级分类；", "访问控制。", "2. 网络安全。内部网络隔离。", "3. 事件管理。实时监控。"]


def test_ingest_markdown_table_header_cells_collapse_their_spaces(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    source = "| Service   Availability | Value   of Voucher |\n|---|---|\n| < 99.95% | 10% |\n"
    document = load(write(tmp_path, "terms.md", source.encode()))
    check_offsets(document)
    body = [b for b in document.blocks if b.kind == "table_row" and not b.is_header]
    assert body[0].header == ("Service Availability", "Value of Voucher")


# --- html -----------------------------------------------------------------------------------

HTML_TERMS = """<!DOCTYPE html>
<html><head><title>Acme Support Terms</title><style>body { color: red }</style>
<script>var tracking = "SECRET_SCRIPT_TEXT";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/pricing">NAV_LINK_TEXT</a></nav>
<header><ul><li>MENU_TEXT</li></ul></header>
<main>
<h1>Acme Support Terms</h1>
<div>Effective 1 January 2024. <span>These terms apply to all plans.</span></div>
<h2>1. Response times</h2>
<p onclick="alert('x')">Acme responds to
   incidents as follows:</p>
<table>
 <thead><tr><th>Severity</th><th>Response</th><th>Resolution</th></tr></thead>
 <tbody>
  <tr><td>Critical</td><td>30&nbsp;minutes</td><td>4 hours</td></tr>
  <tr><td>High</td><td>2 hours</td><td>1 business day</td></tr>
 </tbody>
</table>
<h3>2. Service credits</h3>
<ul><li>Availability below 99.9%: 10% credit</li>
<li>Availability below 99%: 25% credit<ul><li>Capped at 50% of the fee</li></ul></li></ul>
<blockquote>Credits are the sole remedy.</blockquote>
<script>document.write("SECRET_SCRIPT_TEXT")</script>
<form><input name="q"><button>FORM_TEXT</button></form>
</main>
<footer>FOOTER_TEXT &copy; Acme</footer>
</body></html>
"""


def test_ingest_html(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    document = load(write(tmp_path, "terms.html", HTML_TERMS.encode()))
    check_offsets(document)
    assert document.format == "html"
    assert document.title == "Acme Support Terms"
    for hidden in ("SECRET_SCRIPT_TEXT", "NAV_LINK_TEXT", "MENU_TEXT", "FOOTER_TEXT", "FORM_TEXT", "color", "alert"):
        assert hidden not in document.text
    assert headings(document) == [(1, "Acme Support Terms"), (2, "1. Response times"), (3, "2. Service credits")]
    assert quote(document, "paragraph") == [
        "Effective 1 January 2024. These terms apply to all plans.",
        "Acme responds to incidents as follows:",
        "Credits are the sole remedy.",
    ]
    assert rows(document) == [
        ["Severity", "Response", "Resolution"],
        ["Critical", "30 minutes", "4 hours"],
        ["High", "2 hours", "1 business day"],
    ]
    table_rows = [b for b in document.blocks if b.kind == "table_row"]
    assert table_rows[0].is_header and table_rows[2].header == ("Severity", "Response", "Resolution")
    items = [(b.level, document.text[b.start : b.end]) for b in document.blocks if b.kind == "list_item"]
    assert items == [
        (1, "Availability below 99.9%: 10% credit"),
        (1, "Availability below 99%: 25% credit"),
        (2, "Capped at 50% of the fee"),
    ]


@pytest.mark.parametrize(
    ("table_html", "expected_header", "expected_paragraphs"),
    [
        ("<tr><th>Uptime</th><th>Credit</th></tr><tr><td>99%</td><td>10%</td></tr>", ("Uptime", "Credit"), []),
        ("<tr><td><b>Uptime</b></td><td><strong>Credit</strong></td></tr><tr><td>99%</td><td>10%</td></tr>",
         ("Uptime", "Credit"), []),
        ("<thead><tr><th colspan=2>Credit chart</th></tr></thead>"
         + "<tr><td><b>Uptime</b></td><td><b>Credit</b></td></tr><tr><td>99%</td><td>10%</td></tr>",
         ("Uptime", "Credit"), ["Credit chart"]),
        ("<caption>Credit chart</caption><tr><td>Uptime</td><td>Credit</td></tr><tr><td>99%</td><td>10%</td></tr>",
         (), ["Credit chart"]),
    ],
    ids=["th-row", "bold-row", "colspan-caption-then-bold-row", "no-header"],
)
def test_ingest_html_table_header(
    tmp_path: Path, check_offsets: CheckOffsets,
    table_html: str, expected_header: tuple[str, ...], expected_paragraphs: list[str],
) -> None:
    document = load(write(tmp_path, "credits.html", f"<html><body><table>{table_html}</table></body></html>".encode()))
    check_offsets(document)
    assert quote(document, "paragraph") == expected_paragraphs
    last_row = [b for b in document.blocks if b.kind == "table_row"][-1]
    assert document.text[last_row.start : last_row.end] == "99% | 10%"
    assert last_row.header == expected_header


def test_ingest_html_loose_list_items_stay_list_items(tmp_path: Path) -> None:
    html = "<ol><li><p>Remote support</p><ul><li><p>by phone</p></li></ul></li><li>On-site support</li></ol>"
    document = load(write(tmp_path, "t.html", html.encode()))
    assert [(b.kind, b.level) for b in document.blocks] == [("list_item", 1), ("list_item", 2), ("list_item", 1)]


def test_ingest_html_colspan_cell_spans_its_columns(tmp_path: Path) -> None:
    html = "<table><tr><th>Term</th><th>Value</th><th>Note</th></tr><tr><td>Failures</td><td colspan=2>2 months</td></tr></table>"
    document = load(write(tmp_path, "t.html", html.encode()))
    assert rows(document)[1] == ["Failures", "2 months", "2 months"]
    assert document.text.count("2 months") == 1


@pytest.mark.parametrize(
    "hostile_html",
    [
        "<div>" * 2_000_000 + "deep text",
        "<span>" * 300_000 + "deep text",
        "<script>alert(1)</script><p onmouseover='steal()'>term</p><style>p{}</style>" * 50_000,
        "<p>One<p>Two<li>Three<table><tr><td>Cell<td>deep text" * 2_000,
        "<html><body><p>unclosed <b>bold <i>italic <a href='javascript:alert(1)'>deep text",
    ],
    ids=["10MB-nested-divs", "nested-spans", "scripts-everywhere", "unclosed-tags", "javascript-link"],
)
def test_ingest_html_hostile_input_is_text_only(tmp_path: Path, check_offsets: CheckOffsets, hostile_html: str) -> None:
    started = time.perf_counter()
    document = load(write(tmp_path, "hostile.html", hostile_html.encode()))
    assert time.perf_counter() - started < 20
    check_offsets(document)
    assert "alert" not in document.text and "<" not in document.text
    assert "deep text" in document.text or "term" in document.text


# --- docx -----------------------------------------------------------------------------------

def build_docx() -> bytes:
    """Title, heading, body, bullet and numbered items, a table, then more headings: order matters."""
    document = docx.Document()
    document.add_heading("售后服务条款", level=0)
    document.add_heading("一、服务范围", level=1)
    document.add_paragraph("乙方为甲方提供软件维护和故障处理服务。")
    document.add_paragraph("远程诊断", style="List Bullet")
    numbered = document.add_paragraph("现场服务")
    numbering = numbered._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 1
    numbering.get_or_add_numId().val = 1
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [("故障等级", "响应时间", "恢复时间"), ("一级", "30分钟", "4小时"), ("二级", "2小时", "1个工作日")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    chinese_heading = document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1.1 Response times", style=chinese_heading)
    document.add_paragraph("第三条 服务赔偿")
    merged = document.add_table(rows=3, cols=3)
    merged.cell(0, 1).merge(merged.cell(0, 2)).text = "Credit"  # one header cell over two columns
    merged.cell(1, 2).merge(merged.cell(2, 2)).text = "50%"  # one cap over two rows
    merged.cell(0, 0).text = "Uptime"
    merged.cell(1, 0).text, merged.cell(1, 1).text = "99%", "10%"
    merged.cell(2, 0).text, merged.cell(2, 1).text = "95%", "25%"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_ingest_docx_order_and_kinds(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    document = load(write(tmp_path, "terms.docx", build_docx()))
    check_offsets(document)
    assert document.format == "docx"
    assert document.title == "售后服务条款"
    assert [(b.kind, b.level, document.text[b.start : b.end]) for b in document.blocks[:8]] == [
        ("heading", 1, "售后服务条款"),
        ("heading", 1, "一、服务范围"),
        ("paragraph", 0, "乙方为甲方提供软件维护和故障处理服务。"),
        ("list_item", 1, "远程诊断"),
        ("list_item", 2, "现场服务"),
        ("table_row", 0, "故障等级 | 响应时间 | 恢复时间"),
        ("table_row", 0, "一级 | 30分钟 | 4小时"),
        ("table_row", 0, "二级 | 2小时 | 1个工作日"),
    ]
    assert headings(document)[-2:] == [(2, "1.1 Response times"), (1, "第三条 服务赔偿")]
    assert document.blocks[6].header == ("故障等级", "响应时间", "恢复时间")


def test_ingest_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    document = load(write(tmp_path, "terms.docx", build_docx()))
    assert rows(document, table=1) == [["Uptime", "Credit", "Credit"], ["99%", "10%", "50%"], ["95%", "25%", ""]]
    assert document.text.count("Credit") == 1 and document.text.count("50%") == 1



# --- every format: sniffing, determinism, language ------------------------------------------

def small_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Support is 24x7.")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "make", "expected_format"),
    [
        ("terms.txt", lambda: b"  <!DOCTYPE html><html><body><p>Support is 24x7.</p></body></html>", "html"),
        ("terms", lambda: b"Support is 24x7.", "text"),
        ("notes.txt", lambda: b"Upload a file whose bytes start with %PDF-1.7 to the portal.", "text"),
        ("download.bin", small_pdf, "pdf"),
        ("terms.pdf", build_docx, "docx"),
        ("terms.markdown", lambda: b"# Support\n\nSupport is 24x7.", "markdown"),
    ],
    ids=["html-content-in-txt", "no-extension", "pdf-mentioned-in-text", "pdf-content", "docx-named-pdf", "markdown"],
)
def test_ingest_sniffs_format_from_content(
    tmp_path: Path, name: str, make: Callable[[], bytes], expected_format: str
) -> None:
    assert load(write(tmp_path, name, make())).format == expected_format



@pytest.mark.parametrize("name", ["terms.txt", "terms.md", "terms.html", "terms.docx", "terms.pdf"])
def test_ingest_same_bytes_same_document(tmp_path: Path, cjk_font_path: Path, zh_sla_text: str, name: str) -> None:
    builders: dict[str, Callable[[], bytes]] = {
        "terms.txt": lambda: zh_sla_text.encode("gb18030"), "terms.md": MARKDOWN_TERMS.encode,
        "terms.html": HTML_TERMS.encode, "terms.docx": build_docx, "terms.pdf": lambda: build_pdf(cjk_font_path),
    }
    path = write(tmp_path, name, builders[name]())
    assert load(path) == load(path)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("乙方应在三十分钟内响应并在四小时内恢复服务。", "zh"),
        ("The vendor responds within thirty minutes.", "en"),
        ("SLA 服务等级协议 response time 响应时间 applies to all plans", "mixed"),
        ("2024-01-01 99.9%", "en"),
    ],
)
def test_ingest_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


# --- bad input ------------------------------------------------------------------------------

def png_image() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def pdf_without_text() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Confidential support terms")
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    return bytes(pdf.output())


def truncated_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 6, "Support terms. " * 200)
    data = bytes(pdf.output())
    return data[: len(data) // 2]


def docx_zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(50):
                member.write(zeros)
    return buffer.getvalue()


def ole_container(*stream_names: str) -> bytes:
    """The magic and directory names of an OLE compound file, as Office writes for encrypted or legacy files."""
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "support terms")
    return buffer.getvalue()


def random_bytes(*, with_nul: bool) -> bytes:
    generator = random.Random(20240101)
    data = bytes(generator.randrange(256) for _ in range(4096))
    return data if with_nul else data.replace(b"\0", b"\1")


LIMIT = 50 * 1024 * 1024

BAD_INPUTS = [
    pytest.param("absent.txt", None, LIMIT, FileMissing, "no such file", id="missing"),
    pytest.param("folder", None, LIMIT, FileMissing, "directory", id="directory"),
    pytest.param("scan.png", png_image, LIMIT, UnsupportedFormat, "PNG", id="png-image"),
    pytest.param("terms.zip", zip_archive, LIMIT, UnsupportedFormat, "zip", id="zip-not-docx"),
    pytest.param("terms.doc", lambda: ole_container("WordDocument"), LIMIT, UnsupportedFormat, ".doc", id="legacy-doc"),
    pytest.param("empty.txt", lambda: b"", LIMIT, EmptyDocument, "empty", id="empty"),
    pytest.param("blank.txt", lambda: b" \n\t\r\n  \n", LIMIT, EmptyDocument, "whitespace", id="whitespace-only"),
    pytest.param("blank.txt", lambda: "  \n\n ".encode("utf-16"), LIMIT, EmptyDocument, "whitespace",
                 id="utf16-whitespace-only"),
    pytest.param("data.bin", lambda: random_bytes(with_nul=True), LIMIT, UnsupportedFormat, "binary",
                 id="binary-garbage"),
    pytest.param("terms.txt", lambda: random_bytes(with_nul=False), LIMIT, EncodingError, "re-save",
                 id="undecodable"),
    pytest.param("terms.pdf", truncated_pdf, LIMIT, CorruptFile, "PDF", id="truncated-pdf"),
    pytest.param("terms.pdf", lambda: b"Not really a PDF", LIMIT, CorruptFile, "%PDF", id="pdf-header-missing"),
    pytest.param("terms.pdf", encrypted_pdf, LIMIT, EncryptedFile, "encrypted", id="encrypted-pdf"),
    pytest.param("scan.pdf", pdf_without_text, LIMIT, NoTextLayer, "OCR", id="pdf-without-text-layer"),
    pytest.param("terms.docx", lambda: b"This is plain text, not a Word file.", LIMIT, CorruptFile,
                 "not a zip archive", id="docx-not-zip"),
    pytest.param("terms.docx", docx_zip_bomb, LIMIT, ZipBomb, "zip bomb", id="docx-zip-bomb"),
    pytest.param("terms.docx", lambda: ole_container("EncryptionInfo", "EncryptedPackage"), LIMIT, EncryptedFile,
                 "encrypted", id="encrypted-docx"),
    pytest.param("terms.txt", lambda: b"Support terms. " * 100, 1000, FileTooLarge, "limit", id="over-size-limit"),
]


@pytest.mark.parametrize(("name", "make", "max_bytes", "error", "message_part"), BAD_INPUTS)
def test_ingest_bad_input_raises_one_line_error(
    tmp_path: Path, name: str, make: Callable[[], bytes] | None, max_bytes: int,
    error: type[TermlensError], message_part: str,
) -> None:
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif make is not None:
        path.write_bytes(make())
    with pytest.raises(error) as raised:
        load(path, max_bytes=max_bytes)
    message = str(raised.value)
    assert message_part in message
    assert "\n" not in message and len(message) < 300


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("响应：1 小时\r\n恢复：4 小时\r\n", "响应：1 小时\n恢复：4 小时\n"),  # Windows
        ("Response: 1 hour\rRestore: 4 hours\r", "Response: 1 hour\nRestore: 4 hours\n"),  # old Mac
        ("Response: 1 hour\u2028Restore: 4 hours\x0cScope\r\r\n", "Response: 1 hour\nRestore: 4 hours\nScope\n\n"),
    ],
    ids=["crlf", "cr", "unicode-separators"],
)
def test_ingest_text_newlines_become_line_feeds(tmp_path: Path, raw: str, expected: str) -> None:
    document = load(write(tmp_path, "terms.txt", raw.encode("utf-8")))
    assert "\r" not in document.text and "\u2028" not in document.text and "\x0c" not in document.text
    lines = [line for line in expected.split("\n") if line.strip()]
    assert all(line in document.text for line in lines)
