"""PDF reader: pypdfium2 for page text (fast), pdfplumber for ruled tables on pages that draw lines.

Page text becomes blocks with the same line rules as plain text. A table found
by pdfplumber replaces the page text it covers only when that is safe: the
text pdfium sees across the table's height must be the table's own text
(no column of prose beside it, same coordinates). Otherwise the page text is
kept as it is and the table adds nothing, so nothing is ever said twice.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice, pairwise

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from termlens.errors import CorruptFile, EncryptedFile, NoTextLayer
from termlens.ingest.from_text import Extraction, TextBuilder, emit_lines

_TABLE_SEARCH_MAX_PAGES = 50
_MIN_PATHS_FOR_TABLE = 4  # a ruled table draws at least a few lines or rectangles
_MIN_TEXT_AGREEMENT = 0.95
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _FoundTable:
    """A pdfplumber table: its box (pdfplumber coordinates, y from the page top) and cell texts."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]


def read_pdf(data: bytes) -> Extraction:
    document = _open(data)
    try:
        page_count = len(document)
        if page_count == 0:
            raise CorruptFile("PDF has no pages; re-export it from its source")
        tables = _find_tables(data, _pages_with_paths(document)) if page_count <= _TABLE_SEARCH_MAX_PAGES else {}
        builder = TextBuilder()
        found_text = False
        for index in range(page_count):
            found_text |= _emit_page(document, index, tables.get(index + 1, []), builder)
    except pdfium.PdfiumError as error:
        raise CorruptFile(f"PDF cannot be read ({error}); re-export it or repair it with qpdf") from None
    finally:
        document.close()
    if not found_text:
        raise NoTextLayer("PDF has no text layer (scanned?); run OCR first")
    return builder.extraction(page_count=page_count)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFile("PDF is encrypted (password-protected); decrypt it first") from None
        raise CorruptFile(f"not a readable PDF ({error}); re-export it or repair it with qpdf") from None


def _pages_with_paths(document: pdfium.PdfDocument) -> list[int]:
    """1-based numbers of pages drawing enough paths to hold a ruled table: the only ones worth pdfplumber."""
    numbers = []
    for index in range(len(document)):
        page = document[index]
        paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])
        if len(list(islice(paths, _MIN_PATHS_FOR_TABLE))) == _MIN_PATHS_FOR_TABLE:
            numbers.append(index + 1)
        page.close()
    return numbers


def _find_tables(data: bytes, page_numbers: list[int]) -> dict[int, list[_FoundTable]]:
    if not page_numbers:
        return {}
    found: dict[int, list[_FoundTable]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data), pages=page_numbers) as pdf:
            for page in pdf.pages:
                tables = [
                    _FoundTable(*table.bbox, rows=tuple(
                        tuple(" ".join((cell or "").split()) for cell in row) for row in table.extract()
                    ))
                    for table in page.find_tables()
                ]
                found[page.page_number] = sorted((t for t in tables if t.rows), key=lambda t: t.top)
    except Exception:  # noqa: BLE001 - tables are a refinement: any failure leaves the page text as it is
        return {}
    return found


def _emit_page(document: pdfium.PdfDocument, index: int, tables: list[_FoundTable], builder: TextBuilder) -> bool:
    """Add one page's blocks; True if the page has any text."""
    page = document[index]
    textpage = page.get_textpage()
    try:
        number = index + 1
        page_text = _clean(textpage.get_text_range())
        left, bottom, right, top = page.get_bbox()
        if tables and _tables_replace_text(textpage, (left, right, top), tables):
            band_top = 0.0
            for table in tables:
                band = textpage.get_text_bounded(left, top - table.top, right, top - band_top)
                emit_lines(_page_lines(_clean(band)), builder, page=number)
                _emit_table(table, builder, number)
                band_top = table.bottom
            emit_lines(_page_lines(_clean(textpage.get_text_bounded(left, bottom, right, top - band_top))),
                       builder, page=number)
        else:
            emit_lines(_page_lines(page_text), builder, page=number)
        return bool(page_text.strip())
    finally:
        textpage.close()
        page.close()


def _tables_replace_text(
    textpage: pdfium.PdfTextPage, page_box: tuple[float, float, float], tables: list[_FoundTable]
) -> bool:
    """True if the page can be cut into bands of text between tables, each table owning its band."""
    stacked = all(upper.bottom <= lower.top for upper, lower in pairwise(tables))
    return stacked and all(_covers_only_table(textpage, page_box, table) for table in tables)


def _covers_only_table(textpage: pdfium.PdfTextPage, page_box: tuple[float, float, float], table: _FoundTable) -> bool:
    """True if the text across the table's full height is the table's own text, character for character."""
    left, right, top = page_box
    across_text = textpage.get_text_bounded(left, top - table.bottom, right, top - table.top)
    across = Counter("".join(_clean(across_text).split()))
    cells = Counter("".join("".join(cell.split()) for row in table.rows for cell in row))
    if not cells:
        return False
    agreement = sum((across & cells).values()) / max(sum(across.values()), sum(cells.values()))
    return agreement >= _MIN_TEXT_AGREEMENT


def _emit_table(table: _FoundTable, builder: TextBuilder, page: int) -> None:
    table_id = builder.new_table()
    header = table.rows[0]
    builder.add_row(table_id, header, is_header=True, page=page)
    for row in table.rows[1:]:
        builder.add_row(table_id, row, header=header, page=page)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _page_lines(text: str) -> Sequence[str]:
    """The page's lines without a page number standing alone as its first or last line."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    for position in (-1, 0):
        if lines and _PAGE_NUMBER.fullmatch(lines[position].strip()):
            lines.pop(position)
    return lines
