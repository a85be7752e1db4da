"""Plain text reader, and the text assembly every reader shares.

Text convention (all formats): one block per line, whitespace inside a block
collapsed to single spaces; a blank line (``\\n\\n``) between blocks, except
between rows of the same table, which sit on consecutive lines (``\\n``).
A table row's text is its cells joined by `` | ``.

Line roles (numbered headings, list items) are decided here once: the PDF
reader reuses them for its lines, and the other readers for their paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from termlens.model import Block, BlockKind, Span
from termlens.resources import DATA_DIR, read_yaml

BLOCK_SEPARATOR = "\n\n"
ROW_SEPARATOR = "\n"
CELL_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a reader found: the text, its blocks, pages (PDF only) and a title if the format names one."""

    text: str
    blocks: tuple[Block, ...]
    pages: tuple[Span, ...] = ()
    title: str = ""


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


class TextBuilder:
    """Appends blocks to one text and records their offsets, so readers never count characters."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._tables = 0

    def add(self, kind: BlockKind, text: str, *, level: int = 0, page: int | None = None) -> None:
        clean = collapse_whitespace(text)
        if clean:
            start = self._append(clean, continues_table=None)
            self._blocks.append(Block(kind, start, start + len(clean), page=page, level=level))

    def add_paragraph(self, text: str, *, page: int | None = None) -> None:
        """A paragraph, unless its line is numbered or marked like a heading or list item."""
        clean = collapse_whitespace(text)
        role = classify_line(clean) if clean else None
        self.add(role.kind if role else "paragraph", clean, level=role.level if role else 0, page=page)

    def new_table(self) -> int:
        self._tables += 1
        return self._tables - 1

    def add_row(
        self,
        table: int,
        cells: Sequence[str],
        *,
        widths: Sequence[int] | None = None,
        header: tuple[str, ...] = (),
        is_header: bool = False,
        page: int | None = None,
    ) -> None:
        """Add a table row; a cell of width n (a merged cell) yields n equal spans, so columns stay aligned."""
        texts = [collapse_whitespace(cell) for cell in cells]
        if not any(texts):
            return
        row_text = CELL_SEPARATOR.join(texts)
        stripped = row_text.strip()
        # An empty first or last cell would leave the row starting or ending in a space:
        # the row's span skips it, and the empty cell's span sits at the row's edge.
        lead = len(row_text) - len(row_text.lstrip())
        start = self._append(stripped, continues_table=table) - lead
        row_start, row_end = start + lead, start + lead + len(stripped)
        spans: list[Span] = []
        cursor = start
        for text, width in zip(texts, widths or [1] * len(texts), strict=True):
            cell_start = min(max(cursor, row_start), row_end)
            spans.extend([Span(cell_start, min(cell_start + len(text), row_end))] * width)
            cursor += len(text) + len(CELL_SEPARATOR)
        self._blocks.append(
            Block("table_row", row_start, row_end, page=page, cells=tuple(spans),
                  header=() if is_header else tuple(map(collapse_whitespace, header)),
                  is_header=is_header, table=table)
        )

    def extraction(self, *, title: str = "", page_count: int | None = None) -> Extraction:
        """The finished text and blocks, with page spans when the format has pages."""
        pages = self._page_spans(page_count) if page_count else ()
        return Extraction("".join(self._parts), tuple(self._blocks), pages=pages, title=title)

    def _page_spans(self, page_count: int) -> tuple[Span, ...]:
        """Contiguous spans covering the whole text: a page runs from its first block to the next
        page's first block (the separator belongs to the page before); a page without blocks is empty."""
        first_start: dict[int, int] = {}
        for block in self._blocks:
            first_start.setdefault(block.page or 0, block.start)
        starts = [0] * (page_count + 1)
        starts[page_count] = self._length
        for index in range(page_count - 1, 0, -1):
            starts[index] = first_start.get(index + 1, starts[index + 1])
        return tuple(Span(starts[i], starts[i + 1]) for i in range(page_count))

    def _append(self, text: str, *, continues_table: int | None) -> int:
        if self._blocks:
            previous = self._blocks[-1]
            joins_row = continues_table is not None and previous.table == continues_table
            separator = ROW_SEPARATOR if joins_row else BLOCK_SEPARATOR
            self._parts.append(separator)
            self._length += len(separator)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start


# --- line roles -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LineRole:
    """A line that starts its own block: a heading, a list item, or a numbered paragraph."""

    kind: BlockKind
    level: int = 0


