"""PDF reader: pypdfium2 for page text (fast), pdfplumber for ruled tables on pages that draw lines.

Page text becomes blocks with the same line rules as plain text. A table found
by pdfplumber replaces the page text it covers only when that is safe: the
text pdfium sees across the table's height must be the table's own text
(no column of prose beside it, same coordinates). Otherwise the page text is
kept as it is and the table adds nothing, so nothing is ever said twice.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice, pairwise

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from termlens.errors import CorruptFile, EncryptedFile, NoTextLayer
from termlens.ingest.from_text import (
    MAX_HEADING_WIDTH as _MAX_HEADING_WIDTH,
)
from termlens.ingest.from_text import (
    SENTENCE_END as _SENTENCE_END,
)
from termlens.ingest.from_text import (
    Extraction,
    LineRole,
    TextBuilder,
    display_width,
    emit_lines,
)

_TABLE_SEARCH_MAX_PAGES = 50
_MIN_PATHS_FOR_TABLE = 4  # a ruled table draws at least a few lines or rectangles
_MIN_TEXT_AGREEMENT = 0.95
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|\Z)")  # a line and its break (pdfium writes "\r\n")
_ENDS_SENTENCE = frozenset(_SENTENCE_END + ".")  # a typographic heading is never a sentence
_HEADING_SIZE_RATIO = 1.15
_PARAGRAPH_GAP = 1.3  # a gap this many times the usual line spacing ends a paragraph
_MIN_GAPS = 10  # fewer lines say nothing about the usual spacing
_SIZE_TOLERANCE = 0.5
_BOLDER = 150  # font weights go in hundreds; 400 is regular, 700 bold
_REGULAR_WEIGHT = 400
_BOLD_WEIGHT = 700
_BOLD_FONT_NAME = re.compile(r"bold|black|heavy", re.IGNORECASE)
_FONT_NAME_BYTES = 128
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
        pages = [_read_page(document, index, tables.get(index + 1, [])) for index in range(page_count)]
    except pdfium.PdfiumError as error:
        raise CorruptFile(f"PDF cannot be read ({error}); re-export it or repair it with qpdf") from None
    finally:
        document.close()
    if not any(page.has_text for page in pages):
        raise NoTextLayer("PDF has no text layer (scanned?); run OCR first")
    builder = TextBuilder()
    styled = [line for page in pages for line in page.styled_lines()]
    heading_roles = _HeadingStyles(styled)
    spacing = _line_spacing(styled)
    for number, page in enumerate(pages, 1):
        for part in page.parts:
            if isinstance(part, _FoundTable):
                _emit_table(part, builder, number)
            elif spacing and part and part[0].size:
                # Where the page says where its lines stand, a wider gap ends a paragraph, not a short line.
                lines = _paragraphs_by_spacing(part, spacing)
                emit_lines([line.text for line in lines], builder, page=number, roles=heading_roles.roles(lines),
                           wrapped=True)
            else:
                emit_lines([line.text for line in part], builder, page=number, roles=heading_roles.roles(part))
    return builder.extraction(page_count=page_count)


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of page text with the font size, weight and vertical extent of its first character (0 when
    unknown; PDF coordinates, y up)."""

    text: str
    size: float = 0.0
    weight: int = 0
    top: float = 0.0
    bottom: float = 0.0


@dataclass(frozen=True, slots=True)
class _Page:
    parts: tuple[list[_Line] | _FoundTable, ...]
    has_text: bool

    def styled_lines(self) -> list[_Line]:
        return [line for part in self.parts if isinstance(part, list) for line in part if line.size]


class _HeadingStyles:
    """Headings by typography: a short line set larger than the body text, or bold at body size.

    The body style is the size and weight most characters are set in; each larger size is one
    heading level, largest first, and a bold body-size line comes below them all.
    """

    def __init__(self, lines: list[_Line]) -> None:
        sizes: Counter[float] = Counter()
        weights: Counter[int] = Counter()
        for line in lines:
            sizes[line.size] += len(line.text)
            weights[line.weight] += len(line.text)
        self._body_size = sizes.most_common(1)[0][0] if sizes else 0.0
        self._body_weight = weights.most_common(1)[0][0] if weights else 0
        larger = sorted({size for size in sizes if self._is_larger(size)}, reverse=True)
        self._levels = {size: level for level, size in enumerate(larger, 1)}

    def _is_larger(self, size: float) -> bool:
        return size >= self._body_size * _HEADING_SIZE_RATIO

    def roles(self, lines: list[_Line]) -> list[LineRole | None]:
        return [self._role(line) for line in lines]

    def _role(self, line: _Line) -> LineRole | None:
        text = line.text.strip()
        if not line.size or not text or display_width(text) > _MAX_HEADING_WIDTH or text[-1] in _ENDS_SENTENCE:
            return None
        if line.size in self._levels:
            return LineRole("heading", self._levels[line.size])
        if abs(line.size - self._body_size) < _SIZE_TOLERANCE and line.weight >= self._body_weight + _BOLDER:
            return LineRole("heading", len(self._levels) + 1)
        return None


