"""Ingest the vendors' own terms in ../shared/real-terms, read in place: offsets hold, structure is found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from termlens.ingest import load
from termlens.model import Block, Document
from termlens.segment import segment

CheckOffsets = Callable[[Document], None]
REAL_TERMS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"
REAL_TERMS = sorted(path.name for path in REAL_TERMS_DIR.iterdir() if path.is_file()) if REAL_TERMS_DIR.is_dir() else []
pytestmark = pytest.mark.skipif(not REAL_TERMS_DIR.is_dir(), reason=f"{REAL_TERMS_DIR} is not here: the shared real "
                                "terms sit beside the project (../shared/real-terms)")


def table_rows(document: Document) -> list[Block]:
    return [block for block in document.blocks if block.kind == "table_row"]


def cell_texts(document: Document, row: Block) -> list[str]:
    return [document.text[cell.start : cell.end] for cell in row.cells]


def test_real_terms_directory_is_present() -> None:
    assert len(REAL_TERMS) >= 6, f"expected the shared real terms in {REAL_TERMS_DIR}"


@pytest.mark.parametrize("name", REAL_TERMS)
def test_real_terms_parse_with_valid_offsets(name: str, check_offsets: CheckOffsets) -> None:
    document = load(REAL_TERMS_DIR / name)
    check_offsets(document)
    assert document.format == {".md": "markdown", ".html": "html", ".pdf": "pdf"}[Path(name).suffix]
    assert document.title
    assert any(block.kind == "heading" for block in document.blocks)
    for marker in ("**", "](http", "<br", "<p>"):
        assert marker not in document.text, marker
    if ".zh." in name:
        assert document.language == "zh"
    elif ".en." in name:
        assert document.language == "en"


def test_real_terms_earthly_credit_table() -> None:
    document = load(REAL_TERMS_DIR / "earthly-cloud-sla.en.html")
    rows = table_rows(document)
    assert all(len(row.cells) == 3 for row in rows)
    header_row = rows[0]
    assert header_row.is_header and cell_texts(document, header_row) == ["", "Monthly Uptime Percentage:", "Service Credit:"]
    tiers = {cell_texts(document, row)[0]: row for row in rows[1:]}
    assert cell_texts(document, tiers["Credit Tier 1"])[1] == "97% - 98.99%"
    assert tiers["Credit Tier 4"].header == ("", "Monthly Uptime Percentage:", "Service Credit:")
    assert "SLA Key Terms Chart" in [document.text[b.start : b.end] for b in document.blocks if b.kind == "paragraph"]
    assert "subpage.css" not in document.text


def test_real_terms_zitadel_pipe_tables() -> None:
    document = load(REAL_TERMS_DIR / "zitadel-support-services.en.md")
    assert document.title == "Support service description for ZITADEL"
    assert "sidebar_label" not in document.text
    assert len({row.table for row in table_rows(document)}) >= 5
    severities = {cell_texts(document, row)[0]: row for row in table_rows(document)}
    severity_1 = severities["Severity 1 Critical / Service down"]
    assert severity_1.header == ("Severity Level", "Description")
    assert cell_texts(document, severity_1)[1].startswith("Widespread failure or complete unavailability")
    slo = severities["Severity 2"]
    assert cell_texts(document, slo) == ["Severity 2", "Best effort", "2 business hour", "2 business hours"]


def test_real_terms_github_zh_table_keeps_template_variables() -> None:
    document = load(REAL_TERMS_DIR / "github-premium-support-sla.zh.md")
    rows = table_rows(document)
    assert rows[0].is_header and cell_texts(document, rows[0]) == ["事件单优先级", "初始响应时间"]
    assert [cell_texts(document, row)[1] for row in rows[1:]] == ["30 分钟", "4 小时"]
    assert cell_texts(document, rows[1])[0] == "{{ site.data.variables.product.support_ticket_priority_urgent }}"


def test_real_terms_tencent_trtc_bold_cells_and_breaks() -> None:
    document = load(REAL_TERMS_DIR / "tencent-trtc-data-processing.zh.md")
    rows = table_rows(document)
    assert cell_texts(document, rows[0]) == ["个人信息", "用途"]
    first_use = cell_texts(document, rows[1])[1]
    assert "目的处理此类数据 （我们不会" in first_use


def test_real_terms_chatopera_lists_and_headings() -> None:
    document = load(REAL_TERMS_DIR / "chatopera-cloud-sla.zh.md")
    items = [document.text[b.start : b.end] for b in document.blocks if b.kind == "list_item"]
    assert items[0] == "服务可靠性 99.1%，即每年（365 天）有不超过 3 天的累积服务中断时间"
    assert (1, "服务水平协议") in [(b.level, document.text[b.start : b.end]) for b in document.blocks if b.kind == "heading"]
    assert "bot.chatopera.com" not in document.text


CLAUSES_PER_DOCUMENT = [
    # (file, clauses, sections): what segmentation yields today; a change here is a change to review.
    ("chatopera-cloud-sla.zh.md", 12, 5),
    ("earthly-cloud-sla.en.html", 37, 3),
    ("github-premium-support-sla.zh.md", 7, 1),
    ("tencent-cmq-sla.en.md", 32, 14),
    ("tencent-trtc-data-processing.zh.md", 19, 6),
    ("zitadel-support-services.en.md", 148, 23),
]


@pytest.mark.parametrize(("name", "clauses", "sections"), CLAUSES_PER_DOCUMENT)
def test_real_terms_clause_counts(name: str, clauses: int, sections: int) -> None:
    segmentation = segment(load(REAL_TERMS_DIR / name))
    assert (len(segmentation.clauses), len(segmentation.sections)) == (clauses, sections)
    text = segmentation.document.text
    for clause in segmentation.clauses:
        assert text[clause.start:clause.end] == clause.text
        assert clause.section_path[-1:] == ((clause.section,) if clause.section else ())