_CN_NUMERAL = "一二三四五六七八九十百千零〇两"
# One alternation, so an ordinary line costs one failed match.
_MARKER = re.compile(
    rf"(?P<article>第[{_CN_NUMERAL}\d]+(?P<unit>章|编|編|篇|部分|节|節|条|條|款))"
    r"|(?P<dotted>\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|[^\x00-\x7f])"
    rf"|(?P<single>\d{{1,3}}[.．、](?=\s|[^\x00-\x7f\d])|[{_CN_NUMERAL}]+[、．.])"
    rf"|(?P<paren>[（(][{_CN_NUMERAL}]+[）)])"
    r"|(?i:(?P<word>chapter|part|article|section|clause|annex|appendix|exhibit|schedule))\s+"
    r"(?P<number>\d+(?:\.\d+)*|[IVXLC]+|[A-Z])\b\.?"
    r"|(?P<bullet>(?:[-*+]\s+|[•·●○◦▪■□◆◇►✓]\s*|\d{1,3}[)）]\s*|[a-zA-Z][)]\s+"
    r"|[(（](?:[a-zA-Z]|[ivxIVX]{1,4}|\d{1,3})[)）]\s*|[①-⑳]\s*)(?=\S))"
)
# Chinese levels by marker: an SLA rarely has chapters, so 条 is top level like 章.
_CN_ARTICLE_LEVEL = {"节": 2, "節": 2, "款": 2}
_NUMBERED_WORDS = frozenset({"article", "section", "clause"})
SENTENCE_END = "。；;，,！!？?"
MAX_HEADING_WIDTH = 80
_FIELD = re.compile(r"[A-Z][\w/&()' -]{1,40}:\s+\S")
_WRAPPED_FIGURE = re.compile(r"\(\d{1,4}\)\s+[a-z]")
_RUN_IN_TITLE = re.compile(r"\w[.。]\s+[A-Z\u4e00-\u9fff]\S*\s+\S")
_PARAGRAPH = LineRole("paragraph")
_LIST_ITEM = LineRole("list_item", 1)


def display_width(line: str) -> int:
    """Width in columns, CJK counting two: ASCII is 1 UTF-8 byte, CJK 3, so (chars + bytes) / 2."""
    return (len(line) + len(line.encode("utf-8"))) // 2


def classify_line(line: str) -> LineRole | None:
    """The role of a stripped line that starts a block, or None for ordinary text."""
    match = _MARKER.match(line)
    if match is None:
        return None
    kind = match.lastgroup
    if kind == "bullet":
        return _LIST_ITEM
    if kind == "article":
        level = _CN_ARTICLE_LEVEL.get(match.group("unit"), 1)
        return _heading_or_paragraph(line, match.end(), level, title_required=False)
    if kind == "number":  # "Section 2.1": the keyword group closed before the number group
        numbered = match.group("word").lower() in _NUMBERED_WORDS
        level = 1 + match.group("number").count(".") if numbered else 1
        return _heading_or_paragraph(line, match.end(), level, title_required=False)
    level = match.group("dotted").count(".") + 1 if kind == "dotted" else 2 if kind == "paren" else 1
    return _heading_or_paragraph(line, match.end(), level)


@cache
def _sentence_openers() -> frozenset[str]:
    return frozenset(str(word).lower() for word in read_yaml(DATA_DIR / "lang" / "lines.yaml")["sentence_openers"])


def _heading_or_paragraph(line: str, marker_end: int, level: int, *, title_required: bool = True) -> LineRole:
    title = line[marker_end:].strip()
    if title_required and not title:
        return _PARAGRAPH
    ends_sentence = line[-1] in SENTENCE_END or (line[-1] == "." and len(title.split()) > 6)
    # "4.10 any force majeure event." and "4.1 Any failure attributable to Customer." are cases of a
    # list: a title is neither lower case nor opened by a determiner.
    first_word = title.split(maxsplit=1)[0].lower() if title else ""
    continues_sentence = line[-1] == "." and (title[:1].islower() or first_word in _sentence_openers())
    # "3.1 General Support. Each major version is supported for …": a run-in title, then its text.
    continues_sentence = continues_sentence or _RUN_IN_TITLE.search(title) is not None
    if display_width(line) > MAX_HEADING_WIDTH or ends_sentence or continues_sentence:
        return _PARAGRAPH
    return LineRole("heading", level)


# --- lines to blocks ------------------------------------------------------------------------

_PIPE_SEPARATOR = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_UNWRAPPED_WIDTH = 160  # wider lines are whole paragraphs, not hard-wrapped ones
_SHORT_LINE_RATIO = 0.75  # a wrapped paragraph's last line is clearly shorter than the rest
_MIN_WRAP_WIDTH = 40  # no document wraps its lines narrower than this
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def join_wrapped(previous: str, line: str) -> str:
    """Join a wrapped line to the text before it: no space between two CJK characters."""
    if previous and line and _CJK_EDGE.match(previous[-1]) and _CJK_EDGE.match(line[0]):
        return previous + line
    return f"{previous} {line}"


