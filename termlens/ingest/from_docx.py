"""DOCX reader: python-docx, body paragraphs and tables in document order.

The archive is checked before python-docx opens it: a zip bomb is refused
from its declared sizes (zipfile never inflates a member past its declared
size), and an encrypted DOCX, which is an OLE compound file and not a zip,
is recognised by its magic bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from termlens.errors import CorruptFile, EncryptedFile, UnsupportedFormat, ZipBomb
from termlens.ingest.from_text import Extraction, TextBuilder, collapse_whitespace

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted OOXML file is an OLE container whose streams include "EncryptionInfo" (UTF-16 name).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_RATIO = 100
_RATIO_FLOOR = 1024 * 1024  # tiny members compress absurdly well without being bombs
_HEADING_STYLE = re.compile(r"(?:heading|标题|標題)\s*(\d)", re.IGNORECASE)
_MAIN_PART = "word/document.xml"


def is_docx(data: bytes) -> bool:
    """True for a zip archive holding a Word main document part."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _MAIN_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def check_ole(data: bytes) -> None:
    """Raise for an OLE compound file given as a DOCX: encrypted OOXML or a legacy .doc."""
    if _ENCRYPTION_STREAM in data:
        raise EncryptedFile("DOCX is encrypted (password-protected); remove the password in Word and save again")
    raise UnsupportedFormat(
        "expected a DOCX (zip archive), got a legacy Word .doc or other OLE file; save it as .docx or PDF"
    )


def read_docx(data: bytes) -> Extraction:
    if data.startswith(OLE_MAGIC):
        check_ole(data)
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        builder = TextBuilder()
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                _emit_paragraph(item, builder)
            else:
                _emit_table(item, builder)
    # python-docx raises NotImplementedError itself on some malformed tables (CT_Tc._new_tbl): a damaged
    # file, not a gap in termlens.
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
            KeyError, ValueError, LxmlError) as error:
        raise CorruptFile(f"DOCX cannot be opened ({type(error).__name__}: {error}); re-save it in Word") from None
    return builder.extraction()


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise CorruptFile("not a valid DOCX (not a zip archive); re-save it in Word") from None
    total = sum(member.file_size for member in members)
    if total > _MAX_UNCOMPRESSED:
        raise ZipBomb(
            f"DOCX would inflate to {total / 2**20:.0f} MB, over the {_MAX_UNCOMPRESSED // 2**20} MB limit; "
            "refusing a likely zip bomb"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > _MAX_RATIO:
            raise ZipBomb(
                f"DOCX member {member.filename[:60]} compresses {ratio:.0f}:1, over the {_MAX_RATIO}:1 limit; "
                "refusing a likely zip bomb"
            )


def _emit_paragraph(paragraph: Paragraph, builder: TextBuilder) -> None:
    text = collapse_whitespace(paragraph.text)
    if not text:
        return
    style_name = (paragraph.style.name if paragraph.style is not None else None) or ""
    heading = _HEADING_STYLE.fullmatch(style_name)
    if heading:
        builder.add("heading", text, level=int(heading.group(1)))
    elif style_name == "Title":
        builder.add("heading", text, level=1)
    elif (list_level := _list_level(paragraph)) is not None:
        builder.add("list_item", text, level=list_level)
    elif "List" in style_name:
        builder.add("list_item", text, level=1)
    else:
        builder.add_paragraph(text)


def _list_level(paragraph: Paragraph) -> int | None:
    """1-based level of a numbered or bulleted paragraph (its own w:numPr), else None.

    python-docx has no public numbering API, hence the XPath; numId 0 is Word's "numbering removed".
    """
    numbering = paragraph._p.xpath("./w:pPr/w:numPr")
    if not numbering or numbering[0].xpath("./w:numId/@w:val") == ["0"]:
        return None
    levels = numbering[0].xpath("./w:ilvl/@w:val")
    return 1 + int(levels[0]) if levels and levels[0].isdigit() else 1


def _emit_table(table: Table, builder: TextBuilder) -> None:
    """One row per table row; a merged cell's text appears once, spanning the columns it covers."""
    table_id = builder.new_table()
    header: tuple[str, ...] = ()
    seen: set[object] = set()
    for index, row in enumerate(table.rows):
        texts, widths = _row_cells(row.cells, seen)
        if index == 0:
            header = tuple(text for text, width in zip(texts, widths) for _ in range(width))
            builder.add_row(table_id, texts, widths=widths, is_header=True)
        else:
            builder.add_row(table_id, texts, widths=widths, header=header)


def _row_cells(cells: tuple[_Cell, ...], seen: set[object]) -> tuple[list[str], list[int]]:
    """Texts and widths: python-docx repeats a horizontally merged cell, and gives a vertically
    merged one's continuation the top cell again, whose text already appeared in an earlier row."""
    texts: list[str] = []
    widths: list[int] = []
    previous: _Cell | None = None
    for cell in cells:
        if cell is previous:
            widths[-1] += 1
            continue
        previous = cell
        element = cell._tc  # the cell's XML element: the same one for every row a vertical merge covers
        texts.append("" if element in seen else collapse_whitespace(cell.text))
        widths.append(1)
        seen.add(element)
    return texts, widths
