"""Cut a Document into sections (headings and what they govern) and clauses (sentences).

Headings come from heading blocks and short numbered paragraphs (第三条, 一、, （一）,
2.1.6, Article IV, Section 2). A numbered heading that would govern nothing, or
that continues a run of such lines (1. 2. 3.), is a list item and stays a clause.
Clauses are table rows, list items and sentences. Patterns run on ``fold(text)``,
which has the length of the text, so offsets found there quote the original.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Annotated, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from termlens.model import Block, Clause, Document, Section, Segmentation
from termlens.resources import DATA_DIR, load_yaml
from termlens.textnorm import fold_document, parse_numeral

LANGUAGE_FILE = DATA_DIR / "lang" / "segment.yaml"

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MARKERS = re.compile(r"[#*_\s]*")  # Markdown heading and bold marks before a number
_TITLE_LEAD = " \t\u3000:：.．、-–—*_#"  # read in the original text, full-width forms included
_TITLE_TRAIL = " \t\u3000:：*_#"
_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z.]*$")
_DOTTED_LETTERS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ENUMERATOR = re.compile(r"\(?(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[A-Za-z]|[ivxIVX]{1,5})\)?")


def _regex(*groups: str) -> AfterValidator:
    """Validates a string as a regular expression that has these named groups."""
    def check(pattern: str) -> str:
        try:
            names = re.compile(pattern).groupindex
        except re.error as error:
            raise ValueError(f"not a regular expression: {error}") from None
        if missing := sorted(set(groups) - set(names)):
            raise ValueError(f"needs the named groups {missing}")
        return pattern
    return AfterValidator(check)


class HeadingNumber(BaseModel):
    """One numbering style that opens a heading (see segment.yaml)."""

    model_config = ConfigDict(extra="forbid")
    style: str
    level: int
    pattern: Annotated[str, _regex("number", "value")]
    dotted: bool = False


class SegmentLanguage(BaseModel):
    """The language data of segment.yaml, its patterns compiled on first use."""

    model_config = ConfigDict(extra="forbid")
    heading_numbers: list[HeadingNumber]
    heading_max_chars_zh: int
    heading_max_chars_en: int
    heading_max_words_en: int
    heading_end_punctuation: str
    heading_clause_marks_zh: str
    capital_heading_max_words: int
    strong_terminals: str
    weak_terminals: str
    sentence_start: Annotated[str, _regex()]
    closers: str
    opening_brackets: str
    closing_brackets: str
    list_item_max_chars: int
    min_clause_chars: int
    abbreviations: frozenset[Annotated[str, Field(pattern=r"^[^A-Z]+$")]]  # lower case

    @functools.cached_property
    def heading_number(self) -> re.Pattern[str]:
        """All numbering styles as one alternation; group ``styleN`` tells which matched."""
        renamed = [_NAMED_GROUP.sub(rf"(?P<\g<1>{index}>", style.pattern)  # number0, value0, ...
                   for index, style in enumerate(self.heading_numbers)]
        return re.compile("|".join(f"(?P<style{index}>{pattern})" for index, pattern in enumerate(renamed)))

    @functools.cached_property
    def terminal(self) -> re.Pattern[str]:
        """A run of sentence-end marks (or of two "…" and more) and the quotes or brackets closing right after it.

        Written to open with one character class, so that the search skips to the next mark at C speed
        instead of trying the pattern at every position of the block.
        """
        marks = re.escape(self.weak_terminals + self.strong_terminals)
        return re.compile(f"(?P<mark>[{marks}…](?:(?<=…)…+|(?<!…)[{marks}]*))(?P<closers>[{re.escape(self.closers)}]*)")

    @functools.cached_property
    def weak_boundary(self) -> re.Pattern[str]:
        """What must follow "." "!" "?" ";" (in folded text) for it to end a sentence."""
        return re.compile(rf"\s*$|\s+(?={self.sentence_start})|(?={_CJK.pattern})")

    @functools.cached_property
    def bracket(self) -> re.Pattern[str]:
        return re.compile(f"[{re.escape(self.opening_brackets + self.closing_brackets)}]")


@functools.cache
def _language() -> SegmentLanguage:
    return load_yaml(LANGUAGE_FILE, SegmentLanguage)


@dataclass(frozen=True, slots=True)
class _Heading:
    """A heading opening at ``block``; a number alone on its line takes the next line as title."""

    block: int
    last_block: int
    style: str  # numbering style, "" when unnumbered
    level: int | None  # None until known: an unnumbered heading's level comes from context
    number: str
    title: str
    numeral: str  # "3.1", "十二", "IV"; "" when unnumbered
    inferred: bool  # numbered or capitalised text, not marked up: may turn out to be a list item


class _Numbering(NamedTuple):
    """The numbering that opens a line: style, level, span of the number in the line, numeral."""

    style: str
    level: int
    start: int
    end: int
    value: str


def segment(document: Document) -> Segmentation:
    """Sections (``s1``…) and clauses (``c1``…) of ``document``, in document order.

    A body block before any heading has section ""; a paragraph or list item
    that is only a fragment (a page number, a bullet) yields no clause.
    """
    folded = fold_document(document.text)
    heading_at = {heading.block: heading for heading in _find_headings(document, folded)}
    sections: list[Section] = []
    open_sections: list[tuple[Section, _Heading, tuple[str, ...]]] = []  # with their display paths
    clauses: list[Clause] = []
    last_end = index = 0
    while index < len(document.blocks):
        block, heading = document.blocks[index], heading_at.get(index)
        if heading is None:
            sibling = _sibling_of(folded[block.start:block.end], [entry[1] for entry in open_sections])
            while sibling is not None and len(open_sections) > sibling:  # "2.3 A long sentence." ends 2.2
                sections.append(replace(open_sections.pop()[0], end=last_end))
            path = open_sections[-1][2] if open_sections else ()
            kind = "paragraph" if block.kind == "heading" else block.kind  # a sentence set as heading
            for start, end in _clause_spans(document, folded, block):
                clauses.append(Clause(
                    id=f"c{len(clauses) + 1}", start=start, end=end, text=document.text[start:end],
                    kind=kind, page=block.page, section=path[-1] if path else "", section_path=path,
                    block=index,
                ))
            last_end, index = block.end, index + 1
            continue
        assert heading.level is not None
        while open_sections and open_sections[-1][0].level >= heading.level:
            sections.append(replace(open_sections.pop()[0], end=last_end))  # its last block's end
        parent, path = (open_sections[-1][0].id, open_sections[-1][2]) if open_sections else (None, ())
        last_end = document.blocks[heading.last_block].end
        section = Section(
            id=f"s{len(sections) + len(open_sections) + 1}", number=heading.number, title=heading.title,
            level=heading.level, start=block.start, end=last_end, heading_start=block.start,
            heading_end=last_end, parent=parent,
        )
        open_sections.append((section, heading, (*path, f"{heading.number} {heading.title}".strip())))
        index = heading.last_block + 1
    sections.extend(replace(section, end=last_end) for section, _, _ in open_sections)
    sections.sort(key=lambda section: int(section.id[1:]))
    return Segmentation(document=document, sections=tuple(sections), clauses=tuple(clauses))


# --- Headings -------------------------------------------------------------------


def _find_headings(document: Document, folded: str) -> list[_Heading]:
    """Heading candidates in order, levels resolved, list items dropped."""
    candidates: list[_Heading] = []
    for index in range(len(document.blocks)):
        is_title_line = bool(candidates) and candidates[-1].last_block >= index  # under a lone number
        heading = None if is_title_line else _heading_at(document, folded, index)
        candidates.extend([heading] if heading else [])
    return _drop_list_items(_resolve_levels(candidates), len(document.blocks))


def _resolve_levels(headings: list[_Heading]) -> list[_Heading]:
    """Give unnumbered headings without a level one from their context.

    Under an open heading of known level such a heading is its subheading;
    otherwise (a title, RECITALS) it stands beside the next heading of known level.
    """
    resolved: list[_Heading] = []
    open_levels: list[tuple[int, bool]] = []  # (level, whether it was known)
    for position, heading in enumerate(headings):
        level = heading.level
        if level is None and open_levels and open_levels[-1][1]:
            level = open_levels[-1][0] + 1
        elif level is None:
            following = (later.level for later in headings[position + 1:] if later.level is not None)
            level = next(following, open_levels[-1][0] if open_levels else 1)
        while open_levels and open_levels[-1][0] >= level:
            open_levels.pop()
        open_levels.append((level, heading.level is not None))
        resolved.append(replace(heading, level=level))
    return resolved


def _heading_at(document: Document, folded: str, index: int) -> _Heading | None:
    block = document.blocks[index]
    line = folded[block.start:block.end]
    is_heading_block, short = block.kind == "heading", _is_short(line)
    if block.kind not in ("heading", "paragraph") or not (short or is_heading_block) or (
            is_heading_block and _is_sentence(line) and (not short or _CJK.search(line))):
        return None  # body text, including a sentence that was set as a heading
    numbering = _read_number(line, is_heading_block)
    if numbering is None:
        if not (is_heading_block or _is_capital_heading(line)):
            return None
        title = _strip_title(document.text[block.start:block.end])
        return _Heading(index, index, "", block.level or None, "", title, "", not is_heading_block) if title else None
    title = _strip_title(document.text[block.start + numbering.end:block.end])
    if title and not is_heading_block and _is_sentence(line):
        return None
    last_block = index
    if not title and index + 1 < len(document.blocks):  # a number alone: the next line may be its title
        following = document.blocks[index + 1]
        text = folded[following.start:following.end]
        if following.kind in ("heading", "paragraph") and _is_short(text) and not _is_sentence(text) \
                and _read_number(text, True) is None:
            last_block, title = index + 1, _strip_title(document.text[following.start:following.end])
    return _Heading(
        index, last_block, numbering.style, numbering.level,  # a reader's level counts only unnumbered
        document.text[block.start + numbering.start:block.start + numbering.end], title,
        numbering.value, True,  # readers mark numbered lines as headings too, list items included
    )


def _read_number(line: str, is_heading_block: bool) -> _Numbering | None:
    language = _language()
    match = language.heading_number.match(line, _MARKERS.match(line).end())  # type: ignore[union-attr]
    if match is None or match.lastgroup is None:
        return None
    suffix = match.lastgroup.removeprefix("style")  # groups are named number0, value0, ...
    style, groups = language.heading_numbers[int(suffix)], match.groupdict()
    level = style.level
    if style.dotted:
        level += groups[f"value{suffix}"].count(".") + 1
        separator = groups.get(f"sep{suffix}") or ""
        bare = not groups.get(f"prefix{suffix}") and separator not in (".", "、")
        if level == style.level + 1 and bare and not (is_heading_block and separator.isspace()):
            return None  # "24小时", "1 Introduction": a bare number is a heading only in a heading block
    return _Numbering(style.style, level, *match.span(f"number{suffix}"), groups[f"value{suffix}"])


def _is_short(line: str) -> bool:
    language = _language()
    if _CJK.search(line):
        return len(line) <= language.heading_max_chars_zh
    return len(line) <= language.heading_max_chars_en and len(line.split()) <= language.heading_max_words_en


def _is_sentence(line: str) -> bool:
    """Ends like a sentence, or is Chinese with a clause mark inside (…承诺，澜音将…): not a title."""
    language, stripped = _language(), line.rstrip(" *_")
    return bool(stripped) and (stripped[-1] in language.heading_end_punctuation or bool(
        _CJK.search(line) and any(mark in line for mark in language.heading_clause_marks_zh)))


def _is_capital_heading(line: str) -> bool:
    return (
        line.isascii() and line.upper() == line and not _is_sentence(line)
        and sum(character.isalpha() for character in line) >= 3  # not "N/A", "P1"
        and len(line.split()) <= _language().capital_heading_max_words
    )


def _strip_title(title: str) -> str:
    return title.lstrip(_TITLE_LEAD).rstrip(_TITLE_TRAIL)


def _drop_list_items(headings: list[_Heading], block_count: int) -> list[_Heading]:
    """Inferred headings that govern nothing, and the numbered run they start, are list items."""
    starts = {heading.block: heading for heading in headings}
    kept: list[_Heading] = []
    demoted: dict[int, _Heading] = {}  # by last block
    for heading in headings:
        following = starts.get(heading.last_block + 1)
        governs_nothing = heading.last_block + 1 >= block_count or (
            following is not None and following.level <= heading.level  # type: ignore[operator]
        )
        previous = demoted.get(heading.block - 1)
        continues_list = previous is not None and (previous.style, previous.level) == (
            heading.style, heading.level) and _follows(previous.numeral, heading.numeral)
        if heading.inferred and (governs_nothing or continues_list):
            demoted[heading.last_block] = heading
        else:
            kept.append(heading)
    return kept


def _sibling_of(line: str, open_headings: list[_Heading]) -> int | None:
    """Position of the open heading whose next sibling a numbered body line is ("2.3 …" after 2.2)."""
    numbering = _read_number(line, False) if open_headings else None
    return None if numbering is None else next(
        (position for position, heading in enumerate(open_headings)
         if (heading.style, heading.level) == numbering[:2] and _follows(heading.numeral, numbering.value)), None)


def _follows(previous: str, current: str) -> bool:
    """Whether numeral ``current`` comes right after ``previous``: 2 after 1, 1.3 after 1.2, 三 after 二."""
    before, after = ([parse_numeral(part) or 0 for part in numeral.split(".")] for numeral in (previous, current))
    same_parent = len(before) == len(after) and before[:-1] == after[:-1]
    return same_parent and before[-1] > 0 and after[-1] == before[-1] + 1


# --- Clauses --------------------------------------------------------------------


# "…承担责任： 4.1 用户自身故障…" and "as follows: (1) …": a numbered case after a colon is a clause of its own.
_LIST_AFTER_COLON = re.compile(
    r"[:：]\s*(?=(?:\d{1,3}(?:\.\d{1,3})+|\d{1,3}[.、])\s*\S|\(\s*(?:\d{1,3}|[a-z]|[一二三四五六七八九十]{1,3})\s*\))")


def _clause_spans(document: Document, folded: str, block: Block) -> list[tuple[int, int]]:
    """Stripped ``(start, end)`` document offsets of the clauses of one body block."""
    language = _language()
    text = document.text[block.start:block.end]
    if block.kind == "table_row" or (block.kind == "list_item" and len(text) <= language.list_item_max_chars):
        pieces = [(0, len(text))]
    else:
        ends = _sentence_ends(folded[block.start:block.end], text)
        cases = _LIST_AFTER_COLON.finditer(folded, block.start, block.end)
        ends = sorted({*ends, *(case.end() - block.start for case in cases)})
        pieces = list(zip([0, *ends], [*ends, len(text)], strict=True))
    spans: list[tuple[int, int]] = []
    pending_start: int | None = None  # a fragment too short to stand, before any clause
    for start, end in pieces:
        piece = text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
        if start >= end:
            continue
        if block.kind != "table_row" and len("".join(text[start:end].split())) < language.min_clause_chars:
            if spans:
                spans[-1] = (spans[-1][0], end)
            elif pending_start is None:
                pending_start = start
            continue
        spans.append((start if pending_start is None else pending_start, end))
        pending_start = None
    return [(block.start + start, block.start + end) for start, end in spans]


def _sentence_ends(folded: str, original: str) -> list[int]:
    """Offsets just after each sentence end in one block, closing quotes and brackets included.

    Brackets and quotes are tracked in ``original``, where “ and ” still differ.
    """
    language = _language()
    bracket, closing, strong_terminals = language.bracket, language.closing_brackets, language.strong_terminals
    ends: list[int] = []
    sentence_start = counted = depth = quotes = 0
    for match in language.terminal.finditer(original):
        end = match.end()
        if '"' in match.group("closers"):  # a straight quote closes only an open quotation
            quotes += original.count('"', counted, match.end("mark"))
            end = match.end("mark")
            while end < match.end() and (original[end] != '"' or quotes % 2):
                quotes += original[end] == '"'
                end += 1
        else:
            quotes += original.count('"', counted, end)
        for character in bracket.findall(original, counted, end):
            depth = depth - 1 if character in closing else depth + 1
            depth = max(depth, 0)
        counted = end
        if (depth and any(original.find(closer, end) >= 0 for closer in closing)) or (
            quotes % 2 and original.find('"', end) >= 0
        ):
            continue  # inside brackets or quotes that close later in the block
        mark = match.group("mark")
        strong = not mark.isascii() and (mark[0] == "…" or any(each in strong_terminals for each in mark))
        if strong or _ends_english_sentence(folded, match.start(), end, sentence_start):
            ends.append(end)
            sentence_start = end
    return ends


def _ends_english_sentence(folded: str, mark: int, end: int, sentence_start: int) -> bool:
    language = _language()
    if language.weak_boundary.match(folded, end) is None:
        return False  # "99.9%", "1.5", "; and", ". the"
    if folded[mark] != "." or folded[mark + 1:mark + 2] == ".":
        return folded[mark] != "."  # "?" "!" ";" end a sentence; "..." is an ellipsis
    word = _WORD_BEFORE.search(folded, max(0, mark - 24), mark)
    if word is not None:
        token = word.group()
        if token.lower() in language.abbreviations or _DOTTED_LETTERS.fullmatch(token):
            return False  # "No. 3", "e.g. Foo", "U.S. law"
        if len(token) == 1 and token.isupper():
            return False  # "J. Smith"
    so_far = folded[sentence_start:mark].strip()
    return not (len(so_far) <= 12 and _ENUMERATOR.fullmatch(so_far))  # "1. The Vendor", "(a). "