def _gaps(lines: list[_Line]) -> list[tuple[_Line, _Line, float]]:
    """(line before, line, the white space between them) for consecutive placed lines."""
    placed = [line for line in lines if line.text.strip() and line.top > line.bottom]
    return [(above, below, above.bottom - below.top) for above, below in pairwise(placed)]


def _line_spacing(lines: list[_Line]) -> float:
    """The usual white space between two lines of a paragraph: the median gap between consecutive lines."""
    gaps = sorted(gap for _, _, gap in _gaps(lines) if gap > 0)
    return gaps[len(gaps) // 2] if len(gaps) >= _MIN_GAPS else 0.0


def _paragraphs_by_spacing(lines: list[_Line], spacing: float) -> list[_Line]:
    """The lines with a blank line wherever the gap above a line is clearly wider than the usual spacing, the
    text jumps back up the page (a link's text, a second column), or the type changes (a bold lead sentence)."""
    breaks = {id(below) for above, below, gap in _gaps(lines)
              if gap > spacing * _PARAGRAPH_GAP or gap < -(above.top - above.bottom)
              or above.size != below.size or abs(above.weight - below.weight) >= _BOLDER}
    out: list[_Line] = []
    for line in lines:
        if id(line) in breaks:
            out.append(_Line(""))
        out.append(line)
    return out


def _read_page(document: pdfium.PdfDocument, index: int, tables: list[_FoundTable]) -> _Page:
    """A page's text as lines with their type style, cut into bands around the tables that own their text."""
    page = document[index]
    textpage = page.get_textpage()
    try:
        raw_text = textpage.get_text_range()
        has_text = bool(raw_text.strip())
        left, bottom, right, top = page.get_bbox()
        if not (tables and _tables_replace_text(textpage, (left, right, top), tables)):
            return _Page((_drop_page_numbers(_styled_lines(textpage, raw_text)),), has_text)
        parts: list[list[_Line] | _FoundTable] = []
        band_top = 0.0
        for table in tables:
            band = textpage.get_text_bounded(left, top - table.top, right, top - band_top)
            parts += [_drop_page_numbers([_Line(line) for line in _clean(band).split("\n")]), table]
            band_top = table.bottom
        rest = textpage.get_text_bounded(left, bottom, right, top - band_top)
        parts.append(_drop_page_numbers([_Line(line) for line in _clean(rest).split("\n")]))
        return _Page(tuple(parts), has_text)
    finally:
        textpage.close()
        page.close()


def _styled_lines(textpage: pdfium.PdfTextPage, raw_text: str) -> list[_Line]:
    """Lines of the page text; pdfium's text range holds one character per text-page index."""
    lines = []
    for match in _LINE.finditer(raw_text):
        if match.start() == len(raw_text) and lines:
            break  # the empty match at the very end, after the last break
        content = match.group(1)
        first = match.start() + len(content) - len(content.lstrip())
        if first < match.end(1):
            size = round(pdfium_c.FPDFText_GetFontSize(textpage.raw, first), 1)
            _, bottom, _, top = textpage.get_charbox(first)
            lines.append(_Line(_CONTROL.sub("", content), size, _font_weight(textpage, first), top, bottom))
        else:
            lines.append(_Line(""))
    return lines


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


def _font_weight(textpage: pdfium.PdfTextPage, index: int) -> int:
    """The weight the font declares; fonts that declare none (the standard 14) are named for it."""
    name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, _FONT_NAME_BYTES, flags)
    named_bold = _BOLD_FONT_NAME.search(name.value.decode("latin-1")) is not None if length else False
    weight = max(pdfium_c.FPDFText_GetFontWeight(textpage.raw, index), 0) or _REGULAR_WEIGHT
    return max(weight, _BOLD_WEIGHT) if named_bold else weight


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    """The page's lines without a page number standing alone as its first or last line."""
    while lines and not lines[-1].text.strip():
        lines.pop()
    for position in (-1, 0):
        if lines and _PAGE_NUMBER.fullmatch(lines[position].text.strip()):
            lines.pop(position)
    return lines
