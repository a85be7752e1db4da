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


def known_dimension(value: str) -> str:
    """``value`` when it names one of the nine dimensions; a ValueError a data-file validator reports."""
    if value not in DIMENSIONS:
        raise ValueError(f"unknown dimension {value!r}; expected one of {', '.join(DIMENSIONS)}")
    return value


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


@dataclass(frozen=True, slots=True)
class Finding:
    """A gap or risk for the buyer, grounded in clauses or in a dimension's silence."""

    code: str
    dimension: str
    severity: str
    message: str
    question: str
    evidence: tuple[str, ...] = ()
    facts: tuple[int, ...] = ()
    spans: tuple[Span, ...] = ()  # exact words behind it that are not facts (e.g. hedged wording)


@dataclass(frozen=True, slots=True)
class Profile:
    """Who reads the review: a built-in profile name (or ``file``, a user's profile YAML) and modifiers."""

    name: str = "mid"
    industry: str | None = None
    overseas: bool = False
    language: str = "zh"
    file: str | None = None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing the article says to check, and whether the terms state it."""

    id: str
    dimension: str
    label: str
    state: Literal["present", "vague", "absent"]
    evidence: tuple[str, ...] = ()
    facts: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """The best value the terms give for one key figure (e.g. critical response), as number and text."""

    id: str
    label: str
    text: str
    number: float | None = None
    business_time: bool = False
    evidence: tuple[str, ...] = ()
    facts: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question to put to the vendor, from a finding (``source`` is its code) or a checklist gap."""

    dimension: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Review:
    """Everything termlens says about one document for one profile."""

    segmentation: Segmentation
    labels: tuple[Any, ...]
    facts: tuple[Fact, ...]
    profile: Profile = field(default_factory=Profile)
    findings: tuple[Finding, ...] = ()
    scores: dict[str, Any] = field(default_factory=dict)
    questions: tuple[str, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    figures: tuple[KeyFigure, ...] = ()
    question_list: tuple[Question, ...] = ()  # ``questions`` with their dimension and source

    @property
    def document(self) -> Document:
        return self.segmentation.document


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One line of the side-by-side matrix: a score, a key figure or a checklist item, one cell per document."""

    id: str
    kind: Literal["score", "figure", "item"]
    dimension: str
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranked:
    """A document's place in the ranking for the profile, and why."""

    rank: int
    document: int
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Several reviews for one profile, side by side, best first in ``ranking``."""

    reviews: tuple[Review, ...]
    rows: tuple[ComparisonRow, ...]
    ranking: tuple[Ranked, ...]