def split_pipe_row(line: str) -> list[str]:
    inner = line.strip().removeprefix("|")
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(inner)]


def _is_pipe_table_start(lines: Sequence[str], index: int) -> bool:
    return (
        index + 1 < len(lines)
        and "|" in lines[index]
        and "|" in lines[index + 1]
        and "-" in lines[index + 1]
        and _PIPE_SEPARATOR.fullmatch(lines[index + 1]) is not None
    )


def emit_lines(
    lines: Sequence[str], builder: TextBuilder, *, page: int | None = None, roles: Sequence[LineRole | None] = (),
    wrapped: bool = False,
) -> None:
    """Turn lines into blocks: blank lines, short lines and line roles end a paragraph.

    ``roles`` gives lines a role the text alone does not show (a PDF heading set in a larger font);
    ``wrapped``: the blank lines already mark every paragraph (a PDF's line spacing), so a short line ends none.
    """
    chunk: list[str] = []
    chunk_roles: list[LineRole | None] = []
    for line, known_role in zip(lines, roles or [None] * len(lines), strict=True):
        stripped = line.strip()
        if stripped:
            chunk.append(stripped)
            chunk_roles.append(known_role)
        elif chunk:
            _emit_chunk(chunk, chunk_roles, builder, page, wrapped)
            chunk, chunk_roles = [], []
    if chunk:
        _emit_chunk(chunk, chunk_roles, builder, page, wrapped)


def _emit_chunk(lines: list[str], known_roles: list[LineRole | None], builder: TextBuilder, page: int | None,
                wrapped: bool = False) -> None:
    """Blocks from stripped, non-blank consecutive lines."""
    widths = [display_width(line) for line in lines]
    roles = [known or classify_line(line) for line, known in zip(lines, known_roles, strict=True)]
    widest = 0 if wrapped else max(widths)  # wrapped: no line is short, none too wide to be wrapped
    unwrapped = widest > _UNWRAPPED_WIDTH
    pending, pending_role = "", _PARAGRAPH

    def flush() -> None:
        nonlocal pending
        if pending:
            builder.add(pending_role.kind, pending, level=pending_role.level, page=page)
            pending = ""

    index = 0
    while index < len(lines):
        if _is_pipe_table_start(lines, index):
            flush()
            index = _emit_pipe_table(lines, index, builder, page)
            continue
        line, role = lines[index], roles[index]
        runs_on = known_roles[index] is None and _runs_on(index, lines, widths, roles, widest)
        if role is not None and role.kind == "heading" and runs_on:
            role = _PARAGRAPH
        if role is _LIST_ITEM and _WRAPPED_FIGURE.match(line) and pending[-1:].isalpha() and \
                widths[index - 1] >= widest * _SHORT_LINE_RATIO:
            role = None  # "… supported for eighteen" / "(18) months": the figure in digits, not a list
        if role is None and _is_field(index, lines):
            role = _PARAGRAPH  # "Hosting Region: United Kingdom" under "Billing: annually": a field a line
        if role is not None or unwrapped or not pending:
            flush()
            pending, pending_role = line, role or _PARAGRAPH
        else:
            pending = join_wrapped(pending, line)
        if pending_role.kind == "heading" or unwrapped or widths[index] < widest * _SHORT_LINE_RATIO:
            flush()
        index += 1
    flush()


def _is_field(index: int, lines: list[str]) -> bool:
    """A "Label: value" line beside another one: a form's fields, each its own paragraph."""
    if not _FIELD.match(lines[index]):
        return False
    return any(0 <= other < len(lines) and _FIELD.match(lines[other]) for other in (index - 1, index + 1))


def _runs_on(index: int, lines: list[str], widths: list[int], roles: list[LineRole | None], widest: int) -> bool:
    """A numbered line that runs on into the next one is a numbered paragraph, not a heading."""
    if index + 1 >= len(lines) or roles[index + 1] is not None:
        return False
    width = widths[index]
    return lines[index + 1][0].islower() or (width >= _MIN_WRAP_WIDTH and width >= widest * 0.9)


def _emit_pipe_table(lines: Sequence[str], index: int, builder: TextBuilder, page: int | None) -> int:
    table = builder.new_table()
    header = tuple(split_pipe_row(lines[index]))
    builder.add_row(table, header, is_header=True, page=page)
    index += 2
    while index < len(lines) and "|" in lines[index]:
        builder.add_row(table, split_pipe_row(lines[index]), header=header, page=page)
        index += 1
    return index


def read_text(text: str) -> Extraction:
    builder = TextBuilder()
    emit_lines(text.split("\n"), builder)
    return builder.extraction()
