"""Ingestion: one terms document (PDF, DOCX, HTML, Markdown, plain text) in, one ``Document`` out.

``load`` checks the file, sniffs its format from content first and extension
second, hands it to the one reader for that format, and assembles the
``Document``: text and blocks from the reader, then hash, language and title.
Every problem with the input is a ``TermlensError`` with a one-line message.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from termlens.errors import CorruptFile, EmptyDocument, FileMissing, FileTooLarge, InputError, UnsupportedFormat
from termlens.ingest.encoding import decode
from termlens.ingest.from_docx import OLE_MAGIC, ZIP_MAGIC, check_ole, is_docx, read_docx
from termlens.ingest.from_html import read_html
from termlens.ingest.from_markdown import read_markdown
from termlens.ingest.from_pdf import read_pdf
from termlens.ingest.from_text import Extraction, read_text
from termlens.model import Document, Language

__all__ = ["DEFAULT_MAX_BYTES", "detect_language", "load"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SUPPORTED = "termlens reads PDF, DOCX, HTML, Markdown and plain text"

_HTML_SUFFIXES = frozenset({".htm", ".html", ".xhtml"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx"})
_PDF_HEADER_WINDOW = 1024  # readers tolerate junk before %PDF in a file named .pdf
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
)
_HTML_START = ("<!doctype html", "<html")
_MAX_TITLE = 120
_UNMARKED_FORMATS = frozenset({"text", "pdf"})

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z]+")
# Shares of CJK characters among all letters. Chinese needs about a third as many
# characters as English for the same content, so at 40% the text is mostly Chinese.
_ZH_SHARE = 0.4
_EN_SHARE = 0.05  # below it the text is English; between the two it is mixed


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read the terms document at ``path`` into a ``Document``.

    Raises a ``termlens.errors.InputError`` subclass, with a one-line message,
    for a missing, oversized, empty, unsupported, corrupt, encrypted or
    scanned file.
    """
    file = Path(path)
    data = _read_checked(file, max_bytes)
    document_format, extraction = _extract(file.suffix.lower(), data)
    if not extraction.blocks:
        raise EmptyDocument(f"expected text, got none in {file.name} ({document_format}); check the file's content")
    return Document(
        text=extraction.text,
        path=str(path),
        format=document_format,
        sha256=hashlib.sha256(data).hexdigest(),
        language=detect_language(extraction.text),
        pages=extraction.pages,
        blocks=extraction.blocks,
        title=_title(extraction, document_format),
    )


def detect_language(text: str) -> Language:
    """zh, en or mixed, from the share of CJK characters among all letters (CJK and Latin)."""
    cjk = 0 if text.isascii() else sum(map(len, _CJK.findall(text)))
    if not cjk:
        return "en"
    latin = sum(map(len, _LATIN.findall(text)))
    share = cjk / (cjk + latin)
    if share >= _ZH_SHARE:
        return "zh"
    if share < _EN_SHARE:
        return "en"
    return "mixed"


def _read_checked(file: Path, max_bytes: int) -> bytes:
    try:
        info = file.stat()
    except FileNotFoundError:
        raise FileMissing(f"no such file: {file}; check the path") from None
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}; check the path and its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileMissing(f"expected a file, got a directory: {file}; pass the path of one document")
    if not stat.S_ISREG(info.st_mode):
        raise UnsupportedFormat(f"expected a regular file, got a device or pipe: {file}")
    if info.st_size > max_bytes:
        raise FileTooLarge(_too_large(file, info.st_size, max_bytes))
    try:
        with file.open("rb") as stream:
            # One byte past the size stat() saw tells a file that grew since; reading up to the limit
            # instead would allocate the whole limit for every small file.
            data = stream.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size:
                data += stream.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}; check its permissions") from None
    if len(data) > max_bytes:
        raise FileTooLarge(_too_large(file, len(data), max_bytes))
    if not data.strip():
        raise EmptyDocument(f"expected a terms document, got an empty or whitespace-only file: {file}")
    return data


def _too_large(file: Path, size: int, limit: int) -> str:
    return f"{file.name} is {_human_size(size)}, over the {_human_size(limit)} limit; split it or raise max_bytes"


def _human_size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def _extract(suffix: str, data: bytes) -> tuple[str, Extraction]:
    """Sniff the format (content first: magic bytes win over a misleading extension) and read."""
    if data.startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:_PDF_HEADER_WINDOW]):
        return "pdf", read_pdf(data)
    if data.startswith(OLE_MAGIC):
        check_ole(data)
    if suffix == ".docx" or is_docx(data):
        return "docx", read_docx(data)
    if data.startswith(ZIP_MAGIC):
        raise UnsupportedFormat(f"expected a document, got a zip archive that is not a DOCX; {SUPPORTED}")
    if suffix == ".pdf":
        raise CorruptFile("not a valid PDF (no %PDF header); re-export or re-download it")
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormat(f"expected a document, got {name}; {SUPPORTED}")
    text = decode(data)
    if not text.strip():
        raise EmptyDocument("expected a terms document, got only whitespace")
    head = text.lstrip()[:32].lower()
    if suffix in _HTML_SUFFIXES or (suffix not in _MARKDOWN_SUFFIXES and head.startswith(_HTML_START)):
        return "html", read_html(text)
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown", read_markdown(text)
    return "text", read_text(text)


def _title(extraction: Extraction, document_format: str) -> str:
    """The format's own title (HTML <title>, front matter), else the first marked-up heading, else the first line.

    Text and PDF headings are only guessed from numbering ("1. Scope"), so their first line names them better.
    """
    if extraction.title:
        return extraction.title[:_MAX_TITLE]
    blocks = extraction.blocks
    headings = [] if document_format in _UNMARKED_FORMATS else [b for b in blocks if b.kind == "heading"]
    first = headings[0] if headings else blocks[0]
    return extraction.text[first.start : first.end][:_MAX_TITLE]
