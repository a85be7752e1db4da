"""A matching form of text that keeps every offset, and the value of numerals.

``fold(text)`` has ``len(text)``.

Patterns (numbering, abbreviations, sentence ends) are written once, for
Simplified Chinese and ASCII punctuation, and run on ``fold(text)``; because
folding replaces each character by exactly one character, an offset found in
the folded text is the same offset in the original, so quotes stay exact.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

_OPENCC_PACKAGE = "opencc"
_TRADITIONAL_TO_SIMPLIFIED = "dictionary/TSCharacters.txt"

_BMP_SIZE = 0x10000
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_FULLWIDTH_FIRST, _FULLWIDTH_LAST = 0xFF01, 0xFF5E
_FULLWIDTH_TO_ASCII = 0xFEE0  # U+FF01 "！" minus U+0021 "!"

_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}

_SYMBOLS: dict[str, str] = {
    "\u3000": " ",  # ideographic space
    "×": "x",
    "✕": "x",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
}


def _traditional_to_simplified() -> dict[int, str]:
    """One character to one character from OpenCC's table; empty without the package.

    OpenCC lists candidates space-separated, most common first; the table only
    has single-character keys today, but a longer key or value would change
    lengths, so any such entry is skipped rather than trusted.
    """
    try:
        table = resources.files(_OPENCC_PACKAGE).joinpath(_TRADITIONAL_TO_SIMPLIFIED)
        lines = table.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    mapping: dict[int, str] = {}
    for line in lines:
        traditional, _, candidates = line.partition("\t")
        simplified = candidates.split()[0] if candidates.split() else ""
        if len(traditional) == 1 and len(simplified) == 1:
            mapping[ord(traditional)] = simplified
    return mapping


@functools.cache
def _fold_table() -> dict[int, str]:
    table = _traditional_to_simplified()
    for code in range(_FULLWIDTH_FIRST, _FULLWIDTH_LAST + 1):
        table[code] = chr(code - _FULLWIDTH_TO_ASCII)
    table.update((ord(source), target) for source, target in _SYMBOLS.items())
    return table


@functools.cache
def _bmp_table() -> tuple[int, ...]:
    """The fold table as a tuple indexed by code point, for the Basic Multilingual Plane.

    ``str.translate`` indexes a tuple about three times faster than it hashes
    into a dict; characters past the tuple raise IndexError, which translate
    treats as "leave unchanged", and are handled by ``_fold_astral``.
    """
    ordinals = list(range(_BMP_SIZE))
    for code, target in _fold_table().items():
        if code < _BMP_SIZE:
            ordinals[code] = ord(target)
    return tuple(ordinals)


def _fold_astral(match: re.Match[str]) -> str:
    return _fold_table().get(ord(match.group()), match.group())


def fold(text: str) -> str:
    """Traditional→Simplified, full-width ASCII→ASCII, curly→straight quotes; same length.

    Full-width ``＊`` becomes ``*`` through the full-width rule; digits of other
    scripts are left as they are (still one character each).
    """
    if text.isascii():  # nothing ASCII is ever folded
        return text
    folded = text.translate(_bmp_table())
    if _ASTRAL.search(folded):  # rare: a few Traditional characters outside the BMP
        folded = _ASTRAL.sub(_fold_astral, folded)
    return folded


@functools.lru_cache(maxsize=2)  # the document under review; segmentation and extraction share it
def fold_document(text: str) -> str:
    """``fold`` of a whole document text, computed once for all the stages that read it."""
    return fold(text)


def parse_numeral(numeral: str) -> int | None:
    """The value of an Arabic, Roman or Chinese numeral: "12", "XIV", "十二", "一百零五", "2十".

    Reads folded text (Simplified, ASCII digits); returns None for anything else.
    """
    if not numeral:
        return None
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    if all(character in _ROMAN_DIGITS for character in numeral.upper()):
        values = [_ROMAN_DIGITS[character] for character in numeral.upper()]
        # A smaller digit before a larger one is subtracted: IV = 5 - 1.
        return sum(-value if value < after else value for value, after in zip(values, [*values[1:], 0], strict=True))
    total = digits = 0
    for character in numeral:
        if character.isascii() and character.isdigit():
            digits = digits * 10 + int(character)
        elif character in _CHINESE_DIGITS:
            digits = _CHINESE_DIGITS[character]
        elif character in _CHINESE_UNITS:
            total += (digits or 1) * _CHINESE_UNITS[character]
            digits = 0
        else:
            return None
    return total + digits
