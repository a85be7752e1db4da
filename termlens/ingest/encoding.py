"""Bytes to text: byte-order marks, strict UTF-8, then charset detection for GB18030/GBK/Big5.

Newlines are normalised to ``\\n`` here, before any offset exists, so every
reader and every offset works on the same text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from termlens.errors import EncodingError, UnsupportedFormat

# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Detectors name the common subset; decoding with the superset loses nothing
# and keeps characters outside it (GBK extensions, Microsoft Big5 additions).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "cp950"}

# Control characters other than tab/newline/form feed, and the replacement character.
_GARBAGE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_GARBAGE_RATIO = 0.02
_MIN_VALID_PER_DAMAGED = 20

# Opens with one character class, so the search skips along at C speed: "\r\n" is one newline.
_NEWLINES = re.compile(r"[\r\x0c\x85\u2028\u2029](?:(?<=\r)\n)?")


def decode(data: bytes) -> str:
    """Decode ``data`` to text with ``\\n`` newlines, or raise a one-line error.

    Raises:
        UnsupportedFormat: the bytes are binary (NUL bytes outside UTF-16/32).
        EncodingError: no candidate encoding gives readable text.
    """
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            raise UnsupportedFormat(
                "expected a text document, got binary data (NUL bytes); "
                "termlens reads PDF, DOCX, HTML, Markdown and plain text"
            )
        text = _decode_without_bom(data)
    _reject_garbage(text)
    return _NEWLINES.sub("\n", text)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise EncodingError(
                    f"the file starts with a {encoding} byte-order mark but is not valid {encoding}; "
                    "re-save it as UTF-8"
                ) from None
    return None


def _decode_without_bom(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    damaged_utf8 = _decode_damaged_utf8(data)
    if damaged_utf8 is not None:
        return damaged_utf8
    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(
            "expected text in UTF-8, GB18030/GBK, Big5 or another known encoding, "
            "got bytes that decode to garbage in all of them; re-save the file as UTF-8"
        )
    encoding = _SUPERSETS.get(best.encoding, best.encoding)
    return data.decode(encoding, errors="replace")


def _decode_damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a truncated copy, one stray Latin-1 byte) stays UTF-8.

    Only when valid multi-byte characters far outnumber the bad bytes: a legacy
    encoding (GBK, Latin-1) has next to no valid multi-byte UTF-8 in it, so it
    still goes to detection.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - damaged
    if multibyte >= _MIN_VALID_PER_DAMAGED * damaged and damaged <= len(text) * _MAX_GARBAGE_RATIO:
        return text
    return None


def _reject_garbage(text: str) -> None:
    if not text:
        return
    garbage = len(_GARBAGE.findall(text))
    if garbage / len(text) > _MAX_GARBAGE_RATIO:
        raise EncodingError(
            f"expected readable text, got {garbage} control or undecodable characters "
            f"in {len(text)}; the file is binary or in an unknown encoding, re-save it as UTF-8"
        )
