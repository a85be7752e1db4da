"""Shared fixtures. Each fixture is named for what it holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from termlens.model import Document

# --- ingest ---------------------------------------------------------------------------------

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian package fonts-wqy-microhei

ZH_SLA_TEXT = """售后服务条款

一、服务范围
乙方为甲方提供软件维护、故障处理和版本升级服务，服务期为合同签订之日起十二个月。

二、响应时间
（一）故障等级
1. 一级故障：系统全部停止运行，乙方应在30分钟内响应，4小时内恢复。
2. 二级故障：主要功能不可用，乙方应在2小时内响应，1个工作日内恢复。

第三条 服务赔偿
乙方未达到服务可用性承诺的，按下表向甲方提供服务抵扣金：

| 月可用性 | 赔偿比例 |
| --- | --- |
| 低于99.9% | 月服务费的10% |
| 低于99% | 月服务费的25% |

- 赔偿总额不超过当月服务费。
- 甲方应在故障发生后30日内提出书面申请。
"""

ZH_TRADITIONAL_SLA_TEXT = """售後服務條款

一、服務範圍
乙方為甲方提供軟體維護、故障處理與版本升級服務，服務期為合約簽訂之日起十二個月。

二、回應時間
乙方應於接獲故障通報後三十分鐘內回應，四小時內恢復系統運作。

第三條 服務賠償
乙方未達服務可用性承諾者，應依月服務費百分之十提供服務抵扣金。
"""

EN_SUPPORT_POLICY_TEXT = """Support Policy

1. Scope
The Vendor provides remote support for the Software during the Term.

1.1 Response times
The Vendor will respond to incidents within the times below, measured from the
moment the ticket is logged in the support portal.

Severity | Initial response | Resolution target
--- | --- | ---
Severity 1 (critical) | 30 minutes | 4 hours
Severity 2 (major) | 2 hours | 1 business day
Severity 3 (minor) | 1 business day | 10 business days

- Support is available 24x7 for Severity 1.
- Other requests are handled during business hours, 9:00-18:00 CET.

Article 3 Service credits
If monthly availability falls below 99.9%, the Customer is entitled to a credit
of 10% of the monthly fee.
"""


@pytest.fixture
def zh_sla_text() -> str:
    """A Simplified Chinese SLA: 一、/（一）/第三条 headings, numbered clauses, a credit pipe table, bullets."""
    return ZH_SLA_TEXT


@pytest.fixture
def zh_traditional_sla_text() -> str:
    """A Traditional Chinese SLA, for Big5 files."""
    return ZH_TRADITIONAL_SLA_TEXT


@pytest.fixture
def en_support_policy_text() -> str:
    """An English support policy: 1. / 1.1 / Article 3 headings, a severity x time pipe table, bullets."""
    return EN_SUPPORT_POLICY_TEXT


@pytest.fixture
def cjk_font_path() -> Path:
    """A TrueType collection with Chinese glyphs, for building Chinese PDFs; CI installs it (.ci/apt-packages.txt)."""
    if not CJK_FONT.is_file():
        pytest.fail(f"{CJK_FONT} is missing: apt-get install -y fonts-wqy-microhei")
    return CJK_FONT


def _check_document_offsets(document: Document) -> None:
    text, blocks = document.text, document.blocks
    assert blocks, "a document has at least one block"
    assert text[: blocks[0].start] == "" and text[blocks[-1].end :] == ""
    header_texts: dict[int | None, tuple[str, ...]] = {}
    for previous, block in zip((None, *blocks), blocks):
        quote = text[block.start : block.end]
        assert quote and quote == quote.strip() and "\n" not in quote, (block, quote)
        if previous is not None:
            same_table = block.kind == previous.kind == "table_row" and block.table == previous.table
            assert text[previous.end : block.start] == ("\n" if same_table else "\n\n"), (previous, block)
        for cell in block.cells:
            assert block.start <= cell.start <= cell.end <= block.end, (block, cell)
            assert text[cell.start : cell.end] == text[cell.start : cell.end].strip()
        if block.kind == "table_row":
            assert block.cells and block.table is not None, block
            if block.is_header:
                assert block.header == ()
                header_texts[block.table] = tuple(text[cell.start : cell.end] for cell in block.cells)
            else:
                assert block.header == header_texts.get(block.table, ()), block
        else:
            assert not block.cells and not block.header and block.table is None, block
    if document.pages:
        assert document.pages[0].start == 0 and document.pages[-1].end == len(text)
        for previous_page, page in zip(document.pages, document.pages[1:]):
            assert previous_page.end == page.start
        for block in blocks:
            assert block.page is not None, block
            page = document.pages[block.page - 1]
            assert page.start <= block.start and block.end <= page.end, (block, page)
    else:
        assert all(block.page is None for block in blocks)


@pytest.fixture
def check_offsets() -> Callable[[Document], None]:
    """Asserts the ingest contract: every block's text is ``document.text[start:end]``, one line,
    stripped, in order, separated by the documented separators; cells inside rows; pages cover the text."""
    return _check_document_offsets
