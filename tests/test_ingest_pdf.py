"""termlens.ingest on PDF: pages, tables, headings by type, paragraphs by line spacing."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from ingest_support import CheckOffsets, quote, rows, write

from termlens.ingest import load


def build_pdf(font: Path) -> bytes:
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(font))
    pdf.add_font("cjk", style="B", fname=str(font))
    pdf.set_font("cjk", size=11)

    def line(text: str) -> None:
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    line("一、服务范围")
    line("乙方在合同期内提供七乘二十四小时技术支持服务，包括远程诊断、现场服务以及软件升级。所有故障须在规定时间内响应并解决，否则按照本协议第三条支付服务赔偿。")
    line("1.1 Response times")
    line("The vendor responds to every incident according to its severity as shown in the table below. "
         "Response time is measured from the moment the ticket is logged.")
    with pdf.table() as table:
        for values in [("Severity", "Response", "Resolution"), ("P1", "30 minutes", "4 hours"), ("P2", "2 hours", "1 business day")]:
            row = table.row()
            for value in values:
                row.cell(value)
    line("Credits are the sole remedy.")
    line("- 1 -")
    pdf.add_page()
    line("第三条 服务赔偿")
    line("未达到可用性承诺的，按月服务费的10%赔偿。")
    line("第 2 页 共 2 页")
    return bytes(pdf.output())


def test_ingest_pdf(tmp_path: Path, cjk_font_path: Path, check_offsets: CheckOffsets) -> None:
    document = load(write(tmp_path, "terms.pdf", build_pdf(cjk_font_path)))
    check_offsets(document)
    assert document.format == "pdf" and len(document.pages) == 2
    assert document.title == "一、服务范围"
    assert document.language == "mixed"
    assert [(b.page, level, text) for b in document.blocks if b.kind == "heading"
            for level, text in [(b.level, document.text[b.start : b.end])]] == [
        (1, 1, "一、服务范围"), (1, 2, "1.1 Response times"), (2, 1, "第三条 服务赔偿"),
    ]
    assert "乙方在合同期内提供七乘二十四小时技术支持服务，包括远程诊断、现场服务以及软件升级。所有故障须在规定时间内响应并解决，否则按照本协议第三条支付服务赔偿。" in quote(document)
    assert rows(document) == [["Severity", "Response", "Resolution"], ["P1", "30 minutes", "4 hours"],
                              ["P2", "2 hours", "1 business day"]]
    assert document.text.count("30 minutes") == 1, "a table's text is not repeated as a paragraph"
    assert quote(document).index("Credits are the sole remedy.") > quote(document).index("P2 | 2 hours | 1 business day")
    assert document.page_at(document.text.index("第三条 服务赔偿")) == 2
    assert "- 1 -" not in document.text and "第 2 页" not in document.text, "page numbers are not text"


def test_ingest_pdf_headings_from_type_size_and_weight(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    pdf = FPDF()
    pdf.add_page()
    body = "We keep personal data only as long as the purposes of this policy require it, and no longer. " * 3

    def line(text: str, size: int, style: str = "") -> None:
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    line("Privacy Policy", 24, "B")
    line(body, 11)
    line("Retention of Data", 16, "B")
    line(body, 11)
    line("Account data", 11, "B")
    line(body, 11)
    line("Usage data is kept for 30 days.", 11, "B")
    line(body, 11)
    document = load(write(tmp_path, "policy.pdf", bytes(pdf.output())))
    check_offsets(document)
    assert [(b.level, document.text[b.start : b.end]) for b in document.blocks if b.kind == "heading"] == [
        (1, "Privacy Policy"), (2, "Retention of Data"), (3, "Account data"),
    ]
    assert "Usage data is kept for 30 days." in quote(document), "a bold sentence is a paragraph of its own"


def test_ingest_pdf_paragraphs_from_line_spacing(tmp_path: Path, check_offsets: CheckOffsets) -> None:
    # Lines of a paragraph sit at the usual spacing, paragraphs are set apart: a short line inside a
    # paragraph ends nothing, a line after a wider gap starts a new paragraph.
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    paragraphs = [
        ["The community server is a testing ground, and we use it to test", "new features.",
         "We track activity there to learn how the service is used and to improve it."],
        ["Personal data is kept for as long as the account exists, and for thirty days", "after it is closed."],
        ["Support tickets are answered within one business day."] * 3,
        ["Backups are encrypted at rest with keys that are rotated every ninety days,", "and access is logged."],
        ["Security patches are released within fourteen days of a confirmed vulnerability", "in a supported version",
         "of the software."],
    ]
    for lines in paragraphs:
        for text in lines:
            pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    document = load(write(tmp_path, "policy.pdf", bytes(pdf.output())))
    check_offsets(document)
    assert quote(document) == [" ".join(lines) for lines in paragraphs]


def test_ingest_pdf_fifty_pages_with_a_table_each(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(1, 51):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"{number}. Section {number}", new_x="LMARGIN", new_y="NEXT")
        for _ in range(6):
            pdf.multi_cell(0, 6, "The Vendor shall respond to every incident within the response times set out below. " * 3,
                           new_x="LMARGIN", new_y="NEXT")
        with pdf.table() as table:
            for values in [("Severity", "Response"), ("P1", "30 minutes")]:
                row = table.row()
                for value in values:
                    row.cell(value)
    document = load(write(tmp_path, "long.pdf", bytes(pdf.output())))
    assert len(document.pages) == 50
    assert sum(b.kind == "table_row" for b in document.blocks) == 100
