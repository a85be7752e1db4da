"""The records every stage passes on: frozen, typed, and anchored in one text.

Offsets are half-open character offsets into ``Document.text``: a record's
quote is always ``document.text[start:end]``, never a copy that could drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]
Language = Literal["zh", "en", "mixed"]

DIMENSIONS: tuple[str, ...] = (
    "support",
    "updates",
    "defects",
    "enablement",
    "scope",
    "term",
    "liability",
    "availability",
    "data",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of ``Document.text``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit the reader found: heading, paragraph, list item or table row.

    For a table row, ``cells`` are the spans of its cells (in ``Document.text``)
    and ``header`` holds the text of the header cells of its table, column by
    column (empty for the header row itself and for tables without one).
    """

    kind: BlockKind
    start: int
    end: int
    page: int | None = None
    level: int = 0
    cells: tuple[Span, ...] = ()
    header: tuple[str, ...] = ()
    is_header: bool = False
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One terms document as extracted text, with its pages and blocks."""

    text: str
    path: str
    format: str
    sha256: str
    language: Language
    pages: tuple[Span, ...] = ()
    blocks: tuple[Block, ...] = ()
    title: str = ""

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]

    def page_at(self, offset: int) -> int | None:
        """1-based page number containing ``offset``, or None for formats without pages."""
        for number, page in enumerate(self.pages, start=1):
            if page.start <= offset < page.end:
                return number
        return len(self.pages) if self.pages and offset >= self.pages[-1].start else None


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered or marked-up heading and the text it governs."""

    id: str
    number: str
    title: str
    level: int
    start: int
    end: int
    heading_start: int
    heading_end: int
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence, list item or table row: the unit facts are quoted from."""

    id: str
    start: int
    end: int
    text: str
    kind: BlockKind
    page: int | None
    section: str
    section_path: tuple[str, ...] = ()
    block: int | None = None


@dataclass(frozen=True, slots=True)
class Segmentation:
    """A document cut into sections and clauses."""

    document: Document
    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a fact exists: which rule or model produced it, and how it scored."""

    recognizer: str
    rule: str
    pattern: str = ""
    score: float = 0.0
    context: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """One normalised figure or commitment, quoted from a clause."""

    key: str
    value: Any
    start: int
    end: int
    text: str
    clause: str
    confidence: float
    qualifier: dict[str, str] = field(default_factory=dict)
    explanation: Explanation | None = None

    @property
    def dimension(self) -> str:
        return self.key.split(".", 1)[0]
